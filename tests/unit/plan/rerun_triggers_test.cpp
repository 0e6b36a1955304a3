#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "flow/dag/job_render.h"
#include "flow/plan/staleness.h"
#include "support/workflow_text.h"

namespace flow::plan {
namespace {

// Spec §2 item 6: the recorded code, params and input list, and --rerun-triggers.
class RerunTriggersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_fs.create("in.txt");
    m_fs.create("more.txt");
    m_fs.create("out.txt");  // as new as its inputs: up to date by mtime
    m_log = std::move(state::StateLog::open(m_fs, ".flow")).value();
  }
  // Records out.txt as made by `text`'s job (as a run of that workflow would).
  void record(const std::string& text) {
    auto rules = test::rules_of(text);
    auto dag = std::move(dag::build_dag(rules, {}, m_fs)).value();
    dag::Fingerprint print = dag::fingerprint(dag, JobId(0));
    std::vector<std::string> paths = {"out.txt"};
    ASSERT_TRUE(
        m_log->record_complete(paths, {"make", print.code, print.params, print.inputs, 1, 2}).ok());
  }
  // The reason of `text`'s job ("-" when up to date) under `triggers`.
  std::string reason(const std::string& text, std::uint8_t triggers = k_all_triggers) {
    auto rules = test::rules_of(text);
    auto dag = std::move(dag::build_dag(rules, {}, m_fs)).value();
    FileStatCache stats(dag, m_fs);
    StalenessOptions options;
    options.triggers = triggers;
    auto staleness = std::move(compute_staleness(dag, stats, m_log.get(), options)).value();
    const Reason& r = staleness.reasons[0];
    return r.any() ? r.to_string(dag) : "-";
  }

  test::FakeFilesystem m_fs;
  std::unique_ptr<state::StateLog> m_log;
};

constexpr const char* k_base = R"(
rules:
  make: {input: in.txt, output: out.txt, params: {n: 1}, shell: "tool {params.n} {input} > {output}"}
)";
constexpr const char* k_other_code = R"(
rules:
  make: {input: in.txt, output: out.txt, params: {n: 1}, shell: "tool2 {params.n} {input} > {output}"}
)";
constexpr const char* k_other_params = R"(
rules:
  make: {input: in.txt, output: out.txt, params: {n: 2}, shell: "tool {params.n} {input} > {output}"}
)";
constexpr const char* k_other_inputs = R"(
rules:
  make: {input: [in.txt, more.txt], output: out.txt, params: {n: 1}, shell: "tool {params.n} {input} > {output}"}
)";

TEST_F(RerunTriggersTest, TheSameJobAsRecordedIsUpToDate) {
  record(k_base);
  EXPECT_EQ(reason(k_base), "-");
}

TEST_F(RerunTriggersTest, EachRecordedDifferenceIsItsOwnReason) {
  record(k_base);
  EXPECT_EQ(reason(k_other_code), "code changed");
  EXPECT_EQ(reason(k_other_params), "params changed");
  EXPECT_EQ(reason(k_other_inputs), "input list changed");
}

TEST_F(RerunTriggersTest, RerunTriggersSelectWhichDifferencesCount) {
  record(k_base);
  EXPECT_EQ(reason(k_other_code, k_trigger_mtime | k_trigger_params | k_trigger_input), "-");
  EXPECT_EQ(reason(k_other_params, k_trigger_code), "-");
  EXPECT_EQ(reason(k_other_params, k_trigger_params), "params changed");
  EXPECT_EQ(reason(k_other_inputs, k_trigger_mtime), "-");
}

TEST_F(RerunTriggersTest, AFileWithNoRecordTriggersNothing) {
  EXPECT_EQ(reason(k_other_code), "-");  // made by hand: nothing recorded to compare with
}

TEST_F(RerunTriggersTest, WithoutTheMtimeTriggerANewerInputRerunsNothing) {
  record(k_base);
  m_fs.tick();
  m_fs.create("in.txt");
  EXPECT_EQ(reason(k_base), "updated input in.txt");
  EXPECT_EQ(reason(k_base, k_trigger_params | k_trigger_input | k_trigger_code), "-");
}

}  // namespace
}  // namespace flow::plan
