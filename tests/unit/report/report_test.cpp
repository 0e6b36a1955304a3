#include <gtest/gtest.h>

#include <sstream>

#include "flow/dag/dag_builder.h"
#include "flow/plan/staleness.h"
#include "flow/report/dot.h"
#include "flow/report/dry_run_report.h"
#include "flow/report/progress_printer.h"
#include "flow/report/run_history.h"
#include "flow/run/job_spec_builder.h"
#include "support/fake_clock.h"
#include "support/workflow_text.h"

namespace flow::report {
namespace {

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(R"(
rules:
  all: {input: ["c/1.txt", "c/2.txt"]}
  count:
    input: "w/{n}.txt"
    output: "c/{n}.txt"
    log: "logs/{n}.log"
    shell: "wc -l < {input} > {output}"
)"));
    m_fs.create("w/1.txt");
    m_fs.create("w/2.txt");
    m_fs.create("c/2.txt");
    m_dag = std::make_unique<dag::Dag>(std::move(dag::build_dag(*m_rules, {}, m_fs)).value());
    plan::FileStatCache stats(*m_dag, m_fs);
    m_staleness = std::move(plan::compute_staleness(*m_dag, stats, nullptr, {})).value();
  }

  test::FakeFilesystem m_fs;
  std::unique_ptr<rules::RuleSet> m_rules;
  std::unique_ptr<dag::Dag> m_dag;
  plan::Staleness m_staleness;
};

TEST_F(ReportTest, DryRunListsRunningJobsWithReasonsThenCounts) {
  std::ostringstream out;
  write_dry_run(*m_dag, m_staleness, DryRunOptions{true, false, 1}, out);
  EXPECT_EQ(out.str(),
            "rule count:\n"
            "    input: w/1.txt\n"
            "    output: c/1.txt\n"
            "    log: logs/1.log\n"
            "    wildcards: n=1\n"
            "    reason: missing output c/1.txt\n"
            "    jobid: 0\n"
            "    shell: wc -l < w/1.txt > c/1.txt\n"
            "\n"
            "rule all:\n"
            "    input: c/1.txt, c/2.txt\n"
            "    reason: input remade by count n=1\n"
            "    jobid: 2\n"
            "\n"
            "Job counts:\n"
            "    rule    count\n"
            "    all         1\n"
            "    count       1\n"
            "    total       2\n"
            "flow: 2 jobs would run (dry run).\n");
}

TEST(DryRunTest, PrintsExactlyTheCommandTheRunnerWouldSpawn) {
  auto rules = test::rules_of(R"(
rules:
  copy: {input: "a b.txt", output: out.txt, threads: 4, builtin: copy, with: {mode: fast}}
)");
  test::FakeFilesystem fs;
  fs.create("a b.txt");
  auto dag = std::move(dag::build_dag(rules, {}, fs)).value();
  plan::FileStatCache stats(dag, fs);
  auto staleness = std::move(plan::compute_staleness(dag, stats, nullptr, {})).value();
  std::ostringstream out;
  write_dry_run(dag, staleness, DryRunOptions{true, false, 2}, out);
  run::SpecOptions spec_options;
  spec_options.cores = 2;
  std::string spawned = run::build_job_spec(dag, JobId(0), 1, spec_options).spec.command_text;
  EXPECT_EQ(spawned, "copy 'a b.txt' -> out.txt with mode=fast seed=1");
  EXPECT_NE(out.str().find("    threads: 2\n    builtin: " + spawned + "\n"), std::string::npos)
      << out.str();
}

TEST(DryRunTest, AJobWaitingOnACheckpointIsShownAndMoreMayFollow) {
  auto rules = test::rules_of(R"(
rules:
  merge: {input: chunks/list.txt, output: merged.txt, shell: "cat {input} > {output}"}
  split: {output: chunks/list.txt, shell: "split"}
)");
  test::FakeFilesystem fs;
  auto dag = std::move(dag::build_dag(rules, {}, fs)).value();
  ASSERT_TRUE(dag.mark_pending(JobId(1), JobId(0)).ok());
  plan::FileStatCache stats(dag, fs);
  auto staleness = std::move(plan::compute_staleness(dag, stats, nullptr, {})).value();
  std::ostringstream out;
  write_dry_run(dag, staleness, DryRunOptions{false, true, 1}, out);
  EXPECT_NE(out.str().find("flow: 2 jobs would run (dry run); more may follow after "
                           "checkpoints.\n"),
            std::string::npos)
      << out.str();
  std::ostringstream full;
  write_dry_run(dag, staleness, DryRunOptions{}, full);
  EXPECT_NE(full.str().find("rule merge:\n    input: chunks/list.txt\n    output: merged.txt\n"
                            "    reason: after checkpoint split\n"),
            std::string::npos)
      << full.str();
  std::ostringstream dot;
  write_dot(dag, staleness, GraphKind::jobs, dot);
  EXPECT_NE(dot.str().find("label = \"merge\\n(after checkpoint)\""), std::string::npos)
      << dot.str();
  EXPECT_NE(dot.str().find("    0 -> 1 [style=dotted]\n"), std::string::npos) << dot.str();
}

