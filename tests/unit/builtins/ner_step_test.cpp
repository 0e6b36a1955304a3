#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "builtin_test_util.h"
#include "flow/builtins/catalog.h"

namespace flow::builtins {
namespace {

using test::invocation;
using test::lines_of;
using test::message_of;
using test::read_file;
using test::run_step;
using test::TempDir;

const char* const k_paragraphs =
    "Then Alice met the Gryphon.\n\n"
    "It was the first of June.\n\n"
    "The Gryphon and Alice\nwalked three miles.\n\n"
    "Nothing here.\n\n"
    "Alice sang twice.\n";

bool has_line(const std::string& text, const std::string& line) {
  std::vector<std::string> lines = lines_of(text);
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

TEST(NerStepTest, IsRegistered) {
  std::vector<std::string> names;
  for (const auto& signature : signatures())
    names.push_back(signature.name);
  EXPECT_NE(std::find(names.begin(), names.end(), "ner"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "ner_report"), names.end());
}

TEST(NerStepTest, WritesEntitiesAndStatistics) {
  TempDir dir;
  std::string in = dir.write("paragraphs.txt", k_paragraphs);
  auto call = invocation("ner", {in}, {dir / "results/entities-2.tsv"}, {{"batch_size", "2"}});
  call.logs = {dir / "logs/ner-2.log"};
  ASSERT_EQ(message_of(run_builtin(call)), "<ok>");
  EXPECT_EQ(
      lines_of(read_file(dir / "results/entities-2.tsv")),
      (std::vector<std::string>{"0\tAlice\tPERSON\t5\t10", "0\tGryphon\tPERSON\t19\t26",
                                "1\tthe first of June\tDATE\t7\t24", "2\tGryphon\tPERSON\t4\t11",
                                "2\tAlice\tPERSON\t16\t21", "2\tthree miles\tQUANTITY\t29\t40",
                                "4\tAlice\tPERSON\t0\t5"}));
  std::string log = read_file(dir / "logs/ner-2.log");
  EXPECT_TRUE(log.starts_with("# ner: 5 paragraphs in 3 batches of up to 2;")) << log;
  EXPECT_TRUE(has_line(log, "ner_stats\t1"));
  EXPECT_TRUE(has_line(log, "batch_size\t2"));
  EXPECT_TRUE(has_line(log, "paragraphs\t5"));
  EXPECT_TRUE(has_line(log, "batches\t3"));
  EXPECT_TRUE(has_line(log, "entities\t7"));
  EXPECT_TRUE(has_line(log, "label\tPERSON\t5"));
  EXPECT_NE(log.find("\npeak_rss_mb\t"), std::string::npos);
  EXPECT_NE(log.find("\nbatch\t3\t1\t"), std::string::npos);
}

TEST(NerStepTest, DefaultsToBatchesOfFifty) {
  TempDir dir;
  std::string paragraphs;
  for (int i = 0; i < 120; ++i)
    paragraphs += "Then Alice smiled.\n\n";
  std::string in = dir.write("p.txt", paragraphs);
  auto call = invocation("ner", {in}, {dir / "e.tsv"});
  call.logs = {dir / "ner.log"};
  ASSERT_EQ(message_of(run_builtin(call)), "<ok>");
  std::string log = read_file(dir / "ner.log");
  EXPECT_TRUE(has_line(log, "batch_size\t50"));
  EXPECT_TRUE(has_line(log, "batches\t3"));
  EXPECT_EQ(lines_of(read_file(dir / "e.tsv")).size(), 120u);
}

TEST(NerStepTest, WritesAHeaderWhenAsked) {
  TempDir dir;
  std::string in = dir.write("p.txt", "Then Alice smiled.\n");
  ASSERT_EQ(message_of(run_step("ner", {in}, {dir / "e.tsv"}, {{"header", "true"}})), "<ok>");
  EXPECT_EQ(read_file(dir / "e.tsv"),
            "paragraph\ttext\tlabel\tstart\tend\n0\tAlice\tPERSON\t5\t10\n");
}

// Python's text mode, as the seed reads its book: the byte order mark is the first character
// of paragraph 0, and a CRLF or a lone CR is one line end.
TEST(NerStepTest, CountsTheByteOrderMarkAndReadsLineEndsAsPythonDoes) {
  TempDir dir;
  std::string in = dir.write("p.txt",
                             "\xEF\xBB\xBF"
                             "by Lewis Carroll\r\n\r\nThen Alice\rand Dinah ran.\r\n");
  ASSERT_EQ(message_of(run_step("ner", {in}, {dir / "e.tsv"})), "<ok>");
  EXPECT_EQ(lines_of(read_file(dir / "e.tsv")),
            (std::vector<std::string>{"0\tLewis Carroll\tPERSON\t4\t17", "1\tAlice\tPERSON\t5\t10",
                                      "1\tDinah\tPERSON\t15\t20"}));
}

TEST(NerStepTest, RejectsABatchSizeBelowOne) {
  TempDir dir;
  std::string in = dir.write("p.txt", k_paragraphs);
  EXPECT_EQ(message_of(run_step("ner", {in}, {dir / "e.tsv"}, {{"batch_size", "0"}})),
            "argument 'batch_size' must be an integer from 1 to 1000000000, not '0'");
  EXPECT_FALSE(test::file_exists(dir / "e.tsv"));
}

TEST(NerStepTest, NamesAMissingInput) {
  TempDir dir;
  auto result = run_step("ner", {dir / "missing.txt"}, {dir / "e.tsv"});
  EXPECT_EQ(message_of(result), "input '" + dir / "missing.txt" + "': no such file");
}

// A log as a ner job writes it, with round figures.
std::string sample_log(int batch_size, double us_per_paragraph, double rss_mb) {
  return "# ner: a summary for people\nner_stats\t1\nbatch_size\t" + std::to_string(batch_size) +
         "\nparagraphs\t1000\nbatches\t4\nentities\t1500\nevidence_s\t0.01\ntagging_s\t0.02\n"
         "tagging_cpu_s\t0.015\n"
         "batch_min_s\t0.001\nbatch_median_s\t0.002\nbatch_max_s\t0.004\nus_per_paragraph\t" +
         std::to_string(us_per_paragraph) + "\npeak_rss_mb\t" + std::to_string(rss_mb) +
         "\nlabel\tPERSON\t900\nlabel\tDATE\t600\nbatch\t1\t250\t0.002\n";
}

TEST(NerReportTest, ComparesBatchSizesAndEstimatesManyBooks) {
  TempDir dir;
  std::string log300 = dir.write("logs/ner-300.log", sample_log(300, 12.0, 5.5));
  std::string log50 = dir.write("logs/ner-50.log", sample_log(50, 10.0, 5.0));
  std::string bench300 =
      dir.write("bench/300.tsv",
                "s\th:m:s\tmax_rss_mb\tcpu_s\tio_in\tio_out\n0.5\t0:00:00\t8.0\t0.4\t0\t0\n");
  std::string bench50 =
      dir.write("bench/50.tsv",
                "s\th:m:s\tmax_rss_mb\tcpu_s\tio_in\tio_out\n0.25\t0:00:00\t4.0\t0.2\t0\t0\n");
  auto result = run_step("ner_report", {log300, log50, bench300, bench50},
                         {dir / "results/comparison.tsv", dir / "results/report.md"});
  ASSERT_EQ(message_of(result), "<ok>");
  std::vector<std::string> rows = lines_of(read_file(dir / "results/comparison.tsv"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_TRUE(rows[0].starts_with("batch_size\tbatches\tparagraphs\tentities\t"));
  // Sorted by batch size. 10 us x 1000 paragraphs x 1000 books = 10 s; 0.25 s x 1000 books.
  EXPECT_EQ(
      rows[1],
      "50\t4\t1000\t1500\t0.001000\t0.002000\t0.004000\t10.000\t15.000\t0.020000\t5.00\t0.250\t4.00"
      "\t1000\t10.000\t250.000\t5.00");
  EXPECT_EQ(rows[2],
            "300\t4\t1000\t1500\t0.001000\t0.002000\t0.004000\t12.000\t15.000\t0.020000\t5.50\t0."
            "500\t8.00"
            "\t1000\t12.000\t500.000\t8.00");
  std::string report = read_file(dir / "results/report.md");
  EXPECT_TRUE(report.starts_with("# Named entities: batch sizes compared\n")) << report;
  EXPECT_NE(report.find("Quickest per paragraph: batch size 50."), std::string::npos);
  EXPECT_NE(report.find("## 1,000 books of this size"), std::string::npos);
  // Both peaks, each labelled: the tagging step's own and the whole job's (issue 13 item 7).
  EXPECT_NE(report.find("| 50 | 4 | 1,500 | 1.000 ms | 2.000 ms | 4.000 ms | 10.00 µs | 15.00 µs "
                        "| 5.0 MB | 0.25s | 4.0 MB |\n"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("The slowest size took 20.0% longer per paragraph."), std::string::npos)
      << report;
  EXPECT_NE(report.find("| label | batch size 50 | batch size 300 |\n"), std::string::npos);
  EXPECT_NE(report.find("| PERSON | 900 | 900 |"), std::string::npos);
}

TEST(NerReportTest, WorksWithoutBenchmarksAndTakesTheBookCount) {
  TempDir dir;
  std::string log = dir.write("ner-50.log", sample_log(50, 10.0, 5.0));
  auto call = invocation("ner_report", {log}, {}, {{"books", "10"}});
  call.outputs = {{"report", dir / "r.md"}, {"comparison", dir / "c.tsv"}};
  ASSERT_EQ(message_of(run_builtin(call)), "<ok>");
  std::vector<std::string> rows = lines_of(read_file(dir / "c.tsv"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[1].ends_with("\tNA\tNA\t10\t0.100\tNA\t5.00")) << rows[1];
  EXPECT_NE(read_file(dir / "r.md").find("not measured"), std::string::npos);
}

TEST(NerReportTest, ReadsSnakemakesBenchmarkColumnsToo) {
  TempDir dir;
  std::string log = dir.write("ner-50.log", sample_log(50, 10.0, 5.0));
  std::string bench =
      dir.write("50.tsv",
                "s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time\n"
                "0.25\t0:00:00\t7.5\t20.1\tNA\tNA\t0\t0\t0.9\t0.2\n");
  ASSERT_EQ(message_of(run_step("ner_report", {log, bench}, {dir / "c.tsv", dir / "r.md"})),
            "<ok>");
  std::vector<std::string> rows = lines_of(read_file(dir / "c.tsv"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[1].ends_with("\t0.250\t7.50\t1000\t10.000\t250.000\t7.50")) << rows[1];
}

TEST(NerReportTest, NeedsOneBenchmarkPerLog) {
  TempDir dir;
  std::string log1 = dir.write("a.log", sample_log(50, 10.0, 5.0));
  std::string log2 = dir.write("b.log", sample_log(300, 10.0, 5.0));
  std::string bench =
      dir.write("a.tsv", "s\th:m:s\tmax_rss_mb\tcpu_s\tio_in\tio_out\n1\t0\t1\t1\t0\t0\n");
  EXPECT_EQ(message_of(run_step("ner_report", {log1, log2, bench}, {dir / "c.tsv", dir / "r.md"})),
            "got 1 benchmark files for 2 ner logs: give one per log, in the same order, or none");
  EXPECT_FALSE(test::file_exists(dir / "c.tsv"));
}

TEST(NerReportTest, RejectsAFileThatIsNotANerLog) {
  TempDir dir;
  std::string other = dir.write("other.log", "paragraphs: 5 paragraphs in x.txt\n");
  EXPECT_EQ(message_of(run_step("ner_report", {other}, {dir / "c.tsv", dir / "r.md"})),
            "log '" + other + "': not a ner statistics log (no 'ner_stats' line)");
}

}  // namespace
}  // namespace flow::builtins
