#include <algorithm>

#include <fmt/format.h>

#include "dag/input_paths.h"
#include "dag/resolver.h"

namespace flow::dag {
namespace {

std::string describe_job(const BuildGraph& graph, std::uint32_t job) {
  const BuildJob& j = graph.job(job);
  return dag::describe_job(graph.rules().rule(j.rule), j.wildcards);
}

// One line on why a candidate job was dropped.
std::string short_reason(const BuildGraph& graph, std::uint32_t job) {
  const BuildJob& j = graph.job(job);
  if (j.failure == FailureKind::lookup) return j.error().message;
  if (j.failure == FailureKind::cycle)
    return fmt::format("{}: dependency cycle {}", describe_job(graph, job), j.detail());
  if (j.failed_input != k_none) {
    const BuildFile& input = graph.file(j.failed_input);
    const char* why = input.failure == FailureKind::missing ? "is missing" : "cannot be made";
    return fmt::format("{}: its input '{}' {}", describe_job(graph, job),
                       graph.path(j.failed_input), why);
  }
  return describe_job(graph, job);
}

}  // namespace

Error explain_failure(const BuildGraph& graph, std::optional<std::uint32_t> file,
                      std::optional<std::uint32_t> job) {
  // Walk from the target down to the root cause, remembering who needed what.
  std::vector<std::string> needed_by;  // from the root cause up to the target, reversed later
  std::optional<std::uint32_t> at_file = file;
  // k_none, not an optional: GCC 12 at -O3 warns (maybe-uninitialized) on the optional.
  std::uint32_t at_job = job.value_or(k_none);
  std::uint32_t via_file = k_none;  // the file a job was asked to make
  Error error = make_error(ErrorKind::workflow, "");
  while (true) {
    if (at_job != k_none) {
      const BuildJob& j = graph.job(at_job);
      std::string line = "needed by " + describe_job(graph, at_job);
      if (via_file != k_none) line += fmt::format(" to make '{}'", graph.path(via_file));
      if (j.failure == FailureKind::cycle) {
        error.message = "dependency cycle: " + j.detail();
        break;
      }
      if (j.failure == FailureKind::lookup) {
        // The lookup's own notes (did you mean...) come before who needed the job.
        Error lookup = j.error();
        lookup.notes.insert(lookup.notes.end(), needed_by.rbegin(), needed_by.rend());
        return lookup;
      }
      needed_by.push_back(std::move(line));
      at_file = j.failed_input;
      at_job = k_none;
      continue;
    }
    const BuildFile& f = graph.file(*at_file);
    if (f.failure == FailureKind::no_candidate && f.candidates().size() == 1 &&
        graph.job(f.candidates().front()).failure != FailureKind::cycle) {
      via_file = *at_file;
      at_job = f.candidates().front();
      continue;
    }
    switch (f.failure) {
      case FailureKind::missing:
        error.message = fmt::format("missing input file '{}'", graph.path(*at_file));
        break;
      case FailureKind::stat_error:
        error.kind = ErrorKind::io;
        error.message = f.detail();
        break;
      case FailureKind::cycle:
        error.message = "dependency cycle: " + f.detail();
        break;
      default:
        if (f.candidates().size() == 1) {
          error.message = "dependency cycle: " + graph.job(f.candidates().front()).detail();
          break;
        }
        error.message = fmt::format("no rule can make '{}'", graph.path(*at_file));
        for (std::uint32_t candidate : f.candidates())
          error.notes.push_back(short_reason(graph, candidate));
        break;
    }
    break;
  }
  // Closest need first: "needed by rule 'words'", then what needed that, up to the target.
  std::vector<std::string> lines(needed_by.rbegin(), needed_by.rend());
  lines.insert(lines.end(), error.notes.begin(), error.notes.end());
  error.notes = std::move(lines);
  return error;
}

}  // namespace flow::dag
