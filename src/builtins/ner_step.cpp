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

// The input as Python reads a file in text mode, which is how the seed's tagging.py reads
// its book: UTF-8, a byte order mark kept (it is one character of the first paragraph, and
// counts in its offsets), and every CRLF and lone CR read as LF.
Result<std::string> read_as_python_text(const std::string& path) {
  auto text = text::read_input(path);
  if (!text) return text;
  if (auto checked = text::check_text(*text, path); !checked) return checked.error();
  std::string& t = *text;
  if (t.find('\r') != std::string::npos) {
    std::size_t out = 0;
    for (std::size_t in = 0; in < t.size(); ++in) {
      if (t[in] != '\r') {
        t[out++] = t[in];
      } else if (in + 1 >= t.size() || t[in + 1] != '\n') {
        t[out++] = '\n';  // a lone CR ends a line; a CR before LF is dropped
      }
    }
    t.resize(out);
  }
  return text;
}

Result<void> run_ner(const BuiltinInvocation& invocation, StepLog& log) {
  auto batch_size = arg_int(invocation, "batch_size", 1, k_max_batch_size);
  if (!batch_size) return batch_size.error();
  auto text = read_as_python_text(invocation.inputs[0].path);
  if (!text) return text.error();
  std::vector<std::string_view> paragraphs = ner::split_paragraph_file(*text);
  std::string tsv;
  ner::BatchRun run = ner::tag_in_batches(paragraphs, static_cast<std::size_t>(*batch_size), tsv,
                                          arg_bool(invocation, "header"));
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
      {"header",
       ArgType::boolean,
       false,
       "false",
       {},
       "start the table with the row 'paragraph text label start end' (the seed's format "
       "has none)"},
  };
  step.signature.files_help =
      "Input: the output of 'paragraphs' (paragraphs separated by one empty line; a byte "
      "order mark is kept as a character of the first paragraph, CRLF and CR are read as "
      "LF). Output: the TSV the seed's tagging.py writes, a row per entity and no header: "
      "paragraph number (from 0), entity text (quoted as Python's csv module does when it "
      "holds a line end, tab or '\"'), OntoNotes label (PERSON, ORG, GPE, DATE...), start and "
      "end (exclusive) in code points within the paragraph. The log gets the statistics: "
      "batch times (quickest, median, slowest), batches, median time per paragraph, "
      "paragraphs, entities per label, peak memory. See docs/ner.md.";
  step.run = run_ner;
  return step;
}

}  // namespace flow::builtins
