// `words`: a text tokenised into lower-case words, one per line (stemming workflow).

#include <optional>
#include <utility>

#include <fmt/format.h>

#include "builtins/args.h"
#include "builtins/steps.h"
#include "builtins/text/io.h"
#include "builtins/text/unicode.h"
#include "builtins/text/utf8.h"

namespace flow::builtins {
namespace {

bool is_ascii_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
}

// A Project Gutenberg marker line: "*** START OF ..." or "*** END OF ..." (`word` is START
// or END), in any case, indented or not, with or without a space after the stars.
bool is_marker(std::string_view line, std::string_view word) {
  while (!line.empty() && is_ascii_space(line.front()))
    line.remove_prefix(1);
  if (!line.starts_with("***")) return false;
  line.remove_prefix(3);
  while (!line.empty() && line.front() == ' ')
    line.remove_prefix(1);
  std::string expected = std::string(word) + " OF";
  if (line.size() < expected.size()) return false;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (ascii_upper(line[i]) != expected[i]) return false;
  }
  return true;
}

struct Body {
  std::string_view text;
  bool start_found = false;
  bool end_found = false;
};

// The offsets of the first line after `from` that is a marker of kind `word`: where the line
// starts and where the next one starts; nullopt when there is none.
std::optional<std::pair<std::size_t, std::size_t>> find_marker(std::string_view text,
                                                               std::string_view word,
                                                               std::size_t from) {
  for (std::size_t line_start = from; line_start < text.size();) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    if (is_marker(text.substr(line_start, line_end - line_start), word)) {
      return std::pair(line_start, std::min(line_end + 1, text.size()));
    }
    line_start = line_end + 1;
  }
  return std::nullopt;
}

// The text after the START marker line and before the END marker line that follows it (or
// the first END marker line, without a START marker).
Body strip_gutenberg(std::string_view text) {
  Body body{text};
  std::size_t begin = 0;
  if (auto start = find_marker(text, "START", 0)) {
    body.start_found = true;
    begin = start->second;
  }
  std::size_t end = text.size();
  if (auto stop = find_marker(text, "END", begin)) {
    body.end_found = true;
    end = stop->first;
  }
  body.text = text.substr(begin, end - begin);
  return body;
}

// Appends the words of `text` to `out`, one per line (see files_help below); returns how
// many tokens were dropped because they held a digit.
std::size_t append_words(std::string_view text, std::string& out, std::size_t& count) {
  std::size_t dropped = 0;
  std::size_t word_start = out.size();
  bool has_digit = false;
  auto end_token = [&] {
    if (has_digit) {
      out.resize(word_start);
      ++dropped;
    } else if (out.size() > word_start) {
      out += '\n';
      ++count;
    }
    word_start = out.size();
    has_digit = false;
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {  // the fast path: books are mostly ASCII
      ++pos;
      if (is_ascii_space(c)) {
        end_token();
      } else if (c >= 'a' && c <= 'z') {
        out += static_cast<char>(c);
      } else if (c >= 'A' && c <= 'Z') {
        out += static_cast<char>(c + 32);
      } else if (c >= '0' && c <= '9') {
        has_digit = true;
      }
      continue;
    }
    char32_t cp = text::next_code_point(text, pos);
    if (text::is_white_space(cp)) {
      end_token();
    } else if (text::is_letter(cp)) {
      text::append_utf8(out, text::to_lower(cp));
    } else if (text::is_mark(cp)) {
      if (out.size() > word_start) text::append_utf8(out, cp);  // only attached to a letter
    } else if (text::is_decimal_digit(cp)) {
      has_digit = true;
    }
  }
  end_token();
  return dropped;
}

Result<void> run_words(const BuiltinInvocation& invocation, StepLog& log) {
  const std::string& path = invocation.inputs[0].path;
  auto text = text::read_text_input(path);
  if (!text) return text.error();
  Body body{*text};
  if (arg_bool(invocation, "strip_gutenberg")) body = strip_gutenberg(*text);
  std::string out;
  out.reserve(body.text.size());
  std::size_t count = 0;
  std::size_t dropped = append_words(body.text, out, count);
  log.line(
      fmt::format("words: {} words from {} ({} tokens with digits dropped; Gutenberg "
                  "start marker {}, end marker {})",
                  count, path, dropped, body.start_found ? "found" : "not found",
                  body.end_found ? "found" : "not found"));
  return text::write_output(invocation.outputs[0].path, out);
}

}  // namespace

Step words_step() {
  Step step;
  step.signature.name = "words";
  step.signature.summary = "split a text into lower-case words, one per line";
  BuiltinArg strip;
  strip.name = "strip_gutenberg";
  strip.type = ArgType::boolean;
  strip.default_value = "true";
  strip.help =
      "drop a Project Gutenberg header (up to and including the '*** START OF' line) and "
      "footer (from the '*** END OF' line); a text without the markers is used whole";
  step.signature.args = {strip};
  step.signature.min_inputs = step.signature.max_inputs = 1;
  step.signature.min_outputs = step.signature.max_outputs = 1;
  step.signature.files_help =
      "Input: a UTF-8 text. Output: its words, one per line, in order. Tokens are split at "
      "white space; a token holding a decimal digit is dropped; of the others only letters "
      "(and combining marks after a letter) are kept, lower-cased, so \"Don't\" gives \"dont\" "
      "and \"well-known\" gives \"wellknown\"; tokens left empty are dropped.";
  step.run = run_words;
  return step;
}

}  // namespace flow::builtins
