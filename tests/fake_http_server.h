// A tiny HTTP/1.1 server on a loopback port for client tests: every request
// is recorded and answered by a handler (status, headers, body, a delay, or
// a dropped connection), so that retries, throttling, timeouts and garbage
// answers can be produced on demand. Each connection is served on its own
// thread (a slow answer does not hold up the next request); one request per
// connection (it answers "Connection: close").
#ifndef KEYLINT_TESTS_FAKE_HTTP_SERVER_H_
#define KEYLINT_TESTS_FAKE_HTTP_SERVER_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace keylint::testing_util {

struct FakeRequest {
  std::string method, target, body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string Header(const std::string& name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) return v;
    }
    return "";
  }
};

struct FakeResponse {
  int status = 200;
  std::string body = "{}";
  std::vector<std::pair<std::string, std::string>> headers;
  int delay_ms = 0;   // before answering
  bool drop = false;  // close the connection without answering
};

class FakeHttpServer {
 public:
  using Handler = std::function<FakeResponse(const FakeRequest&, int index)>;

  explicit FakeHttpServer(Handler handler) : handler_(std::move(handler)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 16);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Loop(); });
  }
  ~FakeHttpServer() {
    stop_ = true;
    thread_.join();
    for (std::thread& t : workers_) t.join();
    close(fd_);
  }
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
  }
  std::vector<FakeRequest> requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  void Loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      workers_.emplace_back([this, c] {
        Serve(c);
        close(c);
      });
    }
  }

  void Serve(int c) {
    std::string data;
    char buf[8192];
    size_t head_end = std::string::npos;
    size_t need = 0;
    while (true) {
      pollfd p{c, POLLIN, 0};
      if (poll(&p, 1, 2000) <= 0) return;
      ssize_t n = read(c, buf, sizeof buf);
      if (n <= 0) return;
      data.append(buf, static_cast<size_t>(n));
      if (head_end == std::string::npos) {
        head_end = data.find("\r\n\r\n");
        if (head_end == std::string::npos) continue;
        need = head_end + 4 + ContentLength(data.substr(0, head_end));
      }
      if (data.size() >= need) break;
    }
    FakeRequest req = Parse(data, head_end);
    int index;
    {
      std::lock_guard<std::mutex> lock(mu_);
      index = static_cast<int>(requests_.size());
      requests_.push_back(req);
    }
    FakeResponse resp = handler_(req, index);
    if (resp.delay_ms > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(resp.delay_ms));
    }
    if (resp.drop) return;
    std::string out = "HTTP/1.1 " + std::to_string(resp.status) + " X\r\n";
    for (const auto& [k, v] : resp.headers) out += k + ": " + v + "\r\n";
    out += "Content-Length: " + std::to_string(resp.body.size()) +
           "\r\nConnection: close\r\n\r\n" + resp.body;
    size_t off = 0;
    while (off < out.size()) {
      ssize_t n = write(c, out.data() + off, out.size() - off);
      if (n <= 0) return;
      off += static_cast<size_t>(n);
    }
  }

  static size_t ContentLength(const std::string& head) {
    std::string lower;
    for (char ch : head) lower.push_back(static_cast<char>(std::tolower(ch)));
    size_t pos = lower.find("\r\ncontent-length:");
    if (pos == std::string::npos) return 0;
    return std::stoul(head.substr(pos + 17));
  }

  static FakeRequest Parse(const std::string& data, size_t head_end) {
    FakeRequest r;
    std::string head = data.substr(0, head_end);
    size_t eol = head.find("\r\n");
    std::string line = head.substr(0, eol);
    size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
    r.method = line.substr(0, sp1);
    r.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t pos = eol == std::string::npos ? head.size() : eol + 2;
    while (pos < head.size()) {
      size_t e = head.find("\r\n", pos);
      if (e == std::string::npos) e = head.size();
      std::string h = head.substr(pos, e - pos);
      size_t colon = h.find(':');
      if (colon != std::string::npos) {
        std::string name = h.substr(0, colon);
        for (char& ch : name) ch = static_cast<char>(std::tolower(ch));
        size_t v = h.find_first_not_of(' ', colon + 1);
        r.headers.emplace_back(name, v == std::string::npos ? "" : h.substr(v));
      }
      pos = e + 2;
    }
    r.body = data.substr(head_end + 4);
    return r;
  }

  Handler handler_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::vector<std::thread> workers_;  // touched by thread_ only, then joined
  mutable std::mutex mu_;
  std::vector<FakeRequest> requests_;
};

}  // namespace keylint::testing_util

#endif  // KEYLINT_TESTS_FAKE_HTTP_SERVER_H_
