#include "builtins/text/io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include <fmt/format.h>

#include "builtins/temp_cleanup.h"
#include "builtins/text/utf8.h"

namespace flow::builtins::text {
namespace {

Error input_error(const std::string& path, std::string_view what) {
  return make_error(ErrorKind::io, fmt::format("input '{}': {}", path, what));
}

Error output_error(const std::string& path, std::string_view what, int err) {
  return make_error(ErrorKind::io,
                    fmt::format("output '{}': cannot {}: {}", path, what, std::strerror(err)));
}

// Reads all of `fd` into `contents`, which is sized to the expected length.
Result<void> read_all(int fd, const std::string& path, std::string& contents,
                      std::int64_t max_bytes) {
  std::size_t used = 0;
  while (true) {
    if (used == contents.size()) contents.resize(std::max<std::size_t>(4096, used * 2));
    ssize_t got = ::read(fd, contents.data() + used, contents.size() - used);
    if (got < 0) {
      if (errno == EINTR) continue;
      return input_error(path, fmt::format("cannot read: {}", std::strerror(errno)));
    }
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
    // The file may grow while we read it (or be a pipe): keep to the limit anyway.
    if (static_cast<std::int64_t>(used) > max_bytes) {
      return input_error(path, fmt::format("too large (more than {} bytes)", max_bytes));
    }
  }
  contents.resize(used);
  return ok_result();
}

// Returns 0 or the errno of the failed write.
int write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  return 0;
}

std::string temp_path_for(const std::string& path, unsigned attempt) {
  std::filesystem::path real(path);
  std::string name =
      fmt::format(".{}.flow-tmp.{}.{}", real.filename().string(), ::getpid(), attempt);
  return (real.parent_path() / name).string();
}

}  // namespace

Result<std::string> read_input(const std::string& path, std::int64_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return input_error(path, "no such file");
    return input_error(path, fmt::format("cannot open: {}", std::strerror(errno)));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    int err = errno;
    ::close(fd);
    return input_error(path, fmt::format("cannot read: {}", std::strerror(err)));
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd);
    return input_error(path, "is a directory, not a file");
  }
  if (S_ISREG(info.st_mode) && info.st_size > max_bytes) {
    ::close(fd);
    return input_error(
        path, fmt::format("too large ({} bytes; the limit is {} bytes)", info.st_size, max_bytes));
  }
  std::string contents;
  // One extra byte, so the loop sees end-of-file without growing the string.
  contents.resize(S_ISREG(info.st_mode) ? static_cast<std::size_t>(info.st_size) + 1 : 0);
  auto read = read_all(fd, path, contents, max_bytes);
  ::close(fd);
  if (!read) return read.error();
  return contents;
}

Result<void> check_text(std::string_view text, const std::string& path, std::size_t base_offset) {
  if (auto bad = find_invalid_utf8(text)) {
    return make_error(ErrorKind::job, fmt::format("input '{}': invalid UTF-8 at byte {}", path,
                                                  *bad + base_offset));
  }
  if (std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    return make_error(ErrorKind::job, fmt::format("input '{}': binary data (NUL byte at byte {})",
                                                  path, nul + base_offset));
  }
  return ok_result();
}

Result<std::string> read_text_input(const std::string& path, LineEnds line_ends,
                                    std::int64_t max_bytes, Bom keep_or_drop) {
  auto contents = read_input(path, max_bytes);
  if (!contents) return contents;
  std::string& text = *contents;
  std::size_t bom = text.starts_with(k_utf8_bom) ? k_utf8_bom.size() : 0;
  if (auto checked = check_text(std::string_view(text).substr(bom), path, bom); !checked) {
    return checked.error();
  }
  if (bom > 0 && keep_or_drop == Bom::drop) text.erase(0, bom);
  if (line_ends == LineEnds::lf && text.find('\r') != std::string::npos) {
    std::size_t out = 0;
    for (std::size_t in = 0; in < text.size(); ++in) {
      if (text[in] == '\r' && in + 1 < text.size() && text[in + 1] == '\n') continue;
      text[out++] = text[in];
    }
    text.resize(out);
  }
  return contents;
}

