#include "cli/software_env_check.h"

#include <fmt/format.h>

#include "flow/base/strings.h"

namespace flow::cli {

std::string rules_text(const std::vector<std::string>& rules) {
  return (rules.size() == 1 ? "rule " : "rules ") + join(rules, ", ");
}

Result<run::ContainerRuntime> choose_runtime(
    const std::string& named, const std::vector<ImageUse>& images,
    const std::function<std::optional<std::string>(const std::string&)>& found) {
  std::vector<std::string> rules;
  for (const auto& use : images)
    rules.insert(rules.end(), use.rules.begin(), use.rules.end());
  if (!named.empty()) {
    auto runtime = run::parse_runtime(named);
    if (!runtime) {
      return make_error(ErrorKind::usage,
                        fmt::format("--container-runtime takes podman, docker or apptainer, not "
                                    "'{}'",
                                    named));
    }
    if (!found(named)) {
      Error error = make_error(
          ErrorKind::usage,
          fmt::format("--container-runtime {}: '{}' is not on PATH, and {} {} a container image",
                      named, named, rules_text(rules), rules.size() == 1 ? "has" : "have"));
      error.notes.push_back(fmt::format("install {} or name another runtime", named));
      return error;
    }
    return *runtime;
  }
  for (auto runtime : {run::ContainerRuntime::podman, run::ContainerRuntime::docker,
                       run::ContainerRuntime::apptainer}) {
    if (found(std::string(run::runtime_name(runtime)))) return runtime;
  }
  Error error = make_error(
      ErrorKind::usage,
      fmt::format("--use-containers: no container runtime on PATH (podman, docker, apptainer), "
                  "and {} {} a container image",
                  rules_text(rules), rules.size() == 1 ? "has" : "have"));
  error.notes.push_back(
      "install one of them, or run without --use-containers (the jobs then run on this "
      "machine as they are)");
  return error;
}

std::optional<std::vector<std::string>> image_check_command(run::ContainerRuntime runtime,
                                                            const std::string& image) {
  switch (runtime) {
    case run::ContainerRuntime::podman:
      return std::vector<std::string>{"podman", "image", "exists", image};
    case run::ContainerRuntime::docker:
      return std::vector<std::string>{"docker", "image", "inspect", "--format", ".", image};
    case run::ContainerRuntime::apptainer:
    case run::ContainerRuntime::none:
      break;
  }
  return std::nullopt;
}

}  // namespace flow::cli
