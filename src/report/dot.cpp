#include "flow/report/dot.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace flow::report {
namespace {

std::string escape(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (c == '"' || c == '\\') escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return escaped;
}

// A colour per rule, spread over the hue circle in rule-name order (stable across runs).
std::vector<std::string> rule_colors(const rules::RuleSet& rules) {
  std::vector<std::string> names = rules.names();
  std::vector<std::string> sorted = names;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::string> colors(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto rank = std::find(sorted.begin(), sorted.end(), names[i]) - sorted.begin();
    colors[i] = fmt::format("{:.2f} 0.6 0.85",
                            static_cast<double>(rank) / static_cast<double>(names.size()));
  }
  return colors;
}

void write_header(std::ostream& out) {
  out << "digraph flow {\n"
         "    graph[bgcolor=white, margin=0];\n"
         "    node[shape=box, style=rounded, fontname=sans, fontsize=10, penwidth=2];\n"
         "    edge[penwidth=2, color=grey];\n";
}

std::string job_label(const dag::Dag& dag, const dag::Job& job) {
  const rules::Rule& rule = dag.rule_of(job.id);
  std::string label = rule.name;
  for (std::size_t i = 0; i < rule.wildcard_names.size(); ++i) {
    label += "\n" + rule.wildcard_names[i] + ": " + job.wildcards[i];
  }
  if (job.is_pending()) label += "\n(after checkpoint)";  // more inputs come (spec §7)
  return label;
}

const char* style(bool runs) {
  return runs ? "rounded" : "rounded,dashed";
}

void write_jobs(const dag::Dag& dag, const plan::Staleness& staleness, std::ostream& out) {
  auto colors = rule_colors(dag.rule_set());
  for (const auto& job : dag.jobs()) {
    out << fmt::format("    {}[label = \"{}\", color = \"{}\", style=\"{}\"];\n", job.id.value,
                       escape(job_label(dag, job)), colors[job.rule.index()],
                       style(staleness.runs(job.id)));
  }
  for (const auto& job : dag.jobs()) {
    for (JobId dependency : job.dependencies) {
      bool waits = std::find(job.pending_on.begin(), job.pending_on.end(), dependency) !=
                   job.pending_on.end();
      out << fmt::format("    {} -> {}{}\n", dependency.value, job.id.value,
                         waits ? " [style=dotted]" : "");
    }
  }
}

void write_rules(const dag::Dag& dag, const plan::Staleness& staleness, std::ostream& out) {
  auto colors = rule_colors(dag.rule_set());
  std::vector<bool> present(colors.size(), false), runs(colors.size(), false);
  std::set<std::pair<std::uint32_t, std::uint32_t>> edges;
  for (const auto& job : dag.jobs()) {
    present[job.rule.index()] = true;
    if (staleness.runs(job.id)) runs[job.rule.index()] = true;
    for (JobId dependency : job.dependencies)
      edges.emplace(dag.job(dependency).rule.value, job.rule.value);
  }
  for (std::size_t i = 0; i < present.size(); ++i) {
    if (!present[i]) continue;
    out << fmt::format("    {}[label = \"{}\", color = \"{}\", style=\"{}\"];\n", i,
                       escape(dag.rule_set().rules()[i].name), colors[i], style(runs[i]));
  }
  for (const auto& [from, to] : edges)
    out << fmt::format("    {} -> {}\n", from, to);
}

void write_files(const dag::Dag& dag, const plan::Staleness& staleness, std::ostream& out) {
  auto colors = rule_colors(dag.rule_set());
  for (const auto& job : dag.jobs()) {
    out << fmt::format("    j{}[label = \"{}\", color = \"{}\", style=\"{}\"];\n", job.id.value,
                       escape(job_label(dag, job)), colors[job.rule.index()],
                       style(staleness.runs(job.id)));
  }
  for (std::size_t i = 0; i < dag.files().size(); ++i) {
    const auto& file = dag.files()[i];
    out << fmt::format("    f{}[label = \"{}\", shape=note, color=grey{}];\n", i, escape(file.path),
                       file.producer.valid() ? "" : ", style=filled, fillcolor=\"0.0 0.0 0.95\"");
  }
  for (const auto& job : dag.jobs()) {
    for (const auto& input : job.inputs)
      out << fmt::format("    f{} -> j{}\n", input.file.value, job.id.value);
    for (const auto* refs : {&job.outputs, &job.logs, &job.benchmarks}) {
      for (const auto& ref : *refs)
        out << fmt::format("    j{} -> f{}\n", job.id.value, ref.file.value);
    }
  }
}

}  // namespace

void write_dot(const dag::Dag& dag, const plan::Staleness& staleness, GraphKind kind,
               std::ostream& out) {
  write_header(out);
  switch (kind) {
    case GraphKind::jobs:
      write_jobs(dag, staleness, out);
      break;
    case GraphKind::rules:
      write_rules(dag, staleness, out);
      break;
    case GraphKind::files:
      write_files(dag, staleness, out);
      break;
  }
  out << "}\n";
}

}  // namespace flow::report
