#include "cli/software_env_check.h"

#include <gtest/gtest.h>

namespace flow::cli {
namespace {

auto on_path(std::vector<std::string> programs) {
  return [programs](const std::string& name) -> std::optional<std::string> {
    for (const auto& program : programs)
      if (program == name) return "/usr/bin/" + name;
    return std::nullopt;
  };
}

const std::vector<ImageUse> k_images = {{"tools:1", {"align", "sort"}}};

TEST(SoftwareEnvCheckTest, TheFirstRuntimeFoundIsUsed) {
  EXPECT_EQ(choose_runtime("", k_images, on_path({"apptainer", "docker"})).value(),
            run::ContainerRuntime::docker);
  EXPECT_EQ(choose_runtime("apptainer", k_images, on_path({"apptainer", "podman"})).value(),
            run::ContainerRuntime::apptainer);
}

TEST(SoftwareEnvCheckTest, NoRuntimeNamesTheRulesThatNeedOne) {
  auto none = choose_runtime("", k_images, on_path({}));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message,
            "--use-containers: no container runtime on PATH (podman, docker, apptainer), and "
            "rules align, sort have a container image");
  auto named = choose_runtime("podman", {{"x", {"a"}}}, on_path({"docker"}));
  ASSERT_FALSE(named.ok());
  EXPECT_EQ(named.error().message,
            "--container-runtime podman: 'podman' is not on PATH, and rule a has a container "
            "image");
}

TEST(SoftwareEnvCheckTest, ImagesAreCheckedWithoutPulling) {
  EXPECT_EQ(image_check_command(run::ContainerRuntime::podman, "t:1").value(),
            (std::vector<std::string>{"podman", "image", "exists", "t:1"}));
  EXPECT_EQ(image_check_command(run::ContainerRuntime::docker, "t:1").value(),
            (std::vector<std::string>{"docker", "image", "inspect", "--format", ".", "t:1"}));
  EXPECT_FALSE(image_check_command(run::ContainerRuntime::apptainer, "t.sif").has_value());
}

}  // namespace
}  // namespace flow::cli
