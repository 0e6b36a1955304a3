#include "builtins/curl_library.h"

#include <dlfcn.h>

#include <string>

#include <fmt/format.h>

namespace flow::builtins {
namespace {

Error needs_libcurl(const std::string& reason) {
  return make_error(ErrorKind::job,
                    fmt::format("fetch needs libcurl (Debian package libcurl4): {}", reason));
}

// Looks functions up in one loaded library and remembers the first one that is missing.
class SymbolResolver {
 public:
  explicit SymbolResolver(void* handle) : m_handle(handle) {}

  template <class Function>
  void resolve(Function& target, const char* name) {
    if (m_missing != nullptr) return;
    void* address = ::dlsym(m_handle, name);
    if (address == nullptr) {
      m_missing = name;
      return;
    }
    // POSIX guarantees that a function's dlsym address converts back to its pointer type.
    target = reinterpret_cast<Function>(address);
  }

  const char* missing() const { return m_missing; }

 private:
  void* m_handle;
  const char* m_missing = nullptr;
};

}  // namespace

Result<CurlLibrary> CurlLibrary::open(const char* soname) {
  void* handle = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = ::dlerror();
    return needs_libcurl(fmt::format("dlopen failed: {}", reason != nullptr ? reason : soname));
  }
  CurlLibrary library;
  SymbolResolver symbols(handle);
  symbols.resolve(library.global_init, "curl_global_init");
  symbols.resolve(library.global_cleanup, "curl_global_cleanup");
  symbols.resolve(library.easy_init, "curl_easy_init");
  symbols.resolve(library.easy_cleanup, "curl_easy_cleanup");
  symbols.resolve(library.easy_perform, "curl_easy_perform");
  symbols.resolve(library.easy_strerror, "curl_easy_strerror");
  symbols.resolve(library.m_easy_setopt, "curl_easy_setopt");
  symbols.resolve(library.m_easy_getinfo, "curl_easy_getinfo");
  symbols.resolve(library.url, "curl_url");
  symbols.resolve(library.url_set, "curl_url_set");
  symbols.resolve(library.url_get, "curl_url_get");
  symbols.resolve(library.url_cleanup, "curl_url_cleanup");
  symbols.resolve(library.free, "curl_free");
  if (symbols.missing() != nullptr) {
    ::dlclose(handle);
    return needs_libcurl(
        fmt::format("{} has no function {} (too old a libcurl?)", soname, symbols.missing()));
  }
  return library;
}

Result<const CurlLibrary*> CurlLibrary::get() {
  // Loaded once per process (a static's initialisation is thread-safe) and never closed.
  static const Result<CurlLibrary> library = open(k_soname);
  if (!library) return library.error();
  return &*library;
}

}  // namespace flow::builtins
