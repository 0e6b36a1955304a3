// Loading libcurl at run time for `fetch`: it is not linked, it loads once, and a missing
// library or function gives an error that says what to install.

#include <dlfcn.h>

#include <gtest/gtest.h>

#include <string>

#include "builtins/curl_library.h"

namespace flow::builtins {
namespace {

// Whether libcurl was mapped before main: true only if something linked it again. Taken
// during static initialisation, so no test that runs `fetch` can have loaded it yet.
bool libcurl_loaded_before_main() {
  void* handle = ::dlopen(CurlLibrary::k_soname, RTLD_NOW | RTLD_NOLOAD);
  if (handle == nullptr) return false;
  ::dlclose(handle);
  return true;
}
const bool k_libcurl_linked = libcurl_loaded_before_main();

TEST(FetchCurlLibraryTest, LibcurlIsNotLinked) {
  EXPECT_FALSE(k_libcurl_linked) << "flow_builtins links libcurl again: every built-in job "
                                    "would pay for loading it";
}

TEST(FetchCurlLibraryTest, LoadsOnceAndResolvesTheFunctions) {
  auto first = CurlLibrary::get();
  ASSERT_TRUE(first) << first.error().message;
  auto second = CurlLibrary::get();
  ASSERT_TRUE(second);
  EXPECT_EQ(*first, *second);
  const CurlLibrary& lib = **first;
  EXPECT_STREQ(lib.easy_strerror(CURLE_OK), "No error");
  CURL* curl = lib.easy_init();
  ASSERT_NE(curl, nullptr);
  // The varargs calls reach libcurl with the right types: it accepts the values and reads
  // them back.
  EXPECT_EQ(lib.set_option(curl, CURLOPT_URL, "file:///nowhere"), CURLE_OK);
  EXPECT_EQ(lib.set_option(curl, CURLOPT_MAXREDIRS, 3L), CURLE_OK);
  EXPECT_EQ(lib.set_option(curl, CURLOPT_PRIVATE, static_cast<void*>(curl)), CURLE_OK);
  const char* url = nullptr;
  EXPECT_EQ(lib.get_info(curl, CURLINFO_EFFECTIVE_URL, &url), CURLE_OK);
  EXPECT_STREQ(url, "file:///nowhere");
  long status = -1;
  EXPECT_EQ(lib.get_info(curl, CURLINFO_RESPONSE_CODE, &status), CURLE_OK);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(lib.set_option(curl, static_cast<CURLoption>(9999), 1L), CURLE_UNKNOWN_OPTION);
  lib.easy_cleanup(curl);
}

TEST(FetchCurlLibraryTest, SaysWhatToInstallWhenLibcurlIsMissing) {
  auto result = CurlLibrary::open("libflow-test-no-such-curl.so.4");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::job);
  EXPECT_EQ(result.error().message.rfind("fetch needs libcurl (Debian package libcurl4): "
                                         "dlopen failed: libflow-test-no-such-curl.so.4: ",
                                         0),
            0u)
      << result.error().message;
}

TEST(FetchCurlLibraryTest, NamesTheFirstMissingFunction) {
  // The C library loads fine but has none of libcurl's functions.
  auto result = CurlLibrary::open("libc.so.6");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            "fetch needs libcurl (Debian package libcurl4): libc.so.6 has no function "
            "curl_global_init (too old a libcurl?)");
}

}  // namespace
}  // namespace flow::builtins
