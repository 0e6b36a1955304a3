#include "sys/launcher_protocol.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace flow::sys::detail {
namespace {

void put_u32(std::string& out, std::uint32_t value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

bool get_u32(const std::string& in, std::size_t& at, std::uint32_t& value) {
  if (in.size() - at < sizeof value) return false;
  std::memcpy(&value, in.data() + at, sizeof value);
  at += sizeof value;
  return true;
}

// A NUL-terminated string at `at`.
bool get_string(const std::string& in, std::size_t& at, std::string& value) {
  std::size_t end = in.find('\0', at);
  if (end == std::string::npos) return false;
  value.assign(in, at, end - at);
  at = end + 1;
  return true;
}

}  // namespace

// Layout: output mode, argv count, env count (u32 each), then cwd, the argv words and the env
// entries, each NUL-terminated (none of them can hold a NUL).
std::string encode_spawn(const SpawnMessage& message) {
  std::string out;
  put_u32(out, static_cast<std::uint32_t>(message.output));
  put_u32(out, static_cast<std::uint32_t>(message.argv.size()));
  put_u32(out, static_cast<std::uint32_t>(message.env.size()));
  auto put_string = [&out](const std::string& text) {
    out.append(text.c_str());
    out.push_back('\0');
  };
  put_string(message.cwd);
  for (const auto& word : message.argv)
    put_string(word);
  for (const auto& entry : message.env)
    put_string(entry);
  return out;
}

bool decode_spawn(const std::string& bytes, SpawnMessage& message) {
  std::size_t at = 0;
  std::uint32_t mode = 0;
  std::uint32_t argc = 0;
  std::uint32_t envc = 0;
  if (!get_u32(bytes, at, mode) || !get_u32(bytes, at, argc) || !get_u32(bytes, at, envc))
    return false;
  if (mode > static_cast<std::uint32_t>(OutputMode::inherit) || argc == 0) return false;
  // Each string takes at least its NUL: counts beyond the bytes left are malformed.
  if (argc > bytes.size() - at || envc > bytes.size() - at) return false;
  message.output = static_cast<OutputMode>(mode);
  message.argv.assign(argc, {});
  message.env.assign(envc, {});
  if (!get_string(bytes, at, message.cwd)) return false;
  for (auto& word : message.argv) {
    if (!get_string(bytes, at, word)) return false;
  }
  for (auto& entry : message.env) {
    if (!get_string(bytes, at, entry)) return false;
  }
  return at == bytes.size();
}

int capture_fd_count(OutputMode mode) {
  switch (mode) {
    case OutputMode::capture:
      return 1;
    case OutputMode::split:
      return 2;
    case OutputMode::inherit:
      return 0;
  }
  return 0;
}

int send_packet(int socket, const void* data, std::size_t size, const int* fds, int fd_count) {
  iovec part{const_cast<void*>(data), size};
  msghdr message{};
  message.msg_iov = &part;
  message.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(2 * sizeof(int))] = {};
  if (fd_count > 0) {
    message.msg_control = control;
    message.msg_controllen = CMSG_SPACE(static_cast<std::size_t>(fd_count) * sizeof(int));
    cmsghdr* header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(static_cast<std::size_t>(fd_count) * sizeof(int));
    std::memcpy(CMSG_DATA(header), fds, static_cast<std::size_t>(fd_count) * sizeof(int));
  }
  while (true) {
    if (sendmsg(socket, &message, MSG_NOSIGNAL) >= 0) return 0;
    if (errno != EINTR) return errno;
  }
}

long receive_packet(int socket, std::string& buffer, std::size_t capacity, int* fds,
                    int& fd_count) {
  fd_count = 0;
  buffer.resize(capacity);
  iovec part{buffer.data(), capacity};
  msghdr message{};
  message.msg_iov = &part;
  message.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(2 * sizeof(int))] = {};
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  ssize_t got = -1;
  do {
    got = recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
  } while (got < 0 && errno == EINTR);
  if (got < 0) return -errno;
  buffer.resize(static_cast<std::size_t>(got));
  for (cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr;
       header = CMSG_NXTHDR(&message, header)) {
    if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
    auto count = static_cast<int>((header->cmsg_len - CMSG_LEN(0)) / sizeof(int));
    for (int i = 0; i < count; ++i) {
      int fd = -1;
      std::memcpy(&fd, CMSG_DATA(header) + static_cast<std::size_t>(i) * sizeof(int), sizeof fd);
      if (fd_count < 2) {
        fds[fd_count++] = fd;
      } else {
        ::close(fd);
      }
    }
  }
  if ((message.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0) {
    for (int i = 0; i < fd_count; ++i)
      ::close(fds[i]);
    fd_count = 0;
    return -EMSGSIZE;
  }
  return static_cast<long>(got);
}

}  // namespace flow::sys::detail
