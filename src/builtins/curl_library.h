#pragma once
// libcurl, loaded with dlopen the first time `fetch` runs. Linking it would make every `flow`
// process (and so every built-in job, a child `flow builtin NAME ...`) load libcurl and the
// ~35 libraries it needs (TLS, Kerberos, LDAP, SSH...) at start-up, although only `fetch`
// uses it. <curl/curl.h> is still included for the types and constants.

#include <curl/curl.h>

#include <cstddef>

#include "flow/base/result.h"

namespace flow::builtins {

/// The libcurl functions `fetch` uses, resolved once. The library stays loaded until the
/// process exits: libcurl and its TLS libraries keep global state that dlclose would tear
/// down under them.
class CurlLibrary {
 public:
  /// The soname of the libcurl ABI that <curl/curl.h> describes.
  static constexpr const char* k_soname = "libcurl.so.4";

  /// Loads k_soname on the first call and returns the same library (or error) ever after.
  /// The error says that fetch needs libcurl, with dlopen's reason or the first missing
  /// function. Thread-safe.
  static Result<const CurlLibrary*> get();

  /// Loads `soname` and resolves every function, or says what failed (the library is then
  /// closed again). For tests; fetch uses get().
  static Result<CurlLibrary> open(const char* soname);

  CURLcode (*global_init)(long flags) = nullptr;
  void (*global_cleanup)() = nullptr;
  CURL* (*easy_init)() = nullptr;
  void (*easy_cleanup)(CURL* curl) = nullptr;
  CURLcode (*easy_perform)(CURL* curl) = nullptr;
  const char* (*easy_strerror)(CURLcode code) = nullptr;
  CURLU* (*url)() = nullptr;
  CURLUcode (*url_set)(CURLU* url, CURLUPart part, const char* text, unsigned flags) = nullptr;
  CURLUcode (*url_get)(CURLU* url, CURLUPart part, char** text, unsigned flags) = nullptr;
  void (*url_cleanup)(CURLU* url) = nullptr;
  void (*free)(void* memory) = nullptr;

  /// curl_easy_setopt, with one overload per argument type libcurl reads (long, string or
  /// object pointer, callback), so that an int or a bool can never reach its varargs.
  CURLcode set_option(CURL* curl, CURLoption option, long value) const {
    return m_easy_setopt(curl, option, value);
  }
  CURLcode set_option(CURL* curl, CURLoption option, const char* value) const {
    return m_easy_setopt(curl, option, value);
  }
  CURLcode set_option(CURL* curl, CURLoption option, void* value) const {
    return m_easy_setopt(curl, option, value);
  }
  CURLcode set_option(CURL* curl, CURLoption option, curl_write_callback value) const {
    return m_easy_setopt(curl, option, value);
  }

  /// curl_easy_getinfo for the long and string kinds of information.
  CURLcode get_info(CURL* curl, CURLINFO info, long* value) const {
    return m_easy_getinfo(curl, info, value);
  }
  CURLcode get_info(CURL* curl, CURLINFO info, const char** value) const {
    return m_easy_getinfo(curl, info, value);
  }

 private:
  CURLcode (*m_easy_setopt)(CURL* curl, CURLoption option, ...) = nullptr;
  CURLcode (*m_easy_getinfo)(CURL* curl, CURLINFO info, ...) = nullptr;
};

}  // namespace flow::builtins
