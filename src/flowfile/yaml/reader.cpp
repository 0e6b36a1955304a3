#include "flowfile/yaml/reader.h"

#include <exception>
#include <sstream>
#include <utility>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include "flowfile/yaml/brace_quoting.h"
#include "flowfile/yaml/literal_runs.h"
#include "flowfile/yaml/tree_builder.h"

namespace flow::flowfile::yaml {
namespace {

// Notes where a second document starts and ignores the rest of it.
class DocumentStartCatcher final : public YAML::EventHandler {
 public:
  std::optional<YAML::Mark> start;
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (!start) start = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Line `line` (0-based) of `text`.
std::string_view line_of(std::string_view text, int line) {
  std::size_t start = 0;
  for (int i = 0; i < line && start != std::string_view::npos; ++i) {
    start = text.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos || start > text.size()) return {};
  return text.substr(start, text.find('\n', start) - start);
}

// yaml-cpp's messages do not say what usually went wrong in a workflow file; these do.
std::size_t indentation(std::string_view line) {
  std::size_t spaces = line.find_first_not_of(' ');
  return spaces == std::string_view::npos ? line.size() : spaces;
}

// `line` looks like "  key: ..." and is indented deeper than `above`, itself "key: value".
bool is_over_indented_key(std::string_view line, std::string_view above) {
  std::size_t colon = above.find(": ");
  bool above_is_scalar_entry = colon != std::string_view::npos &&
                               above.find_first_not_of(' ', colon + 1) != std::string_view::npos;
  std::string_view key = line.substr(indentation(line));
  std::size_t end = key.find(':');
  bool looks_like_key = end != std::string_view::npos && end > 0 &&
                        key.substr(0, end).find_first_of(" \"'{[") == std::string_view::npos;
  return above_is_scalar_entry && looks_like_key && indentation(line) > indentation(above);
}

void add_hint(Error& error, const std::string& message, std::string_view line,
              std::string_view above) {
  if (line.find('\t') != std::string_view::npos) {
    error.notes.push_back("YAML indentation uses spaces, not tabs");
  } else if (message.find("not found") != std::string::npos &&
             line.find_first_of("{[") != std::string_view::npos) {
    error.notes.push_back(
        "quote a value that starts with '{' or '[', or that holds unbalanced braces inside "
        "[...] or {...}: \"{sample}/x.txt\"");
  } else if (message == "illegal map value" && is_over_indented_key(line, above)) {
    error.notes.push_back(
        "indentation: this key is indented deeper than the key above it; keys of one mapping "
        "line up (or, if it is part of a value, quote the whole value)");
  } else if (message == "illegal map value") {
    error.notes.push_back("a ': ' inside a value starts a mapping; quote the whole value");
  }
}

struct Attempt {
  YamlDocument document;
  bool runs_ok = true;
  bool quotes_ok = true;
  bool quotes_mismatch = false;
};

// Runs yaml-cpp over `text` (which is `quoted->text` when `quoted` is given), catching
// everything it throws.
Attempt parse(const std::string& text, const std::string& file, const ReducedText* reduced,
              const QuotedText* quoted, const YamlOptions& options) {
  Attempt attempt;
  TreeBuilder builder(file, reduced, quoted, options.max_nodes);
  builder.check_quotes_in(text);
  std::optional<Error> syntax_error;
  auto fail = [&](const YAML::Mark& mark, const std::string& message) {
    syntax_error =
        make_error(ErrorKind::flowfile, "invalid YAML: " + message, builder.location(mark));
    if (!mark.is_null())
      add_hint(*syntax_error, message, line_of(text, mark.line),
               mark.line > 0 ? line_of(text, mark.line - 1) : "");
  };
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    bool has_document = parser.HandleNextDocument(builder);
    attempt.document.root = has_document ? builder.take_root() : Node{};
    if (!has_document) attempt.document.root->location = SourceLocation{file, 1, 1};
    DocumentStartCatcher rest;
    if (has_document && parser.HandleNextDocument(rest)) {
      fail(rest.start.value_or(YAML::Mark::null_mark()),
           "expected one document, but a second one starts here");
    }
  } catch (const YAML::DeepRecursion& exception) {
    // yaml-cpp says only "bad file" (issue 14).
    attempt.document.root.reset();
    fail(exception.mark,
         "lists and mappings nest too deeply here (yaml-cpp reads a few hundred levels)");
  } catch (const YAML::Exception& exception) {
    attempt.document.root.reset();
    fail(exception.mark, exception.msg);
  } catch (const std::exception& exception) {
    attempt.document.root.reset();
    fail(YAML::Mark::null_mark(), exception.what());
  }
  // The builder's errors (duplicate keys...) come from text before any syntax error.
  attempt.document.errors = std::move(builder.errors());
  if (syntax_error) attempt.document.errors.push_back(std::move(*syntax_error));
  attempt.runs_ok = builder.literal_runs_ok();
  attempt.quotes_ok = builder.quoted_scalars_ok();
  attempt.quotes_mismatch = builder.quoted_scalar_mismatch();
  return attempt;
}

QuotedText quote_if_asked(std::string_view text, const YamlOptions& options) {
  return options.quote_brace_scalars ? quote_brace_scalars(text) : QuotedText{};
}

// Which document to return when the text with quoted brace scalars did not parse as planned.
YamlDocument prefer(Attempt with_quotes, Attempt original) {
  if (original.document.root || with_quotes.document.root || with_quotes.quotes_mismatch) {
    return std::move(original.document);  // the quotes were wrong, or did not help
  }
  // Both have a syntax error: the one further on is the one the user has to fix (the quotes
  // got past the other).
  const auto& a = with_quotes.document.errors.back().location;
  const auto& b = original.document.errors.back().location;
  bool further = a && b && std::pair(a->line, a->column) > std::pair(b->line, b->column);
  return std::move(further ? with_quotes.document : original.document);
}

// Parses the whole text: with its brace scalars quoted when it has any, and as written when
// that is not valid YAML either or the quotes did not come out as planned.
YamlDocument parse_full(std::string_view text, const std::string& file,
                        const YamlOptions& options) {
  std::string original(text);
  QuotedText quoted = quote_if_asked(text, options);
  if (quoted.empty()) return parse(original, file, nullptr, nullptr, options).document;
  Attempt with_quotes = parse(quoted.text, file, nullptr, &quoted, options);
  if (with_quotes.document.root && with_quotes.quotes_ok) {
    with_quotes.document.brace_scalars_quoted = true;
    return std::move(with_quotes.document);
  }
  return prefer(std::move(with_quotes), parse(original, file, nullptr, nullptr, options));
}

}  // namespace

YamlDocument read_yaml(std::string_view text, const std::string& file, const YamlOptions& options) {
  // Issue 14: yaml-cpp reads a NUL byte as another character, so a value silently changed;
  // no command line or path can hold one anyway.
  if (std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    YamlDocument document;
    document.errors.push_back(make_error(ErrorKind::flowfile,
                                         "a NUL byte (0x00) in the file: a workflow file is text",
                                         location_at(text, nul, file)));
    return document;
  }
  ReducedText reduced = reduce_literal_runs(text, options.min_literal_run);
  if (!reduced.runs.empty()) {
    QuotedText quoted = quote_if_asked(reduced.text, options);
    Attempt attempt = quoted.empty() ? parse(reduced.text, file, &reduced, nullptr, options)
                                     : parse(quoted.text, file, &reduced, &quoted, options);
    // Anything unusual (even an error) is decided on the original text, so that the
    // shortcut can never change a result or an error's position.
    if (attempt.runs_ok && attempt.quotes_ok && attempt.document.root &&
        attempt.document.errors.empty()) {
      attempt.document.literal_runs_used = true;
      attempt.document.brace_scalars_quoted = !quoted.empty();
      return std::move(attempt.document);
    }
  }
  return parse_full(text, file, options);
}

}  // namespace flow::flowfile::yaml
