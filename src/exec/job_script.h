#pragma once
// The pieces of a cluster job that do not depend on the scheduler: the job script, its exit
// marker, job names and walltimes.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exec/cluster_backend.h"
#include "flow/base/result.h"
#include "flow/exec/job_spec.h"

namespace flow::exec {

/// What the job script needs besides the spec.
struct ScriptContext {
  std::vector<std::string> directives;  ///< scheduler directive lines for the header
  std::string token;                    ///< written into the marker: whose marker it is
  std::string path_env;                 ///< exported as PATH when not empty
  std::string flow_binary;              ///< replaces a bare `flow` argv[0] when not empty
};

/// The bash job script for `spec` (docs/cluster.md shows one). An error when an env entry
/// of the spec is not NAME=VALUE with a valid shell name.
Result<std::string> render_job_script(const JobSpec& spec, const JobFiles& files,
                                      const ScriptContext& context);

/// The part of a job script that runs the job: cd, environment, envmodules, the command, and
/// `flow_finish $?`. It expects `flow_marker`, `flow_token`, `flow_start` and
/// finish_function() defined before it (a group script runs it in a subshell per member).
Result<std::string> render_job_body(const JobSpec& spec, const ScriptContext& context);

/// The shell function `flow_finish CODE` that writes the marker and exits with CODE.
std::string_view finish_function();

/// The exit marker a job script wrote.
struct Marker {
  int exit_code = 0;
  double wall_seconds = -1;  ///< -1 when the script could not time itself
  double cpu_seconds = 0;    ///< user + system of the job's processes (bash `times`)
};

/// Parses a marker; nullopt when it is garbled or was written for another `token` (a
/// leftover job from an earlier submission).
std::optional<Marker> parse_marker(std::string_view text, std::string_view token);

/// `text` made into a job name every scheduler accepts: [A-Za-z][A-Za-z0-9_.-]*, each run
/// of other characters replaced by '_', at most `max_length` characters.
std::string safe_job_name(std::string_view text, std::size_t max_length);

/// The job name of one submission: safe_job_name(text) cut so that "." and `tag` follow
/// within `max_length` (the tag identifies the submission; docs/cluster.md).
std::string submission_job_name(std::string_view text, std::string_view tag,
                                std::size_t max_length);

/// The part of a submission token that goes into the job name.
std::string_view name_tag(std::string_view token);

/// Seconds of a walltime written "HH:MM:SS", "MM:SS", "D-HH:MM:SS" or as whole minutes.
std::optional<long> parse_walltime(const ResourceValue& value);

/// "HH:MM:SS" (hours may exceed 99).
std::string format_walltime(long seconds);

/// The walltime of `spec` in seconds, nullopt when it has none; an error naming the rule
/// when it is not a walltime.
Result<std::optional<long>> job_walltime(const JobSpec& spec);

/// True when `text` may go into a scheduler directive and command line unquoted.
bool is_safe_directive_value(std::string_view text);

/// The last `lines` lines of `text` (all of it when shorter), without a final newline.
std::string last_lines(std::string_view text, std::size_t lines);

}  // namespace flow::exec
