#include "flow/dag/dag_builder.h"
#include "flow/base/did_you_mean.h"

#include <algorithm>

#include <fmt/format.h>

#include "dag/build_graph.h"
#include "dag/dag_assembler.h"
#include "dag/nested_outputs.h"
#include "dag/pipes.h"
#include "dag/resolver.h"
#include "flow/base/strings.h"
#include "flow/dag/rule_or_file.h"
#include "flow/pattern/pattern.h"

namespace flow::dag {
namespace {

Error unknown_target(const rules::RuleSet& rules, const std::string& target) {
  // A bare word is most likely a mistyped rule name; anything else a file nothing makes.
  if (pattern::is_identifier(target)) {
    Error error = make_error(ErrorKind::usage, fmt::format("unknown rule or file '{}'", target));
    add_did_you_mean(error, target, rules.names());
    return error;
  }
  Error error = make_error(ErrorKind::workflow,
                           fmt::format("no rule makes '{}' and it does not exist", target));
  return error;
}

// Issue 14 item 4: flow matches paths as written, so "out/.." would be a file named ".." in
// out/ (and once was the working directory, removed to remake it). Leading ".." segments
// name a place above the working directory and are fine; a "." or ".." later is refused.
std::optional<Error> dot_segment_error(const std::string& target) {
  bool leading = true;
  for (std::size_t start = 0; start < target.size();) {
    std::size_t end = std::min(target.find('/', start), target.size());
    std::string_view segment = std::string_view(target).substr(start, end - start);
    if (segment == "." || (segment == ".." && !leading)) {
      Error error = make_error(
          ErrorKind::usage,
          fmt::format("target '{}': flow does not resolve '{}' inside a path", target, segment));
      error.notes.push_back("name the file itself, as a rule's output names it");
      return error;
    }
    leading = leading && segment == "..";
    start = end + 1;
  }
  return std::nullopt;
}

struct TargetResolver {
  const rules::RuleSet& rules;
  BuildGraph& graph;
  Resolver& resolver;
  bool targets_are_inputs;
  Roots roots;

  Result<void> add(const std::string& text) {
    if (auto rule = rules.find(text)) return add_rule(*rule);
    std::string path = normalize_path(text);
    if (auto error = dot_segment_error(path)) return *error;
    std::uint32_t file = graph.intern(path);
    if (auto resolved = resolver.resolve_file(file); !resolved) return resolved;
    const BuildFile& f = graph.file(file);
    if (f.state == State::failed) {
      if (f.failure == FailureKind::missing) return unknown_target(rules, text);
      return explain_failure(graph, file, std::nullopt);
    }
    if (f.is_source && !f.candidates().empty() && f.detail().empty() && !targets_are_inputs) {
      // Issue 9 semantics 2: a file reached through other jobs whose producers all fail is
      // taken as a source (v1), but one asked for by name reports why its rule cannot run,
      // as Snakemake does ("Missing input files for rule ..."). A cycle keeps it a source.
      graph.file(file).failure = FailureKind::no_candidate;
      return explain_failure(graph, file, std::nullopt);
    }
    roots.target_files.push_back(file);
    if (!f.is_source) roots.jobs.push_back(f.producer);
    return ok_result();
  }

