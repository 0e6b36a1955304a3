#pragma once
// The words of a failed job's message (private to run): the exit, why it died when its end
// says so (exec/failure_cause.h), with the request it had; and what the retry asks for more.

#include <string>

#include "flow/exec/job_spec.h"

namespace flow::run {

/// "exit code 137: killed with SIGKILL, as the kernel's out-of-memory killer does (it asked
/// for mem_mb=100)"; just the exit when nothing says why.
std::string describe_failure(const exec::JobCompletion& completion, const exec::JobSpec& spec);

/// The memory and time requests that `next` (the retry) raises over `last`: "mem_mb=200",
/// "mem_mb=200, runtime=20"; "" when none grows.
std::string grown_requests(const exec::JobSpec& last, const exec::JobSpec& next);

}  // namespace flow::run
