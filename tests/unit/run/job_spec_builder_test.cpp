#include "flow/run/job_spec_builder.h"

#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "flow/run/script_job.h"
#include "support/workflow_text.h"

namespace flow::run {
namespace {

class JobSpecBuilderTest : public ::testing::Test {
 protected:
  BuiltSpec spec_of(const std::string& text, const std::string& target, int attempt = 1) {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(text));
    auto dag = dag::build_dag(*m_rules, {target}, m_fs);
    EXPECT_TRUE(dag.ok()) << (dag.ok() ? "" : format_error(dag.error(), nullptr));
    m_dag = std::make_unique<dag::Dag>(std::move(dag).value());
    return build_job_spec(*m_dag, m_dag->targets().front(), attempt, m_options);
  }

  test::FakeFilesystem m_fs;
  SpecOptions m_options;
  std::unique_ptr<rules::RuleSet> m_rules;
  std::unique_ptr<dag::Dag> m_dag;
};

TEST_F(JobSpecBuilderTest, APlainCommandIsSpawnedDirectly) {
  m_fs.create("in/a.txt");
  auto built = spec_of(R"(
rules:
  copy: {input: "in/{x}.txt", output: "out/{x}.txt", shell: "cp {input} {output}"}
)",
                       "out/a.txt");
  EXPECT_EQ(built.spec.argv, (std::vector<std::string>{"cp", "in/a.txt", "out/a.txt"}));
  EXPECT_EQ(built.spec.command_text, "cp in/a.txt out/a.txt");
  EXPECT_EQ(built.spec.display_name, "copy x=a");
  EXPECT_EQ(built.spec.wildcards, "x=a");
  EXPECT_EQ(built.spec.outputs, std::vector<std::string>{"out/a.txt"});
  EXPECT_TRUE(built.files.empty());
}

TEST_F(JobSpecBuilderTest, ShellSyntaxGoesThroughBashInStrictModeAndPathsAreQuoted) {
  auto built = spec_of(R"(
rules:
  count: {output: "my out.txt", shell: "echo {attempt} | wc -c > {output}"}
)",
                       "my out.txt", 2);
  EXPECT_EQ(built.spec.command_text, "echo 2 | wc -c > 'my out.txt'");
  EXPECT_EQ(
      built.spec.argv,
      (std::vector<std::string>{"bash", "-c", "set -euo pipefail; echo 2 | wc -c > 'my out.txt'"}));
}

TEST_F(JobSpecBuilderTest, ShellBuiltinsAndAssignmentsNeedBash) {
  EXPECT_FALSE(split_simple_command("echo hi").has_value());
  EXPECT_FALSE(split_simple_command("X=1 tool").has_value());
  EXPECT_FALSE(split_simple_command("tool a;b").has_value());
  EXPECT_EQ(split_simple_command("tool  --n=1 a/b.txt").value(),
            (std::vector<std::string>{"tool", "--n=1", "a/b.txt"}));
}

TEST_F(JobSpecBuilderTest, ALongCommandRunsFromAScriptFileThatIsReturnedNotWritten) {
  m_options.max_inline_command = 10;
  auto built = spec_of(R"(
rules:
  long: {output: x.txt, shell: "printf 'a long command' > {output}"}
)",
                       "x.txt");
  ASSERT_EQ(built.files.size(), 1u);
  EXPECT_EQ(built.files[0].path, ".flow/scripts/long-0.sh");
  EXPECT_EQ(built.files[0].text, "set -euo pipefail\nprintf 'a long command' > x.txt\n");
  EXPECT_EQ(built.spec.argv, (std::vector<std::string>{"bash", ".flow/scripts/long-0.sh"}));
  EXPECT_FALSE(m_fs.exists(built.files[0].path));
}

TEST_F(JobSpecBuilderTest, ABuiltinRunsAsFlowBuiltinWithOneWordPerArgument) {
  m_fs.create("a b.txt");
  m_options.flow_binary = "/opt/flow";
  auto built = spec_of(R"(
rules:
  copy: {input: "a b.txt", output: out.txt, builtin: copy, with: {mode: fast}}
)",
                       "out.txt");
  ASSERT_GE(built.spec.argv.size(), 2u);
  EXPECT_EQ(built.spec.argv[0], "/opt/flow");
  EXPECT_EQ(built.spec.argv[1], "builtin");
  // Shown as the user wrote the step (issue 13 item 8), quoted where it needs it.
  EXPECT_EQ(built.spec.command_text, "copy 'a b.txt' -> out.txt with mode=fast seed=1");
  EXPECT_EQ(built.spec.argv[4], "=a b.txt");
}

