#include "cli/output_commands.h"

#include <fmt/format.h>

#include "cli/commands.h"
#include "flow/run/output_files.h"

namespace flow::cli {
namespace {

std::string files(std::size_t count) {
  return fmt::format("{} file{}", count, count == 1 ? "" : "s");
}

// "./a//b.txt" -> "a/b.txt", as targets are matched (docs/decisions.md).
std::string normalize_path(std::string path) {
  while (path.starts_with("./"))
    path.erase(0, 2);
  for (std::size_t at; (at = path.find("//")) != std::string::npos;)
    path.erase(at, 1);
  return path;
}

}  // namespace

int delete_outputs(Workflow& wf, sys::Filesystem& fs, Deletion which, bool dry_run,
                   std::ostream& out) {
  std::size_t count = 0;
  std::size_t protected_count = 0;
  std::vector<std::string> forget;  // one journal write for all of them
  for (const auto& job : wf.dag->jobs()) {
    for (const auto* refs : {&job.outputs, &job.logs, &job.benchmarks}) {
      for (const auto& ref : *refs) {
        if (which == Deletion::temp && !(ref.flags & dag::k_flag_temp)) continue;
        const std::string& path = wf.dag->path(ref.file);
        auto stat = wf.stats->get(ref.file);
        if (!stat) return report_error(stat.error(), nullptr);
        auto [record, incomplete] = wf.state->status(path);
        if (!stat->exists) {
          if (record != nullptr || incomplete) forget.push_back(path);
          continue;
        }
        // Issue 9 semantics 7: protected outputs go too, as in Snakemake: they are outputs of
        // the workflow and the user asked for all of them; the closing line counts them.
        bool is_protected = stat->read_only && (ref.flags & dag::k_flag_protected);
        const char* mark = is_protected ? " (protected)" : "";
        ++count;
        protected_count += is_protected;
        if (dry_run) {
          out << "would remove " << path << mark << "\n";
          continue;
        }
        bool is_directory = refs == &job.outputs && (ref.flags & dag::k_flag_directory) != 0;
        auto removed = run::remove_path(fs, path, is_directory);
        if (!removed) {
          (void)wf.state->forget(forget);  // what was removed so far; the error comes first
          return report_error(removed.error(), nullptr);
        }
        forget.push_back(path);
        out << "removed " << path << mark << "\n";
      }
    }
  }
  std::string protected_note =
      protected_count == 0 ? "" : fmt::format(", {} of them protected", protected_count);
  if (dry_run) {
    out << fmt::format("flow: {} would be deleted{} (dry run).\n", files(count), protected_note);
    return 0;
  }
  if (auto forgot = wf.state->forget(forget); !forgot) return report_error(forgot.error(), nullptr);
  out << fmt::format("flow: deleted {}{}.\n", files(count), protected_note);
  return 0;
}

int cleanup_metadata(state::StateLog& state, const std::vector<std::string>& given,
                     std::ostream& out) {
  std::vector<std::string> known;
  for (const auto& raw : given) {
    std::string path = normalize_path(raw);
    auto [record, incomplete] = state.status(path);
    if (record == nullptr && !incomplete) {
      out << "no record of " << path << "\n";
      continue;
    }
    if (incomplete) {
      out << "forgot " << path << " (marked incomplete)\n";
    } else {
      out << fmt::format("forgot {} (made by rule {})\n", path, record->rule);
    }
    known.push_back(std::move(path));
  }
  if (auto forgot = state.forget(known); !forgot) return report_error(forgot.error(), nullptr);
  if (auto synced = state.sync(); !synced) return report_error(synced.error(), nullptr);
  out << fmt::format("flow: forgot the records of {} of {}.\n", known.size(), files(given.size()));
  return 0;
}

}  // namespace flow::cli
