// PBS Pro, OpenPBS and Torque (and Slurm's PBS wrappers): qsub / qstat / qdel.

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "exec/cluster_backend.h"
#include "exec/job_script.h"
#include "exec/pbs_status.h"
#include "exec/resource_template.h"
#include "flow/base/strings.h"

namespace flow::exec {
namespace {

// PBS Pro exits 153 (PBSE_UNKJOBID & 0xff) when it does not know an id, as does the Slurm
// wrapper, and 35 (PBSE_HISTJOBID & 0xff) when an id has finished ("use -x"). The ids it
// does know are still listed; the others are gone as far as tracking is concerned.
constexpr int k_unknown_job_exit = 153;
constexpr int k_finished_job_exit = 35;

bool is_space_free(std::string_view text) {
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

class PbsBackend final : public ClusterBackend {
 public:
  explicit PbsBackend(const ClusterOptions& options) : m_options(options) {
    if (m_options.resource_template.empty()) {
      m_options.resource_template = default_pbs_resource_template(options.pbs_flavor);
    }
  }

  std::string_view name() const override { return "pbs"; }
  std::string_view submit_command() const override { return "qsub"; }

  Result<Submission> prepare(const JobSpec& spec, const JobFiles& files,
                             std::string_view tag) const override {
    // Slurm's qsub wrapper splits its command line on spaces (shared/cluster/README.md).
    for (const auto* path : {&files.script, &files.stdout_path, &files.stderr_path}) {
      if (!is_space_free(*path)) {
        return make_error(ErrorKind::job,
                          fmt::format("job '{}': cannot submit with qsub from a path with spaces "
                                      "('{}'); use a working directory without spaces",
                                      spec.display_name, *path));
      }
    }
    auto resources = render_pbs_resources(m_options.resource_template, spec);
    if (!resources) return resources.error();
    std::size_t name_limit = m_options.pbs_flavor == PbsFlavor::torque ? 15 : 50;
    std::string job_name = submission_job_name(
        spec.display_name.empty() ? spec.rule : spec.display_name, tag, name_limit);

    Submission submission;
    submission.job_name = job_name;
    auto add = [&](const std::string& option, const std::string& value) {
      submission.argv.push_back(option);
      submission.argv.push_back(value);
      submission.directives.push_back(fmt::format("#PBS {} {}", option, value));
    };
    submission.argv.push_back("qsub");
    add("-N", job_name);
    add("-o", files.stdout_path);
    add("-e", files.stderr_path);
    // One comma-joined -l: the Slurm wrapper keeps only the last -l it is given. The script
    // gets a directive per resource (PBS and Torque add them up): sbatch reads `#PBS -l`
    // lines as well and misreads a joined `select=1:ncpus=1,walltime=...` (tests/cluster).
    if (!resources->empty()) {
      submission.argv.push_back("-l");
      submission.argv.push_back(*resources);
      for (const auto& part : split(*resources, ',')) {
        if (!part.empty()) submission.directives.push_back("#PBS -l " + part);
      }
    }
    if (!m_options.queue.empty()) add("-q", m_options.queue);
    if (!m_options.account.empty()) add("-A", m_options.account);
    if (!m_options.project.empty()) add("-P", m_options.project);
    submission.argv.insert(submission.argv.end(), m_options.extra_submit_args.begin(),
                           m_options.extra_submit_args.end());
    submission.argv.push_back(files.script);
    return submission;
  }

  Result<std::string> parse_submit_output(std::string_view output) const override {
    // Real PBS prints "13.server", the wrapper "13"; some sites print a banner first.
    std::string last;
    for (const auto& line : split(output, '\n')) {
      if (!trim(line).empty()) last = std::string(trim(line));
    }
    bool plausible = !last.empty() && std::isdigit(static_cast<unsigned char>(last.front())) &&
                     std::all_of(last.begin(), last.end(), [](char c) {
                       return std::isalnum(static_cast<unsigned char>(c)) ||
                              std::string_view("._-[]").find(c) != std::string_view::npos;
                     });
    if (!plausible) {
      return make_error(ErrorKind::job,
                        fmt::format("qsub printed no job id: '{}'", std::string(trim(output))));
    }
    return std::string(last);
  }

  std::vector<std::string> status_argv(const std::vector<std::string>& ids) const override {
    std::vector<std::string> argv{"qstat"};
    argv.insert(argv.end(), ids.begin(), ids.end());
    return argv;
  }

  std::optional<std::vector<StatusRow>> parse_status(
      const sys::CommandResult& result) const override {
    if (result.exit_code != 0 && result.exit_code != k_unknown_job_exit &&
        result.exit_code != k_finished_job_exit) {
      return std::nullopt;
    }
    return parse_qstat_table(result.output);
  }

  std::vector<std::string> named_listing_argv() const override { return {"qstat", "-f"}; }

  std::optional<std::vector<StatusRow>> parse_named_listing(
      const sys::CommandResult& result) const override {
    // No jobs at all: the wrapper exits 153 without output.
    if (result.exit_code == k_unknown_job_exit && trim(result.output).empty()) {
      return std::vector<StatusRow>();
    }
    if (result.exit_code != 0) return std::nullopt;
    return parse_qstat_full(result.output);
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

std::unique_ptr<ClusterBackend> make_pbs_backend(const ClusterOptions& options) {
  return std::make_unique<PbsBackend>(options);
}

}  // namespace flow::exec
