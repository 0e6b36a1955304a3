#pragma once
// Resolves glob items against the filesystem (spec §6): each directory is listed once per
// DAG build, and each distinct glob (after the job's wildcards are filled in) matched once,
// however many jobs share it. Never a per-job scan.

#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "flow/base/result.h"
#include "flow/pattern/pattern.h"
#include "flow/rules/rule.h"
#include "flow/sys/filesystem.h"

namespace flow::dag {

/// What one glob matched: the paths in byte order, each with the values of the pattern's
/// slots (the job's own slots left empty).
struct GlobResult {
  std::string glob;  ///< the filled glob's text
  std::string rule;  ///< the rule of the first job that used it (for --dry-run)
  std::vector<std::string> paths;
  std::vector<pattern::WildcardValues> values;
};

class GlobLister {
 public:
  explicit GlobLister(const sys::Filesystem& fs) : m_fs(fs) {}

  /// The files and directories that match `glob` (a glob item's pattern with the job's
  /// wildcards filled in, Pattern::fill), found as Snakemake's glob_wildcards finds them:
  /// a walk from the directory of the literal text before the first wildcard, hidden
  /// entries included, into directories but not through symbolic links to them, sorted by
  /// path. `rule` names who asked first. Errors: ErrorKind::io, a directory that cannot be
  /// read.
  Result<const GlobResult*> match(const pattern::Pattern& glob, const std::string& rule);

  /// Every distinct glob matched, in order of first use.
  const std::deque<GlobResult>& results() const { return m_results; }
  /// The results, handed over: the lister is not used after (a growth's listed paths).
  std::deque<GlobResult> take_results() { return std::move(m_results); }
  /// Directories listed so far.
  std::size_t listings() const { return m_listings.size(); }

 private:
  Result<const std::vector<sys::DirEntry>*> list(const std::string& dir);

  const sys::Filesystem& m_fs;
  std::unordered_map<std::string, std::vector<sys::DirEntry>> m_listings;
  std::unordered_map<std::string, std::size_t> m_by_glob;  // filled text -> index in m_results
  std::deque<GlobResult> m_results;  // a deque: pointers handed out stay valid
};

/// Appends the paths of glob item `spec` of `rule` for a job with `wildcards`: the glob with
/// the job's wildcards filled in, matched (lister.match), each match giving the item's
/// pattern with the job's values and the match's. No match: no path (not an error). Errors
/// (ErrorKind::workflow): a directory that cannot be read, naming the job and the glob.
Result<void> append_glob_paths(GlobLister& lister, const rules::Rule& rule,
                               const rules::FileSpec& spec,
                               const pattern::WildcardValues& wildcards,
                               std::vector<std::string>& out);

}  // namespace flow::dag