Result<std::vector<std::string>> read_text_inputs(const BuiltinInvocation& invocation) {
  std::vector<std::string> texts;
  for (const auto& input : invocation.inputs) {
    auto text = read_text_input(input.path);
    if (!text) return text.error();
    texts.push_back(std::move(*text));
  }
  return texts;
}

AtomicOutput::AtomicOutput(std::string path, std::string temp_path, int fd)
    : m_path(std::move(path)),
      m_temp_path(std::move(temp_path)),
      m_fd(fd),
      m_cleanup_slot(register_temp_file(m_temp_path.c_str())) {}

AtomicOutput::AtomicOutput(AtomicOutput&& other) noexcept
    : m_path(std::move(other.m_path)),
      m_temp_path(std::move(other.m_temp_path)),
      m_fd(std::exchange(other.m_fd, -1)),
      m_cleanup_slot(std::exchange(other.m_cleanup_slot, -1)),
      m_buffer(std::move(other.m_buffer)),
      m_size(other.m_size) {}

AtomicOutput& AtomicOutput::operator=(AtomicOutput&& other) noexcept {
  if (this != &other) {
    discard();
    m_path = std::move(other.m_path);
    m_temp_path = std::move(other.m_temp_path);
    m_fd = std::exchange(other.m_fd, -1);
    m_cleanup_slot = std::exchange(other.m_cleanup_slot, -1);
    m_buffer = std::move(other.m_buffer);
    m_size = other.m_size;
  }
  return *this;
}

AtomicOutput::~AtomicOutput() {
  discard();
}

Result<AtomicOutput> AtomicOutput::create(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return make_error(ErrorKind::io, fmt::format("output '{}': cannot create directory '{}': {}",
                                                   path, parent.string(), ec.message()));
    }
  }
  // O_EXCL with a fresh name: never write through a stale temporary file or a symlink.
  for (unsigned attempt = 0;; ++attempt) {
    std::string temp = temp_path_for(path, attempt);
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return AtomicOutput(path, std::move(temp), fd);
    if (errno != EEXIST || attempt >= 100)
      return output_error(path, "create a temporary file", errno);
  }
}

Result<void> AtomicOutput::flush() {
  if (m_buffer.empty()) return ok_result();
  if (int err = write_all(m_fd, m_buffer); err != 0) return output_error(m_path, "write", err);
  m_buffer.clear();
  return ok_result();
}

Result<void> AtomicOutput::write(std::string_view data) {
  if (m_fd < 0) {
    return make_error(ErrorKind::internal,
                      fmt::format("output '{}': written after commit", m_path));
  }
  m_size += data.size();
  m_buffer.append(data);
  if (m_buffer.size() >= (1u << 16)) return flush();
  return ok_result();
}

Result<void> AtomicOutput::commit() {
  if (m_fd < 0) {
    return make_error(ErrorKind::internal, fmt::format("output '{}': committed twice", m_path));
  }
  if (auto flushed = flush(); !flushed) return flushed;
  // Sync before the rename, so a crash never leaves an empty file under the real name.
  if (::fdatasync(m_fd) != 0) return output_error(m_path, "sync", errno);
  if (::close(std::exchange(m_fd, -1)) != 0) {
    int err = errno;
    ::unlink(m_temp_path.c_str());
    unregister_temp_file(std::exchange(m_cleanup_slot, -1));
    return output_error(m_path, "write", err);
  }
  if (::rename(m_temp_path.c_str(), m_path.c_str()) != 0) {
    int err = errno;
    ::unlink(m_temp_path.c_str());
    unregister_temp_file(std::exchange(m_cleanup_slot, -1));
    return output_error(m_path, "rename the temporary file", err);
  }
  unregister_temp_file(std::exchange(m_cleanup_slot, -1));
  return ok_result();
}

void AtomicOutput::discard() {
  if (m_fd < 0) return;
  ::close(std::exchange(m_fd, -1));
  ::unlink(m_temp_path.c_str());
  unregister_temp_file(std::exchange(m_cleanup_slot, -1));
  m_buffer.clear();
}

Result<void> write_output(const std::string& path, std::string_view contents) {
  auto output = AtomicOutput::create(path);
  if (!output) return output.error();
  if (auto written = output->write(contents); !written) return written;
  return output->commit();
}

}  // namespace flow::builtins::text
