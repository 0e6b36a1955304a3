// Grid Engine (Son of Grid Engine, Univa/Altair GE, OGS): qsub -terse / qstat / qdel.

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "exec/cluster_backend.h"
#include "exec/job_script.h"
#include "exec/sge_status.h"
#include "exec/standard_resources.h"
#include "flow/base/strings.h"

namespace flow::exec {
namespace {

bool is_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

// Megabytes of a slot: `total` divided by `slots`, rounded up; nullopt when `total` is not a
// whole number of megabytes.
std::optional<long> per_slot_mb(std::string_view total, long slots) {
  auto number = parse_int(trim(total));
  if (!number || *number < 1) return std::nullopt;
  return static_cast<long>((*number + slots - 1) / slots);
}

class SgeBackend final : public ClusterBackend {
 public:
  explicit SgeBackend(const ClusterOptions& options) : m_options(options) {}

  std::string_view name() const override { return "sge"; }
  std::string_view submit_command() const override { return "qsub"; }

  Result<Submission> prepare(const JobSpec& spec, const JobFiles& files,
                             std::string_view tag) const override {
    // qsub reads "host:path" in -o and -e: a ':' in our paths would be taken for a host.
    for (const auto* path : {&files.stdout_path, &files.stderr_path}) {
      if (path->find(':') != std::string::npos) {
        return make_error(ErrorKind::job,
                          fmt::format("job '{}': cannot submit with Grid Engine's qsub from a "
                                      "path with ':' ('{}'); use a working directory without one",
                                      spec.display_name, *path));
      }
    }
    auto request = standard_request(spec);
    if (!request) return request.error();
    std::string pe_override;
    if (auto it = spec.resources.find("sge_pe"); it != spec.resources.end()) {
      pe_override = it->second.is_int ? std::to_string(it->second.number) : it->second.text;
      if (!is_safe_directive_value(pe_override)) {
        return make_error(ErrorKind::job,
                          fmt::format("rule '{}': resource sge_pe '{}' is not a parallel "
                                      "environment name",
                                      spec.rule, pe_override));
      }
    }

    Submission submission;
    submission.argv = {"qsub", "-terse"};
    // Options on the command line, the same as `#$` directives in the script (which cannot
    // quote, so a value with spaces stays off them).
    auto add = [&](std::string_view option, const std::vector<std::string>& values) {
      submission.argv.emplace_back(option);
      submission.argv.insert(submission.argv.end(), values.begin(), values.end());
      std::string joined = join(values, " ");
      bool quotable = std::none_of(values.begin(), values.end(), [](const std::string& value) {
        return value.find_first_of(" \t") != std::string::npos;
      });
      if (quotable) submission.directives.push_back(fmt::format("#$ {} {}", option, joined));
    };
    submission.job_name =
        submission_job_name(spec.display_name.empty() ? spec.rule : spec.display_name, tag, 64);
    add("-N", {submission.job_name});
    add("-o", {files.stdout_path});
    add("-e", {files.stderr_path});
    add("-j", {"n"});
    // The job script is bash; without -S a queue's shell (csh on many sites) would run it.
    add("-S", {"/bin/bash"});

    // Slots: one per CPU of every task. A job of several tasks (or nodes) takes the MPI
    // parallel environment, a multi-threaded one the SMP one; a single slot none.
    long tasks = request->tasks.value_or(request->nodes.value_or(1));
    long slots = tasks * request->cpus_per_task;
    bool distributed = tasks > 1 || request->nodes.value_or(1) > 1;
    if (slots > 1 || !pe_override.empty()) {
      const std::string& pe = !pe_override.empty() ? pe_override
                              : distributed        ? m_options.sge_mpi_pe
                                                   : m_options.sge_pe;
      add("-pe", {pe, std::to_string(slots)});
    }
    // h_vmem is a limit per slot; mem_mb is per node (as sbatch's --mem): it is divided among
    // the slots of a node.
    long node_slots = request->tasks_per_node() * request->cpus_per_task;
    std::vector<std::string> limits;
    if (request->mem_mb) {
      auto mb = per_slot_mb(*request->mem_mb, node_slots);
      if (mb) {
        limits.push_back(fmt::format("h_vmem={}M", *mb));
      } else if (node_slots == 1) {
        limits.push_back("h_vmem=" + *request->mem_mb);  // "4G": Grid Engine reads it
      } else {
        return make_error(ErrorKind::job,
                          fmt::format("rule '{}': resource mem_mb '{}' cannot be divided among {} "
                                      "Grid Engine slots (h_vmem is per slot); give megabytes "
                                      "as a number, or mem_mb_per_cpu",
                                      spec.rule, *request->mem_mb, node_slots));
      }
    } else if (request->mem_mb_per_cpu) {
      limits.push_back(fmt::format("h_vmem={}M", *request->mem_mb_per_cpu));
    }
    if (request->walltime_seconds) {
      limits.push_back("h_rt=" + format_walltime(std::max(1L, *request->walltime_seconds)));
    }
    for (const auto& limit : limits)
      add("-l", {limit});
    if (!m_options.queue.empty()) add("-q", {m_options.queue});
    if (!m_options.account.empty()) add("-A", {m_options.account});
    if (!m_options.project.empty()) add("-P", {m_options.project});
    submission.argv.insert(submission.argv.end(), m_options.extra_submit_args.begin(),
                           m_options.extra_submit_args.end());
    submission.argv.push_back(files.script);
    return submission;
  }

  Result<std::string> parse_submit_output(std::string_view output) const override {
    // -terse prints "123" ("123.1-10:1" for an array job).
    std::string last;
    for (const auto& line : split(output, '\n')) {
      if (!trim(line).empty()) last = std::string(trim(line));
    }
    std::string id(base_job_id(last));
    if (!is_digits(id)) {
      return make_error(ErrorKind::job,
                        fmt::format("qsub printed no job id: '{}'", std::string(trim(output))));
    }
    return id;
  }

  std::vector<std::string> status_argv(const std::vector<std::string>& /*ids*/) const override {
    // Every job of this user in one table: `qstat -j` takes lists too, but answers in blocks
    // and fails as a whole for an id it no longer knows. Finished jobs are not listed.
    return {"qstat"};
  }

  std::optional<std::vector<StatusRow>> parse_status(
      const sys::CommandResult& result) const override {
    if (result.exit_code != 0) return std::nullopt;
    return parse_sge_qstat(result.output);
  }

  std::vector<std::string> named_listing_argv() const override { return {"qstat", "-r"}; }

  std::optional<std::vector<StatusRow>> parse_named_listing(
      const sys::CommandResult& result) const override {
    if (result.exit_code != 0) return std::nullopt;
    return parse_sge_qstat(result.output);
  }

  std::vector<std::string> cancel_argv(const std::vector<std::string>& ids) const override {
    std::vector<std::string> argv{"qdel"};
    argv.insert(argv.end(), ids.begin(), ids.end());
    return argv;
  }

 private:
  ClusterOptions m_options;
};

}  // namespace

std::unique_ptr<ClusterBackend> make_sge_backend(const ClusterOptions& options) {
  return std::make_unique<SgeBackend>(options);
}

}  // namespace flow::exec
