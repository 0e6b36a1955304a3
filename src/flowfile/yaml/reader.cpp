#include "flowfile/yaml/reader.h"

#include <cstdint>
#include <cstring>
#include <utility>

#include <fmt/format.h>
#include <libfyaml.h>

#include "flowfile/yaml/brace_quoting.h"
#include "flowfile/yaml/literal_runs.h"
#include "flowfile/yaml/tree_builder.h"

namespace flow::flowfile::yaml {
namespace {

// Sequences and mappings may nest this deep. libfyaml's event parser does not recurse, but
// copying, comparing and freeing Node trees does, and no workflow needs more.
constexpr std::size_t k_max_depth = 256;

// The offset of the first byte of `text` that is not part of valid UTF-8 (no overlong forms,
// surrogates or code points past U+10FFFF), or npos.
std::size_t invalid_utf8_at(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    // Eight ASCII bytes at a time: a workflow file is nearly all ASCII.
    std::uint64_t word = 0;
    while (i + sizeof word <= size) {
      std::memcpy(&word, bytes + i, sizeof word);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += sizeof word;
    }
    if (i >= size) break;
    unsigned char c = bytes[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = c >= 0xC2 && c <= 0xDF   ? 2
                         : c >= 0xE0 && c <= 0xEF ? 3
                         : c >= 0xF0 && c <= 0xF4 ? 4
                                                  : 0;
    if (length == 0 || i + length > size) return i;
    unsigned char second = bytes[i + 1];
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (c == 0xE0) low = 0xA0;   // overlong
    if (c == 0xED) high = 0x9F;  // surrogates
    if (c == 0xF0) low = 0x90;   // overlong
    if (c == 0xF4) high = 0x8F;  // past U+10FFFF
    if (second < low || second > high) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

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

// libfyaml's messages do not say what usually went wrong in a workflow file; these do.
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

// libfyaml's words for a ': ' where no mapping can start.
bool is_map_value_error(const std::string& message) {
  return message == "invalid nested block mapping on the same line" ||
         message == "invalid multiline plain key" || message == "invalid mapping key";
}

void add_hint(Error& error, const std::string& message, std::string_view line,
              std::string_view above) {
  if (line.find('\t') != std::string_view::npos) {
    error.notes.push_back("YAML indentation uses spaces, not tabs");
  } else if ((message.find("missing comma") != std::string::npos ||
              message.find("without a closing") != std::string::npos) &&
             line.find_first_of("{[") != std::string_view::npos) {
    error.notes.push_back(
        "quote a value that starts with '{' or '[', or that holds unbalanced braces inside "
        "[...] or {...}: \"{sample}/x.txt\"");
  } else if (is_map_value_error(message) && is_over_indented_key(line, above)) {
    error.notes.push_back(
        "indentation: this key is indented deeper than the key above it; keys of one mapping "
        "line up (or, if it is part of a value, quote the whole value)");
  } else if (is_map_value_error(message)) {
    error.notes.push_back("a ': ' inside a value starts a mapping; quote the whole value");
  }
}

struct Attempt {
  YamlDocument document;
  bool runs_ok = true;
  bool quotes_ok = true;
  bool quotes_mismatch = false;
};

// A libfyaml parser over one text whose diagnostics are collected, never printed.
class FyParser {
 public:
  explicit FyParser(const std::string& text) {
    fy_diag_cfg diag_config;
    fy_diag_cfg_default(&diag_config);
    diag_config.fp = nullptr;
    diag_config.output_fn = [](fy_diag*, void*, const char*, std::size_t) {};
    diag_config.colorize = false;
    m_diag = fy_diag_create(&diag_config);
    if (m_diag) fy_diag_set_collect_errors(m_diag, true);
    fy_parse_cfg config{};
    // Sloppy flow indentation: lines of a [...] or {...} may start left of its key, as yaml-cpp
    // read them.
    config.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2 |
                                                   FYPCF_JSON_NONE | FYPCF_SLOPPY_FLOW_INDENTATION);
    config.diag = m_diag;
    if (m_diag) m_parser = fy_parser_create(&config);
    if (m_parser && fy_parser_set_string(m_parser, text.data(), text.size()) != 0) {
      fy_parser_destroy(m_parser);
      m_parser = nullptr;
    }
  }
  FyParser(const FyParser&) = delete;
  FyParser& operator=(const FyParser&) = delete;
  ~FyParser() {
    if (m_parser) fy_parser_destroy(m_parser);
    if (m_diag) fy_diag_destroy(m_diag);
  }

  fy_parser* get() const { return m_parser; }

  /// The first error libfyaml reported: its message and 0-based mark (null when unknown).
  std::pair<std::string, Mark> first_error() const {
    void* iterator = nullptr;
    while (fy_diag_error* error = m_diag ? fy_diag_errors_iterate(m_diag, &iterator) : nullptr) {
      if (error->type < FYET_ERROR) continue;
      Mark mark;
      if (error->line > 0 && error->column > 0) {  // libfyaml's are 1-based
        mark.line = error->line - 1;
        mark.column = error->column - 1;
      }
      return {error->msg ? error->msg : "syntax error", mark};
    }
    return {"syntax error", Mark{}};
  }

 private:
  fy_diag* m_diag = nullptr;
  fy_parser* m_parser = nullptr;
};

struct Event {
  fy_parser* parser;
  fy_event* event;
  explicit Event(fy_parser* p) : parser(p), event(fy_parser_parse(p)) {}
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  ~Event() {
    if (event) fy_parser_event_free(parser, event);
  }
};

Mark mark_of(const fy_mark* mark) {
  if (!mark) return Mark{};
  return Mark{mark->line, mark->column, mark->input_pos};
}

std::string_view text_of(fy_token* token) {
  if (!token) return {};
  std::size_t length = 0;
  const char* text = fy_token_get_text(token, &length);
  return text ? std::string_view(text, length) : std::string_view{};
}

// libfyaml's marks of anchors and aliases are past their `&` or `*`.
Mark before_indicator(std::string_view text, const fy_mark* at, char indicator) {
  Mark mark = mark_of(at);
  if (mark.pos > 0 && mark.pos <= text.size() && mark.column > 0 &&
      text[mark.pos - 1] == indicator) {
    --mark.pos;
    --mark.column;
  }
  return mark;
}

// Where a node starts: its first property, else its own token. A quoted scalar's token starts
// after its opening quote, and a block scalar's on the line after its header, so their marks
// are moved to the quote and to the indicator (`|` or `>`).
Mark node_mark(std::string_view text, fy_token* anchor, fy_token* tag, fy_token* value,
               ScalarStyle style) {
  Mark mark;
  for (fy_token* token : {anchor, tag}) {
    if (!token) continue;
    Mark at = token == anchor ? before_indicator(text, fy_token_start_mark(token), '&')
                              : mark_of(fy_token_start_mark(token));
    if (mark.is_null() || at.pos < mark.pos) mark = at;
  }
  if (!mark.is_null() || !value) return mark;
  mark = mark_of(fy_token_start_mark(value));
  if (mark.pos > text.size() || mark.pos == 0) return mark;
  if (style == ScalarStyle::single_quoted || style == ScalarStyle::double_quoted) {
    if (text[mark.pos - 1] == '"' || text[mark.pos - 1] == '\'') {
      --mark.pos;
      --mark.column;
    }
    return mark;
  }
  if (style != ScalarStyle::literal && style != ScalarStyle::folded) return mark;
  std::size_t end = mark.pos;  // the header's line ends before `end`
  if (end > 0 && text[end - 1] == '\n') --end;
  std::size_t begin = text.rfind('\n', end == 0 ? 0 : end - 1);
  begin = begin == std::string_view::npos || end == 0 ? 0 : begin + 1;
  int header_line = mark.line - (mark.pos > end ? 1 : 0);
  for (std::size_t i = begin; i < end; ++i) {
    if ((text[i] != '|' && text[i] != '>') ||
        (i > begin && text[i - 1] != ' ' && text[i - 1] != '\t'))
      continue;
    std::size_t j = i + 1;
    while (j < end && j < i + 3 &&
           (text[j] == '+' || text[j] == '-' || (text[j] >= '1' && text[j] <= '9')))
      ++j;
    while (j < end && (text[j] == ' ' || text[j] == '\t'))
      ++j;
    if (j == end || text[j] == '#' || text[j] == '\r') {
      return Mark{header_line, static_cast<int>(i - begin), i};
    }
  }
  return mark;
}

ScalarStyle style_of(fy_token* value) {
  switch (value ? fy_token_scalar_style(value) : FYSS_PLAIN) {
    case FYSS_SINGLE_QUOTED:
      return ScalarStyle::single_quoted;
    case FYSS_DOUBLE_QUOTED:
      return ScalarStyle::double_quoted;
    case FYSS_LITERAL:
      return ScalarStyle::literal;
    case FYSS_FOLDED:
      return ScalarStyle::folded;
    default:
      return ScalarStyle::plain;
  }
}

// YAML's core schema null, as a plain scalar without a tag writes it.
bool is_null_text(std::string_view value) {
  return value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL";
}

// Runs libfyaml over `text` (which is `quoted->text` when `quoted` is given) and feeds its
// events to a TreeBuilder.
Attempt parse(const std::string& text, const std::string& file, const ReducedText* reduced,
              const QuotedText* quoted, const YamlOptions& options) {
  Attempt attempt;
  TreeBuilder builder(file, reduced, quoted, options.max_nodes);
  builder.check_quotes_in(text);
  std::optional<Error> syntax_error;
  auto fail = [&](const Mark& mark, const std::string& message) {
    syntax_error =
        make_error(ErrorKind::flowfile, "invalid YAML: " + message, builder.location(mark));
    if (mark.is_null()) return;
    if (message == "invalid multiline plain key") {
      // libfyaml points at the value above the line with the ': '.
      add_hint(*syntax_error, message, line_of(text, mark.line + 1), line_of(text, mark.line));
    } else {
      add_hint(*syntax_error, message, line_of(text, mark.line),
               mark.line > 0 ? line_of(text, mark.line - 1) : "");
    }
  };
  FyParser parser(text);
  if (!parser.get()) {
    fail(Mark{}, "the YAML parser could not be set up");
    attempt.document.errors.push_back(std::move(*syntax_error));
    return attempt;
  }
  int documents = 0;
  bool second_document = false;  // the first one is complete then
  bool done = false;
  Mark last;  // the end of the last event: where an empty node is
  while (!done && !syntax_error) {
    Event next(parser.get());
    fy_event* event = next.event;
    if (!event) {
      if (fy_parser_get_stream_error(parser.get())) {
        auto [message, mark] = parser.first_error();
        if (message.find("scalar without closing quote") != std::string::npos) {
          // libfyaml points just past the opening quote.
          if (mark.column > 0) --mark.column;
          fail(mark, fmt::format("the end of the file comes inside this {}-quoted scalar (its "
                                 "closing {} is missing)",
                                 message.starts_with("double") ? "double" : "single",
                                 message.starts_with("double") ? '"' : '\''));
        } else {
          fail(mark, message);
        }
      }
      break;
    }
    Mark mark;
    switch (event->type) {
      case FYET_DOCUMENT_START:
        if (++documents > 1) {
          mark = mark_of(fy_event_start_mark(event));
          if (mark.is_null()) mark = last;
          second_document = true;
          fail(mark, "expected one document, but a second one starts here");
        }
        break;
      case FYET_STREAM_END:
        done = true;
        break;
      case FYET_SCALAR: {
        const auto& scalar = event->scalar;
        ScalarStyle style = style_of(scalar.value);
        mark = node_mark(text, scalar.anchor, scalar.tag, scalar.value, style);
        if (mark.is_null()) mark = last;
        std::string_view value = text_of(scalar.value);
        std::string_view anchor = text_of(scalar.anchor);
        bool tagged = scalar.tag != nullptr;
        if (!scalar.value || (style == ScalarStyle::plain && !tagged && is_null_text(value))) {
          builder.on_null(mark, anchor);
        } else {
          builder.on_scalar(mark, value, style, tagged, anchor);
        }
        break;
      }
      case FYET_ALIAS:
        mark = before_indicator(text, fy_event_start_mark(event), '*');
        builder.on_alias(mark, text_of(event->alias.anchor));
        break;
      case FYET_SEQUENCE_START:
      case FYET_MAPPING_START: {
        bool sequence = event->type == FYET_SEQUENCE_START;
        fy_token* anchor = sequence ? event->sequence_start.anchor : event->mapping_start.anchor;
        fy_token* tag = sequence ? event->sequence_start.tag : event->mapping_start.tag;
        mark = node_mark(text, anchor, tag, fy_event_get_token(event), ScalarStyle::plain);
        if (mark.is_null()) mark = mark_of(fy_event_start_mark(event));
        if (mark.is_null()) mark = last;
        if (builder.depth() >= k_max_depth) {
          fail(mark, fmt::format("lists and mappings nest too deeply here (flow reads {} levels)",
                                 k_max_depth));
          break;
        }
        bool flow = fy_event_get_node_style(event) == FYNS_FLOW;
        if (sequence) {
          builder.on_sequence_start(mark, text_of(anchor), flow);
        } else {
          builder.on_map_start(mark, text_of(anchor), flow);
        }
        break;
      }
      case FYET_SEQUENCE_END:
        builder.on_sequence_end();
        break;
      case FYET_MAPPING_END:
        builder.on_map_end();
        break;
      default:
        break;
    }
    if (const fy_mark* end = fy_event_end_mark(event)) last = mark_of(end);
  }
  if (!syntax_error || second_document) {
    attempt.document.root = documents > 0 ? builder.take_root() : Node{};
    if (documents == 0) attempt.document.root->location = SourceLocation{file, 1, 1};
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
  // Issue 14: a NUL byte silently changed a value (yaml-cpp read it as another character);
  // no command line or path can hold one anyway.
  if (std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    YamlDocument document;
    document.errors.push_back(make_error(ErrorKind::flowfile,
                                         "a NUL byte (0x00) in the file: a workflow file is text",
                                         location_at(text, nul, file)));
    return document;
  }
  // YAML text is Unicode; libfyaml 0.7.12 loops forever on some invalid UTF-8 (`%\xde`).
  if (std::size_t bad = invalid_utf8_at(text); bad != std::string_view::npos) {
    YamlDocument document;
    document.errors.push_back(make_error(
        ErrorKind::flowfile,
        fmt::format("a byte (0x{:02x}) that is not UTF-8 in the file: a workflow file is UTF-8 "
                    "text",
                    static_cast<unsigned char>(text[bad])),
        location_at(text, bad, file)));
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
