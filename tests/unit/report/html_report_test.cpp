#include <gtest/gtest.h>

#include <sstream>

#include "flow/dag/dag_builder.h"
#include "flow/report/html_report.h"
#include "flow/report/progress_printer.h"
#include "flow/report/run_history.h"
#include "report/markdown.h"
#include "support/fake_clock.h"
#include "support/workflow_text.h"

namespace flow::report {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A run of two jobs (one ok, one failed after a retry) recorded by RunHistory, as the runner
// would report it.
class RunHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(R"(
rules:
  all: {input: ["c/1.txt", "c/2.txt", "plot.svg"]}
  count:
    input: "w/{n}.txt"
    output: "c/{n}.txt"
    log: "logs/{n}.log"
    shell: "wc -l < {input} > {output}"
  plot:
    output: {path: plot.svg, report: true}
    shell: "echo '<svg/>' > {output}"
)"));
    m_fs.create("w/1.txt");
    m_fs.create("w/2.txt");
    m_dag = std::make_unique<dag::Dag>(std::move(dag::build_dag(*m_rules, {}, m_fs)).value());
  }

  std::string record_run() {
    std::ostringstream shown;
    ProgressPrinter printer(*m_dag, shown, m_clock, PrinterOptions{});
    RunInfo info{"flow -c 2", "1.2.3", "/work/x", "n: 2\n", "digraph flow {}\n"};
    RunHistory history(printer, *m_dag, m_clock, m_fs, ".flow/last-run.tsv", info);
    history.run_started(4);
    exec::JobSpec spec;
    spec.threads = 1;
    history.job_started(run::JobStarted{JobId(0), &spec, 1, ""});
    m_clock.advance(std::chrono::seconds(1));
    exec::JobCompletion done;
    done.cpu_seconds = 0.5;
    done.max_rss_kb = 2048;
    history.job_succeeded(JobId(0), &done);
    for (int attempt = 1; attempt <= 2; ++attempt) {
      history.job_started(run::JobStarted{JobId(1), &spec, attempt, ""});
      m_clock.advance(std::chrono::seconds(2));
      run::JobFailed failed;
      failed.job = JobId(1);
      failed.label = "count n=2";
      failed.what = "exit code 3";
      failed.command = "wc -l < w/2.txt > c/2.txt";
      failed.logs = {"logs/2.log"};
      failed.log_tail = "no <such> file\n";
      failed.output = "no <such> file\n";
      failed.attempt = attempt;
      failed.will_retry = attempt == 1;
      history.job_failed(failed);
    }
    run::RunSummary summary;
    summary.status = run::RunStatus::failed;
    summary.total = 4;
    summary.succeeded = 1;
    summary.failed = 1;
    summary.seconds = 5;
    summary.failed_labels = {"count n=2"};
    history.run_finished(summary);
    return m_fs.contents(".flow/last-run.tsv");
  }

  test::FakeFilesystem m_fs;
  test::FakeClock m_clock;
  std::unique_ptr<rules::RuleSet> m_rules;
  std::unique_ptr<dag::Dag> m_dag;
};

TEST_F(RunHistoryTest, KeepsTheRunItsFailuresAndFinalOutputs) {
  auto run = read_run_history(record_run(), "last-run.tsv");
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->info.command_line, "flow -c 2");
  EXPECT_EQ(run->info.version, "1.2.3");
  EXPECT_EQ(run->info.config_text, "n: 2\n");
  EXPECT_EQ(run->status, "failed");
  EXPECT_EQ(run->exit_status, 1);
  EXPECT_EQ(run->planned, 4u);
  EXPECT_EQ(run->succeeded, 1u);
  EXPECT_EQ(run->failed, 1u);
  EXPECT_EQ(run->not_run, 2u);
  EXPECT_EQ(run->closing_line, "1 of 4 jobs failed (count n=2); 1 done, 0 not run");
  ASSERT_EQ(run->jobs.size(), 3u);  // one ok, one retried attempt, one failed
  EXPECT_EQ(run->jobs[1].status, "retried");
  EXPECT_EQ(run->jobs[2].status, "failed");
  EXPECT_DOUBLE_EQ(run->jobs[0].max_rss_mb, 2.0);
  ASSERT_EQ(run->failures.size(), 1u);  // the final failure only
  EXPECT_EQ(run->failures[0].attempt, 2);
  EXPECT_EQ(run->failures[0].logs, std::vector<std::string>{"logs/2.log"});
  EXPECT_EQ(run->failures[0].log_tail, "no <such> file\n");
  ASSERT_EQ(run->outputs.size(), 3u);  // the inputs of `all`, the target
  EXPECT_EQ(run->outputs[0].path, "c/1.txt");
  EXPECT_EQ(run->outputs[0].rule, "count");
  EXPECT_FALSE(run->outputs[0].report);
  EXPECT_EQ(run->outputs[2].path, "plot.svg");
  EXPECT_TRUE(run->outputs[2].report);
}