  // `by_default`: no target was named, and this is the default target (the first rule).
  Result<void> add_rule(RuleId id, bool by_default = false) {
    const rules::Rule& rule = rules.rule(id);
    if (rule.has_wildcards()) {
      std::string example =
          (!rule.outputs.empty() ? rule.outputs : rule.logs).front().pattern.text();
      if (by_default) {
        // A fault of the file, not of the command line: point at the rule.
        Error error = make_error(
            ErrorKind::flowfile,
            fmt::format("rule '{}' is the default target (the first rule), but it has wildcards",
                        rule.name),
            rule.location);
        error.notes.push_back(fmt::format(
            "put a rule without wildcards first (like 'all', whose input lists the files you "
            "want), mark one 'default_target: true', or name a file it makes, such as one "
            "matching '{}'",
            example));
        return error;
      }
      Error error = make_error(
          ErrorKind::usage,
          fmt::format("rule '{}' has wildcards, so it cannot be a target by name", rule.name));
      error.notes.push_back(
          fmt::format("name a file it makes instead, such as one matching '{}'", example));
      return error;
    }
    std::uint32_t job = graph.job_for(id, {});
    if (auto resolved = resolver.resolve_job(job); !resolved) return resolved;
    if (graph.job(job).state == State::failed) return explain_failure(graph, std::nullopt, job);
    roots.jobs.push_back(job);
    return ok_result();
  }
};

// The jobs of `order` that `item` names (rule_or_file.h).
Result<std::vector<std::uint32_t>> match_jobs(const BuildGraph& graph,
                                              const std::vector<std::uint32_t>& order,
                                              const std::string& item, const char* option) {
  std::vector<bool> in_order(graph.job_count(), false);
  for (std::uint32_t job : order)
    in_order[job] = true;
  JobLookup lookup{[&](RuleId rule) {
                     std::vector<std::uint32_t> jobs;
                     for (std::uint32_t job : order) {
                       if (graph.job(job).rule == rule) jobs.push_back(job);
                     }
                     return jobs;
                   },
                   [&](const std::string& path) -> std::optional<std::uint32_t> {
                     auto file = graph.find(path);
                     if (!file) return std::nullopt;
                     const BuildFile& f = graph.file(*file);
                     if (f.is_source || f.producer == k_none || !in_order[f.producer])
                       return std::nullopt;
                     return f.producer;
                   }};
  return match_rule_or_file(graph.rules(), option, item, lookup);
}

Result<std::vector<std::uint32_t>> apply_until(const BuildGraph& graph,
                                               std::vector<std::uint32_t> order,
                                               const DagOptions& options, Roots& roots) {
  if (options.until.empty()) return order;
  std::vector<std::uint32_t> new_roots;
  for (const auto& item : options.until) {
    auto matched = match_jobs(graph, order, item, "--until");
    if (!matched) return matched.error();
    new_roots.insert(new_roots.end(), matched->begin(), matched->end());
  }
  roots.jobs = new_roots;
  roots.target_files.clear();
  return DagAssembler::needed_jobs(graph, new_roots);
}

Result<std::vector<std::uint32_t>> apply_omit_from(const BuildGraph& graph,
                                                   std::vector<std::uint32_t> order,
                                                   const DagOptions& options, Roots& roots) {
  if (options.omit_from.empty()) return order;
  std::vector<bool> omitted(graph.job_count(), false);
  for (const auto& item : options.omit_from) {
    auto matched = match_jobs(graph, order, item, "--omit-from");
    if (!matched) return matched.error();
    for (std::uint32_t job : *matched)
      omitted[job] = true;
  }
  // `order` is topological, so one pass carries the omission downstream.
  std::vector<std::uint32_t> kept;
  for (std::uint32_t job : order) {
    for (const auto& input : graph.job(job).inputs) {
      const BuildFile& file = graph.file(input.file.value);
      if (!file.is_source && file.producer != k_none && omitted[file.producer]) omitted[job] = true;
    }
    if (!omitted[job]) kept.push_back(job);
  }
  std::erase_if(roots.jobs, [&](std::uint32_t job) { return omitted[job]; });
  return kept;
}

}  // namespace

Result<Dag> build_dag(const rules::RuleSet& rules, const std::vector<std::string>& targets,
                      const sys::Filesystem& fs, const DagOptions& options) {
  return build_dag_listed(rules, targets, fs, options, {});
}

Result<Dag> build_dag_listed(const rules::RuleSet& rules, const std::vector<std::string>& targets,
                             const sys::Filesystem& fs, const DagOptions& options,
                             std::vector<std::string> listed) {
  std::vector<std::string> rerun = options.rerun_checkpoints;
  std::sort(rerun.begin(), rerun.end());
  BuildGraph graph(rules, fs, std::move(rerun), options.checkpoints_pending);
  graph.set_listed(std::move(listed));
  // A workflow's size shows in its rules' input lists (an `expand` over 100,000 ids gives one
  // rule 100,000 inputs): reserve for that, instead of growing and moving many times.
  std::size_t inputs = options.size_hint;
  if (inputs == 0) {
    for (const auto& rule : rules.rules())
      inputs += rule.inputs.size();
  }
  graph.reserve(inputs + 16, 2 * inputs + 16);
  Resolver resolver(graph);
  TargetResolver target_resolver{rules, graph, resolver, options.targets_are_inputs, {}};
  if (targets.empty()) {
    if (auto added = target_resolver.add_rule(rules.default_target(), true); !added)
      return added.error();
  }
  for (const auto& target : targets) {
    if (auto added = target_resolver.add(target); !added) return added.error();
  }
  Roots roots = std::move(target_resolver.roots);
  auto order = apply_until(graph, DagAssembler::needed_jobs(graph, roots.jobs), options, roots);
  if (!order) return order.error();
  order = apply_omit_from(graph, std::move(*order), options, roots);
  if (!order) return order.error();
  auto dag = DagAssembler::assemble(graph, *order, roots);
  if (!dag) return dag;
  if (auto nested = check_nested_outputs(*dag); !nested) return nested.error();
  if (auto pipes = check_pipes(*dag, options.targets_are_inputs); !pipes) return pipes.error();
  return dag;
}

}  // namespace flow::dag