TEST_F(JobSpecBuilderTest, LocalJobsGetMinOfThreadsAndCoresClusterJobsTheirThreads) {
  const char* text = R"(
rules:
  sort: {output: x.txt, threads: 8, resources: {mem_mb: 200}, shell: "sort --parallel {threads}"}
)";
  m_options.cores = 3;
  auto local = spec_of(text, "x.txt");
  EXPECT_EQ(local.spec.threads, 3);
  EXPECT_TRUE(local.spec.local);
  EXPECT_EQ(local.spec.command_text, "sort --parallel 3");
  EXPECT_EQ(local.spec.resources.at("mem_mb").number, 200);
  m_options.remote = true;
  auto remote = spec_of(text, "x.txt");
  EXPECT_EQ(remote.spec.threads, 8);
  EXPECT_FALSE(remote.spec.local);
  EXPECT_EQ(remote.spec.identity, local.spec.identity);  // the same job across runs
}

}  // namespace
}  // namespace flow::run

namespace flow::run {
namespace {

TEST_F(JobSpecBuilderTest, AScriptRunsItsInterpreterWithFlowJob) {
  m_fs.create("in/a.txt");
  m_fs.create("s/plot.py", "print(snakemake.input[0])\n");
  m_fs.create("s/plot.R", "x <- 1\n");
  const char* text = R"(
rules:
  py: {input: "in/{x}.txt", output: "py/{x}.txt", params: {k: "v {wildcards.x}"}, script: s/plot.py}
  r: {input: "in/{x}.txt", output: "r/{x}.txt", script: s/plot.R}
)";
  m_rules = std::make_unique<rules::RuleSet>(test::rules_of(text, &m_fs));
  auto dag = dag::build_dag(*m_rules, {"py/a.txt", "r/a.txt"}, m_fs);
  ASSERT_TRUE(dag.ok());
  m_dag = std::make_unique<dag::Dag>(std::move(dag).value());
  auto py = build_job_spec(*m_dag, m_dag->targets()[0], 1, m_options);
  EXPECT_EQ(py.spec.command_text, "python3 s/plot.py");
  ASSERT_EQ(py.spec.argv.size(), 4u);
  EXPECT_EQ(py.spec.argv[0], "python3");
  EXPECT_EQ(py.spec.argv[1], "-c");
  EXPECT_EQ(py.spec.argv[3], "s/plot.py");
  EXPECT_EQ(py.spec.env, std::vector<std::string>{"FLOW_JOB=.flow/jobs/py-0.json"});
  ASSERT_EQ(py.files.size(), 1u);
  EXPECT_EQ(py.files[0].path, ".flow/jobs/py-0.json");
  EXPECT_NE(py.files[0].text.find("\"params\": {\"k\": \"v a\"}"), std::string::npos);
  EXPECT_NE(py.files[0].text.find("\"wildcards\": {\"x\": \"a\"}"), std::string::npos);
  EXPECT_EQ(m_rules->rule(m_dag->job(m_dag->targets()[0]).rule).code,
            "print(snakemake.input[0])\n");

  auto r = build_job_spec(*m_dag, m_dag->targets()[1], 1, m_options);
  EXPECT_EQ(r.spec.command_text, "Rscript s/plot.R");
  EXPECT_EQ(r.spec.argv, (std::vector<std::string>{"Rscript", ".flow/jobs/r-1.R"}));
  ASSERT_EQ(r.files.size(), 2u);
  EXPECT_EQ(r.files[1].path, ".flow/jobs/r-1.R");
}

TEST_F(JobSpecBuilderTest, ARunBlockRunsPythonWithItsBlockInFlowJob) {
  auto built = spec_of(R"(python: |
  def f(): pass
rules:
  make:
    output: "out/{x}.txt"
    run: |
      f()
)",
                       "out/a.txt");
  EXPECT_EQ(built.spec.command_text, "python3 flow.yaml:7");
  EXPECT_EQ(built.spec.argv,
            (std::vector<std::string>{"python3", "-c", std::string(python_run_boot_code())}));
  EXPECT_EQ(built.spec.env, std::vector<std::string>{"FLOW_JOB=.flow/jobs/make-0.json"});
  ASSERT_EQ(built.files.size(), 1u);
  EXPECT_EQ(built.files[0].path, ".flow/jobs/make-0.json");
  EXPECT_NE(built.files[0].text.find("\"wildcards\": {\"x\": \"a\"}"), std::string::npos);
  EXPECT_NE(built.files[0].text.find("\"python\": [{\"file\": \"flow.yaml\", \"line\": 2, "
                                     "\"text\": \"def f(): pass\\n\"}]"),
            std::string::npos)
      << built.files[0].text;
  EXPECT_NE(built.files[0].text.find(
                "\"run\": {\"file\": \"flow.yaml\", \"line\": 7, \"text\": \"f()\\n\"}"),
            std::string::npos);
}

