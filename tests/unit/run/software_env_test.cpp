#include "flow/run/software_env.h"

#include <gtest/gtest.h>

namespace flow::run {
namespace {

using Words = std::vector<std::string>;

const Words k_strict = {"bash", "-c", "set -euo pipefail; tool < in.txt | sort > 'o t.txt'"};
constexpr const char* k_in_image =
    "if command -v bash >/dev/null 2>&1; then exec bash -c \"set -euo pipefail; $1\"; fi; "
    "set -eu; eval \"$1\"";

ContainerPlace place() {
  return ContainerPlace{"/w/my dir", 1000, 100, {"FLOW_JOB=/w/my dir/.flow/jobs/a-1.json"}};
}

TEST(SoftwareEnvTest, PodmanRunsTheCommandInTheImageAsTheUserInTheWorkdir) {
  EXPECT_EQ(container_argv(ContainerRuntime::podman, "localhost/tools:1", place(), k_strict),
            (Words{"podman", "run", "--rm", "--pull=never", "-v", "/w/my dir:/w/my dir", "-w",
                   "/w/my dir", "--user", "1000:100", "-e",
                   "FLOW_JOB=/w/my dir/.flow/jobs/a-1.json", "localhost/tools:1", "sh", "-c",
                   k_in_image, "sh", "tool < in.txt | sort > 'o t.txt'"}));
}

TEST(SoftwareEnvTest, DockerTakesTheSameWords) {
  Words argv = container_argv(ContainerRuntime::docker, "tools", place(), {"cp", "a", "b"});
  EXPECT_EQ(argv, (Words{"docker", "run", "--rm", "--pull=never", "-v", "/w/my dir:/w/my dir", "-w",
                         "/w/my dir", "--user", "1000:100", "-e",
                         "FLOW_JOB=/w/my dir/.flow/jobs/a-1.json", "tools", "cp", "a", "b"}));
}

TEST(SoftwareEnvTest, ApptainerBindsTheWorkdirAndRunsAsTheUserItself) {
  EXPECT_EQ(container_argv(ContainerRuntime::apptainer, "tools.sif", place(), k_strict),
            (Words{"apptainer", "exec", "--bind", "/w/my dir", "--pwd", "/w/my dir", "--env",
                   "FLOW_JOB=/w/my dir/.flow/jobs/a-1.json", "tools.sif", "sh", "-c", k_in_image,
                   "sh", "tool < in.txt | sort > 'o t.txt'"}));
}

TEST(SoftwareEnvTest, RuntimeNamesRoundTrip) {
  EXPECT_EQ(parse_runtime("apptainer"), ContainerRuntime::apptainer);
  EXPECT_EQ(runtime_name(ContainerRuntime::podman), "podman");
  EXPECT_FALSE(parse_runtime("singularity").has_value());
}

TEST(SoftwareEnvTest, EnvmodulesLoadBeforeTheCommandWhichRunsByExec) {
  Words argv = envmodules_argv("align", {"samtools/1.9", "bwa"}, k_strict);
  ASSERT_EQ(argv.size(), 3u);
  EXPECT_EQ(argv[0], "bash");
  EXPECT_EQ(argv[1], "-c");
  const std::string& text = argv[2];
  EXPECT_TRUE(
      text.starts_with("if ! command -v module >/dev/null 2>&1; then\n  for flow_init in "
                       "${MODULESHOME:+\"$MODULESHOME/init/bash\"} "
                       "/usr/share/modules/init/bash"))
      << text;
  EXPECT_NE(text.find("if ! command -v module >/dev/null 2>&1; then\n  echo 'flow: rule '\\''align"
                      "'\\'' needs envmodules (samtools/1.9 bwa) with --use-envmodules, but the "
                      "'\\''module'\\'' command is not available: install Environment Modules "
                      "or Lmod, or run without --use-envmodules' >&2\n  exit 97\nfi\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("module load samtools/1.9 bwa || { echo 'flow: rule '\\''align'\\'': "
                      "module load samtools/1.9 bwa failed' >&2; exit 97; }\n"),
            std::string::npos)
      << text;
  EXPECT_TRUE(text.ends_with(
      "\nexec bash -c 'set -euo pipefail; tool < in.txt | sort > '\\''o t.txt'\\'''"))
      << text;
}

}  // namespace
}  // namespace flow::run
