#include "support/fake_filesystem.h"

namespace flow::test {

class FakeAppendFile final : public sys::AppendFile {
 public:
  FakeAppendFile(FakeFilesystem& fs, std::string path) : m_fs(fs), m_path(std::move(path)) {}
  Result<void> append(std::string_view data) override {
    auto& entry = m_fs.m_files[m_path];
    entry.contents += data;
    entry.mtime = m_fs.m_now;
    return ok_result();
  }
  Result<void> sync() override { return ok_result(); }

 private:
  FakeFilesystem& m_fs;
  std::string m_path;
};

void FakeFilesystem::create(const std::string& path, std::string contents) {
  m_files[path] = Entry{std::move(contents), m_now, false, false};
}

void FakeFilesystem::create_dir(const std::string& path) {
  m_files[path] = Entry{"", m_now, true, false};
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
  return result;
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

Result<void> FakeFilesystem::make_dirs(const std::string& dir) {
  if (!dir.empty() && !m_files.contains(dir)) create_dir(dir);
  return ok_result();
}

Result<bool> FakeFilesystem::remove(const std::string& path) {
  auto it = m_files.find(path);
  if (it == m_files.end()) return false;
  m_files.erase(it);
  // A directory takes its contents with it.
  std::string prefix = path + "/";
  for (auto child = m_files.lower_bound(prefix);
       child != m_files.end() && child->first.starts_with(prefix);) {
    child = m_files.erase(child);
  }
  m_removed.push_back(path);
  return true;
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
  return ok_result();
}

}  // namespace flow::test
