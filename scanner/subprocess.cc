#include "scanner/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>
#include <vector>

extern char** environ;

namespace keylint {
namespace {

constexpr size_t kReadChunk = 64 << 10;

// "no such file or directory" for ENOENT.
std::string ErrnoText(int err) {
  std::string text = std::generic_category().message(err);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] += 'a' - 'A';
  return text;
}

// Owns a pipe end; closes it when reset or destroyed. Not copyable.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Reset(); }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void Reset(int fd = -1) {
    if (fd_ >= 0) close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

Status MakePipe(Fd* read_end, Fd* write_end) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return Status::IoError("cannot create a pipe: " + ErrnoText(errno));
  }
  read_end->Reset(fds[0]);
  write_end->Reset(fds[1]);
  return Status::Ok();
}

// Blocks SIGPIPE in this thread while alive, and on destruction discards a
// SIGPIPE that became pending meanwhile (a write to a child that had exited)
// before restoring the previous mask.
class ScopedSigpipeBlock {
 public:
  ScopedSigpipeBlock() {
    sigemptyset(&pipe_set_);
    sigaddset(&pipe_set_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_set_, &old_mask_);
  }
  ScopedSigpipeBlock(const ScopedSigpipeBlock&) = delete;
  ScopedSigpipeBlock& operator=(const ScopedSigpipeBlock&) = delete;
  ~ScopedSigpipeBlock() {
    if (!was_pending_) {
      sigset_t pending;
      sigemptyset(&pending);
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_set_, nullptr, &zero) < 0 && errno == EINTR) {
        }
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
  }

 private:
  sigset_t pipe_set_;
  sigset_t old_mask_;
  bool was_pending_ = false;
};

int WaitForChild(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

Status RunAndCapture(ProcessRunner* runner, const ProcessRequest& request,
                     std::string* out, ProcessResult* result) {
  out->clear();
  return runner->Run(
      request,
      [out](std::string_view chunk) {
        out->append(chunk);
        return Status::Ok();
      },
      result);
}

Status PosixProcessRunner::Run(const ProcessRequest& request,
                               const OutputCallback& on_stdout,
                               ProcessResult* result) {
  *result = ProcessResult();
  if (request.argv.empty()) return Status::InvalidArgument("no program to run");
  const std::string& program = request.argv[0];

  Fd in_read, in_write, out_read, out_write, err_read, err_write;
  KL_RETURN_IF_ERROR(MakePipe(&in_read, &in_write));
  KL_RETURN_IF_ERROR(MakePipe(&out_read, &out_write));
  KL_RETURN_IF_ERROR(MakePipe(&err_read, &err_write));

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_read.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_write.get(), STDERR_FILENO);
  if (!request.cwd.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, request.cwd.c_str());
  }
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t empty, defaults;
  sigemptyset(&empty);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> argv;
  argv.reserve(request.argv.size() + 1);
  for (const std::string& arg : request.argv) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);

  ScopedSigpipeBlock block_sigpipe;
  pid_t pid = -1;
  int spawn_error = posix_spawnp(&pid, program.c_str(), &actions, &attr,
                                 argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (spawn_error != 0) {
    std::string where =
        request.cwd.empty() ? "" : " in " + request.cwd;
    return Status::IoError("cannot run " + program + where + ": " +
                           ErrnoText(spawn_error));
  }
  in_read.Reset();
  out_write.Reset();
  err_write.Reset();
  fcntl(in_write.get(), F_SETFL, O_NONBLOCK);

  size_t written = 0;
  if (request.stdin_data.empty()) in_write.Reset();
  Status status;
  std::string buffer(kReadChunk, '\0');
  while (out_read.valid() || err_read.valid()) {
    pollfd fds[3];
    nfds_t n = 0;
    int out_index = -1, err_index = -1, in_index = -1;
    if (out_read.valid()) {
      out_index = static_cast<int>(n);
      fds[n++] = {out_read.get(), POLLIN, 0};
    }
    if (err_read.valid()) {
      err_index = static_cast<int>(n);
      fds[n++] = {err_read.get(), POLLIN, 0};
    }
    if (in_write.valid()) {
      in_index = static_cast<int>(n);
      fds[n++] = {in_write.get(), POLLOUT, 0};
    }
    if (poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      status = Status::IoError("poll failed while running " + program + ": " +
                               ErrnoText(errno));
      break;
    }
    if (in_index >= 0 && fds[in_index].revents != 0) {
      ssize_t w = write(in_write.get(), request.stdin_data.data() + written,
                        request.stdin_data.size() - written);
      if (w > 0) written += static_cast<size_t>(w);
      // EPIPE: the child stopped reading; what it did not read is its
      // business (its exit status tells).
      if ((w < 0 && errno != EAGAIN && errno != EINTR) ||
          written == request.stdin_data.size()) {
        in_write.Reset();
      }
    }
    for (int index : {out_index, err_index}) {
      if (index < 0 || fds[index].revents == 0) continue;
      Fd& fd = index == out_index ? out_read : err_read;
      ssize_t r = read(fd.get(), buffer.data(), buffer.size());
      if (r < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        status = Status::IoError("cannot read the output of " + program +
                                 ": " + ErrnoText(errno));
        break;
      }
      if (r == 0) {
        fd.Reset();
        continue;
      }
      std::string_view chunk(buffer.data(), static_cast<size_t>(r));
      if (index == err_index) {
        size_t room = ProcessResult::kMaxStderrBytes - result->stderr_text.size();
        result->stderr_text.append(chunk.substr(0, room));
      } else {
        status = on_stdout(chunk);
        if (!status.ok()) break;
      }
    }
    if (!status.ok()) break;
  }
  if (!status.ok()) kill(pid, SIGKILL);
  in_write.Reset();
  out_read.Reset();
  err_read.Reset();
  result->exit_code = WaitForChild(pid);
  return status;
}

}  // namespace keylint
