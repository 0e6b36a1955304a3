#pragma once
// Why a job died, when its end says so (issue 12 item 5): killed for memory or for time, so
// that the failure message names the limit, and a retry's bigger request (`{attempt}`
// formulas, `auto` sizes) reads as the answer to it. A pure decision on what the executor
// saw: the exit code or signal, and the tail of the job's output, where schedulers write
// why they killed a job (Slurm's slurmstepd, PBS's "=>> PBS: job killed: ...").

#include <string>
#include <string_view>

namespace flow::exec {

enum class FailureCause {
  unknown,   ///< nothing says why: an ordinary failure
  memory,    ///< out of memory: the OOM killer, a scheduler's memory limit, `ulimit -v`
  walltime,  ///< over its time limit
};

struct FailureDiagnosis {
  FailureCause cause = FailureCause::unknown;
  std::string why;  ///< "" for unknown; otherwise what told, for the failure message
};

/// What the end of a job says about why it died. `exit_code`/`signal` as waited for (a
/// cluster job's marker gives the exit code; a shell reports a child's SIGKILL as 137);
/// `output` is the job's captured stdout and stderr, or the scheduler's stderr tail.
/// Scheduler messages are trusted before the signal: a SIGKILL alone only suggests the
/// kernel's OOM killer (it is also what `kill -9` sends).
FailureDiagnosis diagnose_failure(int exit_code, int signal, std::string_view output);

}  // namespace flow::exec
