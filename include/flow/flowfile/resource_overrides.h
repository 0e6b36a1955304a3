#pragma once
// --default-resources, --set-resources and --set-threads (Snakemake's options, also in a
// profile): resources and threads given outside the workflow file, applied to the rules after
// loading and before anything reads them (cluster requests, --resources limits, placeholders).

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "flow/base/result.h"
#include "flow/flowfile/flowfile.h"

namespace flow::flowfile {

struct ResourceOverrides {
  std::vector<std::string> defaults;  ///< NAME=VALUE: for every rule that does not give NAME
  std::vector<std::string> sets;      ///< RULE:NAME=VALUE: replaces RULE's NAME
  std::vector<std::string> threads;   ///< RULE=N: RULE's threads
  /// --auto-resources: every rule's mem_mb and runtime (walltime) are sized from the job
  /// history when it has the rule's jobs; the written (or default) value otherwise.
  bool auto_resources = false;
};

/// Applies `overrides` to `file`'s rules: a rule's own value wins over a default (`walltime`
/// and `runtime` are one resource), a set wins over both. A value reads as in the workflow
/// file (a number, a formula over {attempt}, a text such as "1h30m"; Snakemake's quotes around
/// a text are dropped). A default fills in the fallback of a rule's `auto` resource. Errors are
/// ErrorKind::usage naming the option and the item: a word without '=', an unknown rule (with
/// did-you-mean), a bad value, a Python expression.
Result<void> apply_resource_overrides(const ResourceOverrides& overrides, Flowfile& file);

/// --groups RULE=GROUP ...: each RULE's `group:` replaced (spec §9). Errors are
/// ErrorKind::usage: not RULE=GROUP, an unknown rule (with did-you-mean), a bad group name.
Result<void> apply_groups(const std::vector<std::string>& groups, Flowfile& file);

/// --group-components GROUP=N ...: how many components of a group one submission runs
/// (spec §9), read against `file`'s groups (after --groups). Errors are ErrorKind::usage: not
/// GROUP=N, N not a whole number of at least 1, a group no rule is in (with did-you-mean).
Result<std::map<std::string, std::size_t>> read_group_components(
    const std::vector<std::string>& items, const Flowfile& file);

}  // namespace flow::flowfile
