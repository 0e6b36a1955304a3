#include "flow/run/shadow.h"

#include <algorithm>
#include <map>
#include <set>

namespace flow::run {
namespace {

std::string_view without_dot_slash(std::string_view path) {
  while (path.starts_with("./"))
    path.remove_prefix(2);
  return path;
}

// "a/b/c" -> "a", "a/b".
void add_parents(std::string_view path, std::set<std::string>& dirs) {
  for (std::size_t slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1)) {
    if (slash > 0) dirs.insert(std::string(path.substr(0, slash)));
  }
}

// `path` is `link` or lies below it.
bool is_at_or_below(std::string_view path, std::string_view link) {
  return path == link ||
         (path.size() > link.size() && path.starts_with(link) && path[link.size()] == '/');
}

// The link of `links` (sorted by path) that `path` is at or below, or null.
const ShadowLink* covering_link(const std::vector<ShadowLink>& links, std::string_view path) {
  // A covering link's path is a prefix of `path`, so it sorts at or before it; each of
  // `path`'s ancestors is looked up, at most one per '/'.
  auto find = [&](std::string_view prefix) -> const ShadowLink* {
    auto it = std::lower_bound(
        links.begin(), links.end(), prefix,
        [](const ShadowLink& link, std::string_view key) { return link.path < key; });
    return it != links.end() && it->path == prefix ? &*it : nullptr;
  };
  for (std::size_t slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1)) {
    if (const ShadowLink* link = find(path.substr(0, slash))) return link;
  }
  return find(path);
}

ShadowLayout finish_layout(std::set<std::string> dirs, std::map<std::string, std::string> links) {
  ShadowLayout layout;
  for (auto& [path, target] : links) {
    // Only the outermost link: what lies below it is reached through it.
    if (!layout.links.empty() && is_at_or_below(path, layout.links.back().path)) continue;
    layout.links.push_back({path, std::move(target)});
  }
  for (const auto& dir : dirs) {
    if (covering_link(layout.links, dir) == nullptr) layout.dirs.push_back(dir);
  }
  return layout;
}

std::string absolute(const std::string& workdir, std::string_view path) {
  return workdir + "/" + std::string(path);
}

// Full: the tree under `dir` ("" for the working directory), directories made and every
// other entry linked.
Result<void> walk_tree(const sys::Filesystem& fs, const std::string& dir,
                       const std::string& workdir, const std::string& skip,
                       std::set<std::string>& dirs, std::map<std::string, std::string>& links) {
  auto entries = fs.list_dir(dir);
  if (!entries) return entries.error();
  for (const auto& entry : *entries) {
    if (dir.empty() && entry.name == skip) continue;
    std::string path = dir.empty() ? entry.name : dir + "/" + entry.name;
    if (entry.is_dir && !entry.is_link) {
      dirs.insert(path);
      if (auto walked = walk_tree(fs, path, workdir, skip, dirs, links); !walked) return walked;
    } else {
      links.emplace(path, absolute(workdir, path));
    }
  }
  return ok_result();
}

}  // namespace

ShadowFiles shadow_files(const dag::Dag& dag, JobId job) {
  ShadowFiles files;
  const dag::Job& j = dag.job(job);
  for (const auto& ref : j.inputs)
    files.inputs.push_back(dag.path(ref.file));
  for (const auto* refs : {&j.outputs, &j.logs}) {
    for (const auto& ref : *refs)
      files.outputs.push_back(dag.path(ref.file));
  }
  return files;
}

bool is_shadowable(std::string_view path) {
  path = without_dot_slash(path);
  if (path.empty() || path.starts_with('/')) return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (path.substr(start, end - start) == "..") return false;
    start = end + 1;
  }
  return true;
}

ShadowLayout minimal_layout(const ShadowFiles& files, const std::string& workdir) {
  std::set<std::string> dirs;
  std::map<std::string, std::string> links;
  for (const auto& input : files.inputs) {
    if (!is_shadowable(input)) continue;
    std::string_view path = without_dot_slash(input);
    add_parents(path, dirs);
    links.emplace(std::string(path), absolute(workdir, path));
  }
  for (const auto& output : files.outputs) {
    if (is_shadowable(output)) add_parents(without_dot_slash(output), dirs);
  }
  return finish_layout(std::move(dirs), std::move(links));
}

Result<ShadowLayout> shadow_layout(const sys::Filesystem& fs, rules::ShadowMode mode,
                                   const ShadowFiles& files, const std::string& workdir,
                                   const std::string& state_dir) {
  ShadowLayout minimal = minimal_layout(files, workdir);
  if (mode == rules::ShadowMode::minimal || mode == rules::ShadowMode::none) return minimal;
  std::string skip(without_dot_slash(state_dir));
  skip = skip.substr(0, skip.find('/'));
  std::set<std::string> dirs;
  std::map<std::string, std::string> links;
  if (mode == rules::ShadowMode::shallow) {
    auto entries = fs.list_dir("");
    if (!entries) return entries.error();
    for (const auto& entry : *entries) {
      if (entry.name != skip) links.emplace(entry.name, absolute(workdir, entry.name));
    }
  } else if (auto walked = walk_tree(fs, "", workdir, skip, dirs, links); !walked) {
    return walked.error();
  }
  // An input the listing did not show (made since, or outside a linked entry): as minimal.
  ShadowLayout listed = finish_layout({}, links);
  for (auto& link : minimal.links) {
    if (covering_link(listed.links, link.path) == nullptr) links.emplace(link.path, link.target);
  }
  dirs.insert(minimal.dirs.begin(), minimal.dirs.end());
  return finish_layout(std::move(dirs), std::move(links));
}

std::vector<std::string> paths_to_move_back(const ShadowLayout& layout,
                                            std::span<const std::string> paths) {
  std::vector<std::string> moved;
  for (const auto& path : paths) {
    if (!is_shadowable(path)) continue;
    if (covering_link(layout.links, without_dot_slash(path)) == nullptr) moved.push_back(path);
  }
  return moved;
}

Result<void> make_shadow(sys::Filesystem& fs, const std::string& dir, const ShadowLayout& layout) {
  if (auto removed = fs.remove_tree(dir); !removed) return removed.error();
  if (auto made = fs.make_dirs(dir); !made) return made.error();
  for (const auto& sub : layout.dirs) {
    if (auto made = fs.make_dirs(dir + "/" + sub); !made) return made.error();
  }
  for (const auto& link : layout.links) {
    if (auto linked = fs.make_symlink(link.target, dir + "/" + link.path); !linked) return linked;
  }
  return ok_result();
}

Result<void> move_back(sys::Filesystem& fs, const std::string& dir,
                       std::span<const std::string> paths) {
  Result<void> first = ok_result();
  auto keep = [&](Result<void> result) {
    if (!result && first) first = std::move(result);
    return static_cast<bool>(result);
  };
  for (const auto& path : paths) {
    std::string from = dir + "/" + std::string(without_dot_slash(path));
    auto stat = fs.stat(from);
    if (!stat) {
      keep(stat.error());
      continue;
    }
    if (!stat->exists) continue;
    if (!keep(fs.make_dirs(sys::parent_dir(path)))) continue;
    keep(fs.rename(from, path));
  }
  return first;
}

Result<void> remove_shadow(sys::Filesystem& fs, const std::string& dir) {
  auto removed = fs.remove_tree(dir);
  if (!removed) return removed.error();
  return ok_result();
}

}  // namespace flow::run
