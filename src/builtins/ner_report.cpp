// `ner_report`: compares `ner` runs with different batch sizes (their logs, and optionally
// their benchmark files) as a TSV table and a short Markdown report, with an estimate of the
// time and memory to tag many books of the same size.

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "builtins/args.h"
#include "builtins/ner/log.h"
#include "builtins/steps.h"
#include "builtins/text/io.h"
#include "flow/base/strings.h"
#include "flow/base/time.h"

namespace flow::builtins {
namespace {

using ner::NerStats;

struct Row {
  NerStats stats;
  std::optional<double> job_s;  ///< wall time of the whole job, from its benchmark file
  std::optional<double> job_rss_mb;
};

struct Benchmark {
  std::optional<double> seconds;
  std::optional<double> max_rss_mb;
};

std::optional<double> parse_number(const std::string& text) {
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) return std::nullopt;
  return value;
}

bool is_benchmark(std::string_view text) {
  return text.starts_with("s\th:m:s");
}

// A benchmark TSV (spec §3), header then one row: flow's columns ("s h:m:s max_rss_mb cpu_s
// io_in io_out") or Snakemake's ("s h:m:s max_rss max_vms ...", max_rss in MB too; "NA" where
// it could not be measured).
Result<Benchmark> parse_benchmark(std::string_view text, const std::string& path) {
  std::vector<std::string> lines = split(text, '\n');
  if (lines.size() < 2 || lines[1].empty()) {
    return make_error(ErrorKind::job, fmt::format("benchmark '{}': no row after the header", path));
  }
  std::vector<std::string> header = split(lines[0], '\t');
  std::vector<std::string> row = split(lines[1], '\t');
  Benchmark benchmark;
  for (std::size_t i = 0; i < header.size() && i < row.size(); ++i) {
    if (header[i] == "s") benchmark.seconds = parse_number(row[i]);
    if (header[i] == "max_rss_mb" || header[i] == "max_rss") {
      benchmark.max_rss_mb = parse_number(row[i]);
    }
  }
  return benchmark;
}

// Logs and benchmarks in input order; the i-th benchmark belongs to the i-th log.
Result<std::vector<Row>> read_rows(const BuiltinInvocation& invocation) {
  std::vector<Row> rows;
  std::vector<Benchmark> benchmarks;
  for (const NamedPath& input : invocation.inputs) {
    auto text = text::read_text_input(input.path);
    if (!text) return text.error();
    if (is_benchmark(*text)) {
      auto benchmark = parse_benchmark(*text, input.path);
      if (!benchmark) return benchmark.error();
      benchmarks.push_back(*benchmark);
      continue;
    }
    auto stats = ner::parse_ner_log(*text, input.path);
    if (!stats) return stats.error();
    rows.push_back({*stats, std::nullopt, std::nullopt});
  }
  if (rows.empty()) return make_error(ErrorKind::job, "no ner log among the inputs");
  if (!benchmarks.empty() && benchmarks.size() != rows.size()) {
    return make_error(ErrorKind::job,
                      fmt::format("got {} benchmark files for {} ner logs: give one per log, in "
                                  "the same order, or none",
                                  benchmarks.size(), rows.size()));
  }
  for (std::size_t i = 0; i < benchmarks.size(); ++i) {
    rows[i].job_s = benchmarks[i].seconds;
    rows[i].job_rss_mb = benchmarks[i].max_rss_mb;
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.stats.batch_size < b.stats.batch_size;
  });
  return rows;
}

struct Estimate {
  double tagging_s = 0;
  std::optional<double> job_s;
  double peak_rss_mb = 0;
};

// One book per job: time adds up over books, memory does not.
Estimate estimate(const Row& row, std::int64_t books) {
  Estimate e;
  double n = static_cast<double>(books);
  e.tagging_s = row.stats.us_per_paragraph * 1e-6 * static_cast<double>(row.stats.paragraphs) * n;
  if (row.job_s) e.job_s = *row.job_s * n;
  e.peak_rss_mb = std::max(row.stats.peak_rss_mb, row.job_rss_mb.value_or(0));
  return e;
}

std::string optional_text(std::optional<double> value, const char* format = "{:.3f}") {
  return value ? fmt::format(fmt::runtime(format), *value) : std::string("NA");
}

