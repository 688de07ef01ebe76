// Tests for PosixProcessRunner (scanner/subprocess.h): output streaming,
// standard error and exit status, large input without deadlock, a child
// that stops reading, a missing program, the working directory, and a
// callback that stops the run.
#include "scanner/subprocess.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <string>

namespace keylint {
namespace {

using ::testing::HasSubstr;

TEST(PosixProcessRunner, CapturesOutputErrorAndStatus) {
  PosixProcessRunner runner;
  ProcessRequest request;
  request.argv = {"sh", "-c", "printf 'out\\n'; printf 'err\\n' >&2; exit 3"};
  std::string out;
  ProcessResult result;
  ASSERT_TRUE(RunAndCapture(&runner, request, &out, &result).ok());
  EXPECT_EQ(out, "out\n");
  EXPECT_EQ(result.stderr_text, "err\n");
  EXPECT_EQ(result.exit_code, 3);
}

TEST(PosixProcessRunner, ArgumentsAreNotInterpretedByAShell) {
  PosixProcessRunner runner;
  ProcessRequest request;
  request.argv = {"printf", "%s|", "$HOME", "a b", "; echo no", "*"};
  std::string out;
  ProcessResult result;
  ASSERT_TRUE(RunAndCapture(&runner, request, &out, &result).ok());
  EXPECT_EQ(out, "$HOME|a b|; echo no|*|");
}

TEST(PosixProcessRunner, LargeInputAndOutputDoNotDeadlock) {
  PosixProcessRunner runner;
  ProcessRequest request;
  request.argv = {"cat"};
  request.stdin_data.reserve(8 << 20);
  for (int i = 0; request.stdin_data.size() < (8u << 20); ++i) {
    request.stdin_data += std::to_string(i) + "\n";
  }
  std::string out;
  ProcessResult result;
  ASSERT_TRUE(RunAndCapture(&runner, request, &out, &result).ok());
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(out, request.stdin_data);
}

TEST(PosixProcessRunner, ChildThatStopsReadingLeavesNoSigpipe) {
  PosixProcessRunner runner;
  ProcessRequest request;
  request.argv = {"true"};
  request.stdin_data = std::string(4 << 20, 'x');
  std::string out;
  ProcessResult result;
  ASSERT_TRUE(RunAndCapture(&runner, request, &out, &result).ok());
  EXPECT_EQ(result.exit_code, 0);
  sigset_t pending;
  sigemptyset(&pending);
  sigpending(&pending);
  EXPECT_EQ(sigismember(&pending, SIGPIPE), 0);
}

TEST(PosixProcessRunner, MissingProgramIsAClearError) {
  PosixProcessRunner runner;
  ProcessRequest request;
  request.argv = {"keylint-no-such-program-7f3a"};
  std::string out;
  ProcessResult result;
  Status s = RunAndCapture(&runner, request, &out, &result);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "cannot run keylint-no-such-program-7f3a: no such file or directory");
}

TEST(PosixProcessRunner, RunsInTheGivenDirectory) {
  PosixProcessRunner runner;
  ProcessRequest request;
  request.argv = {"pwd"};
  request.cwd = "/";
  std::string out;
  ProcessResult result;
  ASSERT_TRUE(RunAndCapture(&runner, request, &out, &result).ok());
  EXPECT_EQ(out, "/\n");

  request.cwd = "/no/such/dir/7f3a";
  Status s = RunAndCapture(&runner, request, &out, &result);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("/no/such/dir/7f3a"));
}

TEST(PosixProcessRunner, CallbackErrorStopsAnEndlessChild) {
  PosixProcessRunner runner;
  ProcessRequest request;
  request.argv = {"yes"};
  size_t seen = 0;
  ProcessResult result;
  auto t0 = std::chrono::steady_clock::now();
  Status s = runner.Run(
      request,
      [&seen](std::string_view chunk) {
        seen += chunk.size();
        return seen > (1 << 20) ? Status::Internal("enough") : Status::Ok();
      },
      &result);
  EXPECT_EQ(s.message(), "enough");
  EXPECT_EQ(result.exit_code, 128 + SIGKILL);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
}

}  // namespace
}  // namespace keylint
