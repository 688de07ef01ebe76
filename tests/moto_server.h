// Starts moto's server (`python3 -m moto.server`) on a free loopback port
// for the live-audit tests, seeds it with tests/data/aws-live/seed_moto.py,
// and stops it. One server per test suite: moto takes seconds to start and
// to load a service the first time.
#ifndef KEYLINT_TESTS_MOTO_SERVER_H_
#define KEYLINT_TESTS_MOTO_SERVER_H_

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_util.h"

namespace keylint::testing_util {

class MotoServer {
 public:
  // Empty when moto and boto3 can be imported; else why not.
  static std::string Unavailable() {
    int rc = std::system(
        "python3 -c 'import moto.server, boto3' "
        ">/dev/null 2>&1");
    return rc == 0 ? ""
                   : "moto/boto3 not importable by python3 (moto's "
                     "server is the AWS peer of these tests)";
  }

  // `env` entries ("NAME=value") are added to moto's environment.
  bool Start(const std::vector<std::string>& env = {}) {
    port_ = FreePort();
    pid_ = fork();
    if (pid_ == 0) {
      int null = open("/dev/null", O_WRONLY);
      dup2(null, 1);
      dup2(null, 2);
      for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
      std::string port = std::to_string(port_);
      execlp("python3", "python3", "-m", "moto.server", "-H", "127.0.0.1", "-p",
             port.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      if (Connects()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  ~MotoServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
  }

  // Runs the seed script in `mode`; its stdout, or nullopt on failure.
  bool Seed(const std::string& mode, std::string* out = nullptr) {
    std::string file = ::testing::TempDir() + "/keylint-seed-" +
                       std::to_string(getpid()) + ".out";
    std::string cmd =
        "python3 " +
        ShellQuote(SourcePath("tests/data/aws-live/seed_moto.py")) + " " +
        url() + " " + mode + " >" + ShellQuote(file) + " 2>&1";
    int rc = std::system(cmd.c_str());
    if (out != nullptr) *out = ReadFile(file);
    if (rc != 0) ADD_FAILURE() << "seeding moto failed: " << ReadFile(file);
    return rc == 0;
  }

 private:
  static int FreePort() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);
    return ntohs(addr.sin_port);
  }

  bool Connects() const {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    return ok;
  }

  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace keylint::testing_util

#endif  // KEYLINT_TESTS_MOTO_SERVER_H_
