#pragma once
// The statistics a `ner` job writes to its log, and how `ner_report` reads them back.
//
// The format (docs/ner.md): lines of "KEY<TAB>VALUE"; lines starting with "#" are comments
// for people; a "ner_stats<TAB>1" line marks the format and its version; "label<TAB>NAME<TAB>N"
// gives the entities per label and "batch<TAB>INDEX<TAB>PARAGRAPHS<TAB>SECONDS" each batch.
// Readers ignore keys they do not know, so keys can be added.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "builtins/ner/batch.h"
#include "flow/base/result.h"

namespace flow::builtins::ner {

struct NerStats {
  std::int64_t batch_size = 0;
  std::int64_t paragraphs = 0;
  std::int64_t batches = 0;
  std::int64_t entities = 0;
  double evidence_s = 0;      ///< first pass over the whole text
  double tagging_s = 0;       ///< sum of the batch times
  double batch_min_s = 0;     ///< quickest batch
  double batch_median_s = 0;  ///< median batch
  double batch_max_s = 0;     ///< slowest batch
  /// Median over batches of (batch time / paragraphs in the batch), in microseconds.
  double us_per_paragraph = 0;
  double peak_rss_mb = 0;  ///< peak resident memory of the whole process (getrusage)
  /// CPU time of all batches, seconds; 0 when the log does not say (it is optional).
  double tagging_cpu_s = 0;
  /// Entities per label, in label order, labels with no entity left out.
  std::vector<std::pair<std::string, std::int64_t>> labels;
};

/// Mean CPU time per paragraph over all batches, microseconds; 0 when unknown.
double cpu_us_per_paragraph(const NerStats& stats);

/// The median of `values` (the mean of the two middle ones for an even count); 0 for none.
double median(std::vector<double> values);

/// The statistics of a run; every figure is 0 when there were no paragraphs.
NerStats summarize_batches(const BatchRun& run, double peak_rss_mb);

/// The log lines (without "\n"): a readable summary comment, the keys, then label and
/// batch lines.
std::vector<std::string> format_ner_log(const NerStats& stats, const BatchRun& run);

/// Reads a log written by format_ner_log (other lines, such as errors, are skipped). Errors
/// name `path`: not a ner log, a missing key, a value that is not a number.
Result<NerStats> parse_ner_log(std::string_view text, const std::string& path);

}  // namespace flow::builtins::ner