std::string comparison_tsv(const std::vector<Row>& rows, std::int64_t books) {
  std::string out =
      "batch_size\tbatches\tparagraphs\tentities\tbatch_min_s\tbatch_median_s\tbatch_max_s\t"
      "us_per_paragraph\tcpu_us_per_paragraph\ttagging_s\tpeak_rss_mb\tjob_s\tjob_max_rss_mb\t"
      "books\t"
      "est_tagging_s\test_job_s\test_peak_rss_mb\n";
  for (const Row& row : rows) {
    const NerStats& s = row.stats;
    Estimate e = estimate(row, books);
    out += fmt::format("{}\t{}\t{}\t{}\t{:.6f}\t{:.6f}\t{:.6f}\t{:.3f}\t{:.3f}\t{:.6f}\t{:.2f}\t",
                       s.batch_size, s.batches, s.paragraphs, s.entities, s.batch_min_s,
                       s.batch_median_s, s.batch_max_s, s.us_per_paragraph,
                       ner::cpu_us_per_paragraph(s), s.tagging_s, s.peak_rss_mb);
    out += fmt::format("{}\t{}\t{}\t{:.3f}\t{}\t{:.2f}\n", optional_text(row.job_s),
                       optional_text(row.job_rss_mb, "{:.2f}"), books, e.tagging_s,
                       optional_text(e.job_s), e.peak_rss_mb);
  }
  return out;
}

// "1000000" -> "1,000,000".
std::string group_thousands(std::int64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') out += ',';
    out += digits[i];
  }
  return out;
}

std::string batch_table(const std::vector<Row>& rows) {
  std::string out =
      "| batch size | batches | entities | quickest batch | median batch | slowest batch | per "
      "paragraph (median) | CPU per paragraph | peak memory, tagging | whole job: time | whole "
      "job: peak memory |\n"
      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const Row& row : rows) {
    const NerStats& s = row.stats;
    out += fmt::format(
        "| {} | {} | {} | {:.3f} ms | {:.3f} ms | {:.3f} ms | {:.2f} µs | {} | {:.1f} MB | {} | {} "
        "|\n",
        s.batch_size, s.batches, group_thousands(s.entities), s.batch_min_s * 1e3,
        s.batch_median_s * 1e3, s.batch_max_s * 1e3, s.us_per_paragraph,
        s.tagging_cpu_s > 0 ? fmt::format("{:.2f} µs", ner::cpu_us_per_paragraph(s)) : "—",
        s.peak_rss_mb, row.job_s ? format_duration(*row.job_s) : "not measured",
        row.job_rss_mb ? fmt::format("{:.1f} MB", *row.job_rss_mb) : "not measured");
  }
  return out;
}

// Entities per label, a column per run (runs of other taggers may use other labels).
std::string label_table(const std::vector<Row>& rows) {
  std::vector<std::string> labels;
  for (const Row& row : rows) {
    for (const auto& entry : row.stats.labels) {
      if (std::find(labels.begin(), labels.end(), entry.first) == labels.end()) {
        labels.push_back(entry.first);
      }
    }
  }
  std::string out = "\n## Entities by label\n\n| label |";
  std::string rule = "|---|";
  for (const Row& row : rows) {
    out += fmt::format(" batch size {} |", row.stats.batch_size);
    rule += "---:|";
  }
  out += "\n" + rule + "\n";
  for (const std::string& label : labels) {
    out += "| " + label + " |";
    for (const Row& row : rows) {
      std::int64_t count = 0;
      for (const auto& entry : row.stats.labels) {
        if (entry.first == label) count = entry.second;
      }
      out += fmt::format(" {} |", group_thousands(count));
    }
    out += "\n";
  }
  return out;
}

