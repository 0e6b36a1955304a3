#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../builtin_test_util.h"
#include "builtins/ner/batch.h"
#include "builtins/ner/log.h"

namespace flow::builtins::ner {
namespace {

using test::lines_of;

TEST(NerBatchTest, SplitsTheParagraphsFormat) {
  EXPECT_EQ(split_paragraph_file("one\nline\n\ntwo\n"),
            (std::vector<std::string_view>{"one\nline", "two"}));
  EXPECT_EQ(split_paragraph_file("one\n\n\n\ntwo"), (std::vector<std::string_view>{"one", "two"}));
  EXPECT_TRUE(split_paragraph_file("").empty());
  EXPECT_TRUE(split_paragraph_file("\n\n").empty());
}

TEST(NerBatchTest, TagsInBatchesOfTheGivenSize) {
  std::vector<std::string_view> paragraphs = {"So Alice ran.", "Then Bill came.", "Nothing.",
                                              "Alice and Bill.", "Two cats."};
  std::string tsv;
  BatchRun run = tag_in_batches(paragraphs, 2, tsv);
  EXPECT_EQ(run.paragraphs, 5u);
  EXPECT_EQ(run.batch_paragraphs, (std::vector<std::size_t>{2, 2, 1}));
  EXPECT_EQ(run.batch_seconds.size(), 3u);
  // Paragraphs from 0 and no header row, as the seed's tagging.py writes them.
  EXPECT_EQ(lines_of(tsv),
            (std::vector<std::string>{"0\tAlice\tPERSON\t3\t8", "1\tBill\tPERSON\t5\t9",
                                      "3\tAlice\tPERSON\t0\t5", "3\tBill\tPERSON\t10\t14",
                                      "4\tTwo\tCARDINAL\t0\t3"}));
  EXPECT_EQ(run.entities, 5u);
  EXPECT_EQ(run.label_counts[static_cast<std::size_t>(Label::person)], 4u);
  EXPECT_EQ(run.label_counts[static_cast<std::size_t>(Label::cardinal)], 1u);
}

TEST(NerBatchTest, WritesTheHeaderOnlyWhenAsked) {
  std::vector<std::string_view> paragraphs = {"So Alice ran."};
  std::string tsv;
  tag_in_batches(paragraphs, 50, tsv, true);
  EXPECT_EQ(tsv, "paragraph\ttext\tlabel\tstart\tend\n0\tAlice\tPERSON\t3\t8\n");
}

TEST(NerBatchTest, QuotesALineEndInsideAnEntityAsPythonsCsvModuleDoes) {
  std::vector<std::string_view> paragraphs = {"she met\nthe Mock\nTurtle there"};
  std::string tsv;
  tag_in_batches(paragraphs, 50, tsv);
  // Offsets count the "\n": "she met\n" is 8 code points.
  EXPECT_EQ(tsv, "0\t\"the Mock\nTurtle\"\tORG\t8\t23\n");
}

TEST(NerBatchTest, QuotesFieldsLikeTheCsvModule) {
  auto quoted = [](std::string_view field) {
    std::string out;
    append_tsv_field(out, field);
    return out;
  };
  EXPECT_EQ(quoted("Alice"), "Alice");
  EXPECT_EQ(quoted("it’s “quoted”"), "it’s “quoted”");  // only the ASCII '"' is special
  EXPECT_EQ(quoted("a\nb"), "\"a\nb\"");
  EXPECT_EQ(quoted("a\r\nb"), "\"a\r\nb\"");
  EXPECT_EQ(quoted("a\tb"), "\"a\tb\"");
  EXPECT_EQ(quoted("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(quoted(""), "");
}

TEST(NerBatchTest, NoParagraphsGiveAnEmptyTable) {
  std::string tsv;
  BatchRun run = tag_in_batches({}, 50, tsv);
  EXPECT_EQ(tsv, "");
  EXPECT_TRUE(run.batch_seconds.empty());
  NerStats stats = summarize_batches(run, 3.5);
  EXPECT_EQ(stats.batches, 0);
  EXPECT_EQ(stats.us_per_paragraph, 0);
  EXPECT_EQ(stats.peak_rss_mb, 3.5);
}

TEST(NerLogTest, MedianOfOddAndEvenCounts) {
  EXPECT_EQ(median({3, 1, 2}), 2);
  EXPECT_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_EQ(median({}), 0);
}

BatchRun sample_run() {
  BatchRun run;
  run.batch_size = 10;
  run.paragraphs = 25;
  run.entities = 7;
  run.evidence_seconds = 0.5;
  run.batch_paragraphs = {10, 10, 5};
  run.batch_seconds = {0.002, 0.004, 0.0005};
  run.tagging_cpu_seconds = 0.005;
  run.label_counts[static_cast<std::size_t>(Label::person)] = 5;
  run.label_counts[static_cast<std::size_t>(Label::date)] = 2;
  return run;
}

TEST(NerLogTest, SummarizesBatchTimes) {
  NerStats stats = summarize_batches(sample_run(), 12.25);
  EXPECT_EQ(stats.batches, 3);
  EXPECT_DOUBLE_EQ(stats.batch_min_s, 0.0005);
  EXPECT_DOUBLE_EQ(stats.batch_median_s, 0.002);
  EXPECT_DOUBLE_EQ(stats.batch_max_s, 0.004);
  EXPECT_DOUBLE_EQ(stats.tagging_s, 0.0065);
  // Per paragraph: 200, 400 and 100 microseconds; the median is 200.
  EXPECT_DOUBLE_EQ(stats.us_per_paragraph, 200);
  EXPECT_EQ(stats.labels,
            (std::vector<std::pair<std::string, std::int64_t>>{{"PERSON", 5}, {"DATE", 2}}));
}

TEST(NerLogTest, WritesKeysThatParseBack) {
  BatchRun run = sample_run();
  NerStats stats = summarize_batches(run, 12.25);
  std::vector<std::string> lines = format_ner_log(stats, run);
  EXPECT_TRUE(lines[0].starts_with("# ner: 25 paragraphs in 3 batches of up to 10;"));
  EXPECT_NE(std::find(lines.begin(), lines.end(), "batch\t3\t5\t0.000500"), lines.end());
  std::string text = "some other line\n";
  for (const auto& line : lines)
    text += line + "\n";
  auto parsed = parse_ner_log(text, "logs/ner-10.log");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->batch_size, 10);
  EXPECT_EQ(parsed->paragraphs, 25);
  EXPECT_EQ(parsed->batches, 3);
  EXPECT_EQ(parsed->entities, 7);
  EXPECT_DOUBLE_EQ(parsed->batch_median_s, 0.002);
  EXPECT_DOUBLE_EQ(parsed->us_per_paragraph, 200);
  EXPECT_DOUBLE_EQ(parsed->peak_rss_mb, 12.25);
  EXPECT_DOUBLE_EQ(parsed->tagging_cpu_s, 0.005);
  EXPECT_DOUBLE_EQ(cpu_us_per_paragraph(*parsed), 200);  // 5 ms over 25 paragraphs
  EXPECT_EQ(parsed->labels, stats.labels);

  // tagging_cpu_s is optional (logs of other taggers may lack it).
  std::string without_cpu;
  for (const auto& line : lines) {
    if (!line.starts_with("tagging_cpu_s")) without_cpu += line + "\n";
  }
  auto older = parse_ner_log(without_cpu, "old.log");
  ASSERT_TRUE(older) << older.error().message;
  EXPECT_EQ(older->tagging_cpu_s, 0);
}

TEST(NerLogTest, RejectsOtherFilesAndBrokenLogs) {
  auto not_a_log = parse_ner_log("hello\tworld\n", "a.log");
  ASSERT_FALSE(not_a_log);
  EXPECT_EQ(not_a_log.error().message,
            "log 'a.log': not a ner statistics log (no 'ner_stats' line)");

  auto missing = parse_ner_log("ner_stats\t1\nbatch_size\t50\n", "b.log");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "log 'b.log': no 'paragraphs' line");

  auto bad = parse_ner_log("ner_stats\t1\nbatch_size\tfifty\n", "c.log");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "log 'c.log': line 2: 'batch_size' is not a number: 'fifty'");
}

}  // namespace
}  // namespace flow::builtins::ner
