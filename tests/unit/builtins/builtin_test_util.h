#pragma once
// Helpers for the built-in step tests: a real temporary directory and a way to run a step
// on real files in it. Header-only, because tests/CMakeLists.txt compiles only *_test.cpp.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "flow/base/builtin_protocol.h"
#include "flow/base/result.h"
#include "flow/builtins/catalog.h"

namespace flow::builtins::test {

/// A fresh directory under /tmp (mkdtemp), removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return m_path; }
  /// `name` inside the directory.
  std::string operator/(const std::string& name) const { return m_path + "/" + name; }
  /// Writes `contents` to `name` (inside the directory) and returns the full path.
  std::string write(const std::string& name, const std::string& contents) const;
  /// The names in the directory (not recursive), sorted.
  std::vector<std::string> list() const { return list_of(m_path); }
  /// The names in directory `path`, sorted.
  static std::vector<std::string> list_of(const std::string& path);

 private:
  std::string m_path;
};

inline TempDir::TempDir() {
  std::string pattern = "/tmp/flow-builtins-test.XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  m_path = pattern;
}

inline TempDir::~TempDir() {
  std::error_code ec;
  // Tests make files read-only or unreadable; removal of the directory still works.
  std::filesystem::remove_all(m_path, ec);
}

inline std::string TempDir::write(const std::string& name, const std::string& contents) const {
  std::string path = *this / name;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << contents;
  return path;
}

inline std::vector<std::string> TempDir::list_of(const std::string& path) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

/// The whole contents of `path`; "<missing>" when it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "<missing>";
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

inline bool file_exists(const std::string& path) {
  return std::filesystem::exists(path);
}

/// An invocation of step `name` with positional inputs and outputs.
inline BuiltinInvocation invocation(const std::string& name, std::vector<std::string> inputs,
                                    std::vector<std::string> outputs,
                                    std::map<std::string, std::string> args = {}) {
  BuiltinInvocation result;
  result.name = name;
  for (auto& path : inputs)
    result.inputs.push_back({"", std::move(path)});
  for (auto& path : outputs)
    result.outputs.push_back({"", std::move(path)});
  result.args = std::move(args);
  return result;
}

/// run_builtin on `invocation(...)`.
inline Result<void> run_step(const std::string& name, std::vector<std::string> inputs,
                             std::vector<std::string> outputs,
                             std::map<std::string, std::string> args = {}) {
  return run_builtin(invocation(name, std::move(inputs), std::move(outputs), std::move(args)));
}

/// The message of a failed result, with its notes on following lines; "<ok>" on success.
inline std::string message_of(const Result<void>& result) {
  if (result) return "<ok>";
  std::string text = result.error().message;
  for (const auto& note : result.error().notes)
    text += "\n" + note;
  return text;
}

/// The lines of `text` (split at "\n"; a final "\n" ends the last line).
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace flow::builtins::test
