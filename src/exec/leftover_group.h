#pragma once
// What a flow does with a job whose record points at a group submission an earlier, killed
// flow made (docs/cluster.md "Job groups"): a pure decision, tested on its own.

namespace flow::exec {

/// A submission of an earlier flow (one job's or a group's), as far as the next flow can tell.
enum class LeftoverState {
  missing,    ///< no record of it (it ended and was delivered, or was never submitted)
  active,     ///< the scheduler lists it as queued or running
  ended,      ///< its script wrote the group's marker
  gone,       ///< not listed and no marker: it died
  undecided,  ///< submitted by name only, and the scheduler cannot list its jobs now
};

enum class MemberAction {
  wait,               ///< track the submission; the member's own marker decides once it ends
  take_marker,        ///< the submission is over: the member's marker is its result
  submit,             ///< nothing can still write its outputs: run it anew
  cancel_and_submit,  ///< --cancel-leftovers: cancel the submission, then run it anew
  undecided,          ///< neither wait nor submit (a second writer cannot be ruled out)
};

/// `member_marker`: the member wrote its marker with the submission's token.
MemberAction member_action(LeftoverState group, bool member_marker, bool cancel_leftovers);

}  // namespace flow::exec
