#include "flow/sys/allocator_tuning.h"

#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <cstdlib>
#include <string>

namespace flow::sys {
namespace {

// Holds the user's GLIBC_TUNABLES across the re-exec: "=VALUE", or "-" when it was unset.
constexpr const char* k_saved = "FLOW_SAVED_GLIBC_TUNABLES";
// Huge pages for the heap (where the kernel allows them: THP "madvise" or "always"), and a
// heap that grows 256 MB at a time (address space only: untouched pages cost nothing).
// Measured on a 100,000-job dry run: 45,600 page faults down to 370, 1.2 s down to 0.63 s.
constexpr const char* k_tunables = "glibc.malloc.hugetlb=1:glibc.malloc.top_pad=268435456";

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool k_glibc_allocator = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool k_glibc_allocator = false;
#else
constexpr bool k_glibc_allocator = true;
#endif
#else
constexpr bool k_glibc_allocator = true;
#endif

void restore(const char* saved) {
  if (saved[0] == '=')
    setenv("GLIBC_TUNABLES", saved + 1, 1);
  else
    unsetenv("GLIBC_TUNABLES");
  unsetenv(k_saved);
}

}  // namespace

void tune_allocator(char** argv) {
  if (const char* saved = std::getenv(k_saved)) {
    restore(saved);
    return;
  }
  if (!k_glibc_allocator || std::getenv("FLOW_NO_ALLOCATOR_TUNING") != nullptr) return;
  const char* user = std::getenv("GLIBC_TUNABLES");
  std::string saved = user != nullptr ? std::string("=") + user : std::string("-");
  // The user's own settings come last, so they win over ours.
  std::string tunables = k_tunables;
  if (user != nullptr && *user != '\0') tunables += std::string(":") + user;
  setenv(k_saved, saved.c_str(), 1);
  setenv("GLIBC_TUNABLES", tunables.c_str(), 1);
  execv("/proc/self/exe", argv);
  restore(saved.c_str());  // exec failed (no /proc?): go on untuned
}

void release_free_memory() {
#if defined(__GLIBC__)
  if (k_glibc_allocator) malloc_trim(0);
#endif
}

}  // namespace flow::sys
