#include "flow/run/software_env.h"

#include <fmt/format.h>

#include "flow/base/strings.h"
#include "flow/exec/envmodules.h"

namespace flow::run {
namespace {

constexpr std::string_view k_strict_prefix = "set -euo pipefail; ";

// Run as `sh -c TEXT sh COMMAND`: bash where the image has it (flow's usual strict bash), else
// the image's POSIX sh with `set -eu` (dash and busybox sh: pipefail is bash's).
constexpr std::string_view k_in_image_shell =
    "if command -v bash >/dev/null 2>&1; then exec bash -c \"set -euo pipefail; $1\"; fi; "
    "set -eu; eval \"$1\"";

// flow's `bash -c 'set -euo pipefail; X'` (job_spec_builder) as a command an image without
// bash runs too; any other argv unchanged.
std::vector<std::string> in_image_command(const std::vector<std::string>& argv) {
  if (argv.size() == 3 && argv[0] == "bash" && argv[1] == "-c" &&
      argv[2].starts_with(k_strict_prefix)) {
    return {"sh", "-c", std::string(k_in_image_shell), "sh",
            argv[2].substr(k_strict_prefix.size())};
  }
  return argv;
}

}  // namespace

std::string_view runtime_name(ContainerRuntime runtime) {
  switch (runtime) {
    case ContainerRuntime::podman:
      return "podman";
    case ContainerRuntime::docker:
      return "docker";
    case ContainerRuntime::apptainer:
      return "apptainer";
    case ContainerRuntime::none:
      break;
  }
  return "";
}

std::optional<ContainerRuntime> parse_runtime(std::string_view name) {
  for (auto runtime :
       {ContainerRuntime::podman, ContainerRuntime::docker, ContainerRuntime::apptainer}) {
    if (runtime_name(runtime) == name) return runtime;
  }
  return std::nullopt;
}

std::vector<std::string> container_argv(ContainerRuntime runtime, const std::string& image,
                                        const ContainerPlace& place,
                                        const std::vector<std::string>& argv) {
  const std::string& dir = place.workdir;
  std::vector<std::string> words;
  if (runtime == ContainerRuntime::apptainer) {
    // apptainer runs as the calling user already.
    words = {"apptainer", "exec", "--bind", dir, "--pwd", dir};
    for (const auto& entry : place.env) {
      words.push_back("--env");
      words.push_back(entry);
    }
  } else {
    words = {std::string(runtime_name(runtime)),
             "run",
             "--rm",
             "--pull=never",
             "-v",
             dir + ":" + dir,
             "-w",
             dir,
             "--user",
             fmt::format("{}:{}", place.uid, place.gid)};
    for (const auto& entry : place.env) {
      words.push_back("-e");
      words.push_back(entry);
    }
  }
  words.push_back(image);
  auto command = in_image_command(argv);
  words.insert(words.end(), command.begin(), command.end());
  return words;
}

std::vector<std::string> envmodules_argv(const std::string& rule,
                                         const std::vector<std::string>& modules,
                                         const std::vector<std::string>& argv) {
  std::vector<std::string> quoted;
  for (const auto& module : modules)
    quoted.push_back(shell_quote(module));
  std::string names = join(modules, " ");
  std::string text(exec::module_init_text());
  text += "if ! command -v module >/dev/null 2>&1; then\n";
  text += "  echo " +
          shell_quote(fmt::format("flow: rule '{}' needs envmodules ({}) with --use-envmodules, "
                                  "but the 'module' command is not available: install "
                                  "Environment Modules or Lmod, or run without --use-envmodules",
                                  rule, names)) +
          " >&2\n  exit 97\nfi\n";
  text += "module load " + join(quoted, " ") + " || { echo " +
          shell_quote(fmt::format("flow: rule '{}': module load {} failed", rule, names)) +
          " >&2; exit 97; }\n";
  std::vector<std::string> words;
  for (const auto& word : argv)
    words.push_back(shell_quote(word));
  text += "exec " + join(words, " ");
  return {"bash", "-c", text};
}

}  // namespace flow::run
