#pragma once
// Shadow rules (spec §8, Snakemake's `shadow:`): a job runs in a scratch directory under
// .flow/shadow/ that holds links to what it may read, and only its declared outputs and logs
// are moved back; the scratch is removed whatever happens. The layout a mode makes and the
// paths moved back are pure functions of the job's files (and, for shallow and full, of a
// listing of the working directory), so that they are tested on the fake filesystem.

#include <span>
#include <string>
#include <vector>

#include "flow/base/result.h"
#include "flow/dag/dag.h"
#include "flow/rules/rule.h"
#include "flow/sys/filesystem.h"

namespace flow::run {

/// A symbolic link in the scratch: `path` relative to it, pointing to the absolute `target`.
struct ShadowLink {
  std::string path;
  std::string target;
  bool operator==(const ShadowLink&) const = default;
};

/// What a scratch directory holds before its job starts.
struct ShadowLayout {
  std::vector<std::string> dirs;  ///< real directories, relative, sorted (parents first)
  std::vector<ShadowLink> links;  ///< sorted by path
};

/// A job's files as the shadow sees them (paths relative to the working directory as the
/// DAG has them; absolute ones and those that climb out with `..` are left where they are).
struct ShadowFiles {
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;  ///< outputs and logs: what is moved back
};

/// The files of `job` (outputs then logs; benchmarks are written by flow itself).
ShadowFiles shadow_files(const dag::Dag& dag, JobId job);

/// True for a path that a scratch can hold: relative and never climbing out with `..`.
bool is_shadowable(std::string_view path);

/// `minimal`: links to the inputs (each at its own relative path, its parent directories
/// made), and the parent directories of the outputs and logs. An input inside an input
/// directory that is linked is reached through that link.
ShadowLayout minimal_layout(const ShadowFiles& files, const std::string& workdir);

/// The layout of `mode` (not none) in `workdir` (absolute; the filesystem is at it): minimal
/// as above; shallow links every top-level entry of the working directory; full makes every
/// directory of its tree and links every file (a link to a directory is linked, not entered).
/// Both skip the top-level entry `state_dir` (.flow: the scratch lives there), and add what
/// minimal would make that the listing does not have.
Result<ShadowLayout> shadow_layout(const sys::Filesystem& fs, rules::ShadowMode mode,
                                   const ShadowFiles& files, const std::string& workdir,
                                   const std::string& state_dir);

/// Which of `paths` (outputs and logs) are moved out of the scratch: those whose path there
/// goes through no link of the layout (a job that wrote through a link wrote the real file).
std::vector<std::string> paths_to_move_back(const ShadowLayout& layout,
                                            std::span<const std::string> paths);

/// Makes the scratch `dir` (absolute) with `layout` in it, first removing whatever a killed
/// flow left there.
Result<void> make_shadow(sys::Filesystem& fs, const std::string& dir, const ShadowLayout& layout);

/// Moves each of `paths` that the job made in the scratch `dir` to the same path in the working
/// directory (rename: one filesystem, atomic), making its parent directories. A path the job
/// did not make is left to the output check. The first problem is returned; the others are
/// still moved.
Result<void> move_back(sys::Filesystem& fs, const std::string& dir,
                       std::span<const std::string> paths);

/// Removes the scratch `dir`, unlinking its links, never following one out of it.
Result<void> remove_shadow(sys::Filesystem& fs, const std::string& dir);

}  // namespace flow::run
