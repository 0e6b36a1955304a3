#include "flow/report/run_history.h"

#include <algorithm>
#include <unordered_set>

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flow/report/progress_printer.h"

namespace flow::report {
namespace {

constexpr std::string_view k_header = "# flow run history 2";

int exit_status_of(run::RunStatus status) {
  switch (status) {
    case run::RunStatus::success:
      return 0;
    case run::RunStatus::failed:
      return 1;
    case run::RunStatus::interrupted:
      return 130;
  }
  return 1;
}

const char* status_name(run::RunStatus status) {
  switch (status) {
    case run::RunStatus::success:
      return "success";
    case run::RunStatus::failed:
      return "failed";
    case run::RunStatus::interrupted:
      return "interrupted";
  }
  return "failed";
}

// One record per line: a kind, then tab-separated fields, each escaped (escape_field).
std::string line(std::string_view kind, std::initializer_list<std::string> fields) {
  std::string text(kind);
  for (const auto& field : fields) {
    text += '\t';  // not "\t" + string: GCC 12 -O3 -Wrestrict false positive
    text += escape_field(field);
  }
  return text + "\n";
}

double number(const std::string& text) {
  return std::strtod(text.c_str(), nullptr);
}

std::size_t count(const std::string& text) {
  return static_cast<std::size_t>(std::max<std::int64_t>(0, parse_int(text).value_or(0)));
}

void read_run_field(RunRecord& r, const std::string& key, const std::string& value) {
  if (key == "started") r.started = parse_int(value).value_or(0);
  if (key == "seconds") r.seconds = number(value);
  if (key == "growth_seconds") r.growth_seconds = number(value);
  if (key == "status") r.status = value;
  if (key == "exit_status") r.exit_status = static_cast<int>(parse_int(value).value_or(1));
  if (key == "planned") r.planned = count(value);
  if (key == "succeeded") r.succeeded = count(value);
  if (key == "failed") r.failed = count(value);
  if (key == "not_run") r.not_run = count(value);
  if (key == "closing") r.closing_line = value;
  if (key == "command") r.info.command_line = value;
  if (key == "version") r.info.version = value;
  if (key == "workdir") r.info.workdir = value;
  if (key == "config") r.info.config_text = value;
  if (key == "rulegraph") r.info.rulegraph_dot = value;
}

// Parses one record's fields into `record`; false when the line is not one.
bool read_line(const std::vector<std::string>& f, RunRecord& record) {
  const std::string& kind = f[0];
  if (kind == "run" && f.size() == 3) {
    read_run_field(record, f[1], f[2]);
  } else if (kind == "job" && f.size() == 10 && parse_int(f[1])) {
    record.jobs.push_back(JobRecord{static_cast<std::uint32_t>(*parse_int(f[1])), f[2], f[3], f[4],
                                    number(f[5]), number(f[6]), number(f[7]), number(f[8]),
                                    static_cast<int>(parse_int(f[9]).value_or(1))});
  } else if (kind == "failure" && f.size() == 9 && parse_int(f[1])) {
    FailureRecord failure{
        static_cast<std::uint32_t>(*parse_int(f[1])), f[2], f[3], f[4], {}, f[6], f[7],
        static_cast<int>(parse_int(f[8]).value_or(1))};
    if (!f[5].empty()) failure.logs = split(f[5], '\n');
    record.failures.push_back(std::move(failure));
  } else if (kind == "output" && f.size() == 4) {
    record.outputs.push_back(FinalOutput{f[1], f[2], f[3] == "1"});
  } else {
    return false;
  }
  return true;
}

}  // namespace

RunHistory::RunHistory(run::RunObserver& next, const dag::Dag& dag, const sys::Clock& clock,
                       sys::Filesystem& fs, std::string path, RunInfo info)
    : m_next(next), m_dag(dag), m_clock(clock), m_fs(fs), m_path(std::move(path)) {
  m_record.info = std::move(info);
}

double RunHistory::now() const {
  return std::chrono::duration<double>(m_clock.steady_now() - m_started).count();
}

void RunHistory::run_started(std::size_t total) {
  m_started = m_clock.steady_now();
  m_record.started = m_clock.wall_now();
  m_record.planned = total;
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
  m_record.jobs.push_back(std::move(record));
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
  if (!event.will_retry) {
    m_record.failures.push_back(FailureRecord{event.job.value, event.label, event.what,
                                              event.command, event.logs, event.log_tail,
                                              event.output, event.attempt});
  }
  m_next.job_failed(event);
}

void RunHistory::run_finished(const run::RunSummary& summary) {
  for (const auto& [id, record] : m_open) {
    JobRecord stopped = record;
    stopped.status = "interrupted";
    stopped.end = now();
    m_record.jobs.push_back(std::move(stopped));
  }
  m_open.clear();
  m_record.seconds = summary.seconds;
  m_record.growth_seconds = summary.growth_seconds;
  m_record.status = status_name(summary.status);
  m_record.exit_status = exit_status_of(summary.status);
  m_record.planned = summary.total;
  m_record.succeeded = summary.succeeded;
  m_record.failed = summary.failed;
  m_record.not_run = summary.total - std::min(summary.total, summary.succeeded + summary.failed);
  m_record.closing_line = closing_line(summary);
  m_record.outputs = final_outputs(m_dag);
  if (auto written = m_fs.write_file_atomic(m_path, format_run_history(m_record)); !written) {
    m_next.warning("cannot keep the run's history for --report: " + written.error().message);
  }
  m_next.run_finished(summary);
}

std::vector<FinalOutput> final_outputs(const dag::Dag& dag) {
  std::vector<FinalOutput> outputs;
  std::unordered_set<std::uint32_t> seen;
  auto add = [&](const dag::FileRef& ref, bool report) {
    if (!seen.insert(ref.file.value).second) return;
    const dag::FileNode& node = dag.file(ref.file);
    std::string rule = node.producer.valid() ? dag.rule_of(node.producer).name : "";
    outputs.push_back(FinalOutput{node.path, rule, report});
  };
  for (JobId target : dag.targets()) {
    const dag::Job& job = dag.job(target);
    const auto& files = job.outputs.empty() ? job.inputs : job.outputs;
    for (const auto& ref : files) {
      if ((ref.flags & dag::k_flag_glob_root) != 0) continue;  // none of the job's files
      add(ref, (dag.file(ref.file).output_flags & dag::k_flag_report) != 0);
    }
  }
  for (const auto& job : dag.jobs()) {
    for (const auto* refs : {&job.outputs, &job.logs, &job.benchmarks}) {
      for (const auto& ref : *refs) {
        if (ref.flags & dag::k_flag_report) add(ref, true);
      }
    }
  }
  return outputs;
}

std::string format_run_history(const RunRecord& r) {
  std::string text = std::string(k_header) + "\n";
  auto run = [&](const char* key, std::string value) { text += line("run", {key, value}); };
  run("started", std::to_string(r.started));
  run("seconds", fmt::format("{:.3f}", r.seconds));
  run("growth_seconds", fmt::format("{:.4f}", r.growth_seconds));
  run("status", r.status);
  run("exit_status", std::to_string(r.exit_status));
  run("planned", std::to_string(r.planned));
  run("succeeded", std::to_string(r.succeeded));
  run("failed", std::to_string(r.failed));
  run("not_run", std::to_string(r.not_run));
  run("closing", r.closing_line);
  run("command", r.info.command_line);
  run("version", r.info.version);
  run("workdir", r.info.workdir);
  run("config", r.info.config_text);
  run("rulegraph", r.info.rulegraph_dot);
  for (const auto& j : r.jobs) {
    text += line("job",
                 {std::to_string(j.job), j.label, j.rule, j.status, fmt::format("{:.4f}", j.start),
                  fmt::format("{:.4f}", j.end), fmt::format("{:.4f}", j.cpu_seconds),
                  fmt::format("{:.2f}", j.max_rss_mb), std::to_string(j.threads)});
  }
  for (const auto& f : r.failures) {
    text += line("failure", {std::to_string(f.job), f.label, f.what, f.command, join(f.logs, "\n"),
                             f.log_tail, f.output, std::to_string(f.attempt)});
  }
  for (const auto& o : r.outputs)
    text += line("output", {o.path, o.rule, o.report ? "1" : "0"});
  return text;
}

Result<RunRecord> read_run_history(const std::string& text, const std::string& name) {
  RunRecord record;
  auto lines = split(text, '\n');
  if (lines.empty() || lines.front() != k_header) {
    return make_error(ErrorKind::io,
                      fmt::format("{}:1: not a run history of this version of flow", name));
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    auto fields = split(lines[i], '\t');
    for (auto& field : fields)
      field = unescape_field(field);
    if (!read_line(fields, record)) {
      return make_error(ErrorKind::io, fmt::format("{}:{}: not a run record", name, i + 1));
    }
  }
  return record;
}

std::map<std::string, double> rule_seconds(const RunRecord& record) {
  std::map<std::string, std::pair<double, int>> sums;
  for (const auto& job : record.jobs) {
    if (job.status != "ok" || job.end < job.start) continue;
    auto& [total, count] = sums[job.rule];
    total += job.end - job.start;
    ++count;
  }
  std::map<std::string, double> means;
  for (const auto& [rule, sum] : sums)
    means[rule] = sum.first / sum.second;
  return means;
}

}  // namespace flow::report
