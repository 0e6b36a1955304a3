#pragma once
// What a `script:` job's interpreter reads (spec §8): the job as JSON ($FLOW_JOB), the start-up
// code that gives Python its `snakemake` object, the R file that gives R its S4 `snakemake`,
// and the bash file of `snakemake_*` arrays. Pure: the caller writes the files.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flow/base/builtin_protocol.h"
#include "flow/exec/job_spec.h"
#include "flow/rules/script.h"

namespace flow::run {

struct ScriptJob {
  std::string rule;
  std::uint32_t jobid = 0;
  int attempt = 1;
  int threads = 1;
  std::vector<NamedPath> input;  ///< in order; an item of several paths repeats its name
  std::vector<NamedPath> output;
  std::vector<NamedPath> log;
  std::vector<std::pair<std::string, std::string>> params;  ///< rendered
  std::vector<std::pair<std::string, std::string>> wildcards;
  std::map<std::string, exec::ResourceValue> resources;
  std::string config_json = "{}";  ///< rules::ScriptConfig's
  std::string config_r = "list()";
  std::optional<rules::RunBlock> run;  ///< a `run:` block's job: its helpers and block
};

/// $FLOW_JOB: {"rule", "jobid", "attempt", "threads", "input": {"list": [...], "named": {...}},
/// "output", "log" (the same), "params", "wildcards", "resources": {...}, "config"}. A named
/// item of several paths is a list in "named". A `run:` job's also has "python" (the helpers,
/// each {"file", "line", "text"}) and "run" (the block, the same).
std::string script_job_json(const ScriptJob& job);

/// The code `python3 -c CODE SCRIPT` runs: it reads $FLOW_JOB into a `snakemake` object and runs
/// SCRIPT compiled under its own name, so that tracebacks name the user's file and line.
std::string_view python_boot_code();

/// The code `python3 -c CODE` runs for a `run:` block: the same `snakemake` object, then the
/// helpers and the block from $FLOW_JOB, each compiled under the workflow file's name with
/// its lines where they are in the file. The block is the body of a function named after the
/// rule, called with Snakemake's names (input, output, params, wildcards, threads, resources,
/// log, rule, jobid); `config` and `shell()` are globals.
std::string_view python_run_boot_code();

/// The R file that defines the S4 `snakemake` and sources `script_path`; an error is reported
/// as "SCRIPT:LINE: message" at the user's line.
std::string r_preamble(const ScriptJob& job, std::string_view script_path);

/// The bash file that BASH_ENV loads before the script: associative arrays `snakemake_input`,
/// `_output`, `_log` (keys 0, 1, ... and the item names), `_params`, `_wildcards`,
/// `_resources`, and `snakemake` (threads, rule, jobid, attempt), as Snakemake's bash scripts.
std::string bash_preamble(const ScriptJob& job);

}  // namespace flow::run
