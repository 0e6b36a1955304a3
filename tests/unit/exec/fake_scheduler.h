#pragma once
// A pretend PBS or Slurm for ClusterExecutor tests: qsub/sbatch, qstat/squeue and
// qdel/scancel scripted on a FakeSpawner, job scripts and markers in a FakeFilesystem,
// time on a FakeClock. The test decides each job's scheduler state and marker.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "flow/base/strings.h"
#include "flow/exec/cluster_executor.h"
#include "support/fake_clock.h"
#include "support/fake_filesystem.h"
#include "support/fake_spawner.h"

namespace flow::exec::testing {

class FakeScheduler {
 public:
  FakeScheduler(SchedulerKind kind, test::FakeSpawner& spawner, test::FakeFilesystem& fs,
                test::FakeClock& clock)
      : m_kind(kind), m_fs(fs), m_clock(clock) {
    bool pbs = kind == SchedulerKind::pbs;
    spawner.on_command(pbs ? "qsub" : "sbatch",
                       [this](const sys::SpawnRequest& r) { return submit(r); });
    spawner.on_command(pbs ? "qstat" : "squeue",
                       [this](const sys::SpawnRequest& r) { return status(r); });
    spawner.on_command(pbs ? "qdel" : "scancel",
                       [this](const sys::SpawnRequest& r) { return cancel(r); });
  }

  /// Scheduler states by id: PBS letters (Q, R, C) or Slurm codes (PD, R, CD). Absent: the
  /// scheduler does not know the id.
  std::map<std::string, std::string> states;
  /// Printed after the number by qsub (".server" for real PBS).
  std::string id_suffix;
  /// The next N status queries fail (exit 1, or garbage with `garble`).
  int failing_status_queries = 0;
  bool garble = false;
  /// The next submission fails with this exit code and output, when not 0.
  int failing_submit_exit = 0;
  std::string failing_submit_output;
  /// When each status query ran, and its argv.
  std::vector<SteadyTime> status_times;
  std::vector<std::vector<std::string>> status_calls;
  std::vector<SteadyTime> submit_times;
  std::vector<std::vector<std::string>> cancel_calls;
  /// qdel/scancel is answered but the jobs stay as they are (a scheduler slow to let go).
  bool ignore_cancel = false;
  /// Script path by job id.
  std::map<std::string, std::string> scripts;
  /// The name each job was submitted with (-N or -J).
  std::map<std::string, std::string> names;
  /// What the job's record file held while the submit command ran (by job id).
  std::map<std::string, std::string> record_at_submit;

  std::string running_state() const { return m_kind == SchedulerKind::pbs ? "R" : "R"; }
  std::string done_state() const { return m_kind == SchedulerKind::pbs ? "C" : "CD"; }

  /// The job's directory (beside its script).
  std::string dir_of(const std::string& id) const { return sys::parent_dir(scripts.at(id)); }

  /// The token the job script writes into its marker.
  std::string token_of(const std::string& id) const {
    std::string script = m_fs.contents(scripts.at(id));
    std::size_t at = script.find("\nflow_token=");
    EXPECT_NE(at, std::string::npos);
    std::size_t start = at + 12;
    return script.substr(start, script.find('\n', start) - start);
  }

  /// What the job script does at its end: write the marker.
  void write_marker(const std::string& id, int exit_code) {
    m_fs.create(dir_of(id) + "/exit", "exit=" + std::to_string(exit_code) +
                                          "\ntoken=" + token_of(id) + "\nstart=100.0\nend=102.5\n" +
                                          "0m0.001s 0m0.001s\n0m1.000s 0m0.250s\n");
  }

  /// The job ran to its end: marker written, scheduler says done.
  void complete(const std::string& id, int exit_code) {
    write_marker(id, exit_code);
    states[id] = done_state();
  }

 private:
  test::FakeSpawner::Reply submit(const sys::SpawnRequest& request) {
    submit_times.push_back(m_clock.steady_now());
    if (failing_submit_exit != 0) {
      int exit = failing_submit_exit;
      failing_submit_exit = 0;
      return {exit, failing_submit_output, ""};
    }
    std::string id = std::to_string(m_next_id++);
    scripts[id] = request.argv.back();
    for (std::size_t i = 0; i + 1 < request.argv.size(); ++i) {
      if (request.argv[i] == "-N" || request.argv[i] == "-J") names[id] = request.argv[i + 1];
    }
    std::string record = sys::parent_dir(scripts[id]) + "/id";
    if (m_fs.exists(record)) record_at_submit[id] = m_fs.contents(record);
    states[id] = m_kind == SchedulerKind::pbs ? "Q" : "PD";
    return {0, id + (m_kind == SchedulerKind::pbs ? id_suffix : "") + "\n", ""};
  }