TEST_F(RunHistoryTest, ThePageShowsTheRunOnceEach) {
  auto run = read_run_history(record_run(), "last-run.tsv");
  ASSERT_TRUE(run.ok());
  m_fs.create("c/1.txt", "12\n");
  m_fs.create("plot.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
  ReportInputs inputs{"<?xml version=\"1.0\"?><svg id=\"graph\"></svg>", "", "../", "now"};
  std::ostringstream out;
  write_html_report(*run, inputs, m_fs, out);
  std::string page = out.str();
  EXPECT_TRUE(has(page,
                  "<span id=\"jobs-planned\">4</span> to run: <span "
                  "id=\"jobs-succeeded\">1</span> done, <span id=\"jobs-failed\">1</span> "
                  "failed, <span id=\"jobs-not-run\">2</span> not run"));
  EXPECT_TRUE(has(page, "<code id=\"run-command\">flow -c 2</code>"));
  EXPECT_TRUE(has(page, "exit status <span id=\"exit-status\">1</span>"));
  EXPECT_TRUE(has(page, "<svg id=\"graph\"></svg>"));
  EXPECT_FALSE(has(page, "<?xml"));
  // The failure: command, exit status and log tail, the output not twice (it is the log).
  EXPECT_TRUE(has(page, "<dd class=\"what\">exit code 3</dd>"));
  EXPECT_TRUE(has(page, "<pre class=\"command\">wc -l &lt; w/2.txt &gt; c/2.txt</pre>"));
  EXPECT_TRUE(has(page, "<pre class=\"log\">no &lt;such&gt; file\n</pre>"));
  EXPECT_FALSE(has(page, "what it printed"));
  // Outputs: linked from the report's directory, sizes, a missing one, the SVG embedded.
  EXPECT_TRUE(has(page, "<a href=\"../c/1.txt\">c/1.txt</a>"));
  EXPECT_TRUE(has(page, "data-bytes=\"3\">3 B</td>"));
  EXPECT_TRUE(has(page, "<tr class=\"missing\"><td><a href=\"../c/2.txt\">"));
  EXPECT_TRUE(has(page, "<img src=\"data:image/svg+xml;base64,"));
  EXPECT_TRUE(has(page, "<pre id=\"config-text\">n: 2\n</pre>"));
  EXPECT_TRUE(has(page, "Content-Security-Policy"));
  EXPECT_FALSE(has(page, "src=\"http"));
}

TEST(RunHistoryFormatTest, RejectsAnotherFormat) {
  auto run = read_run_history("# flow run\tstarted_ns=1\n", "last-run.tsv");
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().message, "last-run.tsv:1: not a run history of this version of flow");
  auto bad = read_run_history("# flow run history 2\njunk\n", "last-run.tsv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "last-run.tsv:2: not a run record");
}

TEST(MarkdownTest, TheCommonSubsetAndNoRawHtml) {
  EXPECT_EQ(markdown_to_html("# Title\n\nSome *words* and **more** `x<y`.\nSecond line.\n\n"
                             "- one\n- [two](t.html)\n\n1. first\n2. second\n"),
            "<h3>Title</h3>\n"
            "<p>Some <em>words</em> and <strong>more</strong> <code>x&lt;y</code>.\n"
            "Second line.</p>\n"
            "<ul>\n<li>one</li>\n<li><a href=\"t.html\">two</a></li>\n</ul>\n"
            "<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n");
  EXPECT_EQ(markdown_to_html("```\n<b>x</b>\n```\n| a | b |\n|---|--:|\n| 1 | 2 |\n"),
            "<pre><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>\n"
            "<table class=\"sortable\"><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n"
            "<tr><td>1</td><td>2</td></tr>\n</tbody></table>\n");
  EXPECT_EQ(markdown_to_html("<script>alert(1)</script> [x](javascript:alert(1))"),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href=\"#\">x</a></p>\n");
}

}  // namespace
}  // namespace flow::report
