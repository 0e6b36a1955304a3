#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "flow/report/job_history.h"
#include "support/fake_clock.h"
#include "support/fake_filesystem.h"
#include "support/workflow_text.h"

namespace flow::report {
namespace {

class Quiet final : public run::RunObserver {
 public:
  void run_started(std::size_t) override {}
  void job_started(const run::JobStarted&) override {}
  void job_succeeded(JobId, const exec::JobCompletion*) override {}
  void job_failed(const run::JobFailed&) override {}
  void warning(const std::string& text) override { warnings.push_back(text); }
  void interrupted(int) override {}
  void run_finished(const run::RunSummary&) override {}
  std::vector<std::string> warnings;
};

HistoryEntry entry(std::string rule, std::string label, std::int64_t bytes, double wall) {
  return HistoryEntry{std::move(rule), std::move(label), bytes, 2 * bytes, 1, wall, wall / 2, 12.5,
                      1700000000};
}

TEST(JobHistoryFormat, LinesReadBackAndTheHeaderNamesTheVersion) {
  std::string text = history_header() + format_history_line(entry("count", "count n=1", 10, 1.5)) +
                     format_history_line(entry("count", "count n=\t2", 20, 2.5));
  EXPECT_EQ(text.substr(0, text.find('\n')), "# flow job history 1");
  EXPECT_EQ(format_history_line(entry("count", "count n=1", 10, 1.5)),
            "count\tcount n=1\t10\t20\t1\t1.5000\t0.7500\t12.50\t1700000000\n");
  ParsedHistory parsed = parse_history(text);
  EXPECT_TRUE(parsed.has_header);
  EXPECT_EQ(parsed.skipped, 0u);
  ASSERT_EQ(parsed.entries.size(), 2u);
  EXPECT_EQ(parsed.entries[1].label, "count n=\t2");  // escaped in the file
  EXPECT_EQ(parsed.entries[1].input_bytes, 20);
  EXPECT_EQ(parsed.entries[1].output_bytes, 40);
  EXPECT_DOUBLE_EQ(parsed.entries[1].wall_seconds, 2.5);
  EXPECT_DOUBLE_EQ(parsed.entries[1].max_rss_mb, 12.5);
}

TEST(JobHistoryFormat, TornAndMalformedLinesAreSkipped) {
  std::string good = format_history_line(entry("a", "a", 1, 1));
  std::string text = history_header() + good + "a\ta\tx\t1\t1\t1\t1\t1\t1\n" + good +
                     good.substr(0, good.size() / 2);  // a torn last line
  ParsedHistory parsed = parse_history(text);
  EXPECT_EQ(parsed.entries.size(), 2u);
  EXPECT_EQ(parsed.skipped, 2u);
  EXPECT_FALSE(parse_history("# flow job history 0\n" + good).has_header);
  EXPECT_TRUE(parse_history("# flow job history 0\n" + good).entries.empty());
}

TEST(JobHistoryFormat, CompactionKeepsTheLastOfEachRuleInOrder) {
  std::vector<HistoryEntry> entries;
  for (int i = 0; i < 5; ++i) {
    entries.push_back(entry("a", "a " + std::to_string(i), i, 1));
    if (i < 2) entries.push_back(entry("b", "b " + std::to_string(i), i, 1));
  }
  EXPECT_FALSE(needs_compaction(entries, 3));
  EXPECT_TRUE(needs_compaction(entries, 2));
  auto kept = compact_history(entries, 2);
  std::vector<std::string> labels;
  for (const auto& e : kept)
    labels.push_back(e.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"b 0", "b 1", "a 3", "a 4"}));
}

class JobHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(R"(
rules:
  all: {input: ["c/1.txt", "c/2.txt"]}
  count:
    input: ["w/{n}.txt", "extra.txt"]
    output: "c/{n}.txt"
    shell: "wc -l < {input} > {output}"
)"));
    m_fs.create("w/1.txt", "12345");
    m_fs.create("w/2.txt", "1234567890");
    m_fs.create("extra.txt", "xx");
    m_dag = std::make_unique<dag::Dag>(std::move(dag::build_dag(*m_rules, {}, m_fs)).value());
    m_stats = std::make_unique<plan::FileStatCache>(*m_dag, m_fs);
  }

  JobId job_of(const std::string& label) const {
    for (const auto& job : m_dag->jobs())
      if (m_dag->label(job.id) == label) return job.id;
    ADD_FAILURE() << "no job " << label;
    return {};
  }

  // Starts and ends the job `label` with these measurements.
  void run_job(JobHistory& history, const std::string& label, bool succeed) {
    JobId id = job_of(label);
    exec::JobSpec spec;
    spec.threads = 2;
    spec.argv = {"sh"};
    run::JobStarted started;
    started.job = id;
    started.spec = &spec;
    history.job_started(started);
    m_fs.create("c/" + label.substr(label.size() - 1) + ".txt", "123");
    m_stats->invalidate(m_dag->job(id).outputs[0].file);
    exec::JobCompletion done;
    done.status = exec::CompletionStatus::succeeded;
    done.wall_seconds = 1.25;
    done.cpu_seconds = 1.0;
    done.max_rss_kb = 2048;
    if (succeed) {
      history.job_succeeded(id, &done);
    } else {
      run::JobFailed failed;
      failed.job = id;
      failed.label = label;
      failed.what = "exit code 1";
      history.job_failed(failed);
    }
  }

  test::FakeFilesystem m_fs;
  test::FakeClock m_clock;
  Quiet m_next;
  std::unique_ptr<rules::RuleSet> m_rules;
  std::unique_ptr<dag::Dag> m_dag;
  std::unique_ptr<plan::FileStatCache> m_stats;
};

TEST_F(JobHistoryTest, AppendsEachSuccessWithItsInputBytesAsItEnds) {
  JobHistory history(m_next, *m_dag, *m_stats, m_clock, m_fs, ".flow/history.tsv");
  history.run_started(3);
  EXPECT_EQ(m_fs.contents(".flow/history.tsv"), history_header());
  run_job(history, "count n=1", true);
  // Written when the job ended, not when the run ends (kill -9 loses nothing measured).
  EXPECT_EQ(m_fs.contents(".flow/history.tsv"),
            history_header() + "count\tcount n=1\t7\t3\t2\t1.2500\t1.0000\t2.00\t1700000000\n");
  run_job(history, "count n=2", false);  // a failure is not a measurement of the rule
  auto entries = read_job_history(m_fs, ".flow/history.tsv");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_TRUE(m_next.warnings.empty());
  // One stat per input: the sizes came through the run's stat cache.
  auto counts = m_fs.stat_counts();
  EXPECT_LE(counts.contains("extra.txt") ? counts.at("extra.txt") : 0, 1);
}

TEST_F(JobHistoryTest, ATornLastLineIsCutAndTheNextRunAppendsAfterIt) {
  std::string good = format_history_line(entry("count", "count n=9", 1, 1));
  m_fs.create(".flow/history.tsv", history_header() + good + good.substr(0, 10));
  JobHistory history(m_next, *m_dag, *m_stats, m_clock, m_fs, ".flow/history.tsv");
  history.run_started(3);
  run_job(history, "count n=1", true);
  ParsedHistory parsed = parse_history(m_fs.contents(".flow/history.tsv"));
  EXPECT_EQ(parsed.skipped, 0u);
  ASSERT_EQ(parsed.entries.size(), 2u);
  EXPECT_EQ(parsed.entries[1].label, "count n=1");
}

TEST_F(JobHistoryTest, ATooLargeHistoryIsCompactedWhenTheRunStarts) {
  std::string text = history_header();
  for (int i = 0; i < 7; ++i)
    text += format_history_line(entry("count", "count n=" + std::to_string(i), i, 1));
  m_fs.create(".flow/history.tsv", text);
  JobHistory history(m_next, *m_dag, *m_stats, m_clock, m_fs, ".flow/history.tsv", 3);
  history.run_started(3);
  auto entries = read_job_history(m_fs, ".flow/history.tsv");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].label, "count n=4");
}

TEST_F(JobHistoryTest, AForeignFileIsReplacedAndAFailureToWriteIsOneWarning) {
  m_fs.create(".flow/history.tsv", "something else\n");
  {
    JobHistory history(m_next, *m_dag, *m_stats, m_clock, m_fs, ".flow/history.tsv");
    history.run_started(3);
    EXPECT_EQ(m_fs.contents(".flow/history.tsv"), history_header());
  }
  m_fs.fail_appends_beyond(".flow/history.tsv", history_header().size() + 5);
  JobHistory history(m_next, *m_dag, *m_stats, m_clock, m_fs, ".flow/history.tsv");
  history.run_started(3);
  run_job(history, "count n=1", true);
  run_job(history, "count n=2", true);
  ASSERT_EQ(m_next.warnings.size(), 1u);
  EXPECT_NE(m_next.warnings[0].find("cannot keep the job history"), std::string::npos);
}

}  // namespace
}  // namespace flow::report
