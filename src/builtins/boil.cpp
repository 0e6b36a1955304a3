// `boil`: the characters of all inputs, shuffled (pea-soup workflow).

#include <fmt/format.h>

#include "builtins/shuffle.h"
#include "builtins/steps.h"
#include "builtins/text/io.h"
#include "builtins/text/tools.h"

namespace flow::builtins {
namespace {

// Every character of every word, plus one word break (an empty view) between words; after
// shuffling, the breaks cut the characters into new words. So the boiled text keeps every
// character and about as many words, but nothing of their order.
std::vector<std::string_view> ingredients(const std::vector<std::string>& texts) {
  std::vector<std::string_view> words;
  for (const auto& text : texts)
    text::split_words(text, words);
  std::vector<std::string_view> pieces;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) pieces.emplace_back();
    for (std::string_view character : text::split_characters(words[i]))
      pieces.push_back(character);
  }
  return pieces;
}

std::vector<std::string> regroup(const std::vector<std::string_view>& pieces) {
  std::vector<std::string> words(1);
  for (std::string_view piece : pieces) {
    if (!piece.empty()) {
      words.back() += piece;
    } else if (!words.back().empty()) {
      words.emplace_back();
    }
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

Result<void> run_boil(const BuiltinInvocation& invocation, StepLog& log) {
  auto seed = parse_seed(invocation);
  if (!seed) return seed.error();
  auto texts = text::read_text_inputs(invocation);
  if (!texts) return texts.error();
  std::vector<std::string_view> pieces = ingredients(*texts);
  shuffle_items(pieces, *seed);
  std::vector<std::string> words = regroup(pieces);
  std::vector<std::string_view> views(words.begin(), words.end());
  log.line(fmt::format("boil: {} characters and breaks into {} words, seed {}", pieces.size(),
                       words.size(), *seed));
  return text::write_output(invocation.outputs[0].path, text::wrap_words(views));
}

}  // namespace

Step boil_step() {
  Step step;
  step.signature.name = "boil";
  step.signature.summary = "shuffle the characters of all inputs";
  step.signature.args = {seed_arg()};
  step.signature.min_inputs = 1;
  step.signature.min_outputs = step.signature.max_outputs = 1;
  step.signature.files_help =
      "Inputs: UTF-8 texts. Output: every non-white-space character (code point) of the inputs "
      "and one word break per gap between words, all shuffled together; the breaks split the "
      "characters into words (breaks that end up together count as one), which are separated "
      "by single spaces and wrapped to 70 columns.";
  step.run = run_boil;
  return step;
}

}  // namespace flow::builtins
