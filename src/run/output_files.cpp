#include "flow/run/output_files.h"

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flow/dag/job_render.h"

namespace flow::run {
namespace {

// The paths the journal tracks for a job: outputs and benchmarks (logs are not checked for
// staleness: decisions.md).
std::vector<std::string> tracked_paths(const dag::Dag& dag, const dag::Job& job) {
  std::vector<std::string> paths;
  paths.reserve(job.outputs.size() + job.benchmarks.size());
  for (const auto* refs : {&job.outputs, &job.benchmarks}) {
    for (const auto& ref : *refs) {
      if ((ref.flags & dag::k_flag_pipe) != 0) continue;  // never kept, never journalled
      paths.push_back(dag.path(ref.file));
    }
  }
  return paths;
}

}  // namespace

std::string describe(std::span<const OutputProblem> problems) {
  std::string text;
  for (const auto& problem : problems) {
    if (!text.empty()) text += "; ";
    text += problem.message;
  }
  return text;
}

Result<void> OutputFiles::check_overwritable(JobId job) {
  const dag::Job& j = m_dag.job(job);
  for (const auto& ref : j.outputs) {
    if (!(ref.flags & dag::k_flag_protected)) continue;
    auto stat = m_stats.get(ref.file);
    if (stat && stat->exists && stat->read_only) {
      return make_error(ErrorKind::job,
                        fmt::format("output '{}' is protected; remove it by hand to make it again",
                                    m_dag.path(ref.file)));
    }
  }
  for (const auto* refs : {&j.outputs, &j.logs, &j.benchmarks}) {
    bool are_outputs = refs == &j.outputs;
    for (const auto& ref : *refs) {
      if (are_outputs && (ref.flags & (dag::k_flag_directory | dag::k_flag_pipe)) != 0) continue;
      // Issue 14 item 4: a path declared a file that is a directory now is the user's (or
      // another rule's) directory; removing it to remake "the file" would take a whole tree.
      auto stat = m_stats.get(ref.file);
      if (stat && stat->exists && stat->is_dir) {
        return make_error(
            ErrorKind::job,
            fmt::format("{} '{}' is a directory, but the rule declares a file; "
                        "flow leaves the directory alone: remove it by hand, "
                        "or declare the output `directory: true`",
                        are_outputs ? "output" : "log or benchmark", m_dag.path(ref.file)));
      }
    }
  }
  return ok_result();
}

Result<void> OutputFiles::prepare(JobId job) {
  const dag::Job& j = m_dag.job(job);
  for (const auto* refs : {&j.outputs, &j.logs, &j.benchmarks}) {
    bool are_outputs = refs == &j.outputs;
    for (const auto& ref : *refs) {
      const std::string& path = m_dag.path(ref.file);
      bool is_directory = are_outputs && (ref.flags & dag::k_flag_directory) != 0;
      bool is_pipe = are_outputs && (ref.flags & dag::k_flag_pipe) != 0;
      // A FIFO left by a killed run, or a regular file at a pipe's path, is removed like any
      // stale output (a directory is refused); then a fresh FIFO is made.
      if (auto removed = remove_path(m_fs, path, is_directory); !removed) return removed.error();
      m_stats.set(ref.file, sys::FileStat{});
      if (auto made = m_fs.make_dirs(sys::parent_dir(path)); !made) return made.error();
      if (is_pipe) {
        if (auto made = m_fs.make_fifo(path); !made) return made.error();
      }
    }
  }
  return m_state.mark_incomplete(tracked_paths(m_dag, j));
}

Result<void> OutputFiles::write_script(const std::string& path, const std::string& text) {
  if (auto made = m_fs.make_dirs(sys::parent_dir(path)); !made) return made.error();
  return m_fs.write_file_atomic(path, text);
}

void OutputFiles::remove_job_file(const std::string& path) {
  (void)m_fs.remove(path);
}

Result<void> OutputFiles::touch_flagged(JobId job) {
  for (const auto& ref : m_dag.job(job).outputs) {
    if (!(ref.flags & dag::k_flag_touch)) continue;
    const std::string& path = m_dag.path(ref.file);
    // A job without a step had no preparation that made the directory.
    if (auto made = m_fs.make_dirs(sys::parent_dir(path)); !made) return made.error();
    if (auto touched = m_fs.touch(path); !touched) return touched;
    m_stats.invalidate(ref.file);
  }
  return ok_result();
}

std::vector<OutputProblem> OutputFiles::check(JobId job, bool refresh) {
  std::vector<OutputProblem> problems;
  for (const auto& ref : m_dag.job(job).outputs) {
    if ((ref.flags & dag::k_flag_pipe) != 0) continue;  // spec §8: nothing on disk to check
    const std::string& path = m_dag.path(ref.file);
    if (refresh) m_fs.refresh_dir(sys::parent_dir(path));
    m_stats.invalidate(ref.file);
    auto stat = m_stats.get(ref.file);
    bool wants_dir = (ref.flags & dag::k_flag_directory) != 0;
    if (!stat) {
      problems.push_back({OutputProblemKind::io, ref.file, stat.error().message});
    } else if (!stat->exists) {
      problems.push_back(
          {OutputProblemKind::missing, ref.file, fmt::format("missing output {}", path)});
    } else if (wants_dir && !stat->is_dir) {
      problems.push_back(
          {OutputProblemKind::wrong_kind, ref.file,
           fmt::format("output {} is a file, but the rule declares a directory", path)});
    } else if (!wants_dir && stat->is_dir) {
      problems.push_back({OutputProblemKind::wrong_kind, ref.file,
                          fmt::format("output {} is a directory, but the rule does not declare "
                                      "`directory: true`",
                                      path)});
    }
  }
  return problems;
}

Result<bool> OutputFiles::remove_and_forget(FileId file, bool made_by_this_run) {
  const std::string& path = m_dag.path(file);
  bool is_directory = (m_dag.file(file).output_flags & dag::k_flag_directory) != 0;
  auto removed = remove_path(m_fs, path, is_directory || made_by_this_run);
  m_stats.invalidate(file);
  if (!removed) return removed.error();
  std::vector<std::string> one = {path};
  if (auto forgotten = m_state.forget(one); !forgotten) return forgotten.error();
  return *removed;
}

Removal OutputFiles::remove(JobId job) {
  Removal removal;
  const dag::Job& j = m_dag.job(job);
  for (const auto* refs : {&j.outputs, &j.benchmarks}) {
    for (const auto& ref : *refs) {
      if ((ref.flags & dag::k_flag_pipe) != 0) continue;  // remove_pipes, once the pair ended
      // check_overwritable refused a directory in a file's place before the job started, so
      // whatever is at the path now (a directory too) is what the failed job made.
      auto removed = remove_and_forget(ref.file, true);
      if (!removed) {
        removal.problems.push_back(removed.error());
      } else if (*removed) {
        removal.removed.push_back(m_dag.path(ref.file));
      }
    }
  }
  return removal;
}

void OutputFiles::remove_pipes(JobId job) {
  for (const auto& ref : m_dag.job(job).outputs) {
    if ((ref.flags & dag::k_flag_pipe) == 0) continue;
    (void)m_fs.remove(m_dag.path(ref.file));
    m_stats.set(ref.file, sys::FileStat{});
  }
}

std::vector<Error> OutputFiles::protect(JobId job) {
  std::vector<Error> problems;
  for (const auto& ref : m_dag.job(job).outputs) {
    if (!(ref.flags & dag::k_flag_protected)) continue;
    if (auto done = m_fs.set_read_only(m_dag.path(ref.file)); !done) {
      problems.push_back(done.error());
    }
    m_stats.invalidate(ref.file);
  }
  return problems;
}

Result<void> OutputFiles::record(JobId job, TimeStamp started, TimeStamp ended) {
  auto paths = tracked_paths(m_dag, m_dag.job(job));
  return record_paths(job, paths, started, ended);
}

Result<void> OutputFiles::record_paths(JobId job, std::span<const std::string> paths,
                                       TimeStamp started, TimeStamp ended) {
  if (paths.empty()) return ok_result();
  dag::Fingerprint print = dag::fingerprint(m_dag, job);
  state::OutputRecord record{
      m_dag.rule_of(job).name, print.code, print.params, print.inputs, started, ended};
  return m_state.record_complete(paths, record);
}

std::vector<Error> OutputFiles::write_benchmark(JobId job, const exec::JobCompletion& completion) {
  std::vector<Error> problems;
  const auto& benchmarks = m_dag.job(job).benchmarks;
  if (benchmarks.empty()) return problems;
  std::string text = benchmark_text(completion);
  for (const auto& ref : benchmarks) {
    if (auto written = m_fs.write_file_atomic(m_dag.path(ref.file), text); !written) {
      problems.push_back(written.error());
    }
    m_stats.invalidate(ref.file);
  }
  return problems;
}

Result<void> OutputFiles::release_temp(FileId file) {
  if (auto removed = remove_and_forget(file, false); !removed) return removed.error();
  m_stats.set(file, sys::FileStat{});
  return ok_result();
}

Result<bool> remove_path(sys::Filesystem& fs, const std::string& path, bool is_directory) {
  return is_directory ? fs.remove_tree(path) : fs.remove(path);
}

std::string benchmark_text(const exec::JobCompletion& c) {
  // Snakemake's columns and units (issue 9), so that plotting scripts written for its
  // benchmark files read flow's: memory and I/O in MiB, mean_load in percent of one core. wait4
  // gives no virtual, unique or proportional set sizes: those are NA, as Snakemake writes
  // what it could not measure; so is the peak memory of a job that reported none (a cluster
  // job without a measurement), since a real process never has 0 bytes resident.
  constexpr double k_mib = 1024.0 * 1024.0;
  constexpr double k_block = 512.0;  // ru_inblock/ru_oublock count 512-byte units
  std::string max_rss =
      c.max_rss_kb > 0 ? fmt::format("{:.2f}", static_cast<double>(c.max_rss_kb) / 1024.0) : "NA";
  std::string mean_load =
      c.wall_seconds > 0 ? fmt::format("{:.2f}", 100.0 * c.cpu_seconds / c.wall_seconds) : "NA";
  return fmt::format(
      "s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time\n"
      "{:.4f}\t{}\t{}\tNA\tNA\tNA\t{:.2f}\t{:.2f}\t{}\t{:.2f}\n",
      c.wall_seconds, format_hms(c.wall_seconds), max_rss,
      static_cast<double>(c.io_in_blocks) * k_block / k_mib,
      static_cast<double>(c.io_out_blocks) * k_block / k_mib, mean_load, c.cpu_seconds);
}

}  // namespace flow::run