TEST_F(ReportTest, DotHasIndexIdsAColourPerRuleAndDashedUpToDateJobs) {
  std::ostringstream out;
  write_dot(*m_dag, m_staleness, GraphKind::jobs, out);
  EXPECT_EQ(
      out.str(),
      "digraph flow {\n"
      "    graph[bgcolor=white, margin=0];\n"
      "    node[shape=box, style=rounded, fontname=sans, fontsize=10, penwidth=2];\n"
      "    edge[penwidth=2, color=grey];\n"
      "    0[label = \"count\\nn: 1\", color = \"0.50 0.6 0.85\", style=\"rounded\"];\n"
      "    1[label = \"count\\nn: 2\", color = \"0.50 0.6 0.85\", style=\"rounded,dashed\"];\n"
      "    2[label = \"all\", color = \"0.00 0.6 0.85\", style=\"rounded\"];\n"
      "    0 -> 2\n"
      "    1 -> 2\n"
      "}\n");
}

// Issue 13 item 4: the live status line counts the running jobs, the time since the run
// started and the time left at this run's pace, and is cut to the width in columns.
TEST_F(ReportTest, TheStatusLineShowsRunningCountElapsedAndTimeLeft) {
  std::ostringstream out;
  test::FakeClock clock;
  PrinterOptions options;
  options.live_status = true;
  options.width = 200;
  ProgressPrinter printer(*m_dag, out, clock, options);
  printer.run_started(4);
  printer.job_started(run::JobStarted{JobId(0), nullptr, 1, ""});
  printer.job_started(run::JobStarted{JobId(1), nullptr, 1, ""});
  clock.advance(std::chrono::seconds(10));
  printer.job_succeeded(JobId(0), nullptr);
  std::string text = out.str();
  std::string last = text.substr(text.rfind('\n') + 1);  // the line being redrawn
  EXPECT_EQ(last,
            "[1/4 25%] \u2588\u2588\u2588\u2588\u2588\u2591\u2591\u2591\u2591\u2591\u2591\u2591"
            "\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591 1 running, 10.0s, ~30.0s left: "
            "count n=2 10.0s");
  std::ostringstream narrow_out;
  options.width = 12;
  ProgressPrinter narrow(*m_dag, narrow_out, clock, options);
  narrow.run_started(4);
  narrow.job_started(run::JobStarted{JobId(0), nullptr, 1, ""});
  std::string narrow_text = narrow_out.str();
  EXPECT_EQ(narrow_text, "[0/4 0%] \u2591\u2591");  // 11 columns, 15 bytes
}

// With the last run's times for every planned job, the time left is the work not done yet
// (running jobs counted with what is left of their time), shared by the jobs that run at once.
TEST_F(ReportTest, TheTimeLeftComesFromTheLastRunWhenItKnowsEveryRule) {
  RunRecord last;
  last.jobs.push_back(JobRecord{0, "count n=1", "count", "ok", 0, 8, 0, 0, 1});
  last.jobs.push_back(JobRecord{1, "count n=2", "count", "ok", 8, 20, 0, 0, 1});
  last.jobs.push_back(JobRecord{2, "count n=3", "count", "failed", 0, 99, 0, 0, 1});
  last.jobs.push_back(JobRecord{3, "all", "all", "ok", 20, 20, 0, 0, 1});
  auto seconds = rule_seconds(last);
  EXPECT_EQ(seconds, (std::map<std::string, double>{{"all", 0.0}, {"count", 10.0}}));
  std::ostringstream out;
  test::FakeClock clock;
  PrinterOptions options;
  options.live_status = true;
  options.width = 200;
  options.rule_seconds = seconds;
  options.planned_seconds = 40;  // four count jobs
  options.parallel = 2;
  ProgressPrinter printer(*m_dag, out, clock, options);
  printer.run_started(4);
  printer.job_started(run::JobStarted{JobId(0), nullptr, 1, ""});
  clock.advance(std::chrono::seconds(4));
  printer.tick();
  std::string text = out.str();
  // (40 - 4 of the running job) / 2
  EXPECT_NE(text.substr(text.rfind("[0/4")).find("1 running, 4.00s, ~18.0s left"),
            std::string::npos)
      << text;
}

