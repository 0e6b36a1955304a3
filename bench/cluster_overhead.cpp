// Per-job overhead of the cluster executor's own code paths: rendering and writing the job
// script, submitting (argv, id parsing, the re-attach record), polling (one qstat table for
// all jobs in flight), reading markers and building completions. qsub and qstat are
// scripted on a FakeSpawner and answer instantly, so their process time (35-85 ms each on
// the local scheduler) is excluded; simulated time runs on a FakeClock.
//
//   cluster_overhead [JOBS [IN_FLIGHT [--real-fs DIR]]]
// With --real-fs, job scripts, records and markers live in DIR on the real filesystem (what
// flow really pays, fsync included); without it, in a FakeFilesystem.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "exec/cluster_backend.h"
#include "flow/exec/cluster_executor.h"
#include "support/fake_clock.h"
#include "support/fake_filesystem.h"
#include "support/fake_spawner.h"

namespace {

using namespace flow;
using namespace std::chrono_literals;

// Adds the lifetime of a scope to a counter.
class Timer {
 public:
  explicit Timer(double& total) : m_total(total), m_start(std::chrono::steady_clock::now()) {}
  ~Timer() {
    m_total += std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  }

 private:
  double& m_total;
  std::chrono::steady_clock::time_point m_start;
};

// A scheduler in which every job ends by the next qstat: it writes the job's marker (as the
// job script would) and reports the job completed.
class InstantScheduler {
 public:
  InstantScheduler(test::FakeSpawner& spawner, sys::Filesystem& fs, bool real_fs)
      : m_fs(fs), m_real_fs(real_fs) {
    spawner.on_command("qsub", [this](const sys::SpawnRequest& request) {
      Timer timer(own_seconds);
      ++submits;
      std::string id = std::to_string(m_next_id++);
      m_running[id] = request.argv.back();
      return test::FakeSpawner::Reply{0, id + ".server\n", ""};
    });
    spawner.on_command("qstat", [this](const sys::SpawnRequest& request) {
      Timer timer(own_seconds);
      ++polls;
      std::string table =
          "Job id              Name             Username        Time Use S Queue\n"
          "------------------- ---------------- --------------- -------- - -----\n";
      for (std::size_t i = 1; i < request.argv.size(); ++i) {
        std::string id = request.argv[i].substr(0, request.argv[i].find('.'));
        table += id + std::string(20 - id.size(), ' ') + "job              u   00:00:01 C batch\n";
        if (auto it = m_running.find(id); it != m_running.end()) {
          write_marker(it->second);
          m_running.erase(it);
        }
      }
      return test::FakeSpawner::Reply{0, table, ""};
    });
  }

  std::size_t submits = 0;
  std::size_t polls = 0;
  /// Time spent in this pretend scheduler (writing markers as jobs would): not flow's.
  double own_seconds = 0;

 private:
  void write_marker(const std::string& script_path) {
    std::string script = m_fs.read_file(script_path).value();
    std::size_t at = script.find("\nflow_token=") + 12;
    std::string token = script.substr(at, script.find('\n', at) - at);
    std::string marker = sys::parent_dir(script_path) + "/exit";
    std::string text = "exit=0\ntoken=" + token + "\nstart=1.0\nend=2.0\n0m0.5s 0m0.1s\n";
    if (m_real_fs) {
      std::ofstream(marker) << text;  // the job's cost, not flow's: no fsync
    } else {
      (void)m_fs.write_file_atomic(marker, text);
    }
  }

  sys::Filesystem& m_fs;
  bool m_real_fs;
  std::map<std::string, std::string> m_running;  ///< id -> script path
  int m_next_id = 1;
};

exec::JobSpec make_spec(std::uint32_t id, const std::string& workdir) {
  exec::JobSpec spec;
  spec.id = id;
  spec.rule = "count";
  spec.wildcards = "book=" + std::to_string(id);
  spec.display_name = "count book=" + std::to_string(id);
  spec.argv = {"bash", "-c",
               "set -euo pipefail; sort -u words/" + std::to_string(id) + ".txt | wc -l > counts/" +
                   std::to_string(id) + ".tsv"};
  spec.workdir = workdir;
  spec.env = {"FLOW_THREADS=1"};
  spec.threads = 1;
  spec.resources["mem_mb"] = exec::ResourceValue{true, 200, "200"};
  spec.resources["walltime"] = exec::ResourceValue{false, 0, "00:10:00"};
  spec.identity = "h" + std::to_string(id * 2654435761u);
  return spec;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t jobs = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 2000;
  std::size_t in_flight = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 50;
  std::string real_dir = argc > 4 && std::string(argv[3]) == "--real-fs" ? argv[4] : "";

  test::FakeClock clock;
  test::FakeSpawner spawner(&clock);
  test::FakeFilesystem fake_fs;
  std::unique_ptr<sys::Filesystem> real_fs;
  if (!real_dir.empty()) {
    std::filesystem::create_directories(real_dir);
    real_fs = sys::make_real_filesystem();
  }
  sys::Filesystem& fs = real_fs ? *real_fs : fake_fs;
  std::string workdir = real_dir.empty() ? "/w" : std::filesystem::absolute(real_dir).string();
  InstantScheduler scheduler(spawner, fs, real_fs != nullptr);

  exec::ClusterOptions options;
  options.jobs = in_flight;
  options.submit_rate = 0;
  options.path_env = "/usr/local/bin:/usr/bin:/bin";
  options.flow_binary = "/usr/local/bin/flow";
  exec::ClusterExecutor executor(options, exec::make_pbs_backend(options), spawner, fs, clock);

  auto started = std::chrono::steady_clock::now();
  std::size_t next = 0;
  std::size_t finished = 0;
  while (finished < jobs) {
    while (next < jobs && executor.in_flight() < executor.capacity()) {
      auto spec = make_spec(static_cast<std::uint32_t>(next++), workdir);
      if (!executor.start(spec)) return 1;
    }
    for (const auto& done : executor.wait(clock.steady_now() + 1h)) {
      if (done.status != exec::CompletionStatus::succeeded) return 2;
      ++finished;
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() -
      scheduler.own_seconds;
  std::printf(
      "%zu jobs, %zu in flight, %s filesystem: %.3f s of flow's own time, %.1f us per job\n", jobs,
      in_flight, real_fs ? "real" : "fake", seconds, seconds / jobs * 1e6);
  std::printf("qsub calls %zu, qstat calls %zu (one per interval for all jobs in flight)\n",
              scheduler.submits, scheduler.polls);
  if (!real_dir.empty()) std::filesystem::remove_all(std::filesystem::path(real_dir) / ".flow");
  return 0;
}
