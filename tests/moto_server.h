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
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_util.h"

namespace keylint::testing_util {

// A free loopback TCP port (for a child server to bind).
inline int FreeLoopbackPort() {
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

inline bool LoopbackPortAccepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

// Runs `argv` (python3 and its arguments) with stdout/stderr to /dev/null
// and `env` added, and waits up to 60 s for `port` to accept connections.
// The child's pid in *pid (also when it does not come up).
inline bool StartLoopbackServer(const std::vector<std::string>& argv,
                                const std::vector<std::string>& env, int port,
                                pid_t* pid) {
  *pid = fork();
  if (*pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> args;
    for (const std::string& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (LoopbackPortAccepts(port)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

inline void StopLoopbackServer(pid_t pid) {
  if (pid > 0) {
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
  }
}

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
    port_ = FreeLoopbackPort();
    return StartLoopbackServer({"python3", "-m", "moto.server", "-H",
                                "127.0.0.1", "-p", std::to_string(port_)},
                               env, port_, &pid_);
  }

  ~MotoServer() { StopLoopbackServer(pid_); }

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
  int port_ = 0;
  pid_t pid_ = -1;
};

// A fixture with one moto server per test suite, started and seeded by
// StartSuite (from the suite's SetUpTestSuite). Tests skip, with the
// reason, where moto is missing, and fail where it did not start or seed.
class MotoTestBase : public ::testing::Test {
 protected:
  // Starts moto with `env` ("NAME=value") and runs the seed `modes` in
  // order; the last one's stdout, trailing newlines removed, in seed_out_.
  static void StartSuite(const std::vector<std::string>& env,
                         const std::vector<std::string>& modes) {
    failed_ = false;
    seed_out_.clear();
    skip_ = MotoServer::Unavailable();
    if (!skip_.empty()) return;
    moto_ = std::make_unique<MotoServer>();
    failed_ = !moto_->Start(env);
    for (const std::string& mode : modes) {
      if (!failed_ && !moto_->Seed(mode, &seed_out_)) failed_ = true;
    }
    while (!seed_out_.empty() && seed_out_.back() == '\n') seed_out_.pop_back();
  }
  static void TearDownTestSuite() { moto_.reset(); }
  void SetUp() override {
    if (!skip_.empty()) GTEST_SKIP() << skip_;
    ASSERT_FALSE(failed_) << "moto did not start or could not be seeded";
  }

  static inline std::unique_ptr<MotoServer> moto_;
  static inline std::string skip_, seed_out_;
  static inline bool failed_ = false;
};

// tests/data/aws-live/fault_proxy.py in front of `upstream` (moto): every
// distinct request faulted once (some twice) on its way, list requests'
// first pages answered empty with a token; `options` are the script's
// (--slow S, --no-faults, --tls CERT KEY). stats() reads what it did.
class FaultProxy {
 public:
  bool Start(const std::string& upstream,
             const std::vector<std::string>& options) {
    port_ = FreeLoopbackPort();
    stats_file_ = ::testing::TempDir() + "/keylint-fault-proxy-" +
                  std::to_string(getpid()) + ".json";
    std::remove(stats_file_.c_str());
    std::vector<std::string> argv = {
        "python3", SourcePath("tests/data/aws-live/fault_proxy.py"),
        std::to_string(port_), upstream, stats_file_};
    argv.insert(argv.end(), options.begin(), options.end());
    return StartLoopbackServer(argv, {}, port_, &pid_);
  }
  ~FaultProxy() { StopLoopbackServer(pid_); }

  std::string url(const std::string& scheme = "http") const {
    return scheme + "://127.0.0.1:" + std::to_string(port_);
  }
  // {"requests": N, "faults": {kind: N}, "empty_pages": N, "absolute": N}
  std::string stats() const { return ReadFile(stats_file_); }

 private:
  int port_ = 0;
  pid_t pid_ = -1;
  std::string stats_file_;
};

}  // namespace keylint::testing_util

#endif  // KEYLINT_TESTS_MOTO_SERVER_H_
