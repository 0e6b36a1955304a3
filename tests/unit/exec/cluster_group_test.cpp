// A job group on the cluster executor (spec §9): one submission, one completion per member,
// each from its own marker.

#include "cluster_fixture.h"

namespace flow::exec::testing {
namespace {

class ClusterGroupTest : public ClusterExecutorTest {
 protected:
  // What the group script leaves for a member that ran: its marker, with the group's token.
  void member_marker(const std::string& book, int exit_code) {
    m_fs.create("/w/.flow/cluster/count.id" + book + "/exit",
                "exit=" + std::to_string(exit_code) + "\ntoken=" + m_pbs.token_of("13") +
                    "\nstart=1.0\nend=2.0\n");
  }
  std::vector<JobSpec> three() { return {spec(1, "1"), spec(2, "2"), spec(3, "3")}; }
};

TEST_F(ClusterGroupTest, SubmitsTheGroupOnceAndReportsEachMember) {
  make(default_options());
  auto members = three();
  members[0].resources["mem_mb"] = ResourceValue{true, 100, "100"};
  members[1].resources["mem_mb"] = ResourceValue{true, 400, "400"};
  ASSERT_TRUE(m_executor->start_group("lane", members, {{}, {0}, {1}}).ok());
  ASSERT_EQ(m_spawner.calls("qsub").size(), 1u);
  EXPECT_EQ(m_executor->in_flight(), 1u);
  std::string script = m_fs.contents(m_pbs.scripts.at("13"));
  EXPECT_NE(script.find("mem=400mb"), std::string::npos) << script;
  EXPECT_NE(script.find("# flow group lane: 3 jobs"), std::string::npos);
  member_marker("1", 0);
  member_marker("2", 0);
  member_marker("3", 0);
  m_fs.create("/w/.flow/cluster/count.id2/stdout", "said 2\n");
  m_pbs.complete("13", 0);
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(done[i].id, i + 1);
    EXPECT_EQ(done[i].status, CompletionStatus::succeeded);
    EXPECT_DOUBLE_EQ(done[i].wall_seconds, 1.0);
  }
  EXPECT_EQ(done[1].output, "said 2\n");
  EXPECT_EQ(m_executor->in_flight(), 0u);
}

TEST_F(ClusterGroupTest, AFailedMemberSkipsWhatNeedsItAndNothingElse) {
  make(default_options());
  // 2 needs 1; 3 needs nothing.
  ASSERT_TRUE(m_executor->start_group("lane", three(), {{}, {0}, {}}).ok());
  member_marker("1", 5);
  member_marker("3", 0);
  m_pbs.complete("13", 1);
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[0].status, CompletionStatus::failed);
  EXPECT_EQ(done[0].exit_code, 5);
  EXPECT_EQ(done[1].status, CompletionStatus::skipped);
  EXPECT_EQ(done[1].message, "not run: it needs count book=1, which did not succeed");
  EXPECT_EQ(done[2].status, CompletionStatus::succeeded);
}

TEST_F(ClusterGroupTest, AGroupKilledMidwayKeepsWhatFinishedAndLosesTheRest) {
  make(default_options());
  ASSERT_TRUE(m_executor->start_group("lane", three(), {{}, {0}, {}}).ok());
  member_marker("1", 0);
  m_pbs.states["13"] = m_pbs.done_state();  // gone without the group's marker (walltime)
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[0].status, CompletionStatus::succeeded);
  EXPECT_EQ(done[1].status, CompletionStatus::lost);
  EXPECT_NE(done[1].message.find("vanished without an exit marker"), std::string::npos);
  EXPECT_EQ(done[2].status, CompletionStatus::lost);
}

TEST_F(ClusterGroupTest, AMarkerOfAnEarlierSubmissionIsNotThisOnes) {
  make(default_options());
  m_fs.create("/w/.flow/cluster/count.id1/exit", "exit=0\ntoken=old\n");
  ASSERT_TRUE(m_executor->start_group("lane", three(), {{}, {}, {}}).ok());
  EXPECT_FALSE(m_fs.exists("/w/.flow/cluster/count.id1/exit"));  // cleared before submitting
}

TEST_F(ClusterGroupTest, CancellingKeepsMembersThatEndedAndFailsTheOthers) {
  make(default_options());
  ASSERT_TRUE(m_executor->start_group("lane", three(), {{}, {0}, {1}}).ok());
  member_marker("1", 0);
  auto done = m_executor->cancel_all(1s);
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[0].status, CompletionStatus::succeeded);
  EXPECT_EQ(done[1].status, CompletionStatus::failed);
  EXPECT_NE(done[1].message.find("cancelled"), std::string::npos);
  EXPECT_EQ(m_spawner.calls("qdel").size(), 1u);
}

TEST_F(ClusterGroupTest, ARequestTheMembersDisagreeOnIsRefusedBeforeSubmitting) {
  make(default_options());
  auto members = three();
  members[0].resources["slurm_partition"] = ResourceValue{false, 0, "a"};
  members[2].resources["slurm_partition"] = ResourceValue{false, 0, "b"};
  auto started = m_executor->start_group("lane", members, {{}, {}, {}});
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.error().message.find("different slurm_partition"), std::string::npos);
  EXPECT_TRUE(m_spawner.calls("qsub").empty());
}

}  // namespace
}  // namespace flow::exec::testing
