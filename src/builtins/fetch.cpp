// `fetch`: download a URL with libcurl, with retries and a clear error when offline. libcurl
// is loaded only when fetch runs (builtins/curl_library.h says why).

#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "builtins/args.h"
#include "builtins/curl_library.h"
#include "builtins/steps.h"
#include "builtins/text/io.h"

namespace flow::builtins {
namespace {

struct FetchOptions {
  std::string url;
  long timeout_s = 0;  // 0: none
  int retries = 0;
  double backoff_s = 0;
};

struct Attempt {
  Result<void> result;
  bool retryable = false;
};

// Where the body goes while it arrives: straight into the temporary output file.
struct Sink {
  text::AtomicOutput* output = nullptr;
  std::optional<Error> error;
};

extern "C" std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  auto written = sink->output->write(std::string_view(data, size * count));
  if (!written) {
    sink->error = written.error();
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  return size * count;
}

std::string host_of(const CurlLibrary& lib, const std::string& url) {
  std::string host;
  CURLU* parsed = lib.url();
  char* part = nullptr;
  if (parsed != nullptr && lib.url_set(parsed, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
      lib.url_get(parsed, CURLUPART_HOST, &part, 0) == CURLUE_OK) {
    host = part;
    lib.free(part);
  }
  lib.url_cleanup(parsed);
  return host.empty() ? url : host;
}

Attempt failure(std::string message, bool retryable) {
  return {make_error(ErrorKind::job, std::move(message)), retryable};
}

Attempt curl_failure(const CurlLibrary& lib, CURLcode code, const std::string& detail,
                     const FetchOptions& options) {
  const std::string& url = options.url;
  std::string host = host_of(lib, url);
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return failure(fmt::format("cannot reach {}: could not resolve host (offline?)", host), true);
    case CURLE_COULDNT_RESOLVE_PROXY:
      return failure(fmt::format("cannot reach {}: could not resolve the proxy (offline?)", host),
                     true);
    case CURLE_COULDNT_CONNECT:
      return failure(fmt::format("cannot reach {}: could not connect (offline?)", host), true);
    case CURLE_OPERATION_TIMEDOUT:
      return failure(fmt::format("'{}': timed out after {} s", url, options.timeout_s), true);
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return failure(fmt::format("'{}': connection broken: {}", url, detail), true);
    case CURLE_FILE_COULDNT_READ_FILE:
      return failure(fmt::format("cannot read '{}': no such file or not readable", url), false);
    case CURLE_UNSUPPORTED_PROTOCOL:
      return failure(
          fmt::format("'{}': unsupported URL scheme (use http, https, ftp or file)", url), false);
    case CURLE_URL_MALFORMAT:
      return failure(fmt::format("'{}' is not a valid URL", url), false);
    default:
      return failure(fmt::format("'{}': {}", url, detail), false);
  }
}

const char* status_text(long status) {
  switch (status) {
    case 401:
      return " (unauthorized)";
    case 403:
      return " (forbidden)";
    case 404:
      return " (not found)";
    case 408:
      return " (request timeout)";
    case 410:
      return " (gone)";
    case 429:
      return " (too many requests)";
    case 500:
      return " (internal server error)";
    case 502:
      return " (bad gateway)";
    case 503:
      return " (service unavailable)";
    case 504:
      return " (gateway timeout)";
    default:
      return "";
  }
}

using CurlHandle = std::unique_ptr<CURL, void (*)(CURL*)>;

// Returns CURLE_OK or the first option libcurl refused: going on without one (an old libcurl
// lacks CURLOPT_PROTOCOLS_STR) could, for instance, allow any protocol.
CURLcode set_options(const CurlLibrary& lib, CURL* curl, const FetchOptions& options, Sink& sink,
                     char* error_buffer) {
  const long connect_timeout_s = options.timeout_s > 0 ? std::min(options.timeout_s, 30L) : 30L;
  const CURLcode codes[] = {
      lib.set_option(curl, CURLOPT_URL, options.url.c_str()),
      lib.set_option(curl, CURLOPT_PROTOCOLS_STR, "http,https,ftp,ftps,file"),
      lib.set_option(curl, CURLOPT_FOLLOWLOCATION, 1L),
      lib.set_option(curl, CURLOPT_MAXREDIRS, 10L),
      lib.set_option(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"),  // never to file://
      lib.set_option(curl, CURLOPT_TIMEOUT, options.timeout_s),
      lib.set_option(curl, CURLOPT_CONNECTTIMEOUT, connect_timeout_s),
      lib.set_option(curl, CURLOPT_NOSIGNAL, 1L),
      lib.set_option(curl, CURLOPT_ACCEPT_ENCODING, ""),  // any encoding libcurl can decode
      lib.set_option(curl, CURLOPT_USERAGENT, "flow (built-in fetch step)"),
      lib.set_option(curl, CURLOPT_WRITEFUNCTION, write_body),
      lib.set_option(curl, CURLOPT_WRITEDATA, static_cast<void*>(&sink)),
      lib.set_option(curl, CURLOPT_ERRORBUFFER, static_cast<void*>(error_buffer)),
  };
  for (CURLcode code : codes) {
    if (code != CURLE_OK) return code;
  }
  return CURLE_OK;
}

Attempt fetch_once(const CurlLibrary& lib, const FetchOptions& options, const std::string& path) {
  auto output = text::AtomicOutput::create(path);
  if (!output) return {output.error(), false};
  CurlHandle curl(lib.easy_init(), lib.easy_cleanup);
  if (!curl) return failure("cannot start libcurl", false);
  Sink sink{&*output, std::nullopt};
  char error_buffer[CURL_ERROR_SIZE] = "";
  CURLcode refused = set_options(lib, curl.get(), options, sink, error_buffer);
  if (refused != CURLE_OK) {
    return failure(fmt::format("libcurl refused an option: {}", lib.easy_strerror(refused)), false);
  }
  CURLcode code = lib.easy_perform(curl.get());
  if (sink.error) return {*sink.error, false};
  if (code != CURLE_OK) {
    std::string detail = error_buffer[0] != '\0' ? error_buffer : lib.easy_strerror(code);
    return curl_failure(lib, code, detail, options);
  }
  long status = 0;
  lib.get_info(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  const char* scheme = nullptr;
  lib.get_info(curl.get(), CURLINFO_SCHEME, &scheme);
  bool http = scheme != nullptr &&
              (std::string_view(scheme) == "HTTP" || std::string_view(scheme) == "HTTPS" ||
               std::string_view(scheme) == "http" || std::string_view(scheme) == "https");
  if (http && status >= 400) {
    bool retryable = status == 408 || status == 429 || status >= 500;
    return failure(fmt::format("'{}': HTTP status {}{}", options.url, status, status_text(status)),
                   retryable);
  }
  return {output->commit(), false};
}

Result<FetchOptions> parse_options(const BuiltinInvocation& invocation) {
  FetchOptions options;
  options.url = arg_text(invocation, "url");
  auto timeout = arg_int(invocation, "timeout", 0, 86400);
  if (!timeout) return timeout.error();
  auto retries = arg_int(invocation, "retries", 0, 100);
  if (!retries) return retries.error();
  auto backoff = arg_number(invocation, "backoff", 0, 3600);
  if (!backoff) return backoff.error();
  options.timeout_s = static_cast<long>(*timeout);
  options.retries = static_cast<int>(*retries);
  options.backoff_s = *backoff;
  return options;
}

Result<void> fetch_with_retries(const CurlLibrary& lib, const FetchOptions& options,
                                const std::string& path, StepLog& log) {
  for (int attempt = 1;; ++attempt) {
    auto started = std::chrono::steady_clock::now();
    Attempt result = fetch_once(lib, options, path);
    if (result.result) {
      std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
      log.line(fmt::format("fetch: {} -> {} in {:.2f} s (attempt {})", options.url, path,
                           took.count(), attempt));
      return ok_result();
    }
    Error error = std::move(result.result).error();
    if (!result.retryable || attempt > options.retries) {
      if (attempt > 1) error.notes.push_back(fmt::format("gave up after {} attempts", attempt));
      return error;
    }
    // Exponential backoff: backoff, 2 x backoff, 4 x backoff ...
    double delay = options.backoff_s * std::pow(2.0, attempt - 1);
    std::string message =
        fmt::format("attempt {}: {}; retrying in {:g} s", attempt, error.message, delay);
    log.line(message);
    std::fprintf(stderr, "flow builtin fetch: warning: %s\n", message.c_str());
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
  }
}

Result<void> run_fetch(const BuiltinInvocation& invocation, StepLog& log) {
  auto options = parse_options(invocation);
  if (!options) return options.error();
  auto lib = CurlLibrary::get();
  if (!lib) return lib.error();
  if ((*lib)->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    return make_error(ErrorKind::job, "cannot initialise libcurl");
  }
  auto result = fetch_with_retries(**lib, *options, invocation.outputs[0].path, log);
  (*lib)->global_cleanup();
  return result;
}

BuiltinArg fetch_arg(std::string name, ArgType type, std::string default_value, std::string help) {
  BuiltinArg arg;
  arg.name = std::move(name);
  arg.type = type;
  arg.default_value = std::move(default_value);
  arg.help = std::move(help);
  return arg;
}

}  // namespace

Step fetch_step() {
  Step step;
  step.signature.name = "fetch";
  step.signature.summary = "download a URL (http, https, ftp or file) to the output";
  BuiltinArg url = fetch_arg("url", ArgType::string, "", "the URL to download");
  url.required = true;
  step.signature.args = {
      url,
      fetch_arg("timeout", ArgType::integer, "300",
                "seconds an attempt may take in all, 0 for no limit (connecting: at most 30)"),
      fetch_arg("retries", ArgType::integer, "3",
                "how many times to try again after a failure that may pass (host not found or "
                "unreachable, timeout, broken connection, HTTP 408, 429 or 5xx)"),
      fetch_arg("backoff", ArgType::number, "1",
                "seconds to wait before the first retry; each further wait doubles"),
  };
  step.signature.max_inputs = 0;
  step.signature.min_outputs = step.signature.max_outputs = 1;
  step.signature.files_help =
      "Output: the downloaded bytes, unchanged (compressed transfers are decoded). Redirects are "
      "followed (to http and https only); an HTTP status of 400 or more is an error.";
  step.run = run_fetch;
  return step;
}

}  // namespace flow::builtins
