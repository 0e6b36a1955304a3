// `chop`: the characters of all inputs, one by one (pea-soup workflow).

#include <fmt/format.h>

#include "builtins/steps.h"
#include "builtins/text/io.h"
#include "builtins/text/tools.h"

namespace flow::builtins {
namespace {

Result<void> run_chop(const BuiltinInvocation& invocation, StepLog& log) {
  auto texts = text::read_text_inputs(invocation);
  if (!texts) return texts.error();
  std::vector<std::string_view> characters;
  for (const auto& text : *texts) {
    std::vector<std::string_view> more = text::split_characters(text);
    characters.insert(characters.end(), more.begin(), more.end());
  }
  log.line(fmt::format("chop: {} characters from {} inputs", characters.size(), texts->size()));
  return text::write_output(invocation.outputs[0].path, text::wrap_words(characters));
}

}  // namespace

Step chop_step() {
  Step step;
  step.signature.name = "chop";
  step.signature.summary = "cut all inputs into single characters";
  step.signature.min_inputs = 1;
  step.signature.min_outputs = step.signature.max_outputs = 1;
  step.signature.files_help =
      "Inputs: UTF-8 texts. Output: every non-white-space character (code point) of the inputs, "
      "in order, separated by single spaces and wrapped to 70 columns. Nothing is random, so "
      "there is no seed.";
  step.run = run_chop;
  return step;
}

}  // namespace flow::builtins