  test::FakeSpawner::Reply status(const sys::SpawnRequest& request) {
    status_times.push_back(m_clock.steady_now());
    status_calls.push_back(request.argv);
    if (failing_status_queries > 0) {
      --failing_status_queries;
      if (garble) return {0, "Server is busy\n", ""};
      return {1, "", "cannot connect to server\n"};
    }
    std::vector<std::string> ids = requested_ids(request.argv);
    bool named =
        std::find(request.argv.begin(), request.argv.end(), "-f") != request.argv.end() ||
        std::find(request.argv.begin(), request.argv.end(), "%i %t %j") != request.argv.end();
    if (named) return m_kind == SchedulerKind::pbs ? qstat_full() : squeue(ids, true);
    return m_kind == SchedulerKind::pbs ? qstat(ids) : squeue(ids);
  }

  std::vector<std::string> requested_ids(const std::vector<std::string>& argv) const {
    std::vector<std::string> ids;
    if (m_kind == SchedulerKind::pbs) {
      for (std::size_t i = 1; i < argv.size(); ++i) {
        if (!argv[i].starts_with('-')) ids.push_back(argv[i]);
      }
    } else if (auto j = std::find(argv.begin(), argv.end(), "-j"); j != argv.end()) {
      ids = split(*(j + 1), ',');
    }
    if (ids.empty()) {
      for (const auto& [id, state] : states)
        ids.push_back(id);
    }
    return ids;
  }

  test::FakeSpawner::Reply qstat(const std::vector<std::string>& ids) const {
    std::string table =
        "Job id              Name             Username        Time Use S Queue\n"
        "------------------- ---------------- --------------- -------- - ---------------\n";
    bool any = false;
    for (const auto& id : ids) {
      auto it = states.find(std::string(id.substr(0, id.find('.'))));
      if (it == states.end()) continue;
      any = true;
      std::string shown = id.substr(0, 19);
      table += shown + std::string(20 - shown.size(), ' ') +
               "job              user            00:00:00 " + it->second + " batch\n";
    }
    if (!any) return {153, "", ""};  // as the Slurm wrapper does for unknown ids
    return {0, table, ""};
  }

  // `qstat -f`, as the Slurm wrapper prints it (a tab after "Job Id:").
  test::FakeSpawner::Reply qstat_full() const {
    std::string text;
    for (const auto& [id, state] : states) {
      auto name = names.find(id);
      text += "Job Id:\t" + id + id_suffix +
              "\n\tJob_Name = " + (name == names.end() ? "job" : name->second) +
              "\n\tJob_Owner = user@host\n\tjob_state = " + state + "\n\tqueue = batch\n\n";
    }
    if (text.empty()) return {153, "", ""};
    return {0, text, ""};
  }

  test::FakeSpawner::Reply squeue(const std::vector<std::string>& ids, bool named = false) const {
    std::string rows;
    for (const auto& id : ids) {
      auto it = states.find(id);
      if (it == states.end()) continue;
      rows += id + " " + it->second;
      if (named) rows += " " + (names.contains(id) ? names.at(id) : std::string("job"));
      rows += "\n";
    }
    if (rows.empty() && ids.size() == 1) {
      return {1, "", "slurm_load_jobs error: Invalid job id specified\n"};
    }
    return {0, rows, ""};
  }

  test::FakeSpawner::Reply cancel(const sys::SpawnRequest& request) {
    cancel_calls.push_back(request.argv);
    for (std::size_t i = 1; i < request.argv.size(); ++i) {
      std::string id = request.argv[i].substr(0, request.argv[i].find('.'));
      if (states.contains(id) && !ignore_cancel)
        states[id] = m_kind == SchedulerKind::pbs ? "C" : "CA";
    }
    return {0, "", ""};
  }

  SchedulerKind m_kind;
  test::FakeFilesystem& m_fs;
  test::FakeClock& m_clock;
  int m_next_id = 13;
};

}  // namespace flow::exec::testing
