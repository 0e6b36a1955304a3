#pragma once
// Parsing qstat's default table (PBS Pro, Torque, Slurm's qstat wrapper).

#include <optional>
#include <string_view>
#include <vector>

#include "exec/cluster_backend.h"

namespace flow::exec {

/// The rows of a qstat table. The state is read from the one-character column marked by a
/// single '-' under the header; the id is the first word of a row. Empty or blank output
/// is no rows; nullopt when rows come without a header rule (not a table we understand).
std::optional<std::vector<StatusRow>> parse_qstat_table(std::string_view output);

/// The jobs of `qstat -f`: a block per job, "Job Id: <id>" then indented "key = value"
/// lines, of which Job_Name and job_state are read. Empty output is no rows; nullopt when
/// the text has no job blocks or a block lacks its state.
std::optional<std::vector<StatusRow>> parse_qstat_full(std::string_view output);

/// The scheduler state of a PBS state letter: C (completed, Torque), F (finished, PBS Pro
/// history) and X (expired subjob) are finished; Q, R, H, W, T, E, S, B... are active.
SchedulerState pbs_state(char letter);

}  // namespace flow::exec