TEST_F(JobSpecBuilderTest, AShadowJobRunsInItsScratchAndNamesFlowsFilesAbsolutely) {
  m_fs.create("in/a.txt");
  m_fs.create("s/plot.py", "print(1)\n");
  m_options.workdir = "/w";
  const char* text = R"(
rules:
  py: {input: "in/{x}.txt", output: "py/{x}.txt", shadow: minimal, script: s/plot.py}
  plain: {input: "in/{x}.txt", output: "plain/{x}.txt", script: s/plot.py}
)";
  m_rules = std::make_unique<rules::RuleSet>(test::rules_of(text, &m_fs));
  auto dag = dag::build_dag(*m_rules, {"py/a.txt", "plain/a.txt"}, m_fs);
  ASSERT_TRUE(dag.ok());
  m_dag = std::make_unique<dag::Dag>(std::move(dag).value());
  auto py = build_job_spec(*m_dag, m_dag->targets()[0], 1, m_options);
  EXPECT_EQ(py.spec.rundir, "/w/.flow/shadow/py-" + py.spec.identity);
  EXPECT_EQ(py.spec.cwd(), py.spec.rundir);
  EXPECT_EQ(py.spec.command_text, "python3 s/plot.py");  // shown as written
  ASSERT_EQ(py.spec.argv.size(), 4u);
  EXPECT_EQ(py.spec.argv[3], "/w/s/plot.py");
  EXPECT_EQ(py.spec.env, std::vector<std::string>{"FLOW_JOB=/w/.flow/jobs/py-0.json"});
  ASSERT_EQ(py.files.size(), 1u);
  EXPECT_EQ(py.files[0].path, "/w/.flow/jobs/py-0.json");

  auto plain = build_job_spec(*m_dag, m_dag->targets()[1], 1, m_options);
  EXPECT_EQ(plain.spec.rundir, "");
  EXPECT_EQ(plain.spec.cwd(), "/w");
  EXPECT_EQ(plain.spec.argv[3], "s/plot.py");
}

// Spec §9: with a runtime, the image runs the command (for cluster jobs too: their script
// runs this argv); without one, the image is ignored.
TEST_F(JobSpecBuilderTest, AContainerImageWrapsTheCommandOnlyWithARuntime) {
  const char* text = R"(
container: "base:1"
rules:
  count: {output: "n.txt", container: "tools:2", shell: "echo 1 | wc -c > {output}"}
  words: {output: "w.txt", shell: "tool w.txt"}
)";
  m_options.workdir = "/w";
  EXPECT_EQ(spec_of(text, "n.txt").spec.argv[0], "bash");
  m_options.container_runtime = ContainerRuntime::podman;
  m_options.uid = 5;
  m_options.gid = 6;
  m_options.remote = true;
  auto built = spec_of(text, "n.txt");
  EXPECT_EQ(built.spec.argv,
            container_argv(ContainerRuntime::podman, "tools:2", {"/w", 5, 6, {}},
                           {"bash", "-c", "set -euo pipefail; echo 1 | wc -c > n.txt"}));
  EXPECT_EQ(built.spec.command_text, "echo 1 | wc -c > n.txt");  // shown as written
  EXPECT_EQ(spec_of(text, "w.txt").spec.argv,
            (std::vector<std::string>{"podman", "run", "--rm", "--pull=never", "-v", "/w:/w", "-w",
                                      "/w", "--user", "5:6", "base:1", "tool", "w.txt"}));
}

TEST_F(JobSpecBuilderTest, EnvmodulesWrapLocalJobsOnlyWithTheFlag) {
  const char* text = R"(
rules:
  count: {output: "n.txt", envmodules: [tool/1], shell: "tool > {output}"}
)";
  EXPECT_EQ(spec_of(text, "n.txt").spec.argv,
            (std::vector<std::string>{"bash", "-c", "set -euo pipefail; tool > n.txt"}));
  m_options.use_envmodules = true;
  auto built = spec_of(text, "n.txt");
  EXPECT_EQ(built.spec.argv, envmodules_argv("count", {"tool/1"},
                                             {"bash", "-c", "set -euo pipefail; tool > n.txt"}));
  // A cluster job's script loads them itself (exec/job_script.cpp).
  m_options.remote = true;
  built = spec_of(text, "n.txt");
  EXPECT_EQ(built.spec.argv,
            (std::vector<std::string>{"bash", "-c", "set -euo pipefail; tool > n.txt"}));
  EXPECT_EQ(built.spec.envmodules, std::vector<std::string>{"tool/1"});
}

}  // namespace
}  // namespace flow::run
