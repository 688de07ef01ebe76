// Running a helper program (git) without a shell: argv as a vector, optional
// bytes on its standard input, its standard output streamed to a callback
// chunk by chunk, its standard error kept (capped) for the error message.
//
// The git sources (scanner/git_source.h) only talk to git through a
// ProcessRunner, so their parsing is tested with an in-memory fake and the
// real runner is one small class.
//
// Thread-safety: a PosixProcessRunner holds no state and may be used from
// any number of threads; each Run is independent.
#ifndef KEYLINT_SCANNER_SUBPROCESS_H_
#define KEYLINT_SCANNER_SUBPROCESS_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/status.h"

namespace keylint {

struct ProcessRequest {
  // argv[0] is looked up in PATH when it holds no '/'. REQUIRES: non-empty.
  std::vector<std::string> argv;
  std::string cwd;         // empty: the caller's working directory
  std::string stdin_data;  // written to the child's standard input, then EOF
};

struct ProcessResult {
  int exit_code = -1;  // 128 + signal number when the child was killed
  // The child's standard error, at most kMaxStderrBytes of it.
  std::string stderr_text;
  static constexpr size_t kMaxStderrBytes = 64 << 10;
};

// Receives the child's standard output in order, in chunks of any size. A
// non-OK return stops the run: the child is killed and Run returns it.
using OutputCallback = std::function<Status(std::string_view chunk)>;

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;

  // Runs the program to completion. Non-OK when it cannot be started (the
  // message names the program and the cause), when reading or writing its
  // pipes fails, or when `on_stdout` fails; a program that runs and exits
  // with a non-zero status is OK here, with the status in `result`.
  virtual Status Run(const ProcessRequest& request,
                     const OutputCallback& on_stdout,
                     ProcessResult* result) = 0;
};

// Runs `request` and collects its whole standard output in `*out`.
Status RunAndCapture(ProcessRunner* runner, const ProcessRequest& request,
                     std::string* out, ProcessResult* result);

// The real runner: posix_spawnp, pipes and poll(2). SIGPIPE from a child
// that exits without reading its input is blocked in the calling thread for
// the duration of the run, never left pending; the child starts with the
// default signal mask and dispositions.
class PosixProcessRunner : public ProcessRunner {
 public:
  Status Run(const ProcessRequest& request, const OutputCallback& on_stdout,
             ProcessResult* result) override;
};

}  // namespace keylint

#endif  // KEYLINT_SCANNER_SUBPROCESS_H_
