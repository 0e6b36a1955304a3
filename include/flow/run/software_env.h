#pragma once
// Software environments (spec §9): a job's command wrapped in `module load` (local jobs with
// --use-envmodules) or in a container runtime (--use-containers). Pure functions: they build
// argv and nothing else; finding the runtime and the image is the CLI's work.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flow::run {

enum class ContainerRuntime { none, podman, docker, apptainer };

/// "podman", "docker", "apptainer"; "" for none.
std::string_view runtime_name(ContainerRuntime runtime);
/// The runtime named `name`; nullopt when flow knows no such runtime.
std::optional<ContainerRuntime> parse_runtime(std::string_view name);

/// Where a container's command runs: the working directory (mounted at the same path and
/// the current directory inside), the user and group ids the job runs as, the variables the
/// job needs (FLOW_JOB...).
struct ContainerPlace {
  std::string workdir;
  unsigned uid = 0;
  unsigned gid = 0;
  std::vector<std::string> env;  ///< "NAME=VALUE"
};

/// `argv` run inside `image`:
///   podman|docker run --rm --pull=never --network none -v W:W -w W --user U:G [-e E]... IMAGE CMD
///   apptainer exec --bind W --pwd W [--env E]... IMAGE CMD
/// where CMD is `argv`, except that flow's `bash -c 'set -euo pipefail; X'` becomes a POSIX
/// sh that runs X with bash where the image has it, else with sh (`set -eu`): a busybox
/// image has no bash.
std::vector<std::string> container_argv(ContainerRuntime runtime, const std::string& image,
                                        const ContainerPlace& place,
                                        const std::vector<std::string>& argv);

/// `argv` run after `module load MODULES` in bash, where `module` is defined from the
/// usual init scripts first (Environment Modules, Lmod). When `module` stays missing, or
/// a module does not load, the job fails with exit 97 and a message naming `rule`.
std::vector<std::string> envmodules_argv(const std::string& rule,
                                         const std::vector<std::string>& modules,
                                         const std::vector<std::string>& argv);

/// The shell text that makes `module` available in bash (shared with cluster job scripts):
/// sources the first init script found when `module` is not already a command.
std::string_view module_init_text();

}  // namespace flow::run
