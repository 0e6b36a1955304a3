// `fetch` without the network: file:// URLs, an unresolvable host, and a tiny HTTP server on
// 127.0.0.1 that answers with canned responses.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "builtin_test_util.h"

namespace flow::builtins {
namespace {

using test::message_of;
using test::read_file;
using test::run_step;
using test::TempDir;

// Serves `responses` in order, one per connection, then stops accepting.
class TinyHttpServer {
 public:
  explicit TinyHttpServer(std::vector<std::string> responses) : m_responses(std::move(responses)) {
    m_listen_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(m_listen_fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(m_listen_fd, 8) != 0 ||
        ::getsockname(m_listen_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
    }
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { serve(); });
  }
  ~TinyHttpServer() {
    m_stop = true;
    m_thread.join();
    ::close(m_listen_fd);
  }
  TinyHttpServer(const TinyHttpServer&) = delete;
  TinyHttpServer& operator=(const TinyHttpServer&) = delete;

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + path;
  }
  int connections() const { return m_served; }

 private:
  void serve() {
    for (const auto& response : m_responses) {
      pollfd waiting{m_listen_fd, POLLIN, 0};
      while (!m_stop && ::poll(&waiting, 1, 50) == 0) {
      }
      if (m_stop) return;
      int client = ::accept(m_listen_fd, nullptr, nullptr);
      if (client < 0) return;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        ssize_t got = ::read(client, buffer, sizeof buffer);
        if (got <= 0) break;
        request.append(buffer, static_cast<std::size_t>(got));
      }
      ++m_served;  // before the answer: the client may check the count as soon as it has it
      [[maybe_unused]] ssize_t sent = ::write(client, response.data(), response.size());
      ::close(client);
    }
  }

  std::vector<std::string> m_responses;
  int m_listen_fd = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::atomic<int> m_served{0};
  std::thread m_thread;
};

std::string http_response(int status, const std::string& reason, const std::string& body,
                          const std::string& extra_headers = "") {
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n" +
         extra_headers + "\r\n" + body;
}

TEST(FetchTest, CopiesAFileUrl) {
  TempDir dir;
  std::string source = dir.write("book.txt", "\xEF\xBB\xBFThe Book\r\nbinary \xFF ok too\n");
  ASSERT_EQ(
      message_of(run_step("fetch", {}, {dir / "books/out.txt"}, {{"url", "file://" + source}})),
      "<ok>");
  EXPECT_EQ(read_file(dir / "books/out.txt"), read_file(source));
}

TEST(FetchTest, AMissingFileUrlIsAnErrorAndLeavesNoOutput) {
  TempDir dir;
  std::string url = "file://" + dir / "nope.txt";
  EXPECT_EQ(message_of(run_step("fetch", {}, {dir / "out.txt"}, {{"url", url}})),
            "cannot read '" + url + "': no such file or not readable");
  EXPECT_EQ(dir.list(), std::vector<std::string>{});
}

TEST(FetchTest, SaysWhenTheHostCannotBeResolved) {
  TempDir dir;
  auto result =
      run_step("fetch", {}, {dir / "out.txt"},
               {{"url", "http://flow-test.invalid/pg84.txt"}, {"retries", "0"}, {"timeout", "20"}});
  EXPECT_EQ(message_of(result),
            "cannot reach flow-test.invalid: could not resolve host (offline?)");
  EXPECT_EQ(result.error().kind, ErrorKind::job);
  EXPECT_EQ(dir.list(), std::vector<std::string>{});
}

TEST(FetchTest, RetriesAnUnresolvableHostAndSaysHowOften) {
  TempDir dir;
  BuiltinInvocation call = test::invocation("fetch", {}, {dir / "out.txt"},
                                            {{"url", "http://flow-test.invalid/"},
                                             {"retries", "2"},
                                             {"backoff", "0"},
                                             {"timeout", "20"}});
  call.logs = {dir / "fetch.log"};
  testing::internal::CaptureStderr();
  auto result = run_builtin(call);
  std::string warnings = testing::internal::GetCapturedStderr();
  EXPECT_EQ(message_of(result),
            "cannot reach flow-test.invalid: could not resolve host (offline?)\n"
            "gave up after 3 attempts");
  EXPECT_NE(warnings.find("attempt 2: cannot reach flow-test.invalid"), std::string::npos);
  EXPECT_EQ(test::lines_of(read_file(dir / "fetch.log")).size(), 3u);  // 2 retries, 1 error
}

