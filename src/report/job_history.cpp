#include "flow/report/job_history.h"

#include <charconv>
#include <map>

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow::report {
namespace {

constexpr std::string_view k_version_line = "# flow job history 1";
constexpr std::string_view k_columns =
    "# rule\tlabel\tinput_bytes\toutput_bytes\tthreads\twall_s\tcpu_s\tmax_rss_mb\tend";
constexpr std::size_t k_fields = 9;

std::optional<double> number(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !(value >= 0)) return std::nullopt;
  return value;
}

std::optional<std::int64_t> count(const std::string& text) {
  auto value = parse_int(text);
  if (!value || *value < 0) return std::nullopt;
  return value;
}

std::optional<HistoryEntry> parse_line(const std::string& line) {
  auto f = split(line, '\t');
  if (f.size() != k_fields) return std::nullopt;
  for (auto& field : f)
    field = unescape_field(field);
  auto input = count(f[2]), output = count(f[3]), threads = count(f[4]), end = count(f[8]);
  auto wall = number(f[5]), cpu = number(f[6]), rss = number(f[7]);
  if (f[0].empty() || !input || !output || !threads || !end || !wall || !cpu || !rss)
    return std::nullopt;
  return HistoryEntry{f[0],  f[1], *input, *output, static_cast<int>(*threads),
                      *wall, *cpu, *rss,   *end};
}

}  // namespace

std::string history_header() {
  return fmt::format("{}\n{}\n", k_version_line, k_columns);
}

std::string format_history_line(const HistoryEntry& e) {
  return fmt::format("{}\t{}\t{}\t{}\t{}\t{:.4f}\t{:.4f}\t{:.2f}\t{}\n", escape_field(e.rule),
                     escape_field(e.label), e.input_bytes, e.output_bytes, e.threads,
                     e.wall_seconds, e.cpu_seconds, e.max_rss_mb, e.end);
}

ParsedHistory parse_history(const std::string& text) {
  ParsedHistory parsed;
  auto lines = split(text, '\n');
  parsed.has_header = !lines.empty() && lines.front() == k_version_line;
  if (!parsed.has_header) {
    parsed.skipped = text.empty() ? 0 : lines.size();
    return parsed;
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty() || line.front() == '#') continue;
    if (auto entry = parse_line(line)) {
      parsed.entries.push_back(std::move(*entry));
    } else {
      ++parsed.skipped;
    }
  }
  return parsed;
}

std::vector<HistoryEntry> compact_history(const std::vector<HistoryEntry>& entries,
                                          std::size_t per_rule) {
  std::map<std::string_view, std::size_t> remaining;  // entries of the rule still to come
  for (const auto& entry : entries)
    ++remaining[entry.rule];
  std::vector<HistoryEntry> kept;
  for (const auto& entry : entries) {
    if (remaining[entry.rule]-- <= per_rule) kept.push_back(entry);
  }
  return kept;
}

bool needs_compaction(const std::vector<HistoryEntry>& entries, std::size_t per_rule) {
  std::map<std::string_view, std::size_t> counts;
  for (const auto& entry : entries) {
    if (++counts[entry.rule] > 2 * per_rule) return true;
  }
  return false;
}

std::vector<HistoryEntry> read_job_history(const sys::Filesystem& fs, const std::string& path) {
  auto text = fs.read_file(path);
  if (!text) return {};
  return parse_history(*text).entries;
}

JobHistory::JobHistory(run::RunObserver& next, const dag::Dag& dag, plan::FileStatCache& stats,
                       const sys::Clock& clock, sys::Filesystem& fs, std::string path,
                       std::size_t per_rule)
    : m_next(next),
      m_dag(dag),
      m_stats(stats),
      m_clock(clock),
      m_fs(fs),
      m_path(std::move(path)),
      m_per_rule(per_rule) {}

JobHistory::~JobHistory() = default;

// Repairs (a torn last line is cut), compacts when too large, and opens for appending; writes
// the header into a new or foreign file.
Result<void> JobHistory::open_file() {
  std::string text;
  if (auto stat = m_fs.stat(m_path); stat && stat->exists) {
    auto read = m_fs.read_file(m_path);
    if (!read) return read.error();
    text = std::move(*read);
  }
  ParsedHistory parsed = parse_history(text);
  bool rewrite = !parsed.has_header || needs_compaction(parsed.entries, m_per_rule);
  if (rewrite) {
    std::string fresh = history_header();
    for (const auto& entry : compact_history(parsed.entries, m_per_rule))
      fresh += format_history_line(entry);
    if (auto written = m_fs.write_file_atomic(m_path, fresh); !written) return written.error();
  }
  auto file = m_fs.open_append(m_path);
  if (!file) return file.error();
  m_file = std::move(*file);
  if (!rewrite && !text.empty() && text.back() != '\n') {  // a flow died mid-line
    if (auto cut = m_file->truncate(text.rfind('\n') + 1); !cut) return cut.error();
  }
  return ok_result();
}

void JobHistory::give_up(const Error& error) {
  m_failed = true;
  m_file.reset();
  m_next.warning("cannot keep the job history for --estimate: " + error.message);
}

void JobHistory::run_started(std::size_t total) {
  if (auto opened = open_file(); !opened) give_up(opened.error());
  m_next.run_started(total);
}

std::int64_t JobHistory::bytes_of(const std::vector<dag::FileRef>& files) {
  std::int64_t bytes = 0;
  for (const auto& ref : files) {
    if ((ref.flags & dag::k_flag_glob_root) != 0) continue;
    auto stat = m_stats.get(ref.file);
    if (stat && stat->exists && !stat->is_dir) bytes += stat->size;
  }
  return bytes;
}

void JobHistory::job_started(const run::JobStarted& event) {
  if (!m_failed && event.spec != nullptr && !event.spec->argv.empty()) {
    m_open[event.job.value] = Open{bytes_of(m_dag.job(event.job).inputs),
                                   event.spec ? std::max(1, event.spec->threads) : 1};
  }
  m_next.job_started(event);
}

void JobHistory::job_succeeded(JobId job, const exec::JobCompletion* completion) {
  m_next.job_succeeded(job, completion);
  auto it = m_open.find(job.value);
  if (it == m_open.end()) return;
  Open started = it->second;
  m_open.erase(it);
  if (m_failed || completion == nullptr || !m_file) return;  // nothing ran: nothing measured
  HistoryEntry entry{m_dag.rule_of(job).name,
                     m_dag.label(job),
                     started.input_bytes,
                     bytes_of(m_dag.job(job).outputs),
                     started.threads,
                     completion->wall_seconds,
                     completion->cpu_seconds,
                     static_cast<double>(completion->max_rss_kb) / 1024.0,
                     m_clock.wall_now() / 1'000'000'000};
  if (auto appended = m_file->append(format_history_line(entry)); !appended)
    give_up(appended.error());
}

void JobHistory::job_failed(const run::JobFailed& event) {
  m_open.erase(event.job.value);
  m_next.job_failed(event);
}

}  // namespace flow::report
