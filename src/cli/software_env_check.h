#pragma once
// Spec §9: before any job starts, the container runtime that --use-containers needs is
// found, and each image the jobs use is looked for where the runtime can tell cheaply.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "flow/base/result.h"
#include "flow/run/software_env.h"

namespace flow::cli {

/// A `container:` image and the rules that run in it.
struct ImageUse {
  std::string image;
  std::vector<std::string> rules;
};

/// The runtime to use: `named` ("" for the first of podman, docker, apptainer that `found`
/// finds on PATH). An error naming the rules of `images` when there is none.
Result<run::ContainerRuntime> choose_runtime(
    const std::string& named, const std::vector<ImageUse>& images,
    const std::function<std::optional<std::string>(const std::string&)>& found);

/// The command that tells whether `image` is there without pulling it: `podman image exists
/// IMAGE`, `docker image inspect --format . IMAGE`; nullopt for apptainer (a file, checked
/// by path).
std::optional<std::vector<std::string>> image_check_command(run::ContainerRuntime runtime,
                                                            const std::string& image);

/// "rule a", "rules a, b".
std::string rules_text(const std::vector<std::string>& rules);

}  // namespace flow::cli
