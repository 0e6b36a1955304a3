#include "builtins/temp_cleanup.h"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstring>

namespace flow::builtins {
namespace {

// A fixed table, because the signal handler may only touch memory that is never
// reallocated and call only async-signal-safe functions (unlink, raise). A step has a
// handful of outputs open at once; more than k_slots are simply not cleaned up.
constexpr std::size_t k_slots = 16;
constexpr std::size_t k_path_size = 4096;

struct Slot {
  std::atomic<bool> used{false};
  char path[k_path_size] = {};
};

// The only mutable global of the module, for the same reason as the interrupt flag in
// `sys`: a signal handler can reach nothing else.
std::array<Slot, k_slots> g_slots;

extern "C" void remove_temp_files(int signal_number) {
  for (auto& slot : g_slots) {
    if (slot.used.load()) ::unlink(slot.path);
  }
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

}  // namespace

void install_temp_cleanup() {
  struct sigaction action {};
  action.sa_handler = remove_temp_files;
  sigemptyset(&action.sa_mask);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    // Keep "ignored" if the parent asked for it (nohup).
    struct sigaction old {};
    if (::sigaction(signal_number, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    ::sigaction(signal_number, &action, nullptr);
  }
}

int register_temp_file(const char* path) {
  if (std::strlen(path) >= k_path_size) return -1;
  for (std::size_t i = 0; i < k_slots; ++i) {
    Slot& slot = g_slots[i];
    if (slot.used.load()) continue;
    std::strcpy(slot.path, path);
    slot.used.store(true);
    return static_cast<int>(i);
  }
  return -1;
}

void unregister_temp_file(int slot) {
  if (slot >= 0 && static_cast<std::size_t>(slot) < k_slots) g_slots[slot].used.store(false);
}

}  // namespace flow::builtins
