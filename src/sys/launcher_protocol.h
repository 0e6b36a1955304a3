#pragma once
// The protocol between flow and its job launcher (launcher_main.cpp), over a SOCK_SEQPACKET
// socketpair: one packet per message, each starting with a PacketKind.
//
// flow -> launcher: a spawn request, as zero or more spawn_part packets and one spawn packet
//   (the request's bytes split to keep packets small), the last carrying the capture memfds
//   by SCM_RIGHTS (none, stdout, or stdout and stderr as OutputMode says).
// launcher -> flow: ready once at start; then spawned (pid) or spawn_failed (errno) for each
//   request, in order; and exited (ExitEvent) whenever a job ends, interleaved.
// The launcher and flow are the same binary (the launcher is forked), so packets are plain
// structs copied as bytes.

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "flow/sys/process.h"

namespace flow::sys::detail {

enum class PacketKind : std::uint32_t {
  spawn_part = 1,
  spawn = 2,
  ready = 3,
  spawned = 4,
  spawn_failed = 5,
  exited = 6,
};

/// Request bytes per packet: well under the socket buffer, so a packet always fits.
constexpr std::size_t k_max_request_chunk = 32 * 1024;
/// Room for the largest packet the launcher receives.
constexpr std::size_t k_max_request_packet = k_max_request_chunk + 64;

/// ready, spawned (value: pid) and spawn_failed (value: errno).
struct ReplyPacket {
  PacketKind kind;
  std::int32_t value;
};

/// A job ended: its wait status, wall time measured by the launcher, and wait4's rusage.
struct ExitPacket {
  PacketKind kind = PacketKind::exited;
  std::int32_t pid = 0;
  std::int32_t status = 0;
  std::int64_t wall_ns = 0;
  std::int64_t user_us = 0;
  std::int64_t system_us = 0;
  std::int64_t max_rss_kb = 0;
  std::int64_t in_blocks = 0;
  std::int64_t out_blocks = 0;
};

/// A spawn request without its descriptors.
struct SpawnMessage {
  OutputMode output = OutputMode::capture;
  std::string cwd;
  std::vector<std::string> argv;
  std::vector<std::string> env;
};

/// The bytes of a spawn request (split into packets by the sender).
std::string encode_spawn(const SpawnMessage& message);

/// The request back from its bytes; false when they are malformed.
bool decode_spawn(const std::string& bytes, SpawnMessage& message);

/// How many descriptors go with a request in `mode`.
int capture_fd_count(OutputMode mode);

/// Sends one packet with up to two descriptors (MSG_NOSIGNAL). Returns 0, or the errno
/// (EAGAIN when a non-blocking socket is full).
int send_packet(int socket, const void* data, std::size_t size, const int* fds = nullptr,
                int fd_count = 0);

/// Receives one packet into `buffer` (resized to what arrived) and up to two descriptors
/// (close-on-exec) into `fds`. Returns the byte count (> 0), 0 at end of file, or -errno.
/// A packet or descriptors cut short count as -EMSGSIZE.
long receive_packet(int socket, std::string& buffer, std::size_t capacity, int* fds, int& fd_count);

}  // namespace flow::sys::detail