TEST(FetchTest, RejectsUnsupportedAndMalformedUrls) {
  TempDir dir;
  EXPECT_EQ(message_of(run_step("fetch", {}, {dir / "o"}, {{"url", "gopher://example.org/"}})),
            "'gopher://example.org/': unsupported URL scheme (use http, https, ftp or file)");
  EXPECT_EQ(message_of(run_step("fetch", {}, {dir / "o"}, {{"url", "http://[::1/"}})),
            "'http://[::1/' is not a valid URL");
  EXPECT_EQ(message_of(run_step("fetch", {}, {dir / "o"}, {{"url", "x"}, {"retries", "-1"}})),
            "argument 'retries' must be an integer from 0 to 100, not '-1'");
}

TEST(FetchTest, DownloadsOverHttp) {
  TinyHttpServer server({http_response(200, "OK", "pea soup\n")});
  TempDir dir;
  ASSERT_EQ(message_of(run_step("fetch", {}, {dir / "out.txt"}, {{"url", server.url("/soup")}})),
            "<ok>");
  EXPECT_EQ(read_file(dir / "out.txt"), "pea soup\n");
}

TEST(FetchTest, FollowsRedirects) {
  TinyHttpServer server({http_response(302, "Found", "", "Location: /new\r\n"),
                         http_response(200, "OK", "moved soup\n")});
  TempDir dir;
  ASSERT_EQ(message_of(run_step("fetch", {}, {dir / "out.txt"}, {{"url", server.url("/old")}})),
            "<ok>");
  EXPECT_EQ(read_file(dir / "out.txt"), "moved soup\n");
}

TEST(FetchTest, FailsOnAnHttpErrorWithoutRetrying) {
  TinyHttpServer server({http_response(404, "Not Found", "<html>no soup</html>")});
  TempDir dir;
  std::string url = server.url("/missing");
  EXPECT_EQ(message_of(run_step("fetch", {}, {dir / "out.txt"}, {{"url", url}, {"backoff", "0"}})),
            "'" + url + "': HTTP status 404 (not found)");
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(dir.list(), std::vector<std::string>{});  // the error page is not kept
}

TEST(FetchTest, RetriesAServerErrorAndKeepsTheOldOutputOnFailure) {
  TempDir dir;
  std::string out = dir.write("out.txt", "old soup\n");
  {
    TinyHttpServer server({http_response(503, "Busy", "later"), http_response(503, "Busy", "")});
    testing::internal::CaptureStderr();
    auto result = run_step("fetch", {}, {out},
                           {{"url", server.url("/x")}, {"retries", "1"}, {"backoff", "0"}});
    testing::internal::GetCapturedStderr();
    // fmt::format, not "'" + url: GCC 12's -Wrestrict false positive at -O3.
    EXPECT_EQ(message_of(result),
              fmt::format("'{}': HTTP status 503 (service unavailable)\ngave up after 2 attempts",
                          server.url("/x")));
    EXPECT_EQ(server.connections(), 2);
  }
  EXPECT_EQ(read_file(out), "old soup\n");
  TinyHttpServer server({http_response(500, "Oops", ""), http_response(200, "OK", "new soup\n")});
  testing::internal::CaptureStderr();
  auto result =
      run_step("fetch", {}, {out}, {{"url", server.url("/x")}, {"retries", "1"}, {"backoff", "0"}});
  testing::internal::GetCapturedStderr();
  ASSERT_EQ(message_of(result), "<ok>");
  EXPECT_EQ(read_file(out), "new soup\n");
  EXPECT_EQ(dir.list(), std::vector<std::string>{"out.txt"});
}

}  // namespace
}  // namespace flow::builtins
