#include "support/fake_filesystem.h"

namespace flow::test {

class FakeAppendFile final : public sys::AppendFile {
 public:
  FakeAppendFile(FakeFilesystem& fs, std::string path) : m_fs(fs), m_path(std::move(path)) {}
  Result<void> append(std::string_view data) override {
    auto& entry = m_fs.m_files[m_path];
    entry.mtime = m_fs.m_now;
    auto limit = m_fs.m_append_limits.find(m_path);
    if (limit != m_fs.m_append_limits.end() &&
        entry.contents.size() + data.size() > limit->second) {
      std::size_t room = limit->second - std::min(limit->second, entry.contents.size());
      entry.contents += data.substr(0, room);
      return make_error(ErrorKind::io, "cannot write '" + m_path + "': No space left on device");
    }
    entry.contents += data;
    return ok_result();
  }
  Result<void> sync() override { return ok_result(); }
  Result<void> truncate(std::uint64_t size) override {
    auto& entry = m_fs.m_files[m_path];
    if (size < entry.contents.size()) entry.contents.resize(size);
    return ok_result();
  }

 private:
  FakeFilesystem& m_fs;
  std::string m_path;
};

// A lock file as flock makes it: the lock belongs to the file (the inode), not the path.
class FakeLockFile final : public sys::LockFile {
 public:
  FakeLockFile(FakeFilesystem& fs, std::string path, std::uint64_t inode, bool created, bool held)
      : m_fs(fs),
        m_path(std::move(path)),
        m_inode(inode),
        m_created(created),
        m_held(held),
        m_unsupported(fs.m_locks_unsupported),
        m_contents(fs.m_files[m_path].contents),
        m_mtime(fs.m_files[m_path].mtime) {
    if (m_held) m_fs.m_locked.insert(m_inode);
  }
  ~FakeLockFile() override {
    if (m_held) m_fs.m_locked.erase(m_inode);
  }
  FakeLockFile(const FakeLockFile&) = delete;
  FakeLockFile& operator=(const FakeLockFile&) = delete;

  bool created() const override { return m_created; }
  bool held() const override { return m_held; }
  bool unsupported() const override { return m_unsupported; }
  const std::string& contents() const override { return m_contents; }
  TimeStamp mtime() const override { return m_mtime; }
  Result<void> write(std::string_view contents) override {
    auto it = m_fs.m_files.find(m_path);
    if (it != m_fs.m_files.end() && it->second.inode == m_inode) {
      it->second.contents = std::string(contents);
      it->second.mtime = m_fs.m_now;
    }
    m_contents = std::string(contents);
    return ok_result();
  }
  Result<void> unlink() override {
    auto it = m_fs.m_files.find(m_path);
    if (it != m_fs.m_files.end() && it->second.inode == m_inode) m_fs.m_files.erase(it);
    return ok_result();
  }