std::string estimate_section(const std::vector<Row>& rows, std::int64_t books) {
  std::string out = fmt::format(
      "\n## {} books of this size\n\n| batch size | tagging only | whole jobs, one after "
      "another | peak memory per job |\n|---:|---:|---:|---:|\n",
      group_thousands(books));
  for (const Row& row : rows) {
    Estimate e = estimate(row, books);
    out += fmt::format("| {} | {} | {} | {:.1f} MB |\n", row.stats.batch_size,
                       format_duration(e.tagging_s),
                       e.job_s ? format_duration(*e.job_s) : "not measured", e.peak_rss_mb);
  }
  out += fmt::format(
      "\nHow these are estimated: *tagging only* is the median time per paragraph × {} "
      "paragraphs × {} books. *Whole jobs* is the measured wall time of one job (its "
      "`benchmark:` file, which also counts starting the process, reading the text and the "
      "first pass over it) × {} books, run one after another; with N jobs at a time, divide "
      "by N. *Peak memory per job* is the larger of the two peaks above: the whole job's (from "
      "its `benchmark:` file, which includes the process itself) and the tagging step's own; "
      "it does not grow with the number of books when each job tags one book, and N jobs at a "
      "time need N times that. Books of another size scale with their number of "
      "paragraphs.\n",
      group_thousands(rows.front().stats.paragraphs), group_thousands(books),
      group_thousands(books));
  return out;
}

std::string report_markdown(const std::vector<Row>& rows, std::int64_t books) {
  std::string out = fmt::format(
      "# Named entities: batch sizes compared\n\nThe text has {} paragraphs, tagged once per "
      "batch size.\n\n",
      group_thousands(rows.front().stats.paragraphs));
  out += batch_table(rows);
  auto quickest = std::min_element(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.stats.us_per_paragraph < b.stats.us_per_paragraph;
  });
  auto slowest = std::max_element(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.stats.us_per_paragraph < b.stats.us_per_paragraph;
  });
  double spread =
      quickest->stats.us_per_paragraph > 0
          ? 100.0 * (slowest->stats.us_per_paragraph / quickest->stats.us_per_paragraph - 1)
          : 0;
  // One run per size: say how large the difference is, and that a second run tells how much
  // of it is noise, rather than judging it.
  out += fmt::format(
      "\nQuickest per paragraph: batch size {}. The slowest size took {:.1f}% longer per "
      "paragraph. Each size ran once: run the workflow again to see how much of a difference "
      "this size is noise. A slowest batch far above the median usually means another process "
      "had the CPU.\n",
      quickest->stats.batch_size, spread);
  out += estimate_section(rows, books);
  out += label_table(rows);
  return out;
}

// The outputs by name ("comparison", "report") when named, else in that order.
std::pair<std::string, std::string> output_paths(const BuiltinInvocation& invocation) {
  std::string comparison = invocation.outputs[0].path;
  std::string report = invocation.outputs[1].path;
  for (const NamedPath& output : invocation.outputs) {
    if (output.name == "comparison") comparison = output.path;
    if (output.name == "report") report = output.path;
  }
  return {comparison, report};
}

Result<void> run_ner_report(const BuiltinInvocation& invocation, StepLog& log) {
  auto books = arg_int(invocation, "books", 1, 1'000'000'000);
  if (!books) return books.error();
  auto rows = read_rows(invocation);
  if (!rows) return rows.error();
  auto [comparison, report] = output_paths(invocation);
  if (auto written = text::write_output(comparison, comparison_tsv(*rows, *books)); !written) {
    return written;
  }
  if (auto written = text::write_output(report, report_markdown(*rows, *books)); !written) {
    return written;
  }
  log.line(fmt::format("ner_report: {} batch sizes compared", rows->size()));
  return ok_result();
}

}  // namespace

Step ner_report_step() {
  Step step;
  step.signature.name = "ner_report";
  step.signature.summary = "compare ner runs with different batch sizes (TSV and Markdown)";
  step.signature.min_inputs = 1;
  step.signature.min_outputs = step.signature.max_outputs = 2;
  step.signature.args = {
      {"books",
       ArgType::integer,
       false,
       "1000",
       {},
       "how many books of this size the estimate is for"},
  };
  step.signature.files_help =
      "Inputs: the logs of ner jobs and, optionally, their benchmark files (one per log, in "
      "the same order; told apart by their header). Outputs: the comparison TSV (a row per "
      "batch size: batch times, median us per paragraph, peak memory, job time, estimates for "
      "'books' books) and a Markdown report; named 'comparison' and 'report', or in that "
      "order.";
  step.run = run_ner_report;
  return step;
}

}  // namespace flow::builtins
