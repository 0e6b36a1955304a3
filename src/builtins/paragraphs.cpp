// `paragraphs`: a text split into paragraphs, runs of non-blank lines (spec §1).
//
// The output format is a contract with the NER steps: paragraphs in order, separated by
// exactly one empty line, each paragraph's lines joined by "\n", a "\n" after the last one.

#include <fmt/format.h>

#include "builtins/args.h"
#include "builtins/steps.h"
#include "builtins/text/io.h"
#include "builtins/text/tools.h"
#include "builtins/text/unicode.h"
#include "builtins/text/utf8.h"

namespace flow::builtins {
namespace {

// Blank: empty, or only white space (Unicode White_Space, so a line holding only a no-break
// space is blank too).
bool is_blank(std::string_view line) {
  std::size_t pos = 0;
  while (pos < line.size()) {
    if (!text::is_white_space(text::next_code_point(line, pos))) return false;
  }
  return true;
}

// The paragraphs of `text` (valid UTF-8 with LF line ends) in the output format; `count`
// receives their number.
std::string format_paragraphs(std::string_view text, std::size_t& count) {
  std::string out;
  out.reserve(text.size() + 1);
  count = 0;
  bool inside = false;
  for (std::string_view line : text::split_lines(text)) {
    if (is_blank(line)) {
      inside = false;
      continue;
    }
    if (!inside) {
      if (count > 0) out += '\n';  // the empty line between two paragraphs
      ++count;
    }
    inside = true;
    out += line;
    out += '\n';
  }
  return out;
}

Result<void> run_paragraphs(const BuiltinInvocation& invocation, StepLog& log) {
  text::Bom bom = arg_text(invocation, "bom") == "keep" ? text::Bom::keep : text::Bom::drop;
  auto text = text::read_text_input(invocation.inputs[0].path, text::LineEnds::lf,
                                    text::k_max_input_bytes, bom);
  if (!text) return text.error();
  std::size_t count = 0;
  std::string out = format_paragraphs(*text, count);
  log.line(fmt::format("paragraphs: {} paragraphs in {}", count, invocation.inputs[0].path));
  return text::write_output(invocation.outputs[0].path, out);
}

}  // namespace

Step paragraphs_step() {
  Step step;
  step.signature.name = "paragraphs";
  step.signature.summary = "split a text into paragraphs (runs of non-blank lines)";
  step.signature.args = {
      {"bom",
       ArgType::string,
       false,
       "drop",
       {"drop", "keep"},
       "what to do with a byte order mark: drop it, or keep it as the first character of the "
       "first paragraph, as Python's text mode does (so that offsets match tools that read "
       "the original file, such as the seed's NER script)"},
  };
  step.signature.min_inputs = step.signature.max_inputs = 1;
  step.signature.min_outputs = step.signature.max_outputs = 1;
  step.signature.files_help =
      "Input: a UTF-8 text (a byte order mark is dropped unless bom=keep, CRLF read as LF). "
      "Output: its "
      "paragraphs in order, separated by exactly one empty line, each paragraph's lines "
      "unchanged and joined by LF, with a LF after the last paragraph. A blank line is empty "
      "or only white space. No paragraphs give an empty file.";
  step.run = run_paragraphs;
  return step;
}

}  // namespace flow::builtins
