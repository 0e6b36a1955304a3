// `stem`: Snowball stemming through libstemmer, one word per line (stemming workflow).

#include <libstemmer.h>

#include <memory>

#include <fmt/format.h>

#include "builtins/args.h"
#include "builtins/steps.h"
#include "builtins/text/io.h"
#include "builtins/text/string_set.h"
#include "builtins/text/tools.h"
#include "builtins/text/unicode.h"
#include "builtins/text/utf8.h"

namespace flow::builtins {
namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
};
using Stemmer = std::unique_ptr<sb_stemmer, StemmerDeleter>;

std::vector<std::string> algorithm_names() {
  std::vector<std::string> names;
  for (const char** name = sb_stemmer_list(); *name != nullptr; ++name)
    names.emplace_back(*name);
  return names;
}

void append_lower(std::string_view word, std::string& out) {
  std::size_t pos = 0;
  while (pos < word.size())
    text::append_utf8(out, text::to_lower(text::next_code_point(word, pos)));
}

// Stems each line of `text` into `out`. Books repeat their words, so each distinct word is
// stemmed once and its stem remembered.
Result<void> stem_lines(sb_stemmer* stemmer, std::string_view text, std::string& out,
                        std::size_t& count, std::size_t& distinct) {
  text::StringSet words;
  std::vector<std::string> stems;
  std::string lower;
  for (std::string_view line : text::split_lines(text)) {
    ++count;
    auto [id, inserted] = words.insert(line);
    if (inserted) {
      lower.clear();
      append_lower(line, lower);
      const sb_symbol* stem =
          sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(lower.data()),
                          static_cast<int>(lower.size()));
      if (stem == nullptr) return make_error(ErrorKind::job, "out of memory while stemming");
      stems.emplace_back(reinterpret_cast<const char*>(stem),
                         static_cast<std::size_t>(sb_stemmer_length(stemmer)));
    }
    out += stems[id];
    out += '\n';
  }
  distinct = words.size();
  return ok_result();
}

Result<void> run_stem(const BuiltinInvocation& invocation, StepLog& log) {
  const std::string& algorithm = arg_text(invocation, "algorithm");
  Stemmer stemmer(sb_stemmer_new(algorithm.c_str(), "UTF_8"));
  if (!stemmer) {
    return arg_error("algorithm", fmt::format("'{}' is not a stemmer libstemmer knows", algorithm));
  }
  const std::string& path = invocation.inputs[0].path;
  auto text = text::read_text_input(path);
  if (!text) return text.error();
  std::string out;
  out.reserve(text->size());
  std::size_t count = 0;
  std::size_t distinct = 0;
  if (auto stemmed = stem_lines(stemmer.get(), *text, out, count, distinct); !stemmed) {
    return stemmed;
  }
  log.line(fmt::format("stem: {} words ({} distinct) from {}, algorithm {}", count, distinct, path,
                       algorithm));
  return text::write_output(invocation.outputs[0].path, out);
}

}  // namespace

Step stem_step() {
  Step step;
  step.signature.name = "stem";
  step.signature.summary = "reduce words to their stems with a Snowball stemmer (libstemmer)";
  BuiltinArg algorithm;
  algorithm.name = "algorithm";
  algorithm.default_value = "porter";
  algorithm.choices = algorithm_names();
  algorithm.help =
      "the Snowball algorithm: 'porter' is the original Porter stemmer, 'english' its revised "
      "version (Porter2); the others are named after their language";
  step.signature.args = {algorithm};
  step.signature.min_inputs = step.signature.max_inputs = 1;
  step.signature.min_outputs = step.signature.max_outputs = 1;
  step.signature.files_help =
      "Input: UTF-8 words, one per line. Output: for each line, in order, the stem of the "
      "line lower-cased (an empty line stays empty). The stems are those of Snowball's "
      "`stemwords` tool.";
  step.run = run_stem;
  return step;
}

}  // namespace flow::builtins
