#include "flowfile/yaml_reader.h"

#include <exception>
#include <sstream>

#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include "flowfile/fast_runs.h"
#include "flowfile/yaml_tree_builder.h"

namespace flow::flowfile {
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
void add_hint(Error& error, const std::string& message, std::string_view line) {
  if (line.find('\t') != std::string_view::npos) {
    error.notes.push_back("YAML indentation uses spaces, not tabs");
  } else if (message.find("not found") != std::string::npos &&
             line.find_first_of("{[") != std::string_view::npos) {
    error.notes.push_back(
        "quote a value that starts with '{' or '[', or that holds braces inside [...] or "
        "{...}: \"{sample}/x.txt\"");
  } else if (message == "illegal map value") {
    error.notes.push_back("a ': ' inside a value starts a mapping; quote the whole value");
  }
}

struct Attempt {
  YamlDocument document;
  bool runs_ok = true;
};

// Runs yaml-cpp over `text`, catching everything it throws.
Attempt parse(const std::string& text, const std::string& file, const ReducedText* reduced,
              const YamlOptions& options) {
  Attempt attempt;
  TreeBuilder builder(file, reduced, options.max_nodes);
  std::optional<Error> syntax_error;
  auto fail = [&](const YAML::Mark& mark, const std::string& message) {
    syntax_error =
        make_error(ErrorKind::flowfile, "invalid YAML: " + message, builder.location(mark));
    if (!mark.is_null()) add_hint(*syntax_error, message, line_of(text, mark.line));
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
  return attempt;
}

}  // namespace

YamlDocument read_yaml(std::string_view text, const std::string& file, const YamlOptions& options) {
  ReducedText reduced = reduce_literal_runs(text, options.min_literal_run);
  if (!reduced.runs.empty()) {
    Attempt attempt = parse(reduced.text, file, &reduced, options);
    // Anything unusual (even an error) is decided on the original text, so that the
    // shortcut can never change a result or an error's position.
    if (attempt.runs_ok && attempt.document.root && attempt.document.errors.empty()) {
      attempt.document.literal_runs_used = true;
      return std::move(attempt.document);
    }
  }
  return parse(std::string(text), file, nullptr, options).document;
}

}  // namespace flow::flowfile
