#include "flow/report/run_history.h"

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow::report {

RunHistory::RunHistory(run::RunObserver& next, const dag::Dag& dag, const sys::Clock& clock,
                       sys::Filesystem& fs, std::string path)
    : m_next(next), m_dag(dag), m_clock(clock), m_fs(fs), m_path(std::move(path)) {}

double RunHistory::now() const {
  return std::chrono::duration<double>(m_clock.steady_now() - m_started).count();
}

void RunHistory::run_started(std::size_t total) {
  m_started = m_clock.steady_now();
  m_started_wall = m_clock.wall_now();
  m_next.run_started(total);
}

void RunHistory::job_started(const run::JobStarted& event) {
  JobRecord record;
  record.job = event.job.value;
  record.label = m_dag.label(event.job);
  record.rule = m_dag.rule_of(event.job).name;
  record.start = now();
  record.threads = event.spec ? event.spec->threads : 0;
  m_open[event.job.value] = std::move(record);
  m_next.job_started(event);
}

void RunHistory::close(JobId job, std::string status, const exec::JobCompletion* completion) {
  auto it = m_open.find(job.value);
  if (it == m_open.end()) return;
  JobRecord record = std::move(it->second);
  m_open.erase(it);
  record.status = std::move(status);
  record.end = now();
  if (completion != nullptr) {
    record.cpu_seconds = completion->cpu_seconds;
    record.max_rss_mb = static_cast<double>(completion->max_rss_kb) / 1024.0;
  }
  m_done.push_back(std::move(record));
}

void RunHistory::job_succeeded(JobId job, const exec::JobCompletion* completion) {
  close(job, "ok", completion);
  m_next.job_succeeded(job, completion);
}

void RunHistory::job_failed(const run::JobFailed& event) {
  if (!m_open.contains(event.job.value)) {  // it failed before it could start
    JobRecord record;
    record.job = event.job.value;
    record.label = event.label;
    record.rule = m_dag.rule_of(event.job).name;
    record.start = now();
    m_open[event.job.value] = std::move(record);
  }
  close(event.job, event.will_retry ? "retried" : "failed", nullptr);
  m_next.job_failed(event);
}

void RunHistory::run_finished(const run::RunSummary& summary) {
  for (const auto& [id, record] : m_open) {
    JobRecord stopped = record;
    stopped.status = "interrupted";
    stopped.end = now();
    m_done.push_back(std::move(stopped));
  }
  std::string text = fmt::format("# flow run\tstarted_ns={}\tseconds={:.3f}\tjobs={}\tfailed={}\n",
                                 m_started_wall, summary.seconds, summary.total, summary.failed);
  text += "job\tlabel\trule\tstatus\tstart\tend\tcpu_s\tmax_rss_mb\tthreads\n";
  for (const auto& r : m_done) {
    text += fmt::format("{}\t{}\t{}\t{}\t{:.4f}\t{:.4f}\t{:.4f}\t{:.2f}\t{}\n", r.job,
                        escape_field(r.label), r.rule, r.status, r.start, r.end, r.cpu_seconds,
                        r.max_rss_mb, r.threads);
  }
  if (auto written = m_fs.write_file_atomic(m_path, text); !written) {
    m_next.warning("cannot keep the run's history for --report: " + written.error().message);
  }
  m_next.run_finished(summary);
}

Result<std::vector<JobRecord>> read_run_history(const std::string& text, const std::string& name,
                                                std::string* run_header) {
  std::vector<JobRecord> jobs;
  auto lines = split(text, '\n');
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty() || line.starts_with("job\t")) continue;
    if (line.starts_with("# flow run")) {
      if (run_header) *run_header = line.substr(2);
      continue;
    }
    auto fields = split(line, '\t');
    auto job = fields.size() == 9 ? parse_int(fields[0]) : std::nullopt;
    if (!job) return make_error(ErrorKind::io, fmt::format("{}:{}: not a job record", name, i + 1));
    JobRecord record;
    record.job = static_cast<std::uint32_t>(*job);
    record.label = unescape_field(fields[1]);
    record.rule = fields[2];
    record.status = fields[3];
    record.start = std::strtod(fields[4].c_str(), nullptr);
    record.end = std::strtod(fields[5].c_str(), nullptr);
    record.cpu_seconds = std::strtod(fields[6].c_str(), nullptr);
    record.max_rss_mb = std::strtod(fields[7].c_str(), nullptr);
    record.threads = static_cast<int>(parse_int(fields[8]).value_or(1));
    jobs.push_back(std::move(record));
  }
  return jobs;
}

}  // namespace flow::report
