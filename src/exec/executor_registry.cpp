#include "flow/exec/executor_registry.h"

#include <array>

#include "flow/exec/cluster_executor.h"
#include "flow/exec/local_executor.h"

namespace flow::exec {
namespace {

Result<std::unique_ptr<Executor>> make_local(const ExecutorContext& context) {
  return std::unique_ptr<Executor>(std::make_unique<LocalExecutor>(context.spawner, context.clock));
}

template <SchedulerKind scheduler>
Result<std::unique_ptr<Executor>> make_cluster(const ExecutorContext& context) {
  ClusterOptions options = context.cluster;
  options.scheduler = scheduler;
  return make_cluster_executor(options, context.spawner, context.fs, context.clock);
}

constexpr std::size_t k_kinds = static_cast<std::size_t>(ExecutorKind::count);

constexpr std::array<ExecutorEntry, k_kinds> k_entries{{
    {ExecutorKind::local, "local", false, &make_local},
    {ExecutorKind::pbs, "pbs", true, &make_cluster<SchedulerKind::pbs>},
    {ExecutorKind::slurm, "slurm", true, &make_cluster<SchedulerKind::slurm>},
    {ExecutorKind::sge, "sge", true, &make_cluster<SchedulerKind::sge>},
}};

// A kind added to the enum without its entry here leaves a default entry behind (no name,
// kind `count`): that fails to compile rather than at run time. (A test of `make` against
// null is not a constant expression under -fsanitize=undefined, so the name stands for it.)
constexpr bool is_complete() {
  for (std::size_t i = 0; i < k_entries.size(); ++i) {
    const auto& entry = k_entries[i];
    if (static_cast<std::size_t>(entry.kind) != i || entry.name.empty()) {
      return false;
    }
  }
  return true;
}
static_assert(is_complete(), "every ExecutorKind needs its entry in k_entries, in enum order");

}  // namespace

std::span<const ExecutorEntry> executor_entries() {
  return k_entries;
}

const ExecutorEntry* find_executor(std::string_view name) {
  for (const auto& entry : k_entries) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

const ExecutorEntry& executor_entry(ExecutorKind kind) {
  return k_entries.at(static_cast<std::size_t>(kind));
}

std::string executor_names_text() {
  std::string text;
  for (std::size_t i = 0; i < k_entries.size(); ++i) {
    if (i > 0) text += i + 1 == k_entries.size() ? " or " : ", ";
    text += k_entries[i].name;
  }
  return text;
}

}  // namespace flow::exec
