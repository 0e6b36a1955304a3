// Re-attach to a group submission (docs/cluster.md "Job groups"): a flow killed while its
// group ran leaves a pointer in each member's record; the next flow finds the submission from
// any member, waits for it once for all of them, and never submits a second writer.

#include "cluster_fixture.h"

namespace flow::exec::testing {
namespace {

class ClusterGroupReattachTest : public ClusterExecutorTest {
 protected:
  std::vector<JobSpec> three(std::uint32_t first = 1) {
    return {spec(first, "1"), spec(first + 1, "2"), spec(first + 2, "3")};
  }
  // An earlier flow submitted the group a -> b -> c (job 13), then died.
  void submit_and_die() {
    make(default_options());
    ASSERT_TRUE(m_executor->start_group("lane", three(), {{}, {0}, {1}}).ok());
    m_executor.reset();
  }
  std::string member_dir(const std::string& book) const {
    return "/w/.flow/cluster/count.id" + book;
  }
  // What the group script leaves for a member it started (stdout) and ended (marker).
  void member_ran(const std::string& book, int exit_code) {
    m_fs.create(member_dir(book) + "/stdout", "");
    m_fs.create(member_dir(book) + "/exit", "exit=" + std::to_string(exit_code) + "\ntoken=" +
                                                m_pbs.token_of("13") + "\nstart=1.0\nend=2.0\n");
  }
};

TEST_F(ClusterGroupReattachTest, EveryMemberRecordPointsAtTheGroupsSubmission) {
  submit_and_die();
  std::string pointer = m_fs.contents(member_dir("2") + "/id");
  EXPECT_NE(pointer.find("token=" + m_pbs.token_of("13")), std::string::npos) << pointer;
  EXPECT_NE(pointer.find("group=" + m_pbs.dir_of("13") + "/id"), std::string::npos) << pointer;
}

TEST_F(ClusterGroupReattachTest, ARunningGroupIsTrackedOnceForAllItsMembers) {
  submit_and_die();
  m_pbs.states["13"] = "R";
  make(default_options());
  for (const auto& member : three(21))
    EXPECT_TRUE(m_executor->reattach(member)) << member.display_name;
  EXPECT_EQ(m_spawner.calls("qsub").size(), 1u);  // only the earlier flow's
  EXPECT_EQ(m_executor->in_flight(), 1u);
  EXPECT_EQ(m_executor->stats().reattached, 3u);
  member_ran("1", 0);
  member_ran("2", 0);
  member_ran("3", 0);
  m_pbs.complete("13", 0);
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(done[i].id, 21 + i);  // this run's ids
    EXPECT_EQ(done[i].status, CompletionStatus::succeeded);
    EXPECT_FALSE(m_fs.exists(member_dir(std::to_string(i + 1)) + "/id"));
  }
  EXPECT_FALSE(m_fs.exists(m_pbs.dir_of("13") + "/id"));
}

TEST_F(ClusterGroupReattachTest, AMemberTheGroupNeverStartedIsSkippedToBePlannedAgain) {
  submit_and_die();
  m_pbs.states["13"] = "R";
  make(default_options());
  auto members = three(21);
  ASSERT_TRUE(m_executor->reattach(members[1]));
  ASSERT_TRUE(m_executor->reattach(members[2]));
  member_ran("2", 7);  // failed; its dependent never started
  m_pbs.complete("13", 1);
  auto done = wait_for_completions();
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[0].status, CompletionStatus::failed);
  EXPECT_EQ(done[0].exit_code, 7);
  EXPECT_EQ(done[1].status, CompletionStatus::skipped);
  EXPECT_EQ(done[1].message, "not run by group job 13 of an earlier flow");
}

TEST_F(ClusterGroupReattachTest, AGroupThatEndedWhileNoFlowRanLeavesItToTheMarkers) {
  submit_and_die();
  member_ran("1", 0);
  m_pbs.states["13"] = m_pbs.done_state();  // killed (walltime) after its first member
  make(default_options());
  auto members = three(21);
  EXPECT_TRUE(m_executor->reattach(members[0]));   // its marker is its result
  EXPECT_FALSE(m_executor->reattach(members[1]));  // lost with the submission: run anew
  EXPECT_FALSE(m_executor->reattach(members[2]));
  EXPECT_FALSE(m_fs.exists(member_dir("2") + "/id"));
  auto done = m_executor->wait(m_clock.steady_now());
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].id, 21u);
  EXPECT_EQ(done[0].status, CompletionStatus::succeeded);
  EXPECT_EQ(m_spawner.calls("qsub").size(), 1u);
}

TEST_F(ClusterGroupReattachTest, CancelLeftoversCancelsTheGroupAndSubmitsNothingBeside) {
  submit_and_die();
  m_pbs.states["13"] = "R";
  auto options = default_options();
  options.cancel_leftovers = true;
  make(options);
  auto members = three(21);
  EXPECT_FALSE(m_executor->reattach(members[0]));
  EXPECT_EQ(m_spawner.calls("qdel").size(), 1u);
  member_ran("2", 0);  // ended before the cancel: still done anew
  EXPECT_FALSE(m_executor->reattach(members[1]));
  EXPECT_EQ(m_executor->in_flight(), 0u);
}

TEST_F(ClusterGroupReattachTest, AGroupKnownByNameOnlyIsNeitherWaitedForNorSubmitted) {
  submit_and_die();
  // The earlier flow died while qsub answered: the group's record has no id.
  std::string record = m_pbs.dir_of("13") + "/id";
  std::string text = m_fs.contents(record);
  m_fs.create(record, text.substr(0, text.find("id=")) + text.substr(text.find("token=")));
  m_pbs.failing_status_queries = 5;
  make(default_options());
  EXPECT_TRUE(m_executor->reattach(three(21)[0]));
  auto done = m_executor->wait(m_clock.steady_now());
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, CompletionStatus::not_started);
  EXPECT_NE(done[0].message.find("not submitted again"), std::string::npos);
}

}  // namespace
}  // namespace flow::exec::testing
