#include "dag/glob_lister.h"

#include <algorithm>

#include <fmt/format.h>

#include "dag/input_paths.h"

namespace flow::dag {
namespace {

// Whether a path under directory `dir` can match a pattern whose literal text before the
// first wildcard is `prefix`: one of the two starts with the other.
bool may_hold_matches(const std::string& dir, std::string_view prefix) {
  std::string with_slash = dir + "/";
  std::size_t common = std::min(with_slash.size(), prefix.size());
  return std::string_view(with_slash).substr(0, common) == prefix.substr(0, common);
}

}  // namespace

Result<const std::vector<sys::DirEntry>*> GlobLister::list(const std::string& dir) {
  if (auto it = m_listings.find(dir); it != m_listings.end()) return &it->second;
  auto listed = m_fs.list_dir(dir);
  if (!listed) return listed.error();
  return &m_listings.emplace(dir, std::move(*listed)).first->second;
}

Result<const GlobResult*> GlobLister::match(const pattern::Pattern& glob, const std::string& rule) {
  if (auto it = m_by_glob.find(glob.text()); it != m_by_glob.end()) return &m_results[it->second];
  // All of a plain path: the walk then follows only the directories leading to it.
  std::string_view prefix = glob.literal_prefix();
  std::size_t slash = prefix.rfind('/');
  std::string root =
      slash == std::string_view::npos ? std::string() : std::string(prefix.substr(0, slash));

  GlobResult result;
  result.glob = glob.text();
  result.rule = rule;
  std::vector<std::pair<std::string, pattern::WildcardValues>> found;
  std::vector<std::string> stack{root};
  pattern::WildcardValues values;
  while (!stack.empty()) {
    std::string dir = std::move(stack.back());
    stack.pop_back();
    auto entries = list(dir);
    if (!entries) return entries.error();
    for (const auto& entry : **entries) {
      std::string path = dir.empty() ? entry.name : dir + "/" + entry.name;
      values.clear();
      bool matched = glob.match(path, values);
      bool descend = entry.is_dir && !entry.is_link && may_hold_matches(path, prefix);
      if (matched) {
        if (descend)
          found.emplace_back(path, values);
        else
          found.emplace_back(std::move(path), std::move(values));  // values: cleared above
      }
      if (descend) stack.push_back(std::move(path));
    }
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  result.paths.reserve(found.size());
  result.values.reserve(found.size());
  for (auto& [path, matched] : found) {
    result.paths.push_back(std::move(path));
    result.values.push_back(std::move(matched));
  }
  m_by_glob.emplace(result.glob, m_results.size());
  m_results.push_back(std::move(result));
  return &m_results.back();
}

Result<void> append_glob_paths(GlobLister& lister, const rules::Rule& rule,
                               const rules::FileSpec& spec,
                               const pattern::WildcardValues& wildcards,
                               std::vector<std::string>& out) {
  const rules::GlobSpec& glob = spec.glob();
  std::size_t known = rule.wildcard_names.size();
  pattern::Pattern filled = glob.pattern.fill(wildcards, known);
  auto matched = lister.match(filled, rule.name);
  if (!matched) {
    Error error = make_error(ErrorKind::workflow,
                             fmt::format("{}: glob '{}': {}", describe_job(rule, wildcards),
                                         filled.text(), matched.error().message),
                             spec.location);
    return error;
  }
  const GlobResult& result = **matched;
  out.reserve(out.size() + result.paths.size());
  bool itself = spec.pattern.text() == glob.pattern.text();  // no `expand`
  // The match's values, the job's own in the first slots; assigned in place, so that each
  // match costs no allocation but its path.
  pattern::WildcardValues values;
  std::size_t fixed = std::min(known, wildcards.size());
  for (std::size_t i = 0; i < result.paths.size(); ++i) {
    if (itself) {
      out.push_back(result.paths[i]);
      continue;
    }
    const pattern::WildcardValues& matched_values = result.values[i];
    values.resize(std::max(matched_values.size(), glob.names.size()));
    for (std::size_t slot = 0; slot < values.size(); ++slot) {
      if (slot < fixed)
        values[slot].assign(wildcards[slot]);
      else if (slot < matched_values.size())
        values[slot].assign(matched_values[slot]);
      else
        values[slot].clear();
    }
    out.push_back(spec.pattern.apply(values));
  }
  return ok_result();
}

}  // namespace flow::dag
