#include "flow/exec/failure_cause.h"

#include <signal.h>

#include <array>

namespace flow::exec {
namespace {

struct Marker {
  std::string_view text;  // as the scheduler or runtime writes it (matched case-sensitively)
  FailureCause cause;
  std::string_view why;
};

// What schedulers and runtimes write when they kill or starve a job. Case-sensitive and
// specific, so that a job's own output rarely matches by chance.
constexpr std::array k_markers{
    // Slurm: slurmstepd's messages in the job's stderr (OUT_OF_MEMORY and TIMEOUT states).
    Marker{"oom_kill event", FailureCause::memory,
           "Slurm reported an out-of-memory kill (OUT_OF_MEMORY)"},
    Marker{"oom-kill event", FailureCause::memory,
           "Slurm reported an out-of-memory kill (OUT_OF_MEMORY)"},
    Marker{"DUE TO TIME LIMIT", FailureCause::walltime,
           "Slurm cancelled it at its time limit (TIMEOUT)"},
    // PBS Pro and Torque: the MOM's note in the job's stderr.
    Marker{"PBS: job killed: walltime", FailureCause::walltime,
           "PBS killed it for exceeding its walltime"},
    Marker{"PBS: job killed: mem", FailureCause::memory, "PBS killed it for exceeding its memory"},
    Marker{"PBS: job killed: vmem", FailureCause::memory, "PBS killed it for exceeding its memory"},
    // Grid Engine's shepherd, when h_vmem / h_rt are enforced by signal and logged.
    Marker{"h_rt limit exceeded", FailureCause::walltime,
           "Grid Engine killed it at its h_rt limit"},
    // A program whose allocation failed (`ulimit -v`, a cgroup without the OOM killer).
    Marker{"MemoryError", FailureCause::memory, "it ran out of memory (MemoryError)"},
    Marker{"std::bad_alloc", FailureCause::memory, "it ran out of memory (std::bad_alloc)"},
    Marker{"Cannot allocate memory", FailureCause::memory,
           "it ran out of memory (Cannot allocate memory)"},
    Marker{"memory exhausted", FailureCause::memory, "it ran out of memory (memory exhausted)"},
    Marker{"Out of memory", FailureCause::memory, "it ran out of memory (Out of memory)"},
};

}  // namespace

FailureDiagnosis diagnose_failure(int exit_code, int signal, std::string_view output) {
  for (const auto& marker : k_markers) {
    if (output.find(marker.text) != std::string_view::npos)
      return {marker.cause, std::string(marker.why)};
  }
  // The kernel's OOM killer sends SIGKILL; a shell running the job reports it as 128 + 9.
  if (signal == SIGKILL || (signal == 0 && exit_code == 128 + SIGKILL)) {
    return {FailureCause::memory, "killed with SIGKILL, as the kernel's out-of-memory killer does"};
  }
  // RLIMIT_CPU (ulimit -t) and some schedulers' time limits.
  if (signal == SIGXCPU || (signal == 0 && exit_code == 128 + SIGXCPU))
    return {FailureCause::walltime, "killed with SIGXCPU: over its CPU time limit"};
  return {};
}

}  // namespace flow::exec