 private:
  FakeFilesystem& m_fs;
  std::string m_path;
  std::uint64_t m_inode;
  bool m_created;
  bool m_held;
  bool m_unsupported;
  std::string m_contents;
  TimeStamp m_mtime;
};

void FakeFilesystem::create(const std::string& path, std::string contents) {
  m_files[path] = Entry{std::move(contents), m_now, false, false, m_next_inode++};
}

void FakeFilesystem::create_dir(const std::string& path) {
  m_files[path] = Entry{"", m_now, true, false, m_next_inode++};
}

bool FakeFilesystem::lock_held(const std::string& path) const {
  auto it = m_files.find(path);
  return it != m_files.end() && m_locked.contains(it->second.inode);
}

Result<std::unique_ptr<sys::LockFile>> FakeFilesystem::open_lock(const std::string& path,
                                                                 bool create) {
  auto it = m_files.find(path);
  bool created = false;
  if (it == m_files.end()) {
    if (!create) return std::unique_ptr<sys::LockFile>();
    this->create(path);
    it = m_files.find(path);
    created = true;
  }
  if (it->second.is_dir) {
    return make_error(ErrorKind::io,
                      "cannot use '" + path + "' as a lock: it is not a regular file");
  }
  bool held = !m_locks_unsupported && !m_locked.contains(it->second.inode);
  return std::unique_ptr<sys::LockFile>(
      std::make_unique<FakeLockFile>(*this, path, it->second.inode, created, held));
}

void FakeFilesystem::set_mtime(const std::string& path, TimeStamp mtime) {
  m_files[path].mtime = mtime;
}

bool FakeFilesystem::exists(const std::string& path) const {
  return m_files.contains(path);
}

std::string FakeFilesystem::contents(const std::string& path) const {
  auto it = m_files.find(path);
  return it == m_files.end() ? std::string() : it->second.contents;
}

Result<sys::FileStat> FakeFilesystem::stat(const std::string& path) const {
  ++m_stat_counts[path];
  if (m_failing.contains(path)) {
    return make_error(ErrorKind::io, "cannot stat '" + path + "': Input/output error");
  }
  sys::FileStat result;
  auto it = m_files.find(path);
  if (it == m_files.end()) return result;
  result.exists = true;
  result.is_dir = it->second.is_dir;
  result.read_only = it->second.read_only;
  result.mtime = it->second.mtime;
  result.size = static_cast<std::int64_t>(it->second.contents.size());
  return result;
}

Result<std::vector<sys::DirEntry>> FakeFilesystem::list_dir(const std::string& dir) const {
  ++m_list_counts[dir];
  if (m_failing_lists.contains(dir)) {
    return make_error(ErrorKind::io, "cannot list '" + dir + "': Permission denied");
  }
  // "d/x", "d/x-y" and "d/x/1" sort in that order: gather names in a map, not by runs.
  std::map<std::string, std::pair<bool, bool>> names;  // is_dir, is_link
  const std::string prefix = dir.empty() ? "" : dir + "/";
  for (auto it = m_files.lower_bound(prefix); it != m_files.end(); ++it) {
    const std::string& path = it->first;
    if (path.compare(0, prefix.size(), prefix) != 0) break;
    if (path.size() == prefix.size()) continue;
    std::size_t slash = path.find('/', prefix.size());
    auto& [is_dir, is_link] = names[path.substr(prefix.size(), slash - prefix.size())];
    is_dir = is_dir || slash != std::string::npos || it->second.is_dir;
    is_link = is_link || (slash == std::string::npos && it->second.is_link);
  }
  std::vector<sys::DirEntry> entries;
  for (auto& [name, kind] : names)
    entries.push_back({name, kind.first, kind.second});
  return entries;
}

Result<std::string> FakeFilesystem::read_file(const std::string& path) const {
  auto it = m_files.find(path);
  if (it == m_files.end() || it->second.is_dir) {
    return make_error(ErrorKind::io, "cannot read '" + path + "': No such file or directory");
  }
  return it->second.contents;
}

Result<void> FakeFilesystem::write_file_atomic(const std::string& path, std::string_view contents) {
  create(path, std::string(contents));
  return ok_result();
}

Result<bool> FakeFilesystem::create_exclusive(const std::string& path, std::string_view contents) {
  if (m_files.contains(path)) return false;
  create(path, std::string(contents));
  return true;
}

Result<std::unique_ptr<sys::AppendFile>> FakeFilesystem::open_append(const std::string& path) {
  if (!m_files.contains(path)) create(path);
  return std::unique_ptr<sys::AppendFile>(std::make_unique<FakeAppendFile>(*this, path));
}

Result<void> FakeFilesystem::rename(const std::string& from, const std::string& to) {
  auto it = m_files.find(from);
  if (it == m_files.end()) {
    return make_error(ErrorKind::io, "cannot rename to '" + to + "': No such file or directory");
  }
  Entry moved = std::move(it->second);
  m_files.erase(it);
  m_files[to] = std::move(moved);
  // A directory takes its contents with it.
  std::string prefix = from + "/";
  for (auto child = m_files.lower_bound(prefix);
       child != m_files.end() && child->first.starts_with(prefix);) {
    m_files[to + child->first.substr(from.size())] = std::move(child->second);
    child = m_files.erase(child);
  }
  return ok_result();
}

Result<void> FakeFilesystem::make_dirs(const std::string& dir) {
  if (!dir.empty() && !m_files.contains(dir)) create_dir(dir);
  return ok_result();
}

Result<bool> FakeFilesystem::remove(const std::string& path) {
  auto it = m_files.find(path);
  if (it == m_files.end()) return false;
  if (it->second.is_dir) {
    return make_error(ErrorKind::io,
                      "'" + path + "' is a directory, not a file: flow leaves it alone");
  }
  return remove_tree(path);
}

Result<bool> FakeFilesystem::remove_tree(const std::string& path) {
  auto it = m_files.find(path);
  bool found = it != m_files.end();
  if (found) m_files.erase(it);
  // A directory takes its contents with it (also one only implied by the paths below it).
  std::string prefix = path + "/";
  for (auto child = m_files.lower_bound(prefix);
       child != m_files.end() && child->first.starts_with(prefix);) {
    child = m_files.erase(child);
    found = true;
  }
  if (!found) return false;
  m_removed.push_back(path);
  return true;
}

Result<void> FakeFilesystem::make_symlink(const std::string& target, const std::string& link) {
  if (m_files.contains(link)) {
    return make_error(ErrorKind::io, "cannot link '" + link + "': File exists");
  }
  create(link, "-> " + target);
  m_files[link].is_link = true;
  return ok_result();
}

std::map<std::string, std::string> FakeFilesystem::links() const {
  std::map<std::string, std::string> links;
  for (const auto& [path, entry] : m_files) {
    if (entry.is_link) links[path] = entry.contents.substr(3);
  }
  return links;
}

Result<void> FakeFilesystem::set_read_only(const std::string& path) {
  auto it = m_files.find(path);
  if (it == m_files.end()) return make_error(ErrorKind::io, "cannot protect '" + path + "'");
  it->second.read_only = true;
  return ok_result();
}

Result<void> FakeFilesystem::touch(const std::string& path) {
  auto& entry = m_files[path];
  entry.mtime = m_now;
  if (entry.inode == 0) entry.inode = m_next_inode++;
  return ok_result();
}

Result<void> FakeFilesystem::make_fifo(const std::string& path) {
  auto it = m_files.find(path);
  if (it != m_files.end() && (it->second.is_dir || it->second.contents != "<fifo>"))
    return make_error(ErrorKind::io, "cannot make the pipe '" + path + "': a file is in its place");
  create(path, "<fifo>");
  m_fifos_made.push_back(path);
  return ok_result();
}

}  // namespace flow::test