TEST_F(ReportTest, ProgressLinesFailureBlockAndClosingLine) {
  std::ostringstream out;
  test::FakeClock clock;
  ProgressPrinter printer(*m_dag, out, clock, PrinterOptions{});
  printer.run_started(2);
  exec::JobSpec spec;
  spec.command_text = "wc -l < w/1.txt > c/1.txt";
  printer.job_started(run::JobStarted{JobId(0), &spec, 1, ""});
  exec::JobCompletion done;
  done.output = "a line of output\n";
  printer.job_succeeded(JobId(0), &done);
  run::JobFailed failed;
  failed.job = JobId(2);
  failed.label = "all";
  failed.what = "exit code 2";
  failed.command = "false";
  failed.logs = {"logs/x.log"};
  failed.log_tail = "last words\n";
  printer.job_failed(failed);
  run::RunSummary summary;
  summary.status = run::RunStatus::failed;
  summary.total = 2;
  summary.succeeded = 1;
  summary.failed = 1;
  summary.failed_labels = {"all"};
  summary.removed = {"x.txt"};
  printer.run_finished(summary);
  EXPECT_EQ(
      out.str(),
      "[1/2 50%] count n=1\n"
      "a line of output\n"
      "FAILED: all (job 2), exit code 2, log logs/x.log\n"
      "    command: false\n"
      "    last lines of logs/x.log:\n"
      "      last words\n"
      "flow: error: 1 of 2 jobs failed (all); 1 done, 0 not run; removed their outputs: x.txt\n"
      "flow: after fixing the cause, run the same command again; the 1 job done is kept\n");
}

TEST_F(ReportTest, FailureBlockIndentsOutputAndShowsALoggedStderrOnce) {
  std::ostringstream out;
  test::FakeClock clock;
  ProgressPrinter printer(*m_dag, out, clock, PrinterOptions{});
  run::JobFailed failed;
  failed.job = JobId(0);
  failed.label = "count n=1";
  failed.what = "exit code 1";
  failed.command = "first line\nsecond line";
  failed.output = "out 1\nout 2";
  printer.job_failed(failed);
  failed.output = "stdout\nsame as log\n";
  failed.logs = {"l.log"};
  failed.log_tail = "same as log\n";
  printer.job_failed(failed);
  run::RunSummary summary;
  summary.status = run::RunStatus::interrupted;
  summary.total = 3;
  summary.succeeded = 2;
  printer.run_finished(summary);
  std::string text = out.str();
  EXPECT_EQ(text.substr(0, text.find("flow:")),
            "FAILED: count n=1 (job 0), exit code 1\n"
            "    command: first line\n"
            "      second line\n"
            "    output (stdout and stderr):\n"
            "      out 1\n"
            "      out 2\n"
            "FAILED: count n=1 (job 0), exit code 1, log l.log\n"
            "    command: first line\n"
            "      second line\n"
            "    output (stdout and stderr):\n"
            "      stdout\n"
            "    last lines of l.log:\n"
            "      same as log\n");
  EXPECT_NE(text.find("\nflow: to go on, run the same command again; the 2 jobs done are kept\n"),
            std::string::npos);
}

TEST(ClosingLineTest, SaysWhatHappened) {
  run::RunSummary summary;
  summary.succeeded = 12;
  summary.seconds = 3.4;
  EXPECT_EQ(closing_line(summary), "12 jobs done in 3.40s.");
  summary.succeeded = 1;
  EXPECT_EQ(closing_line(summary), "1 job done in 3.40s.");
  summary.status = run::RunStatus::interrupted;
  summary.total = 3;
  summary.removed = {"a.txt"};
  EXPECT_EQ(closing_line(summary),
            "interrupted after 3.40s: 1 done, 2 not finished; removed partial outputs: a.txt");
}

}  // namespace
}  // namespace flow::report
