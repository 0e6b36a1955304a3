#include "builtins/step_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace flow::builtins {

struct StepLog::File {
  explicit File(int descriptor) : fd(descriptor) {}
  ~File() { ::close(fd); }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  int fd;
};

Result<StepLog> StepLog::open(const std::vector<std::string>& paths) {
  StepLog log;
  for (const auto& path : paths) {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0666);
    if (fd < 0) {
      return make_error(ErrorKind::io,
                        fmt::format("log '{}': cannot open: {}", path, std::strerror(errno)));
    }
    log.m_files.push_back(std::make_shared<File>(fd));
  }
  return log;
}

void StepLog::line(std::string_view text) {
  if (m_files.empty()) return;
  std::string data(text);
  data += '\n';
  for (const auto& file : m_files) {
    // One write per line: lines of concurrent writers never interleave mid-line.
    [[maybe_unused]] ssize_t ignored = ::write(file->fd, data.data(), data.size());
  }
}

}  // namespace flow::builtins
