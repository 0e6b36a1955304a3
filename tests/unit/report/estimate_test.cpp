#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "flow/dag/dag_builder.h"
#include "flow/plan/staleness.h"
#include "flow/report/estimate.h"
#include "support/fake_filesystem.h"
#include "support/workflow_text.h"

namespace flow::report {
namespace {

HistoryEntry measured(std::string rule, std::int64_t bytes, double wall, double mb,
                      std::int64_t output = 0, int threads = 1) {
  return HistoryEntry{std::move(rule), "", bytes, output, threads, wall, wall, mb, 0};
}

TEST(FitRule, ScalesWithInputSizeWhenSizesVary) {
  // wall = 1 + 2e-6 × bytes, memory = 10 + 1e-5 × bytes (+ noise below the line)
  RuleModel m = fit_rule({measured("r", 1'000'000, 3, 20), measured("r", 2'000'000, 5, 29),
                          measured("r", 3'000'000, 7, 40)});
  EXPECT_TRUE(m.scaled);
  EXPECT_EQ(m.samples, 3u);
  EXPECT_NEAR(m.wall.at(10'000'000), 21, 1e-9);
  EXPECT_NEAR(m.wall.slope, 2e-6, 1e-12);
  // The memory line has the fitted slope and lies above every recorded job.
  EXPECT_NEAR(m.memory.slope, 1e-5, 1e-12);
  EXPECT_NEAR(m.memory.at(0), 10, 1e-9);
  EXPECT_NEAR(m.memory.at(10'000'000), 110, 1e-9);
}

TEST(FitRule, WithOneSizeTheCostAboveTheFloorGrowsWithTheInput) {
  RuleModel m =
      fit_rule({measured("r", 1000, 2, 50), measured("r", 1100, 4, 70), measured("r", 1050, 3, 60)},
               HistoryFloors{0.5, 10});
  EXPECT_FALSE(m.scaled);  // spread 100 < 20% of 1050
  // Through (0, 0.5) and (1050, the mean 3): twice the mean size costs 0.5 + 2 × 2.5.
  EXPECT_DOUBLE_EQ(m.wall.at(1050), 3);
  EXPECT_DOUBLE_EQ(m.wall.at(2100), 5.5);
  EXPECT_DOUBLE_EQ(m.wall.at(0), 0.5);
  // Memory: the proportional slope through the largest peak, (70 - 10) / 1050, and no
  // recorded job above the line.
  EXPECT_NEAR(m.memory.slope, 60.0 / 1050, 1e-12);
  for (auto [bytes, mb] : {std::pair{1000, 50}, {1100, 70}, {1050, 60}})
    EXPECT_GE(m.memory.at(bytes) + 1e-9, mb);
  EXPECT_NEAR(m.memory.at(1100), 70, 1e-9);
  // Output bytes: in proportion, from 0.
  RuleModel one = fit_rule({measured("r", 5000, 2, 50, 800)}, HistoryFloors{0.1, 3});
  EXPECT_FALSE(one.scaled);
  EXPECT_DOUBLE_EQ(one.wall.at(5000), 2);
  EXPECT_DOUBLE_EQ(one.wall.at(10000), 3.9);
  EXPECT_DOUBLE_EQ(one.memory.at(10000), 97);
  EXPECT_DOUBLE_EQ(one.output.at(10000), 1600);
  // A floor above the rule's own cost (the rule is the cheapest): taken at its cost, which
  // then does not grow; without input bytes nothing can grow either.
  RuleModel cheap = fit_rule({measured("r", 5000, 2, 50)}, HistoryFloors{4, 60});
  EXPECT_DOUBLE_EQ(cheap.wall.at(50'000), 2);
  EXPECT_DOUBLE_EQ(cheap.memory.at(50'000), 50);
  RuleModel empty_input = fit_rule({measured("r", 0, 2, 50)}, HistoryFloors{0.1, 3});
  EXPECT_DOUBLE_EQ(empty_input.wall.at(1'000'000), 2);
  EXPECT_DOUBLE_EQ(empty_input.memory.at(1'000'000), 50);
}

TEST(FitHistory, TheFloorsAreTheCheapestJobOfAnyRule) {
  HistoryFloors floors = history_floors(
      {measured("a", 10, 0.3, 0), measured("b", 10, 0.02, 9), measured("c", 10, 5, 4.5)});
  EXPECT_DOUBLE_EQ(floors.wall_seconds, 0.02);
  EXPECT_DOUBLE_EQ(floors.memory_mb, 4.5);  // 0 is "not measured", not a floor
  auto models = fit_history({measured("one", 1000, 1.02, 20), measured("cheap", 0, 0.02, 4)});
  EXPECT_DOUBLE_EQ(models.at("one").wall.at(2000), 2.02);
  EXPECT_DOUBLE_EQ(models.at("one").memory.at(2000), 36);
  // With kinds: a built-in's floors are the cheapest built-in's (flow's own start-up), not a
  // `cp`'s; a rule whose kind has no other job, or that is not in the workflow, gets the
  // cheapest of all.
  std::vector<HistoryEntry> history{measured("count", 1000, 1.1, 25), measured("cp", 0, 0.01, 2),
                                    measured("summary", 0, 0.1, 5), measured("gone", 10, 3, 30)};
  ProcessKinds kinds{{"count", "builtin"}, {"summary", "builtin"}, {"cp", "shell"}};
  auto by_kind = fit_history(history, kinds);
  EXPECT_DOUBLE_EQ(by_kind.at("count").wall.at(2000), 2.1);   // 0.1 + 2 × 1.0
  EXPECT_DOUBLE_EQ(by_kind.at("count").memory.at(2000), 45);  // 5 + 2 × 20
  EXPECT_DOUBLE_EQ(by_kind.at("gone").wall.at(20), 5.99);     // 0.01 + 2 × 2.99
  test::FakeFilesystem files;
  files.create("s.py", "print(1)\n");
  auto rules = test::rules_of(R"(
rules:
  a: {output: a.txt, shell: "touch {output}"}
  b: {output: b.txt, builtin: copy, input: a.txt}
  c: {output: c.txt, script: s.py}
  all: {input: [b.txt, c.txt]}
)",
                              &files);
  ProcessKinds of = process_kinds(rules);
  EXPECT_EQ(of.at("a"), "shell");
  EXPECT_EQ(of.at("b"), "builtin");
  EXPECT_EQ(of.at("c").substr(0, 7), "script:");
  EXPECT_FALSE(of.contains("all"));
}

TEST(FitRule, ANegativeSlopeIsNoiseAndPredictionsAreNeverNegative) {
  RuleModel m = fit_rule({measured("r", 1000, 4, 50), measured("r", 3000, 2, 30)});
  EXPECT_TRUE(m.scaled);
  EXPECT_DOUBLE_EQ(m.wall.slope, 0);
  EXPECT_DOUBLE_EQ(m.wall.at(100'000), 3);
  EXPECT_DOUBLE_EQ(m.memory.at(100'000), 50);
  Fit steep{-5, 1};
  EXPECT_DOUBLE_EQ(steep.at(1), 0);
}

TEST(EstimateJobs, SumsPerRuleAndChainsSizesThroughTheJobsToRun) {
  auto models = fit_history({
      measured("fetch", 0, 10, 5, 1000),
      measured("fetch", 0, 10, 5, 3000),  // output 2000
      measured("ner", 1000, 2, 100, 0, 2),
      measured("ner", 3000, 4, 200, 0, 2),
  });
  // Two fetches, each feeding one ner job (fetch has one output), and a ner job on an
  // existing 5000-byte file; then a rule without history.
  std::vector<PlannedJob> jobs{{"fetch", 0, {}},     {"fetch", 0, {}},
                               {"ner", 0, {{0, 1}}}, {"ner", 0, {{1, 1}}},
                               {"ner", 5000, {}},    {"report", 0, {{2, 1}, {3, 1}, {4, 1}}}};
  Estimate e = estimate_jobs(jobs, models, 4);
  ASSERT_EQ(e.rules.size(), 3u);
  EXPECT_EQ(e.rules[0].rule, "fetch");
  EXPECT_DOUBLE_EQ(e.rules[0].wall_seconds, 20);
  EXPECT_EQ(e.rules[1].jobs, 3u);
  // ner: wall = 1 + 0.001 × bytes: 3 + 3 + 6; memory = 50 + 0.05 × bytes: max at 5000.
  EXPECT_NEAR(e.rules[1].wall_seconds, 12, 1e-9);
  EXPECT_NEAR(e.rules[1].peak_mb, 300, 1e-9);
  EXPECT_NEAR(e.rules[1].core_hours, 12 * 2 / 3600.0, 1e-12);
  EXPECT_FALSE(e.rules[2].known);
  EXPECT_EQ(e.unknown_jobs, 1u);
  EXPECT_EQ(e.jobs, 6u);
  EXPECT_NEAR(e.wall_seconds, 32, 1e-9);
  EXPECT_NEAR(e.peak_mb, 300, 1e-9);
  EXPECT_NEAR(e.critical_path_seconds, 13, 1e-9);  // fetch 10, then ner 3
  EXPECT_NEAR(e.elapsed_seconds, 13, 1e-9);        // core-seconds 44 / 4 = 11 < 13
  // On one core, ner's two threads are one: 20 + 12 core-seconds.
  EXPECT_NEAR(estimate_jobs(jobs, models, 1).elapsed_seconds, 32, 1e-9);
}

TEST(EstimateJobs, TheTableAndTheJson) {
  auto models = fit_history({measured("count", 100, 2, 10.2), measured("count", 300, 4, 20.5)});
  Estimate e =
      estimate_jobs({{"count", 200, {}}, {"count", 400, {}}, {"plot", 0, {{1, 1}}}}, models, 1);
  std::ostringstream out;
  write_estimate(e, 2, out);
  EXPECT_EQ(out.str(),
            "flow: estimate from 2 recorded jobs (.flow/history.tsv)\n"
            "rule     jobs   wall/job  wall total  peak memory  core-hours\n"
            "count       2      4.00s       8.00s        26 MB       0.002\n"
            "plot        1  no history: run some of its jobs first\n"
            "total       3                  8.00s        26 MB       0.002\n"
            "with 1 core: about 8.00s (the longest chain of jobs takes 5.00s)\n"
            "not counted: 1 job of rules without history\n");
  std::ostringstream json;
  write_estimate_json(e, 2, json);
  EXPECT_EQ(json.str(),
            "{\"jobs\": 3, \"unknown_jobs\": 1, \"wall_seconds\": 8, \"peak_mb\": 25.65, "
            "\"core_hours\": 0.00222222, \"cores\": 1, \"elapsed_seconds\": 8, "
            "\"critical_path_seconds\": 5, \"history_jobs\": 2, \"rules\": [{\"rule\": "
            "\"count\", \"jobs\": 2, \"history\": true, \"samples\": 2, "
            "\"wall_seconds_per_job\": 4, \"wall_seconds\": 8, \"peak_mb\": 25.65, "
            "\"core_hours\": 0.00222222}, {\"rule\": \"plot\", \"jobs\": 1, \"history\": false, "
            "\"samples\": 0, \"wall_seconds_per_job\": null, \"wall_seconds\": null, "
            "\"peak_mb\": null, \"core_hours\": null}]}\n");
  std::ostringstream nothing;
  write_estimate(estimate_jobs({}, models, 1), 2, nothing);
  EXPECT_EQ(nothing.str(), "flow: nothing to be done.\n");
}

TEST(PlannedJobs, ProducersFirstWithTheSizesOfExistingInputs) {
  auto rules = test::rules_of(R"(
rules:
  all: {input: ["c/1.txt", "c/2.txt"]}
  count:
    input: "w/{n}.txt"
    output: "c/{n}.txt"
    shell: "wc -l < {input} > {output}"
  make:
    output: "w/2.txt"
    shell: "echo > {output}"
)");
  test::FakeFilesystem fs;
  fs.create("w/1.txt", "123456");
  auto dag = std::move(dag::build_dag(rules, {}, fs)).value();
  plan::FileStatCache stats(dag, fs);
  auto staleness = std::move(plan::compute_staleness(dag, stats, nullptr, {})).value();
  auto planned = planned_jobs(dag, staleness, stats);
  std::vector<std::string> order;
  for (const auto& p : planned)
    order.push_back(p.rule + ":" + std::to_string(p.known_bytes) + ":" +
                    std::to_string(p.made_inputs.size()));
  // count n=1 reads a 6-byte file; count n=2 reads what make makes; `all` runs nothing.
  ASSERT_EQ(order.size(), 3u);
  EXPECT_NE(std::find(order.begin(), order.end(), "count:6:0"), order.end());
  EXPECT_NE(std::find(order.begin(), order.end(), "count:0:1"), order.end());
  auto make = std::find(order.begin(), order.end(), "make:0:0");
  auto count2 = std::find(order.begin(), order.end(), "count:0:1");
  EXPECT_LT(make, count2);
}

TEST(PlannedJobs, AnotherJobsLogIsReadInOrderButGetsNoPredictedSize) {
  auto rules = test::rules_of(R"(
rules:
  report:
    input: ["logs/tag.log", "out.txt"]
    output: "report.txt"
    shell: "cat {input} > {output}"
  tag:
    output: "out.txt"
    log: "logs/tag.log"
    shell: "echo > {output} 2> {log}"
)");
  test::FakeFilesystem fs;
  auto dag = std::move(dag::build_dag(rules, {}, fs)).value();
  plan::FileStatCache stats(dag, fs);
  auto staleness = std::move(plan::compute_staleness(dag, stats, nullptr, {})).value();
  auto planned = planned_jobs(dag, staleness, stats);
  ASSERT_EQ(planned.size(), 2u);
  EXPECT_EQ(planned[0].rule, "tag");
  ASSERT_EQ(planned[1].made_inputs.size(), 2u);
  EXPECT_TRUE(planned[1].unsized_inputs);
  // The log: order only (count 0); out.txt: tag's one output.
  EXPECT_EQ(planned[1].made_inputs[0], std::make_pair(std::size_t{0}, std::size_t{0}));
  EXPECT_EQ(planned[1].made_inputs[1], std::make_pair(std::size_t{0}, std::size_t{1}));

  // tag is predicted to write 1,000 bytes; report read 5,000 bytes before (its logs), so it
  // is predicted at 5,000, not at the 1,000 of out.txt alone.
  auto models = fit_history({measured("tag", 0, 1, 10, 1000), measured("report", 5000, 2, 10),
                             measured("cheap", 0, 0.5, 1)});
  Estimate e = estimate_jobs(planned, models, 1);
  ASSERT_EQ(e.rules.size(), 2u);
  EXPECT_DOUBLE_EQ(e.rules[1].wall_seconds, 2);
  EXPECT_DOUBLE_EQ(e.critical_path_seconds, 3);
}

}  // namespace
}  // namespace flow::report
