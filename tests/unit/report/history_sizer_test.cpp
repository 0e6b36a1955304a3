#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "flow/report/history_sizer.h"
#include "support/fake_filesystem.h"
#include "support/workflow_text.h"

namespace flow::report {
namespace {

HistoryEntry measured(std::string rule, std::int64_t bytes, double wall, double mb) {
  return HistoryEntry{std::move(rule), "", bytes, 0, 1, wall, wall, mb, 0};
}

TEST(AutoRequest, MemoryAndTimeWithHeadroomTimesTheTry) {
  RuleModel m = fit_rule({measured("r", 1000, 100, 50), measured("r", 1000, 200, 80)});
  // Memory: the highest recorded peak (80 MB) × 1.2 = 96; time: the mean 150 s × 1.5 = 225 s
  // = 3.75 min, rounded up to 4.
  EXPECT_EQ(auto_request(m, AutoKind::memory_mb, 1000, 1), 96);
  EXPECT_EQ(auto_request(m, AutoKind::memory_mb, 1000, 3), 288);
  EXPECT_EQ(auto_request(m, AutoKind::runtime_minutes, 1000, 1), 4);
  EXPECT_EQ(auto_request(m, AutoKind::runtime_minutes, 1000, 2), 8);
}

TEST(AutoRequest, ScaledByInputSizeAndNeverBelowOne) {
  // memory = 10 + 1e-5 × bytes; wall = 1 + 2e-6 × bytes
  RuleModel m = fit_rule({measured("r", 1'000'000, 3, 20), measured("r", 2'000'000, 5, 30),
                          measured("r", 3'000'000, 7, 40)});
  ASSERT_TRUE(m.scaled);
  EXPECT_EQ(auto_request(m, AutoKind::memory_mb, 10'000'000, 1), 132);      // 1.2 × 110
  EXPECT_EQ(auto_request(m, AutoKind::runtime_minutes, 10'000'000, 1), 1);  // 31.5 s
  RuleModel tiny = fit_rule({measured("r", 0, 0.01, 0.2)});
  EXPECT_EQ(auto_request(tiny, AutoKind::memory_mb, 0, 1), 1);
  EXPECT_EQ(auto_request(tiny, AutoKind::runtime_minutes, 0, 1), 1);
}

TEST(AutoRequest, NothingWithoutSamplesOrWithoutMeasuredMemory) {
  EXPECT_FALSE(auto_request(RuleModel{}, AutoKind::memory_mb, 0, 1));
  // Cluster jobs record no peak memory (0): time can be sized, memory cannot.
  RuleModel cluster = fit_rule({measured("r", 100, 120, 0)});
  EXPECT_FALSE(auto_request(cluster, AutoKind::memory_mb, 100, 1));
  EXPECT_EQ(auto_request(cluster, AutoKind::runtime_minutes, 100, 1), 3);
}

TEST(AutoKind, OnlyMemoryAndTimeNames) {
  EXPECT_EQ(auto_kind("mem_mb"), AutoKind::memory_mb);
  EXPECT_EQ(auto_kind("runtime"), AutoKind::runtime_minutes);
  EXPECT_EQ(auto_kind("walltime"), AutoKind::runtime_minutes);
  EXPECT_FALSE(auto_kind("disk_mb"));
}

constexpr const char* k_workflow = R"(
rules:
  all: {input: ["c/1.txt", "c/2.txt"]}
  count:
    input: "w/{n}.txt"
    output: "c/{n}.txt"
    resources: {mem_mb: auto, runtime: 10}
    shell: "wc -l < {input} > {output}"
  other:
    output: "w/2.txt"
    resources: {mem_mb: auto}
    shell: "echo > {output}"
)";

TEST(HistorySizer, SizesEachJobFromItsOwnInputs) {
  auto rules = test::rules_of(k_workflow);
  ASSERT_TRUE(has_auto_resources(rules));
  test::FakeFilesystem fs;
  fs.create("w/1.txt", std::string(2'000'000, 'x'));
  auto dag = std::move(dag::build_dag(rules, {}, fs)).value();
  plan::FileStatCache stats(dag, fs);
  // count: memory = 10 + 1e-5 × bytes
  auto models =
      fit_history({measured("count", 1'000'000, 3, 20), measured("count", 3'000'000, 7, 40)});
  HistorySizer sizer(dag, stats, models);
  for (const auto& job : dag.jobs()) {
    const rules::Rule& rule = dag.rule_of(job.id);
    const rules::Resource* memory = rule.resource("mem_mb");
    if (rule.name == "count" && dag.label(job.id) == "count n=1") {
      EXPECT_EQ(sizer.size(job.id, *memory, 1), 36);  // 1.2 × 30 MB for 2 MB of input
      EXPECT_EQ(sizer.size(job.id, *memory, 2), 72);
      // A written resource is not the sizer's: it asks only for auto ones by name.
    } else if (rule.name == "other") {
      EXPECT_FALSE(sizer.size(job.id, *memory, 1));  // no history of `other`
    }
  }
  auto notes = unsized_auto_notes(rules, models);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0],
            "rule 'other': mem_mb: auto, but the job history has no job of it yet: asking for "
            "none (give a default with --default-resources mem_mb=N)");
}

}  // namespace
}  // namespace flow::report
