#include "flow/exec/failure_cause.h"

#include <gtest/gtest.h>
#include <signal.h>

namespace flow::exec {
namespace {

TEST(FailureCause, AnOrdinaryFailureHasNoCause) {
  auto d = diagnose_failure(1, 0, "grep: no such file\n");
  EXPECT_EQ(d.cause, FailureCause::unknown);
  EXPECT_EQ(d.why, "");
  EXPECT_EQ(diagnose_failure(0, SIGTERM, "").cause, FailureCause::unknown);
  EXPECT_EQ(diagnose_failure(143, 0, "").cause, FailureCause::unknown);
}

TEST(FailureCause, SigkillLocallyOrAsExit137IsTheOomKiller) {
  for (auto d : {diagnose_failure(0, SIGKILL, ""), diagnose_failure(137, 0, "")}) {
    EXPECT_EQ(d.cause, FailureCause::memory);
    EXPECT_EQ(d.why, "killed with SIGKILL, as the kernel's out-of-memory killer does");
  }
}

TEST(FailureCause, AFailedAllocationUnderUlimitIsMemory) {
  auto d = diagnose_failure(1, 0,
                            "Traceback (most recent call last):\n  File \"<string>\", line 1\n"
                            "MemoryError\n");
  EXPECT_EQ(d.cause, FailureCause::memory);
  EXPECT_EQ(d.why, "it ran out of memory (MemoryError)");
  EXPECT_EQ(diagnose_failure(134, 0,
                             "terminate called after throwing an instance of "
                             "'std::bad_alloc'\n")
                .cause,
            FailureCause::memory);
}

// Canned stderr tails of jobs the schedulers killed (their own wording).
TEST(FailureCause, SlurmOutOfMemoryAndTimeout) {
  auto oom = diagnose_failure(
      0, 0,
      "slurmstepd: error: Detected 1 oom_kill event in StepId=812.batch. Some of the "
      "step tasks have been OOM Killed.\n");
  EXPECT_EQ(oom.cause, FailureCause::memory);
  EXPECT_EQ(oom.why, "Slurm reported an out-of-memory kill (OUT_OF_MEMORY)");
  EXPECT_EQ(diagnose_failure(0, 0,
                             "slurmstepd: error: Detected 1 oom-kill event(s) in step "
                             "812.batch cgroup.\n")
                .cause,
            FailureCause::memory);
  auto timeout = diagnose_failure(
      0, 0,
      "slurmstepd: error: *** JOB 812 ON node1 CANCELLED AT 2026-12-07T16:01:02 DUE TO "
      "TIME LIMIT ***\n");
  EXPECT_EQ(timeout.cause, FailureCause::walltime);
  EXPECT_EQ(timeout.why, "Slurm cancelled it at its time limit (TIMEOUT)");
}

TEST(FailureCause, PbsKilledForWalltimeOrMemory) {
  auto walltime = diagnose_failure(271, 0, "=>> PBS: job killed: walltime 65 exceeded limit 60\n");
  EXPECT_EQ(walltime.cause, FailureCause::walltime);
  EXPECT_EQ(walltime.why, "PBS killed it for exceeding its walltime");
  EXPECT_EQ(
      diagnose_failure(0, 0, "=>> PBS: job killed: mem 1048576kb exceeded limit 524288kb\n").cause,
      FailureCause::memory);
  EXPECT_EQ(
      diagnose_failure(0, 0, "PBS: job killed: vmem 2097152kb exceeded limit 1048576kb\n").cause,
      FailureCause::memory);
}

TEST(FailureCause, ASchedulerMessageWinsOverTheSignal) {
  // Slurm's time limit ends with SIGKILL after SIGTERM: the message says why, not the signal.
  auto d = diagnose_failure(137, 0,
                            "*** JOB 9 ON n1 CANCELLED AT 2026-12-07T16:01:02 DUE TO TIME "
                            "LIMIT ***\n");
  EXPECT_EQ(d.cause, FailureCause::walltime);
}

TEST(FailureCause, CpuLimit) {
  EXPECT_EQ(diagnose_failure(0, SIGXCPU, "").cause, FailureCause::walltime);
  EXPECT_EQ(diagnose_failure(128 + SIGXCPU, 0, "").cause, FailureCause::walltime);
}

}  // namespace
}  // namespace flow::exec
