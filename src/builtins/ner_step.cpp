// `ner`: rule-based named-entity tagging of the output of `paragraphs`, in batches, with the
// statistics that size such jobs (batch times, time per paragraph, peak memory) in its log.

#include <sys/resource.h>

#include <cstdio>

#include <fmt/format.h>

#include "builtins/args.h"
#include "builtins/ner/batch.h"
#include "builtins/ner/log.h"
#include "builtins/steps.h"
#include "builtins/text/io.h"

namespace flow::builtins {
namespace {

constexpr std::int64_t k_max_batch_size = 1'000'000'000;

// Peak resident memory of this process so far, in MB (Linux reports ru_maxrss in KiB).
double peak_rss_mb() {
  rusage usage{};
  if (::getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

Result<void> run_ner(const BuiltinInvocation& invocation, StepLog& log) {
  auto batch_size = arg_int(invocation, "batch_size", 1, k_max_batch_size);
  if (!batch_size) return batch_size.error();
  auto text = text::read_text_input(invocation.inputs[0].path);
  if (!text) return text.error();
  std::vector<std::string_view> paragraphs = ner::split_paragraph_file(*text);
  std::string tsv;
  ner::BatchRun run = ner::tag_in_batches(paragraphs, static_cast<std::size_t>(*batch_size), tsv);
  if (auto written = text::write_output(invocation.outputs[0].path, tsv); !written) return written;
  ner::NerStats stats = ner::summarize_batches(run, peak_rss_mb());
  std::vector<std::string> lines = ner::format_ner_log(stats, run);
  for (const std::string& line : lines)
    log.line(line);
  if (!log.is_open()) fmt::print(stderr, "{}\n", lines.front());  // the readable summary
  return ok_result();
}

}  // namespace

Step ner_step() {
  Step step;
  step.signature.name = "ner";
  step.signature.summary =
      "tag named entities (rule-based, OntoNotes labels) in batches of paragraphs, with timing";
  step.signature.min_inputs = step.signature.max_inputs = 1;
  step.signature.min_outputs = step.signature.max_outputs = 1;
  step.signature.args = {
      {"batch_size",
       ArgType::integer,
       false,
       "50",
       {},
       "paragraphs per batch; each batch is timed on its own"},
  };
  step.signature.files_help =
      "Input: the output of 'paragraphs' (paragraphs separated by one empty line). Output: a "
      "TSV with the header 'paragraph text label start end' and a row per entity: paragraph "
      "number (from 1), entity text (a line end inside it shown as a space), OntoNotes label "
      "(PERSON, ORG, GPE, DATE...), start and end (exclusive) in code points within the "
      "paragraph. The log gets the statistics: batch times (quickest, median, slowest), "
      "batches, median time per paragraph, paragraphs, entities per label, peak memory. "
      "See docs/ner.md.";
  step.run = run_ner;
  return step;
}

}  // namespace flow::builtins
