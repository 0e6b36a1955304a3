#include <fmt/format.h>

#include "flow/base/state_layout.h"
#include "run/runner_impl.h"

namespace flow::run {

Result<void> Runner::open_shadow(Active& active, bool make) {
  const rules::Rule& rule = m_ctx.dag.rule_of(active.job);
  auto layout = shadow_layout(m_ctx.fs, rule.shadow, shadow_files(m_ctx.dag, active.job),
                              m_ctx.options.workdir, m_ctx.options.state_dir);
  if (!layout) return layout.error();
  if (make) {
    if (auto made = make_shadow(m_ctx.fs, active.spec.rundir, *layout); !made) {
      (void)remove_shadow(m_ctx.fs, active.spec.rundir);
      return make_error(ErrorKind::job,
                        fmt::format("cannot make its shadow directory: {}", made.error().message));
    }
  }
  active.shadow = std::move(*layout);
  return ok_result();
}

Result<void> Runner::close_shadow(Active& active, bool succeeded) {
  if (!active.shadow) return ok_result();
  const dag::Job& job = m_ctx.dag.job(active.job);
  std::vector<std::string> paths;
  if (succeeded) {
    for (const auto& ref : job.outputs)
      paths.push_back(m_ctx.dag.path(ref.file));
  }
  // Logs come back after a failure too: flow keeps a failed job's logs (spec §3).
  for (const auto& ref : job.logs)
    paths.push_back(m_ctx.dag.path(ref.file));
  Result<void> moved =
      move_back(m_ctx.fs, active.spec.rundir, paths_to_move_back(*active.shadow, paths));
  active.shadow.reset();
  Result<void> removed = remove_shadow(m_ctx.fs, active.spec.rundir);
  if (!moved) {
    return make_error(ErrorKind::job, fmt::format("cannot move its outputs out of its shadow "
                                                  "directory: {}",
                                                  moved.error().message));
  }
  if (!removed) {
    return make_error(ErrorKind::io, fmt::format("cannot remove the shadow directory {}: {}",
                                                 active.spec.rundir, removed.error().message));
  }
  return ok_result();
}

void Runner::remove_all_shadows() {
  std::string dir = fmt::format("{}/{}", m_ctx.options.state_dir, layout::k_shadow_dir);
  if (auto removed = m_ctx.fs.remove_tree(dir); !removed)
    m_ctx.observer.warning(removed.error().message);
}

}  // namespace flow::run
