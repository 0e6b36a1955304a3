#include "builtins/ner/log.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow::builtins::ner {
namespace {

constexpr std::string_view k_marker = "ner_stats";

struct Field {
  std::string_view key;
  std::int64_t NerStats::*integer = nullptr;
  double NerStats::*number = nullptr;
  bool required = true;
};

constexpr Field k_fields[] = {
    {"batch_size", &NerStats::batch_size, nullptr},
    {"paragraphs", &NerStats::paragraphs, nullptr},
    {"batches", &NerStats::batches, nullptr},
    {"entities", &NerStats::entities, nullptr},
    {"evidence_s", nullptr, &NerStats::evidence_s},
    {"tagging_s", nullptr, &NerStats::tagging_s},
    {"batch_min_s", nullptr, &NerStats::batch_min_s},
    {"batch_median_s", nullptr, &NerStats::batch_median_s},
    {"batch_max_s", nullptr, &NerStats::batch_max_s},
    {"us_per_paragraph", nullptr, &NerStats::us_per_paragraph},
    {"peak_rss_mb", nullptr, &NerStats::peak_rss_mb},
    {"tagging_cpu_s", nullptr, &NerStats::tagging_cpu_s, false},
};

std::string format_value(const NerStats& stats, const Field& field) {
  if (field.integer) return fmt::format("{}", stats.*field.integer);
  double value = stats.*field.number;
  if (field.key == "us_per_paragraph") return fmt::format("{:.3f}", value);
  if (field.key == "peak_rss_mb") return fmt::format("{:.2f}", value);
  return fmt::format("{:.6f}", value);
}

std::string summary_comment(const NerStats& s) {
  return fmt::format(
      "# ner: {} paragraphs in {} batches of up to {}; batch time quickest {:.3f} ms, median "
      "{:.3f} ms, slowest {:.3f} ms; median {:.2f} us per paragraph ({:.2f} us of CPU); {} "
      "entities; peak memory {:.1f} MB",
      s.paragraphs, s.batches, s.batch_size, s.batch_min_s * 1e3, s.batch_median_s * 1e3,
      s.batch_max_s * 1e3, s.us_per_paragraph, cpu_us_per_paragraph(s), s.entities, s.peak_rss_mb);
}

Result<void> set_field(NerStats& stats, const Field& field, const std::string& value,
                       const std::string& path, std::size_t line) {
  if (field.integer) {
    auto parsed = parse_int(value);
    if (parsed) {
      stats.*field.integer = *parsed;
      return ok_result();
    }
  } else {
    char* end = nullptr;
    double parsed = std::strtod(value.c_str(), &end);
    if (!value.empty() && end == value.c_str() + value.size()) {
      stats.*field.number = parsed;
      return ok_result();
    }
  }
  return make_error(ErrorKind::job, fmt::format("log '{}': line {}: '{}' is not a number: '{}'",
                                                path, line, field.key, value));
}

}  // namespace

double cpu_us_per_paragraph(const NerStats& stats) {
  if (stats.paragraphs <= 0) return 0;
  return stats.tagging_cpu_s * 1e6 / static_cast<double>(stats.paragraphs);
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  std::size_t middle = values.size() / 2;
  if (values.size() % 2 == 1) return values[middle];
  return (values[middle - 1] + values[middle]) / 2;
}

NerStats summarize_batches(const BatchRun& run, double peak_rss_mb) {
  NerStats stats;
  stats.batch_size = static_cast<std::int64_t>(run.batch_size);
  stats.paragraphs = static_cast<std::int64_t>(run.paragraphs);
  stats.batches = static_cast<std::int64_t>(run.batch_seconds.size());
  stats.entities = static_cast<std::int64_t>(run.entities);
  stats.evidence_s = run.evidence_seconds;
  stats.tagging_cpu_s = run.tagging_cpu_seconds;
  stats.peak_rss_mb = peak_rss_mb;
  std::vector<double> per_paragraph;
  for (std::size_t i = 0; i < run.batch_seconds.size(); ++i) {
    stats.tagging_s += run.batch_seconds[i];
    per_paragraph.push_back(run.batch_seconds[i] * 1e6 /
                            static_cast<double>(std::max<std::size_t>(1, run.batch_paragraphs[i])));
  }
  if (!run.batch_seconds.empty()) {
    auto [min, max] = std::minmax_element(run.batch_seconds.begin(), run.batch_seconds.end());
    stats.batch_min_s = *min;
    stats.batch_max_s = *max;
    stats.batch_median_s = median(run.batch_seconds);
    stats.us_per_paragraph = median(per_paragraph);
  }
  for (std::size_t label = 0; label < k_label_count; ++label) {
    if (run.label_counts[label] == 0) continue;
    stats.labels.emplace_back(label_name(static_cast<Label>(label)),
                              static_cast<std::int64_t>(run.label_counts[label]));
  }
  return stats;
}

std::vector<std::string> format_ner_log(const NerStats& stats, const BatchRun& run) {
  std::vector<std::string> lines = {summary_comment(stats), fmt::format("{}\t1", k_marker)};
  for (const Field& field : k_fields) {
    lines.push_back(fmt::format("{}\t{}", field.key, format_value(stats, field)));
  }
  for (const auto& [label, count] : stats.labels) {
    lines.push_back(fmt::format("label\t{}\t{}", label, count));
  }
  for (std::size_t i = 0; i < run.batch_seconds.size(); ++i) {
    lines.push_back(
        fmt::format("batch\t{}\t{}\t{:.6f}", i + 1, run.batch_paragraphs[i], run.batch_seconds[i]));
  }
  return lines;
}

Result<NerStats> parse_ner_log(std::string_view text, const std::string& path) {
  NerStats stats;
  bool marked = false;
  std::map<std::string_view, bool> seen;
  std::vector<std::string> lines = split(text, '\n');
  for (std::size_t n = 0; n < lines.size(); ++n) {
    std::vector<std::string> fields = split(lines[n], '\t');
    if (lines[n].starts_with('#') || fields.size() < 2) continue;
    if (fields[0] == k_marker) marked = true;
    if (fields[0] == "label" && fields.size() == 3) {
      auto count = parse_int(fields[2]);
      if (count) stats.labels.emplace_back(fields[1], *count);
      continue;
    }
    for (const Field& field : k_fields) {
      if (fields[0] != field.key || fields.size() != 2) continue;
      if (auto set = set_field(stats, field, fields[1], path, n + 1); !set) return set.error();
      seen[field.key] = true;
    }
  }
  if (!marked) {
    return make_error(
        ErrorKind::job,
        fmt::format("log '{}': not a ner statistics log (no '{}' line)", path, k_marker));
  }
  for (const Field& field : k_fields) {
    if (field.required && !seen[field.key]) {
      return make_error(ErrorKind::job, fmt::format("log '{}': no '{}' line", path, field.key));
    }
  }
  return stats;
}

}  // namespace flow::builtins::ner
