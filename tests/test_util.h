// Helpers for tests that run the keylint binary as a user would.
#ifndef KEYLINT_TESTS_TEST_UTIL_H_
#define KEYLINT_TESTS_TEST_UTIL_H_

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace keylint::testing_util {

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

// Runs `keylint ARGS` (ARGS already shell-quoted as needed) with a private
// cache dir, capturing stdout and stderr.
inline RunResult RunKeylint(const std::string& args,
                            const std::string& env = "") {
  static int counter = 0;
  std::string base = ::testing::TempDir() + "/keylint-run-" +
                     std::to_string(getpid()) + "-" + std::to_string(counter++);
  std::string cmd = env + " KEYLINT_CACHE_DIR=" +
                    ShellQuote(::testing::TempDir() + "/keylint-cache") + " " +
                    ShellQuote(KEYLINT_BINARY) + " " + args + " >" +
                    ShellQuote(base + ".out") + " 2>" +
                    ShellQuote(base + ".err") + " </dev/null";
  int status = std::system(cmd.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFile(base + ".out");
  r.err = ReadFile(base + ".err");
  std::filesystem::remove(base + ".out");
  std::filesystem::remove(base + ".err");
  return r;
}

inline std::string SourcePath(const std::string& rel) {
  return std::string(KEYLINT_SOURCE_DIR) + "/" + rel;
}

}  // namespace keylint::testing_util

#endif  // KEYLINT_TESTS_TEST_UTIL_H_
