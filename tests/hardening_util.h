// Helpers for the hardening tests (hostile_input_test.cc, no_leak_test.cc):
// run the keylint binary with a deadline and measure what it used, build
// throw-away trees, and look for any piece of a secret in some output.
//
// RunBounded forks and execs the binary itself (no shell), so that argv can
// hold any byte a path can, and reads the child's peak RSS from wait4().
// A run past its deadline is killed and reported as timed out.
#ifndef KEYLINT_TESTS_HARDENING_UTIL_H_
#define KEYLINT_TESTS_HARDENING_UTIL_H_

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/test_util.h"

namespace keylint::hardening {

// Synthetic secrets of well-known shapes that the built-in rules find.
// Random-looking on purpose (the placeholder filters drop "EXAMPLE"s).
inline constexpr std::string_view kGithubToken =
    "ghp_q7Vd2LxK9mR4tNw8YbZ3cH6jF1sPaE5gUoTi";
inline constexpr std::string_view kAwsKeyId = "AKIAQ4NRW7XKZ2LMPB6D";
inline constexpr std::string_view kStripeKey = "sk_live_9xQmZ2rT7vKp4LwN8bYc3FhJ";

// Sanitized builds need several times the memory and time of a plain
// build; the bounds below are for catching blow-ups (reading 2 GiB,
// exponential alias expansion, a hang), not for measuring speed.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr int kSanitizerFactor = 4;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr int kSanitizerFactor = 4;
#else
inline constexpr int kSanitizerFactor = 1;
#endif
#else
inline constexpr int kSanitizerFactor = 1;
#endif

struct BoundedResult {
  int exit_code = -1;  // -1 when killed by a signal or the deadline
  int signal = 0;
  bool timed_out = false;
  double seconds = 0;
  long max_rss_mib = 0;
  std::string out, err;
};

struct RunLimits {
  double deadline_seconds = 60;
  // Run as this user (needs root): permission bits bind only non-root.
  uid_t run_as = 0;
  bool drop_privileges = false;
  std::vector<std::string> env;  // extra NAME=VALUE entries
};

inline std::string MakeTempDir(const std::string& tag) {
  std::string tmpl = ::testing::TempDir() + "/keylint-" + tag + "-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  const char* dir = mkdtemp(buf.data());
  if (dir == nullptr) return {};
  return dir;
}

// Runs KEYLINT_BINARY with `args` (each one argv entry, passed unquoted).
inline BoundedResult RunBounded(const std::vector<std::string>& args,
                                const RunLimits& limits = {}) {
  static int counter = 0;
  std::string base = ::testing::TempDir() + "/keylint-bounded-" +
                     std::to_string(getpid()) + "-" + std::to_string(counter++);
  // One cache shared by every run and every test process, as a user's
  // cache is (compiling the rules per run would dominate sanitized test
  // times; entries are keyed by content hash and written by rename, so
  // sharing is safe); world-writable for runs under another uid. Tests of
  // what keylint writes pass their own KEYLINT_CACHE_DIR.
  static const std::string cache = [] {
    std::string dir = ::testing::TempDir() + "/keylint-test-cache";
    std::filesystem::create_directories(dir);
    chmod(dir.c_str(), 0777);
    return dir;
  }();
  int out_fd = open((base + ".out").c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0666);
  int err_fd = open((base + ".err").c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0666);
  int in_fd = open("/dev/null", O_RDONLY);

  std::vector<std::string> argv_s = {KEYLINT_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  // The caller's entries first; defaults only for names it did not set.
  std::vector<std::string> env_s = limits.env;
  auto add_default = [&env_s](const std::string& name, const char* value) {
    for (const auto& e : env_s)
      if (e.rfind(name + "=", 0) == 0) return;
    if (value != nullptr) env_s.push_back(name + "=" + value);
  };
  add_default("KEYLINT_CACHE_DIR", cache.c_str());
  add_default("PATH", "/usr/local/bin:/usr/bin:/bin");
  add_default("LC_ALL", "C");
  add_default("HOME", std::getenv("HOME"));
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    setpgid(0, 0);
    if (limits.drop_privileges) {
      if (setgroups(0, nullptr) != 0 || setgid(limits.run_as) != 0 ||
          setuid(limits.run_as) != 0) {
        _exit(125);
      }
    }
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(out_fd);
  close(err_fd);
  close(in_fd);
  BoundedResult r;
  int status = 0;
  struct rusage ru {};
  auto deadline = start + std::chrono::milliseconds(
                              static_cast<long>(limits.deadline_seconds * 1000));
  while (true) {
    pid_t done = wait4(pid, &status, WNOHANG, &ru);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      r.timed_out = true;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &ru);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                            start)
                  .count();
  r.max_rss_mib = ru.ru_maxrss / 1024;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.out = testing_util::ReadFile(base + ".out");
  r.err = testing_util::ReadFile(base + ".err");
  std::filesystem::remove(base + ".out");
  std::filesystem::remove(base + ".err");
  return r;
}

// What a failed expectation prints about a run: never the whole output.
inline std::string Describe(const BoundedResult& r) {
  return "exit " + std::to_string(r.exit_code) +
         (r.signal ? " signal " + std::to_string(r.signal) : "") +
         (r.timed_out ? " TIMED OUT" : "") + ", " +
         std::to_string(r.seconds).substr(0, 5) + " s, " +
         std::to_string(r.max_rss_mib) + " MiB; stderr: " +
         r.err.substr(0, 600);
}

inline void WriteFile(const std::string& path, std::string_view content) {
  std::filesystem::create_directories(
      std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary).write(content.data(),
                                              static_cast<std::streamsize>(content.size()));
}

// The first substring of `secret` of `min_len` bytes or more found in
// `text`, or "" when none: a report must not hold any piece of a secret
// long enough to narrow it down.
inline std::string LeakedPiece(std::string_view text, std::string_view secret,
                               size_t min_len = 12) {
  if (secret.size() < min_len) return {};
  for (size_t i = 0; i + min_len <= secret.size(); ++i) {
    std::string_view piece = secret.substr(i, min_len);
    if (text.find(piece) != std::string_view::npos) return std::string(piece);
  }
  return {};
}

}  // namespace keylint::hardening

#endif  // KEYLINT_TESTS_HARDENING_UTIL_H_
