#include "exec/leftover_group.h"

namespace flow::exec {

MemberAction member_action(LeftoverState group, bool member_marker, bool cancel_leftovers) {
  switch (group) {
    case LeftoverState::undecided:
      return MemberAction::undecided;
    case LeftoverState::active:
      return cancel_leftovers ? MemberAction::cancel_and_submit : MemberAction::wait;
    case LeftoverState::ended:
      // The group's marker is read like that of a job just finished.
      return cancel_leftovers ? MemberAction::submit : MemberAction::wait;
    case LeftoverState::missing:
    case LeftoverState::gone:
      break;
  }
  // Nothing runs any more: a member that finished keeps its result, unless the user asked
  // for leftovers to be done anew.
  if (cancel_leftovers || !member_marker) return MemberAction::submit;
  return MemberAction::take_marker;
}

}  // namespace flow::exec
