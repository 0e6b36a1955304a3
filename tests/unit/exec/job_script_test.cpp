#include "exec/job_script.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "exec/cluster_job.h"
#include "flow/sys/interrupt.h"
#include "flow/sys/process.h"

namespace flow::exec {
namespace {

JobSpec count_job() {
  JobSpec spec;
  spec.id = 7;
  spec.rule = "count";
  spec.wildcards = "book=84";
  spec.display_name = "count book=84";
  spec.argv = {"bash", "-c", "set -euo pipefail; sort -u words/84.txt | wc -l > counts/84.tsv"};
  spec.workdir = "/data/my books";
  spec.env = {"FLOW_THREADS=1", "GREETING=it's here"};
  spec.identity = "3f9a";
  return spec;
}

TEST(JobScriptTest, RendersTheGoldenScript) {
  JobSpec spec = count_job();
  JobFiles files = job_files("/data/flow/.flow/cluster", spec);
  ScriptContext context{{"#PBS -N count_book_84", "#PBS -l select=1:ncpus=1"},
                        "tok123",
                        "/usr/local/bin:/usr/bin:/bin",
                        ""};
  auto script = render_job_script(spec, files, context);
  ASSERT_TRUE(script.ok());
  EXPECT_EQ(*script, R"(#!/bin/bash
#PBS -N count_book_84
#PBS -l select=1:ncpus=1
# flow job 7: count book=84
# Runs the job, then writes its exit status to the marker (docs/cluster.md).
flow_marker=/data/flow/.flow/cluster/count.3f9a/exit
flow_token=tok123
flow_start=${EPOCHREALTIME:-$(date +%s)}
flow_finish() {
  { printf 'exit=%s\ntoken=%s\nstart=%s\nend=%s\n' "$1" "$flow_token" "$flow_start" "${EPOCHREALTIME:-$(date +%s)}"; times; } >"$flow_marker.tmp" &&
    mv -f "$flow_marker.tmp" "$flow_marker"
  exit "$1"
}
cd '/data/my books' || flow_finish 98
export PATH=/usr/local/bin:/usr/bin:/bin
export FLOW_THREADS=1
export GREETING='it'\''s here'
bash -c 'set -euo pipefail; sort -u words/84.txt | wc -l > counts/84.tsv' </dev/null
flow_finish $?
)");
}

TEST(JobScriptTest, AShadowJobChangesToItsScratchDirectory) {
  JobSpec spec = count_job();
  spec.rundir = "/data/my books/.flow/shadow/count-3f9a";
  auto script = render_job_script(spec, job_files("/s", spec), ScriptContext{});
  ASSERT_TRUE(script.ok());
  EXPECT_NE(script->find("\ncd '/data/my books/.flow/shadow/count-3f9a' || flow_finish 98\n"),
            std::string::npos)
      << *script;
}

TEST(JobScriptTest, LoadsEnvmodulesWithAGuard) {
  JobSpec spec = count_job();
  spec.env.clear();
  spec.envmodules = {"samtools/1.9"};
  auto script = render_job_script(spec, job_files("/s", spec), ScriptContext{});
  ASSERT_TRUE(script.ok());
  EXPECT_NE(script->find("if ! command -v module >/dev/null 2>&1; then\n  echo \"flow: this job "
                         "needs envmodules, but the 'module' command is not available on "
                         "$(hostname)\" >&2\n  flow_finish 97\nfi\n"),
            std::string::npos);
  EXPECT_NE(script->find("module load samtools/1.9 || { echo \"flow: module load failed:\" "
                         "samtools/1.9 >&2; flow_finish 97; }\n"),
            std::string::npos);
  // Modules are loaded before the command runs.
  EXPECT_LT(script->find("module load samtools"), script->find("bash -c"));
}

// Spec §9: a cluster job of a rule with a container runs the runtime's command line (built
// by run/software_env.cpp), after its modules, so that `module load apptainer` can bring it.
TEST(JobScriptTest, RunsTheContainerCommandAfterTheModules) {
  JobSpec spec = count_job();
  spec.env.clear();
  spec.envmodules = {"apptainer"};
  spec.argv = {"apptainer",
               "exec",
               "--bind",
               "/w",
               "--pwd",
               "/w",
               "tools.sif",
               "sh",
               "-c",
               "if command -v bash >/dev/null 2>&1; then exec bash -c \"set -euo pipefail; $1\"; "
               "fi; set -eu; eval \"$1\"",
               "sh",
               "sort -u words/84.txt | wc -l > counts/84.tsv"};
  auto script = render_job_script(spec, job_files("/s", spec), ScriptContext{});
  ASSERT_TRUE(script.ok());
  const std::string line =
      "\napptainer exec --bind /w --pwd /w tools.sif sh -c 'if command -v bash >/dev/null 2>&1; "
      "then exec bash -c \"set -euo pipefail; $1\"; fi; set -eu; eval \"$1\"' sh 'sort -u "
      "words/84.txt | wc -l > counts/84.tsv' </dev/null\nflow_finish $?\n";
  EXPECT_NE(script->find(line), std::string::npos) << *script;
  EXPECT_LT(script->find("module load apptainer"), script->find("apptainer exec"));
  EXPECT_NE(script->find("  for flow_init in ${MODULESHOME:+\"$MODULESHOME/init/bash\"} "
                         "/usr/share/modules/init/bash "),
            std::string::npos);
}

TEST(JobScriptTest, PutsTheAbsoluteFlowBinaryInPlaceOfABareFlow) {
  JobSpec spec = count_job();
  spec.argv = {"flow", "builtin", "words", "--input=books/84.txt"};
  ScriptContext context;
  context.flow_binary = "/opt/flow/bin/flow";
  auto script = render_job_script(spec, job_files("/s", spec), context);
  ASSERT_TRUE(script.ok());
  EXPECT_NE(script->find("\n/opt/flow/bin/flow builtin words --input=books/84.txt </dev/null\n"),
            std::string::npos);
}

TEST(JobScriptTest, RejectsAnEnvironmentEntryThatIsNotNameEqualsValue) {
  JobSpec spec = count_job();
  spec.env = {"1BAD=x"};
  auto script = render_job_script(spec, job_files("/s", spec), ScriptContext{});
  ASSERT_FALSE(script.ok());
  EXPECT_EQ(script.error().message,
            "job 'count book=84': environment entry '1BAD=x' is not NAME=VALUE");
}

// The script really runs under bash and leaves a marker that parse_marker reads.
TEST(JobScriptTest, TheScriptWritesAMarkerThatParses) {
  sys::install_signal_handlers();
  char pattern[] = "/tmp/flow-job-script-XXXXXX";
  std::string dir = mkdtemp(pattern);
  JobSpec spec = count_job();
  spec.workdir = dir;
  spec.env = {"FLOW_TEST_WORD=hello world"};
  spec.argv = {"sh", "-c", "echo \"$FLOW_TEST_WORD\" > said.txt; exit 3"};
  JobFiles files = job_files(dir + "/.flow/cluster", spec);
  std::filesystem::create_directories(files.dir);
  auto script = render_job_script(spec, files, ScriptContext{{}, "tok-1", "/usr/bin:/bin", ""});
  ASSERT_TRUE(script.ok());
  std::ofstream(files.script) << *script;

  auto spawner = sys::make_posix_spawner();
  auto ran = sys::run_command(*spawner, sys::SpawnRequest{{"bash", files.script}, "/", {}, {}});
  ASSERT_TRUE(ran.ok());
  EXPECT_EQ(ran->exit_code, 3);
  std::stringstream marker_text;
  marker_text << std::ifstream(files.marker).rdbuf();
  auto marker = parse_marker(marker_text.str(), "tok-1");
  ASSERT_TRUE(marker.has_value()) << marker_text.str();
  EXPECT_EQ(marker->exit_code, 3);
  EXPECT_GE(marker->wall_seconds, 0);
  EXPECT_FALSE(parse_marker(marker_text.str(), "tok-2").has_value());
  std::stringstream said;
  said << std::ifstream(dir + "/said.txt").rdbuf();
  EXPECT_EQ(said.str(), "hello world\n");
  EXPECT_FALSE(std::filesystem::exists(files.marker + ".tmp"));
  std::filesystem::remove_all(dir);
}

TEST(JobScriptTest, AMissingWorkdirEndsTheJobWithExit98AndAMarker) {
  char pattern[] = "/tmp/flow-job-script-XXXXXX";
  std::string dir = mkdtemp(pattern);
  JobSpec spec = count_job();
  spec.workdir = dir + "/not-there";
  JobFiles files = job_files(dir, spec);
  std::filesystem::create_directories(files.dir);
  auto script = render_job_script(spec, files, ScriptContext{{}, "t", "", ""});
  ASSERT_TRUE(script.ok());
  std::ofstream(files.script) << *script;
  auto spawner = sys::make_posix_spawner();
  auto ran = sys::run_command(*spawner, sys::SpawnRequest{{"bash", files.script}, "/", {}, {}});
  ASSERT_TRUE(ran.ok());
  EXPECT_EQ(ran->exit_code, 98);
  std::stringstream text;
  text << std::ifstream(files.marker).rdbuf();
  auto marker = parse_marker(text.str(), "t");
  ASSERT_TRUE(marker.has_value());
  EXPECT_EQ(marker->exit_code, 98);
  std::filesystem::remove_all(dir);
}

TEST(MarkerTest, ParsesExitTimesAndCpu) {
  auto marker = parse_marker(
      "exit=0\ntoken=abc\nstart=100.250000\nend=103.750000\n0m0.010s 0m0.020s\n1m2.500s "
      "0m0.500s\n",
      "abc");
  ASSERT_TRUE(marker.has_value());
  EXPECT_EQ(marker->exit_code, 0);
  EXPECT_DOUBLE_EQ(marker->wall_seconds, 3.5);
  EXPECT_DOUBLE_EQ(marker->cpu_seconds, 63.0);
}

TEST(MarkerTest, AcceptsADecimalCommaAndWholeSeconds) {
  auto comma = parse_marker("exit=1\ntoken=t\nstart=10,5\nend=12,0\n", "t");
  ASSERT_TRUE(comma.has_value());
  EXPECT_DOUBLE_EQ(comma->wall_seconds, 1.5);
  auto whole = parse_marker("exit=2\ntoken=t\nstart=10\nend=14\n", "t");
  ASSERT_TRUE(whole.has_value());
  EXPECT_DOUBLE_EQ(whole->wall_seconds, 4);
}

TEST(MarkerTest, RejectsGarbledOrForeignMarkers) {
  EXPECT_FALSE(parse_marker("", "t").has_value());
  EXPECT_FALSE(parse_marker("exit=0\n", "t").has_value());
  EXPECT_FALSE(parse_marker("exit=zero\ntoken=t\n", "t").has_value());
  EXPECT_FALSE(parse_marker("exit=300\ntoken=t\n", "t").has_value());
  EXPECT_FALSE(parse_marker("exit=0\ntoken=other\n", "t").has_value());
  auto untimed = parse_marker("exit=0\ntoken=t\n", "t");
  ASSERT_TRUE(untimed.has_value());
  EXPECT_EQ(untimed->wall_seconds, -1);
}

TEST(JobNameTest, MakesNamesSchedulersAccept) {
  EXPECT_EQ(safe_job_name("count book=84", 50), "count_book_84");
  EXPECT_EQ(safe_job_name("stem book=84,size=50", 50), "stem_book_84_size_50");
  EXPECT_EQ(safe_job_name("count book=1342", 15), "count_book_1342");
  EXPECT_EQ(safe_job_name("count_words book=1342", 15), "count_words_boo");
  EXPECT_EQ(safe_job_name("84 things", 50), "j84_things");
  EXPECT_EQ(safe_job_name("", 50), "j");
  EXPECT_EQ(safe_job_name("a  b//c", 50), "a_b_c");
}

TEST(WalltimeTest, NormalisesTheAcceptedForms) {
  auto text = [](std::string value) { return ResourceValue{false, 0, std::move(value)}; };
  EXPECT_EQ(parse_walltime(text("00:10:00")), 600);
  EXPECT_EQ(parse_walltime(text("1:00:00")), 3600);
  EXPECT_EQ(parse_walltime(text("90:30")), 5430);
  // Snakemake 8's runtime with units.
  EXPECT_EQ(parse_walltime(text("2h")), 7200);
  EXPECT_EQ(parse_walltime(text("1h30m")), 5400);
  EXPECT_EQ(parse_walltime(text("1d 2h")), 93600);
  EXPECT_EQ(parse_walltime(text("45min")), 2700);
  EXPECT_EQ(parse_walltime(text("30s")), 30);
  EXPECT_FALSE(parse_walltime(text("2 weeks")).has_value());
  EXPECT_FALSE(parse_walltime(text("h")).has_value());
  EXPECT_EQ(parse_walltime(text("45")), 2700);
  EXPECT_EQ(parse_walltime(text("2-01:00:00")), 2 * 86400 + 3600);
  EXPECT_EQ(parse_walltime(ResourceValue{true, 30, "30"}), 1800);
  EXPECT_EQ(format_walltime(5430), "01:30:30");
  EXPECT_EQ(format_walltime(200 * 3600), "200:00:00");
}

TEST(WalltimeTest, RejectsWhatIsNotAWalltime) {
  auto text = [](std::string value) { return ResourceValue{false, 0, std::move(value)}; };
  EXPECT_FALSE(parse_walltime(text("10 minutes")).has_value());
  EXPECT_FALSE(parse_walltime(text("1:2:3:4")).has_value());
  EXPECT_FALSE(parse_walltime(text("")).has_value());
  EXPECT_FALSE(parse_walltime(text("-5")).has_value());
  EXPECT_FALSE(parse_walltime(text("1::00")).has_value());
  JobSpec spec = count_job();
  spec.resources["walltime"] = text("soon");
  auto walltime = job_walltime(spec);
  ASSERT_FALSE(walltime.ok());
  EXPECT_EQ(walltime.error().message,
            "rule 'count': resource walltime 'soon' is not a time: whole minutes, HH:MM:SS, MM:SS, "
            "D-HH:MM:SS or with units (\"1h30m\")");
}

TEST(LastLinesTest, KeepsTheTail) {
  EXPECT_EQ(last_lines("a\nb\nc\n", 2), "b\nc");
  EXPECT_EQ(last_lines("a\nb\nc", 5), "a\nb\nc");
  EXPECT_EQ(last_lines("", 3), "");
  EXPECT_EQ(last_lines("a\nb", 0), "");
}

}  // namespace
}  // namespace flow::exec
