// A throw-away git repository for tests: created in the test's temporary
// directory with a fixed author, committer and dates, isolated from the
// machine's git configuration, driven through PosixProcessRunner (argv, no
// shell).
#ifndef KEYLINT_TESTS_GIT_TEST_UTIL_H_
#define KEYLINT_TESTS_GIT_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "scanner/subprocess.h"

namespace keylint::testing_util {

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

// Runs argv in `cwd`, with the test process's environment.
inline CommandResult RunCommand(const std::vector<std::string>& argv,
                                const std::string& cwd,
                                const std::string& stdin_data = "") {
  PosixProcessRunner runner;
  ProcessRequest request;
  request.argv = argv;
  request.cwd = cwd;
  request.stdin_data = stdin_data;
  ProcessResult result;
  CommandResult r;
  Status s = RunAndCapture(&runner, request, &r.out, &result);
  if (!s.ok()) {
    r.err = s.message();
    return r;
  }
  r.exit_code = result.exit_code;
  r.err = result.stderr_text;
  return r;
}

// Makes every git the test process starts behave the same on any machine:
// a fixed identity, no system or global configuration.
inline void IsolateGitEnvironment() {
  static bool done = false;
  if (done) return;
  done = true;
  std::string empty = ::testing::TempDir() + "/keylint-empty-gitconfig";
  std::ofstream(empty).flush();
  setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
  setenv("GIT_CONFIG_GLOBAL", empty.c_str(), 1);
  setenv("GIT_AUTHOR_NAME", "Ann Author", 1);
  setenv("GIT_AUTHOR_EMAIL", "ann@example.test", 1);
  setenv("GIT_COMMITTER_NAME", "Ann Author", 1);
  setenv("GIT_COMMITTER_EMAIL", "ann@example.test", 1);
  setenv("GIT_TERMINAL_PROMPT", "0", 1);
  unsetenv("GIT_DIR");
  unsetenv("GIT_WORK_TREE");
  unsetenv("GIT_INDEX_FILE");
}

class GitRepo {
 public:
  // Creates (after removing) `dir` and a repository with branch "main".
  explicit GitRepo(std::string dir) : dir_(std::move(dir)) {
    IsolateGitEnvironment();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Git({"init", "-q", "-b", "main"});
  }
  const std::string& dir() const { return dir_; }

  // Runs git in the repository; a failure fails the test.
  std::string Git(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"git"};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandResult r = RunCommand(argv, dir_);
    EXPECT_EQ(r.exit_code, 0) << "git " << args[0] << ": " << r.err;
    return r.out;
  }

  void Write(const std::string& rel, const std::string& content) {
    std::filesystem::path p = std::filesystem::path(dir_) / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
  }

  void Remove(const std::string& rel) {
    std::filesystem::remove(std::filesystem::path(dir_) / rel);
  }

  // Stages everything and commits with author and committer date `day`
  // (2020-01-DD); returns the commit hash.
  std::string Commit(const std::string& message, int day) {
    std::string date = "2020-01-" + std::string(day < 10 ? "0" : "") +
                       std::to_string(day) + "T12:00:00+00:00";
    setenv("GIT_AUTHOR_DATE", date.c_str(), 1);
    setenv("GIT_COMMITTER_DATE", date.c_str(), 1);
    Git({"add", "-A"});
    Git({"commit", "-q", "--allow-empty", "-m", message});
    std::string head = Git({"rev-parse", "HEAD"});
    while (!head.empty() && head.back() == '\n') head.pop_back();
    return head;
  }

 private:
  std::string dir_;
};

}  // namespace keylint::testing_util

#endif  // KEYLINT_TESTS_GIT_TEST_UTIL_H_
