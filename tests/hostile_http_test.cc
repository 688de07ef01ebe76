// A hostile HTTP peer for the AWS client's transport (auditor/aws_http.h):
// a local server that answers garbage, never finishes, trickles, or sends a
// body far over the cap. Each request must end within its timeout (plus a
// little), with a one-line error that quotes nothing the server sent, and
// memory bounded by kMaxResponseBytes; the next request on the same
// transport must still work ("the rest of the work done").
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "auditor/aws_http.h"

namespace keylint {
namespace {

// Serves each accepted connection with `behaviour` on its own thread until
// destroyed. Loopback only.
class HostileServer {
 public:
  using Behaviour = std::function<void(int fd, const std::atomic<bool>& stop)>;

  explicit HostileServer(Behaviour behaviour)
      : behaviour_(std::move(behaviour)) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    listen(listen_fd_, 8);
    thread_ = std::thread([this] {
      while (!stop_) {
        int fd = accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) break;
        workers_.emplace_back([this, fd] {
          ReadRequestHead(fd);
          behaviour_(fd, stop_);
          close(fd);
        });
      }
    });
  }
  ~HostileServer() {
    stop_ = true;
    shutdown(listen_fd_, SHUT_RDWR);
    close(listen_fd_);
    thread_.join();
    for (auto& w : workers_) w.join();
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/";
  }

 private:
  // Reads until the blank line that ends the request head (the body, if
  // any, is left unread; the behaviours do not need it).
  static void ReadRequestHead(int fd) {
    std::string head;
    char c;
    while (head.size() < 65536 && read(fd, &c, 1) == 1) {
      head += c;
      if (head.size() >= 4 && head.compare(head.size() - 4, 4, "\r\n\r\n") == 0)
        return;
    }
  }

  Behaviour behaviour_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::vector<std::thread> workers_;
};

// False once the peer has gone.
bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

SignableRequest Request() {
  SignableRequest r;
  r.method = "POST";
  r.headers = {{"Host", "127.0.0.1"},
               {"Content-Type", "application/x-amz-json-1.1"},
               {"X-Amz-Target", "secretsmanager.ListSecrets"}};
  r.body = "{}";
  return r;
}

struct Timed {
  HttpResponse response;
  double seconds = 0;
};

Timed SendTimed(CurlTransport& transport, const std::string& url,
                int timeout_ms) {
  auto start = std::chrono::steady_clock::now();
  Timed t;
  t.response = transport.Send(url, Request(), timeout_ms);
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                            start)
                  .count();
  return t;
}

void ExpectCleanError(const HttpResponse& r, std::string_view must_not_quote) {
  EXPECT_FALSE(r.error.empty() && r.status >= 200 && r.status < 300)
      << "a hostile answer was taken as success";
  EXPECT_EQ(r.error.find('\n'), std::string::npos) << r.error;
  if (!must_not_quote.empty()) {
    EXPECT_EQ(r.error.find(must_not_quote), std::string::npos) << r.error;
  }
}

constexpr int kTimeoutMs = 1500;
// The deadline a request must meet: its timeout plus scheduling slack
// (sanitized builds, a loaded CI machine).
constexpr double kMaxSeconds = kTimeoutMs / 1000.0 + 8.0;

// After each hostile exchange, a well-behaved server on the same transport
// must still be reachable.
void ExpectTransportStillWorks(CurlTransport& transport) {
  HostileServer good([](int fd, const std::atomic<bool>&) {
    WriteAll(fd,
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
             "Content-Length: 17\r\nConnection: close\r\n\r\n{\"SecretList\":[]}");
  });
  auto t = SendTimed(transport, good.url(), kTimeoutMs);
  EXPECT_EQ(t.response.status, 200) << t.response.error;
}

TEST(HostileHttp, GarbageInsteadOfHttp) {
  const std::string garbage = "\x16\x03\x01\x02\x00 NOT-HTTP \xff\xfe\x1b[31m\r\n\r\n";
  HostileServer server([&](int fd, const std::atomic<bool>&) {
    WriteAll(fd, garbage);
  });
  CurlTransport transport({});
  auto t = SendTimed(transport, server.url(), kTimeoutMs);
  EXPECT_LT(t.seconds, kMaxSeconds);
  EXPECT_EQ(t.response.status, 0) << "garbage parsed as a status line";
  EXPECT_FALSE(t.response.error.empty());
  ExpectCleanError(t.response, "NOT-HTTP");
  ExpectTransportStillWorks(transport);
}

TEST(HostileHttp, MalformedStatusAndHeaders) {
  HostileServer server([](int fd, const std::atomic<bool>&) {
    WriteAll(fd,
             "HTTP/1.1 200 OK\r\nContent-Length: -5\r\nX-Evil: "
             "a\r\n\tfolded\r\nContent-Length: 99999999999999999999\r\n\r\n{");
  });
  CurlTransport transport({});
  auto t = SendTimed(transport, server.url(), kTimeoutMs);
  EXPECT_LT(t.seconds, kMaxSeconds);
  ExpectCleanError(t.response, "");
  EXPECT_LE(t.response.body.size(), 1u);
  ExpectTransportStillWorks(transport);
}

TEST(HostileHttp, ServerThatNeverAnswers) {
  HostileServer server([](int, const std::atomic<bool>& stop) {
    while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  });
  CurlTransport transport({});
  auto t = SendTimed(transport, server.url(), kTimeoutMs);
  EXPECT_LT(t.seconds, kMaxSeconds);
  EXPECT_GE(t.seconds, kTimeoutMs / 1000.0 * 0.9) << "gave up too early";
  EXPECT_TRUE(t.response.timed_out) << t.response.error;
  ExpectCleanError(t.response, "");
  ExpectTransportStillWorks(transport);
}

TEST(HostileHttp, BodyThatNeverFinishes) {
  // Headers promise a body, then one byte every 100 ms, for ever.
  HostileServer server([](int fd, const std::atomic<bool>& stop) {
    WriteAll(fd,
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
             "Content-Length: 1000000\r\n\r\n{\"SecretList\": [");
    while (!stop) {
      WriteAll(fd, " ");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  CurlTransport transport({});
  auto t = SendTimed(transport, server.url(), kTimeoutMs);
  EXPECT_LT(t.seconds, kMaxSeconds);
  EXPECT_TRUE(t.response.timed_out) << t.response.error;
  EXPECT_FALSE(t.response.error.empty());
  ExpectCleanError(t.response, "SecretList");
  ExpectTransportStillWorks(transport);
}

TEST(HostileHttp, HugeBodyIsCutAtTheCap) {
  // Chunked, no length announced: 1 MiB chunks until the client hangs up.
  std::atomic<size_t> sent{0};
  HostileServer server([&](int fd, const std::atomic<bool>& stop) {
    WriteAll(fd,
             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
             "Transfer-Encoding: chunked\r\n\r\n");
    std::string chunk(1 << 20, 'A');
    char size_line[32];
    snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
    while (!stop && sent < kMaxResponseBytes * 4) {
      if (!WriteAll(fd, size_line) || !WriteAll(fd, chunk) ||
          !WriteAll(fd, "\r\n"))
        break;
      sent += chunk.size();
    }
  });
  CurlTransport transport({});
  auto t = SendTimed(transport, server.url(), 60000);
  EXPECT_LT(t.seconds, 60.0);
  EXPECT_FALSE(t.response.error.empty()) << "a body over the cap was accepted";
  EXPECT_LE(t.response.body.size(), kMaxResponseBytes);
  ExpectCleanError(t.response, "AAAAAAAA");
  ExpectTransportStillWorks(transport);
}

}  // namespace
}  // namespace keylint
