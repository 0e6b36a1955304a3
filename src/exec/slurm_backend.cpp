// Slurm: sbatch / squeue / scancel.

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "exec/cluster_backend.h"
#include "exec/job_script.h"
#include "exec/standard_resources.h"
#include "flow/base/strings.h"

namespace flow::exec {
namespace {

bool is_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

// Slurm's compact states of jobs that are over; every other state (PD, R, CG, S, RQ...)
// is still active.
bool is_finished_state(std::string_view state) {
  for (std::string_view done : {"CD", "F", "CA", "TO", "NF", "OOM", "PR", "BF", "DL"}) {
    if (state == done) return true;
  }
  return false;
}

// The rows of `squeue -h -o '%i %t'` ("%i %t %j" when `with_name`); nullopt when a line is
// not of that form.
std::optional<std::vector<StatusRow>> parse_squeue_rows(std::string_view output, bool with_name) {
  std::vector<StatusRow> rows;
  for (const auto& line : split(output, '\n')) {
    if (trim(line).empty()) continue;
    std::vector<std::string> words;
    for (auto& word : split(trim(line), ' ')) {
      if (!word.empty()) words.push_back(word);
    }
    bool shaped = with_name ? words.size() >= 2 : words.size() == 2;
    if (!shaped || !std::isdigit(static_cast<unsigned char>(words[0].front()))) {
      return std::nullopt;
    }
    rows.push_back(StatusRow{
        words[0], is_finished_state(words[1]) ? SchedulerState::finished : SchedulerState::active,
        words.size() > 2 ? words[2] : std::string()});
  }
  return rows;
}

class SlurmBackend final : public ClusterBackend {
 public:
  explicit SlurmBackend(const ClusterOptions& options) : m_options(options) {}

  std::string_view name() const override { return "slurm"; }
  std::string_view submit_command() const override { return "sbatch"; }

  Result<Submission> prepare(const JobSpec& spec, const JobFiles& files,
                             std::string_view tag) const override {
    auto request = standard_request(spec);
    if (!request) return request.error();

    Submission submission;
    submission.argv = {"sbatch", "--parsable"};
    // Short options on the command line, the same as long-form directives in the script
    // (which a directive line cannot quote, so a value with spaces stays off it).
    auto add = [&](std::string_view option, std::string_view long_name, const std::string& value) {
      submission.argv.emplace_back(option);
      submission.argv.push_back(value);
      if (value.find_first_of(" \t") == std::string::npos) {
        submission.directives.push_back(fmt::format("#SBATCH --{}={}", long_name, value));
      }
    };
    auto add_long = [&](std::string_view long_name, const std::string& value) {
      submission.argv.push_back(fmt::format("--{}={}", long_name, value));
      submission.directives.push_back(fmt::format("#SBATCH --{}={}", long_name, value));
    };
    submission.job_name =
        submission_job_name(spec.display_name.empty() ? spec.rule : spec.display_name, tag, 64);
    add("-J", "job-name", submission.job_name);
    add("-o", "output", files.stdout_path);
    add("-e", "error", files.stderr_path);
    // Snakemake's slurm executor's names (docs/cluster.md has the table).
    if (request->nodes) add_long("nodes", std::to_string(*request->nodes));
    if (request->tasks) add_long("ntasks", std::to_string(*request->tasks));
    add_long("cpus-per-task", std::to_string(request->cpus_per_task));
    // sbatch refuses --mem with --mem-per-cpu: the total wins, as in Snakemake.
    if (request->mem_mb) {
      add_long("mem", *request->mem_mb);
    } else if (request->mem_mb_per_cpu) {
      add_long("mem-per-cpu", std::to_string(*request->mem_mb_per_cpu));
    }
    if (request->disk_mb) add_long("tmp", std::to_string(*request->disk_mb));
    if (request->walltime_seconds) {
      add("-t", "time", std::to_string(std::max(1L, (*request->walltime_seconds + 59) / 60)));
    }
    // A rule's own partition and account win over --queue and --account (their defaults).
    const std::string& partition =
        request->partition.empty() ? m_options.queue : request->partition;
    const std::string& account = request->account.empty() ? m_options.account : request->account;
    if (!partition.empty()) add("-p", "partition", partition);
    if (!account.empty()) add("-A", "account", account);
    if (!request->constraint.empty()) add("-C", "constraint", request->constraint);
    submission.argv.insert(submission.argv.end(), m_options.extra_submit_args.begin(),
                           m_options.extra_submit_args.end());
    submission.argv.insert(submission.argv.end(), request->slurm_extra.begin(),
                           request->slurm_extra.end());
    submission.argv.push_back(files.script);
    return submission;
  }

  Result<std::string> parse_submit_output(std::string_view output) const override {
    // --parsable prints "123" or "123;cluster".
    std::string last;
    for (const auto& line : split(output, '\n')) {
      if (!trim(line).empty()) last = std::string(trim(line));
    }
    std::string id(base_job_id(last));
    if (!is_digits(id)) {
      return make_error(ErrorKind::job,
                        fmt::format("sbatch printed no job id: '{}'", std::string(trim(output))));
    }
    return id;
  }

  std::vector<std::string> status_argv(const std::vector<std::string>& ids) const override {
    // `-t all` also lists jobs that just ended (CD, F, CA...), while Slurm still keeps them.
    std::vector<std::string> argv{"squeue", "-h", "-o", "%i %t", "-t", "all"};
    if (!ids.empty()) {
      argv.push_back("-j");
      argv.push_back(join(ids, ","));
    }
    return argv;
  }

  std::optional<std::vector<StatusRow>> parse_status(
      const sys::CommandResult& result) const override {
    if (result.exit_code != 0) {
      // A lone id Slurm no longer knows is an error; several unknown ids are no rows.
      bool unknown = (result.error_output + result.output).find("Invalid job id specified") !=
                     std::string::npos;
      if (unknown) return std::vector<StatusRow>();
      return std::nullopt;
    }
    return parse_squeue_rows(result.output, false);
  }

  std::vector<std::string> named_listing_argv() const override {
    // The name last: job names never hold spaces (safe_job_name), but keep the parse simple.
    return {"squeue", "-h", "-o", "%i %t %j", "-t", "all"};
  }

  std::optional<std::vector<StatusRow>> parse_named_listing(
      const sys::CommandResult& result) const override {
    if (result.exit_code != 0) return std::nullopt;
    return parse_squeue_rows(result.output, true);
  }

  std::vector<std::string> cancel_argv(const std::vector<std::string>& ids) const override {
    std::vector<std::string> argv{"scancel"};
    argv.insert(argv.end(), ids.begin(), ids.end());
    return argv;
  }

 private:
  ClusterOptions m_options;
};

}  // namespace

std::unique_ptr<ClusterBackend> make_slurm_backend(const ClusterOptions& options) {
  return std::make_unique<SlurmBackend>(options);
}

}  // namespace flow::exec
