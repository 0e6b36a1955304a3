// What a flow does with a member of an earlier flow's group submission (exec/leftover_group.h).

#include "exec/leftover_group.h"

#include <gtest/gtest.h>

namespace flow::exec {
namespace {

TEST(MemberActionTest, ASubmissionThatMayStillWriteIsWaitedForNeverSubmittedBeside) {
  EXPECT_EQ(member_action(LeftoverState::active, false, false), MemberAction::wait);
  EXPECT_EQ(member_action(LeftoverState::ended, false, false), MemberAction::wait);
  // Not known to be gone: neither a wait nor a second copy.
  EXPECT_EQ(member_action(LeftoverState::undecided, false, false), MemberAction::undecided);
  EXPECT_EQ(member_action(LeftoverState::undecided, false, true), MemberAction::undecided);
}

TEST(MemberActionTest, OnceNothingRunsTheMembersOwnMarkerDecides) {
  EXPECT_EQ(member_action(LeftoverState::gone, true, false), MemberAction::take_marker);
  EXPECT_EQ(member_action(LeftoverState::missing, true, false), MemberAction::take_marker);
  EXPECT_EQ(member_action(LeftoverState::gone, false, false), MemberAction::submit);
  EXPECT_EQ(member_action(LeftoverState::missing, false, false), MemberAction::submit);
}

TEST(MemberActionTest, CancelLeftoversCancelsWhatRunsAndRunsEveryMemberAnew) {
  EXPECT_EQ(member_action(LeftoverState::active, false, true), MemberAction::cancel_and_submit);
  EXPECT_EQ(member_action(LeftoverState::ended, false, true), MemberAction::submit);
  EXPECT_EQ(member_action(LeftoverState::gone, true, true), MemberAction::submit);
  EXPECT_EQ(member_action(LeftoverState::missing, true, true), MemberAction::submit);
}

}  // namespace
}  // namespace flow::exec
