// `mix`: the words of all inputs, shuffled (pea-soup workflow).

#include <fmt/format.h>

#include "builtins/shuffle.h"
#include "builtins/steps.h"
#include "builtins/text/io.h"
#include "builtins/text/tools.h"

namespace flow::builtins {
namespace {

Result<void> run_mix(const BuiltinInvocation& invocation, StepLog& log) {
  auto seed = parse_seed(invocation);
  if (!seed) return seed.error();
  auto texts = text::read_text_inputs(invocation);
  if (!texts) return texts.error();
  std::vector<std::string_view> words;
  for (const auto& text : *texts)
    text::split_words(text, words);
  shuffle_items(words, *seed);
  log.line(
      fmt::format("mix: {} words from {} inputs, seed {}", words.size(), texts->size(), *seed));
  return text::write_output(invocation.outputs[0].path, text::wrap_words(words));
}

}  // namespace

Step mix_step() {
  Step step;
  step.signature.name = "mix";
  step.signature.summary = "shuffle the words of all inputs together";
  step.signature.args = {seed_arg()};
  step.signature.min_inputs = 1;
  step.signature.min_outputs = step.signature.max_outputs = 1;
  step.signature.files_help =
      "Inputs: UTF-8 texts. Output: all their words (runs of non-white-space characters) in a "
      "shuffled order, separated by single spaces and wrapped to 70 columns.";
  step.run = run_mix;
  return step;
}

}  // namespace flow::builtins
