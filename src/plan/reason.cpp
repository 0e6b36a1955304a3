#include "flow/plan/reason.h"

#include <fmt/format.h>

namespace flow::plan {
namespace {

constexpr std::size_t k_most_named = 100;

// "count sample=a, count sample=b" for the dependencies of `job` that run.
std::string remaking_jobs(const dag::Dag& dag, JobId job, const std::vector<Reason>& reasons) {
  std::string text;
  std::size_t named = 0;
  std::size_t more = 0;
  for (JobId dependency : dag.job(job).dependencies) {
    if (!reasons[dependency.index()].any()) continue;
    if (named == k_most_named) {
      ++more;
      continue;
    }
    if (named++ > 0) text += ", ";
    text += dag.label(dependency);
  }
  if (more > 0) text += fmt::format(" and {} more", more);
  return text;
}

// `remade_by`: who remakes the inputs; empty: the one job in `reason.upstream`.
std::string describe(const Reason& reason, const dag::Dag& dag, const std::string& remade_by) {
  std::string text;
  auto add = [&](const std::string& part) {
    if (!text.empty()) text += "; ";
    text += part;
  };
  auto path = [&] { return reason.file.valid() ? dag.path(reason.file) : std::string("?"); };
  auto upstream = [&] {
    return reason.upstream.valid() ? dag.label(reason.upstream) : std::string("?");
  };
  if (reason.has(k_forced)) add("forced");
  if (reason.has(k_after_checkpoint)) add("after checkpoint " + upstream());
  if (reason.has(k_missing_output)) add("missing output " + path());
  if (reason.has(k_incomplete_output))
    add("incomplete output " + path() + " (a run died while making it)");
  if (reason.has(k_missing_input)) add("missing input " + path());
  if (reason.has(k_updated_input)) add("updated input " + path());
  if (reason.has(k_input_remade))
    add("input remade by " + (remade_by.empty() ? upstream() : remade_by));
  if (reason.has(k_temp_needed)) {
    add(fmt::format("temp output {} is needed by {}", path(), upstream()));
  }
  if (reason.has(k_pipe_partner)) {
    add(fmt::format("runs with {}, which reads its pipe {}", upstream(), path()));
  }
  if (reason.has(k_code_changed)) {
    // The image is recorded within the code's hash (dag::fingerprint): which of the two
    // changed is not known.
    JobId producer = reason.file.valid() ? dag.file(reason.file).producer : JobId();
    bool image = producer.valid() && !dag.rule_of(producer).container.empty();
    add(image ? "code or container image changed" : "code changed");
  }
  if (reason.has(k_params_changed)) add("params changed");
  if (reason.has(k_input_list_changed)) add("input list changed");
  return text;
}

}  // namespace

std::string Reason::to_string(const dag::Dag& dag) const {
  return describe(*this, dag, "");
}

std::string Reason::to_string(const dag::Dag& dag, JobId job,
                              const std::vector<Reason>& reasons) const {
  return describe(*this, dag, has(k_input_remade) ? remaking_jobs(dag, job, reasons) : "");
}

}  // namespace flow::plan
