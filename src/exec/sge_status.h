#pragma once
// Parsing Grid Engine's qstat table (`qstat`, and `qstat -r` with its "Full jobname:" lines).

#include <optional>
#include <string_view>
#include <vector>

#include "exec/cluster_backend.h"

namespace flow::exec {

/// The rows of a Grid Engine qstat table: a row starts with the numeric job id, its fifth
/// word is the state ("qw", "r", "Eqw"...). A "Full jobname:" line (qstat -r) gives the name
/// of the row above it; other indented detail lines are skipped. Empty output is no rows;
/// nullopt when a row comes before the header rule or has no state.
std::optional<std::vector<StatusRow>> parse_sge_qstat(std::string_view output);

/// The scheduler state of a Grid Engine state: E (error: the job never starts without an
/// administrator) and d (being deleted) are finished; qw, hqw, r, t, s, S, T, R... active.
SchedulerState sge_state(std::string_view state);

}  // namespace flow::exec
