#pragma once
// Why a job runs (spec §2), kept as data: --dry-run prints it, --dag draws from it.

#include <cstdint>
#include <string>
#include <vector>

#include "flow/base/ids.h"
#include "flow/dag/dag.h"

namespace flow::plan {

enum ReasonBit : std::uint16_t {
  k_forced = 1 << 0,              ///< -F, -f, -R
  k_missing_output = 1 << 1,      ///< `file` does not exist
  k_incomplete_output = 1 << 2,   ///< `file` was being made when a run died
  k_updated_input = 1 << 3,       ///< input `file` is newer than the oldest output
  k_input_remade = 1 << 4,        ///< `upstream` runs and remakes an input
  k_code_changed = 1 << 5,        ///< the step differs from the one recorded for `file`
  k_params_changed = 1 << 6,      ///< the params or built-in arguments differ
  k_input_list_changed = 1 << 7,  ///< the list of inputs differs
  k_temp_needed = 1 << 8,         ///< temp output `file` is missing and `upstream` needs it
  k_after_checkpoint = 1 << 9,    ///< its inputs are known once checkpoint `upstream` has run
  k_missing_input = 1 << 10,      ///< a job with no outputs (e.g. `all`) lacks input `file`
  k_pipe_partner = 1 << 11,       ///< `upstream`, the consumer of pipe `file`, runs
};

struct Reason {
  std::uint16_t bits = 0;
  FileId file;  ///< the output or input the first reason is about
  /// For k_input_remade: the job remaking an input; k_temp_needed: the consumer;
  /// k_after_checkpoint: the checkpoint.
  JobId upstream;

  bool any() const { return bits != 0; }
  bool has(ReasonBit bit) const { return (bits & bit) != 0; }
  /// "missing output counts/84.tsv", "updated input words/84.txt; params changed"...
  std::string to_string(const dag::Dag& dag) const;
  /// The same for job `job`, naming every job that remakes one of its inputs ("input remade
  /// by count sample=a, count sample=b"; after 100 of them, "and N more"), from `reasons`,
  /// the reasons of all jobs by JobId.
  std::string to_string(const dag::Dag& dag, JobId job, const std::vector<Reason>& reasons) const;
};

}  // namespace flow::plan
