// `count_distinct`: lines and distinct lines per input, and over all inputs together.

#include <filesystem>

#include <fmt/format.h>

#include "builtins/steps.h"
#include "builtins/text/io.h"
#include "builtins/text/string_set.h"
#include "builtins/text/tools.h"

namespace flow::builtins {
namespace {

constexpr std::string_view k_total_label = "all";

// "words/84.txt" -> "84": the row label of an input.
std::string label_of(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

Result<void> run_count_distinct(const BuiltinInvocation& invocation, StepLog& log) {
  auto texts = text::read_text_inputs(invocation);
  if (!texts) return texts.error();
  std::string table = "name\tlines\tdistinct_lines\n";
  text::StringSet all;
  // last_input[id] = 1 + the last input in which line `id` was seen: one lookup per line
  // counts both the input's distinct lines and the union's.
  std::vector<std::uint32_t> last_input;
  std::size_t all_lines = 0;
  for (std::size_t i = 0; i < texts->size(); ++i) {
    std::string label = label_of(invocation.inputs[i].path);
    if (label == k_total_label) {
      return make_error(ErrorKind::job,
                        fmt::format("input '{}': its label 'all' is kept for the totals row",
                                    invocation.inputs[i].path));
    }
    std::vector<std::string_view> lines = text::split_lines((*texts)[i]);
    std::size_t distinct = 0;
    auto marker = static_cast<std::uint32_t>(i + 1);
    for (std::string_view line : lines) {
      std::uint32_t id = all.insert(line).first;
      if (id >= last_input.size()) last_input.resize(id + 1, 0);
      if (last_input[id] != marker) {
        last_input[id] = marker;
        ++distinct;
      }
    }
    all_lines += lines.size();
    table += fmt::format("{}\t{}\t{}\n", label, lines.size(), distinct);
  }
  table += fmt::format("{}\t{}\t{}\n", k_total_label, all_lines, all.size());
  log.line(fmt::format("count_distinct: {} lines, {} distinct, in {} inputs", all_lines, all.size(),
                       texts->size()));
  return text::write_output(invocation.outputs[0].path, table);
}

}  // namespace

Step count_distinct_step() {
  Step step;
  step.signature.name = "count_distinct";
  step.signature.summary = "count the lines and the distinct lines of each input and of all";
  step.signature.min_inputs = 1;
  step.signature.min_outputs = step.signature.max_outputs = 1;
  step.signature.files_help =
      "Inputs: UTF-8 texts (CRLF read as LF; every line counts, empty ones too). Output: a "
      "TSV table with the header 'name lines distinct_lines', a row per input labelled with its "
      "file name without directory and extension ('words/84.txt' -> '84'), then a row 'all': "
      "the total of lines, and the distinct lines of all inputs together.";
  step.run = run_count_distinct;
  return step;
}

}  // namespace flow::builtins
