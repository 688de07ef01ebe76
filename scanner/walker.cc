#include "scanner/walker.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "scanner/ignore.h"

namespace keylint {
namespace {

constexpr size_t kBinaryProbe = 8192;  // NUL in this prefix: binary
// Files up to this size are read whole in one read(); larger ones probe
// the first kBinaryProbe bytes first.
constexpr size_t kProbeFirstAbove = 256 << 10;
constexpr size_t kFilesPerTask = 32;   // files of one directory per task
constexpr off_t kMaxIgnoreFileSize = 16 << 20;
constexpr int kMaxThreads = 1024;

// Where read() copies file data to. The kernel's copy into user memory
// runs at about half speed when the destination is not 32-byte aligned,
// and malloc's (and so std::vector<char>'s) blocks are only 16-byte
// aligned: reading /usr/include into a buffer at offset 16 of a cache line
// ran at 865 MB/s, at offset 64 at 1,792 MB/s (keylint_read_bench, one
// thread; docs/benchmarks.md). The buffer starts on a cache line.
template <typename T>
struct CacheLineAllocator {
  using value_type = T;
  static constexpr std::align_val_t kAlign{64};
  CacheLineAllocator() = default;
  template <typename U>
  CacheLineAllocator(const CacheLineAllocator<U>&) {}
  T* allocate(size_t n) {
    return static_cast<T*>(::operator new(n * sizeof(T), kAlign));
  }
  void deallocate(T* p, size_t) {
    ::operator delete(p, kAlign);  // clang declares no sized form by default
  }
  template <typename U>
  bool operator==(const CacheLineAllocator<U>&) const {
    return true;
  }
};

// strerror_r comes in an XSI flavour (returns int, fills buf) and a GNU one
// (returns the text); overloads pick whichever the C library declares.
[[maybe_unused]] const char* ErrorText(int result, const char* buf) {
  return result == 0 ? buf : "unknown error";
}
[[maybe_unused]] const char* ErrorText(const char* result, const char*) {
  return result;
}

// The cause of `err` as one lower-case line, e.g. "permission denied".
std::string Cause(int err) {
  char buf[256];
  buf[0] = '\0';
  std::string text = ErrorText(strerror_r(err, buf, sizeof buf), buf);
  if (text.size() >= 2 && text[0] >= 'A' && text[0] <= 'Z' &&
      !(text[1] >= 'A' && text[1] <= 'Z')) {
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  }
  return text;
}

// Closes a descriptor when it goes out of scope. Not copyable.
class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  ~ScopedFd() { Reset(); }
  int get() const { return fd_; }
  void Reset() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

int OpenNoFollow(int dirfd, const char* path, int extra_flags) {
  int fd;
  do {
    fd = openat(dirfd, path,
                O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | extra_flags);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

std::string JoinPath(std::string_view dir, std::string_view name) {
  std::string out;
  out.reserve(dir.size() + 1 + name.size());
  out.append(dir);
  if (!dir.empty() && dir.back() != '/') out += '/';
  out.append(name);
  return out;
}

// Appends dir + '/' + name to *out (just name when dir is empty), reusing
// its storage.
void JoinInto(std::string_view dir, std::string_view name, std::string* out) {
  out->assign(dir);
  if (!dir.empty() && dir.back() != '/') *out += '/';
  out->append(name);
}

std::string ParentDir(const std::string& abs) {
  size_t slash = abs.rfind('/');
  if (slash == 0 || slash == std::string::npos) return "/";
  return abs.substr(0, slash);
}

// The last component of a user-given path ("a/b/" -> "b").
std::string BaseName(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  size_t slash = path.rfind('/');
  if (slash != std::string::npos && path.size() > 1) {
    path.erase(0, slash + 1);
  }
  return path;
}

std::string_view TrimLine(std::string_view s) {
  size_t nl = s.find('\n');
  if (nl != std::string_view::npos) s = s.substr(0, nl);
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) {
    s.remove_suffix(1);
  }
  return s;
}

// Result of ReadSmallFile beyond errno values: the entry is not a regular
// file (or too large to be an ignore file) and is not read.
constexpr int kNotUsable = -1;

// Reads a whole small regular file named `path` relative to `dirfd`
// (AT_FDCWD for absolute paths). Returns 0, kNotUsable, or an errno.
int ReadSmallFile(int dirfd, const char* path, std::string* out) {
  ScopedFd fd(OpenNoFollow(dirfd, path, O_NONBLOCK));
  if (fd.get() < 0) return errno;
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return errno;
  if (!S_ISREG(st.st_mode) || st.st_size > kMaxIgnoreFileSize) {
    return kNotUsable;
  }
  out->clear();
  char buf[16384];
  while (true) {
    ssize_t n = read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) break;
    out->append(buf, static_cast<size_t>(n));
    if (out->size() > static_cast<size_t>(kMaxIgnoreFileSize)) {
      return kNotUsable;
    }
  }
  return 0;
}

enum class Kind : uint8_t { kFile, kDir, kSymlink, kSpecial, kUnknown };

Kind KindFromDType(unsigned char type) {
  switch (type) {
    case DT_REG:
      return Kind::kFile;
    case DT_DIR:
      return Kind::kDir;
    case DT_LNK:
      return Kind::kSymlink;
    case DT_FIFO:
    case DT_SOCK:
    case DT_CHR:
    case DT_BLK:
      return Kind::kSpecial;
    default:
      return Kind::kUnknown;
  }
}

Kind KindFromMode(mode_t mode) {
  if (S_ISREG(mode)) return Kind::kFile;
  if (S_ISDIR(mode)) return Kind::kDir;
  if (S_ISLNK(mode)) return Kind::kSymlink;
  return Kind::kSpecial;
}

struct Entry {
  std::string name;
  Kind kind;
};

// A directory still to be listed. `ipath` is its path relative to the
// ignore origin (the enclosing repository's top when the root lies inside
// one, else the root); the path relative to the root is ipath minus the
// walker's prefix.
struct DirTask {
  std::string abs;
  std::string ipath;
  IgnoreStack ignores;
};

struct DirInfo {
  std::string abs;
  std::string rel;
};

// Some regular files of one directory, still to be read.
struct FileTask {
  std::shared_ptr<const DirInfo> dir;
  std::vector<std::string> names;
};

using Task = std::variant<DirTask, FileTask>;

// Per-thread state: the reused read buffer and path scratch.
struct Worker {
  int index = 0;
  std::vector<char, CacheLineAllocator<char>> buffer;
  std::string abs;
  std::string rel;
};

// The state of one Walk call, shared by its threads: options, the visitor
// and a LIFO queue of tasks guarded by mu_. Not copyable.
class Walker {
 public:
  Walker(const WalkOptions& options, PathGlobSet excludes, FileVisitor* visitor,
         size_t prefix_len, std::string root_display)
      : options_(options),
        excludes_(std::move(excludes)),
        visitor_(visitor),
        prefix_len_(prefix_len),
        root_display_(std::move(root_display)) {}
  Walker(const Walker&) = delete;
  Walker& operator=(const Walker&) = delete;

  // Lists one directory: reports what it skips, queues its subdirectories
  // and files. Failing to list the root returns non-OK; failing to list any
  // other directory is reported to the visitor.
  Status ListDir(const DirTask& task, bool is_root);

  // Opens, checks and reads one regular file; delivers it or reports why it
  // was skipped. Returns 0, or an errno the caller must report.
  int ReadFile(const std::string& abs, std::string_view rel, Worker* w);

  // Reads the ignore files of the directory open as `dirfd` into *level.
  // `display_dir` names the directory in error reports. Presence hints avoid
  // opening files a listing showed are absent. Returns whether anything was
  // found (a rule, or a `.git` entry).
  bool LoadIgnoreDir(int dirfd, const std::string& abs_dir,
                     std::string_view display_dir, bool maybe_gitignore,
                     bool maybe_keylintignore, Kind git_kind, IgnoreDir* level);

  // Worker loop: takes tasks until none are queued or running.
  void Run(Worker* w);

 private:
  void Enqueue(std::vector<Task>* tasks);
  void ReadFiles(const FileTask& task, Worker* w);
  std::string_view RelOf(std::string_view ipath) const {
    return ipath.size() > prefix_len_ ? ipath.substr(prefix_len_)
                                      : std::string_view();
  }
  // Reads one ignore file into *rules, reporting errors other than absence.
  void LoadRules(int dirfd, const char* path, std::string_view display,
                 IgnoreRules* rules);

  const WalkOptions& options_;
  const PathGlobSet excludes_;
  FileVisitor* const visitor_;
  const size_t prefix_len_;
  const std::string root_display_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Task> queue_;  // guarded by mu_; back() is taken first
  int busy_ = 0;             // guarded by mu_; tasks being processed
};

void Walker::LoadRules(int dirfd, const char* path, std::string_view display,
                       IgnoreRules* rules) {
  std::string text;
  int err = ReadSmallFile(dirfd, path, &text);
  if (err == 0) {
    *rules = IgnoreRules::Parse(text);
  } else if (err != kNotUsable && err != ENOENT && err != ENOTDIR &&
             err != ELOOP) {
    // Absent, a symlink (git does not follow those either) or not a
    // regular file: nothing to apply. Anything else is worth a word.
    visitor_->OnError(display, Cause(err));
  }
}

bool Walker::LoadIgnoreDir(int dirfd, const std::string& abs_dir,
                           std::string_view display_dir, bool maybe_gitignore,
                           bool maybe_keylintignore, Kind git_kind,
                           IgnoreDir* level) {
  if (maybe_gitignore) {
    LoadRules(dirfd, ".gitignore", JoinPath(display_dir, ".gitignore"),
              &level->gitignore);
  }
  if (maybe_keylintignore) {
    LoadRules(dirfd, ".keylintignore", JoinPath(display_dir, ".keylintignore"),
              &level->keylintignore);
  }
  if (git_kind != Kind::kUnknown) {
    level->is_repo_root = true;
    std::string display = JoinPath(display_dir, ".git/info/exclude");
    if (git_kind == Kind::kDir) {
      LoadRules(dirfd, ".git/info/exclude", display, &level->git_exclude);
    } else if (git_kind == Kind::kFile) {
      // A worktree or submodule: ".git" holds "gitdir: <path>", and
      // info/exclude lives in the common directory named by
      // <gitdir>/commondir when there is one, else in <gitdir>.
      std::string text;
      if (ReadSmallFile(dirfd, ".git", &text) == 0) {
        std::string_view line = TrimLine(text);
        constexpr std::string_view kTag = "gitdir: ";
        if (line.starts_with(kTag)) {
          std::string gitdir(line.substr(kTag.size()));
          if (!gitdir.empty() && gitdir[0] != '/') {
            gitdir = JoinPath(abs_dir, gitdir);
          }
          std::string common = gitdir;
          std::string common_text;
          if (ReadSmallFile(AT_FDCWD, JoinPath(gitdir, "commondir").c_str(),
                            &common_text) == 0) {
            std::string_view c = TrimLine(common_text);
            if (!c.empty()) {
              common = c[0] == '/' ? std::string(c) : JoinPath(gitdir, c);
            }
          }
          LoadRules(AT_FDCWD, JoinPath(common, "info/exclude").c_str(), display,
                    &level->git_exclude);
        }
      }
    }
  }
  return level->is_repo_root || !level->gitignore.empty() ||
         !level->keylintignore.empty();
}

Status Walker::ListDir(const DirTask& task, bool is_root) {
  const std::string rel_dir(RelOf(task.ipath));
  std::string_view where = rel_dir.empty() ? std::string_view(".") : rel_dir;
  auto fail = [&](int err) {
    if (is_root) return Status::IoError(root_display_ + ": " + Cause(err));
    if (err == ELOOP) {
      // Replaced by a symlink since it was listed.
      visitor_->OnSkip(rel_dir, SkipReason::kSymlink);
    } else {
      visitor_->OnError(where, Cause(err));
    }
    return Status::Ok();
  };

  int fd = OpenNoFollow(AT_FDCWD, task.abs.c_str(), O_DIRECTORY);
  if (fd < 0) return fail(errno);
  DIR* dir = fdopendir(fd);
  if (dir == nullptr) {
    int err = errno;
    close(fd);
    return fail(err);
  }
  std::unique_ptr<DIR, int (*)(DIR*)> closer(dir, &closedir);

  std::vector<Entry> entries;
  while (true) {
    errno = 0;
    const dirent* e = readdir(dir);
    if (e == nullptr) {
      if (errno != 0) {
        // Keep what was listed; the rest of this directory is lost.
        Status s = fail(errno);
        if (!s.ok()) return s;
      }
      break;
    }
    std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    entries.push_back({std::string(name), KindFromDType(e->d_type)});
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.name < b.name; });

  const int dfd = dirfd(dir);
  std::string child_ipath;
  for (Entry& e : entries) {
    if (e.kind != Kind::kUnknown) continue;
    struct stat st;
    if (fstatat(dfd, e.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
      e.kind = KindFromMode(st.st_mode);
    } else {
      JoinInto(task.ipath, e.name, &child_ipath);
      visitor_->OnError(RelOf(child_ipath), Cause(errno));
    }
  }

  IgnoreStack ignores = task.ignores;
  if (options_.respect_ignore_files) {
    auto find = [&](std::string_view name) -> const Entry* {
      auto it = std::lower_bound(
          entries.begin(), entries.end(), name,
          [](const Entry& e, std::string_view n) { return e.name < n; });
      return it != entries.end() && it->name == name ? &*it : nullptr;
    };
    const Entry* gitignore = find(".gitignore");
    const Entry* keylintignore = find(".keylintignore");
    const Entry* git = find(".git");
    if (gitignore != nullptr || keylintignore != nullptr || git != nullptr) {
      IgnoreDir level;
      level.dir = task.ipath;
      Kind git_kind = Kind::kUnknown;
      if (git != nullptr) {
        // An unresolved kind still marks a repository top.
        git_kind = git->kind == Kind::kUnknown ? Kind::kSpecial : git->kind;
      }
      if (LoadIgnoreDir(
              dfd, task.abs, rel_dir,
              gitignore != nullptr && gitignore->kind == Kind::kFile,
              keylintignore != nullptr && keylintignore->kind == Kind::kFile,
              git_kind, &level)) {
        ignores = ignores.Push(std::move(level));
      }
    }
  }
  closer.reset();

  std::vector<Task> subdirs;
  std::shared_ptr<DirInfo> info;
  std::vector<Task> tasks;  // file tasks first, then subdirectories
  FileTask files;
  auto flush_files = [&]() {
    if (files.names.empty()) return;
    files.dir = info;
    tasks.push_back(std::move(files));
    files = FileTask();
  };
  for (const Entry& e : entries) {
    if (e.kind == Kind::kUnknown) continue;  // reported above
    if (e.name == ".git") continue;
    JoinInto(task.ipath, e.name, &child_ipath);
    std::string_view rel = RelOf(child_ipath);
    const bool is_dir = e.kind == Kind::kDir;
    if (excludes_.MatchesEntry(rel, is_dir) ||
        (options_.respect_ignore_files &&
         ignores.IsIgnored(child_ipath, is_dir))) {
      visitor_->OnSkip(rel, SkipReason::kIgnored);
      continue;
    }
    switch (e.kind) {
      case Kind::kDir:
        subdirs.push_back(
            DirTask{JoinPath(task.abs, e.name), child_ipath, ignores});
        break;
      case Kind::kFile:
        if (info == nullptr) {
          info = std::make_shared<DirInfo>(DirInfo{task.abs, rel_dir});
        }
        files.names.push_back(e.name);
        if (files.names.size() == kFilesPerTask) flush_files();
        break;
      case Kind::kSymlink:
        visitor_->OnSkip(rel, SkipReason::kSymlink);
        break;
      case Kind::kSpecial:
      case Kind::kUnknown:
        visitor_->OnSkip(rel, SkipReason::kSpecial);
        break;
    }
  }
  flush_files();
  for (Task& t : subdirs) tasks.push_back(std::move(t));
  Enqueue(&tasks);
  return Status::Ok();
}

int Walker::ReadFile(const std::string& abs, std::string_view rel, Worker* w) {
  ScopedFd fd(OpenNoFollow(AT_FDCWD, abs.c_str(), O_NONBLOCK));
  if (fd.get() < 0) {
    if (errno == ELOOP) {
      visitor_->OnSkip(rel, SkipReason::kSymlink);
      return 0;
    }
    return errno;
  }
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return errno;
  if (S_ISDIR(st.st_mode)) return EISDIR;  // replaced since listing
  if (!S_ISREG(st.st_mode)) {
    visitor_->OnSkip(rel, SkipReason::kSpecial);
    return 0;
  }
  const uint64_t max_size = options_.max_file_size;
  const uint64_t stat_size = static_cast<uint64_t>(st.st_size);
  if (stat_size > max_size) {
    visitor_->OnSkip(rel, SkipReason::kTooLarge);
    return 0;
  }

  // A file of up to kProbeFirstAbove bytes is read in one read(), most
  // source files among them. Of a larger one, read the first kBinaryProbe
  // bytes, look for a NUL, then read the rest: a large binary file costs one
  // small read. A file that reports size 0 (procfs and the like) is read
  // until EOF. A file that grows while being read is cut at its size when
  // opened. The buffer grows to a large file's size only once the probe has
  // passed: a 2 GiB sparse file under a raised --max-file-size costs one
  // 8 KiB read, not a 2 GiB allocation.
  auto& buf = w->buffer;
  const bool probe_first = stat_size > kProbeFirstAbove;
  size_t want = stat_size > 0 ? static_cast<size_t>(stat_size) : 65536;
  if (probe_first) want = kBinaryProbe;
  if (buf.size() < want) buf.resize(want);
  size_t len = 0;
  bool probed = false;
  while (true) {
    if (len == buf.size()) {
      if (len > max_size) {
        visitor_->OnSkip(rel, SkipReason::kTooLarge);
        return 0;
      }
      buf.resize(std::max<size_t>(buf.size() * 2, 65536));
    }
    size_t room = buf.size() - len;
    if (!probed && probe_first) {
      room = std::min(room, kBinaryProbe - len);
    }
    ssize_t n = read(fd.get(), buf.data() + len, room);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) break;
    len += static_cast<size_t>(n);
    if (!probed && len >= kBinaryProbe) {
      probed = true;
      if (std::memchr(buf.data(), '\0', kBinaryProbe) != nullptr) {
        visitor_->OnSkip(rel, SkipReason::kBinary);
        return 0;
      }
      if (buf.size() < stat_size) buf.resize(static_cast<size_t>(stat_size));
    }
    if (stat_size > 0 && len >= stat_size) {
      len = static_cast<size_t>(stat_size);
      break;
    }
    if (len > max_size) {
      visitor_->OnSkip(rel, SkipReason::kTooLarge);
      return 0;
    }
  }
  fd.Reset();
  if (!probed && std::memchr(buf.data(), '\0', len) != nullptr) {
    visitor_->OnSkip(rel, SkipReason::kBinary);
    return 0;
  }
  FileContent content;
  content.rel_path = rel;
  content.abs_path = abs;
  content.data = std::string_view(buf.data(), len);
  content.worker = w->index;
  visitor_->OnFile(content);
  return 0;
}

void Walker::ReadFiles(const FileTask& task, Worker* w) {
  for (const std::string& name : task.names) {
    JoinInto(task.dir->abs, name, &w->abs);
    JoinInto(task.dir->rel, name, &w->rel);
    int err = ReadFile(w->abs, w->rel, w);
    if (err != 0) visitor_->OnError(w->rel, Cause(err));
  }
}

void Walker::Enqueue(std::vector<Task>* tasks) {
  if (tasks->empty()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Reversed, so the first task is taken first.
    for (auto it = tasks->rbegin(); it != tasks->rend(); ++it) {
      queue_.push_back(std::move(*it));
    }
  }
  if (tasks->size() == 1) {
    cv_.notify_one();
  } else {
    cv_.notify_all();
  }
}

void Walker::Run(Worker* w) {
  while (true) {
    Task task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return !queue_.empty() || busy_ == 0; });
      if (queue_.empty()) return;  // nothing queued, nothing running
      task = std::move(queue_.back());
      queue_.pop_back();
      ++busy_;
    }
    if (auto* dir = std::get_if<DirTask>(&task)) {
      ListDir(*dir, /*is_root=*/false);
    } else {
      ReadFiles(std::get<FileTask>(task), w);
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      --busy_;
      if (busy_ == 0 && queue_.empty()) cv_.notify_all();
    }
  }
}

// For a root directory `root_abs` inside a git repository (a `.git` in one
// of its ancestors), pushes the ignore files of the repository's top and of
// every directory down to the root's parent onto *stack, and sets *prefix
// to the root's path below the top plus '/'. Leaves both alone otherwise.
void LoadAncestors(Walker* walker, const std::string& root_abs,
                   IgnoreStack* stack, std::string* prefix) {
  struct stat st;
  if (lstat(JoinPath(root_abs, ".git").c_str(), &st) == 0) return;
  std::vector<std::string> chain;  // parent first, repository top last
  std::string top;
  for (std::string d = root_abs; d != "/";) {
    d = ParentDir(d);
    chain.push_back(d);
    if (lstat(JoinPath(d, ".git").c_str(), &st) == 0) {
      top = d;
      break;
    }
  }
  if (top.empty()) return;
  *prefix = root_abs.substr(top == "/" ? 1 : top.size() + 1) + "/";
  for (size_t i = chain.size(); i-- > 0;) {
    const std::string& dir = chain[i];
    std::string display = "..";
    for (size_t up = 0; up < i; ++up) display += "/..";
    ScopedFd fd(OpenNoFollow(AT_FDCWD, dir.c_str(), O_DIRECTORY));
    if (fd.get() < 0) continue;  // cannot be read: no rules from it
    Kind git_kind = Kind::kUnknown;
    if (fstatat(fd.get(), ".git", &st, AT_SYMLINK_NOFOLLOW) == 0) {
      git_kind = KindFromMode(st.st_mode);
    }
    IgnoreDir level;
    level.dir = dir == top ? "" : dir.substr(top == "/" ? 1 : top.size() + 1);
    if (walker->LoadIgnoreDir(fd.get(), dir, display, true, true, git_kind,
                              &level)) {
      *stack = stack->Push(std::move(level));
    }
  }
}

}  // namespace

std::string_view SkipReasonName(SkipReason reason) {
  switch (reason) {
    case SkipReason::kBinary:
      return "binary";
    case SkipReason::kTooLarge:
      return "too-large";
    case SkipReason::kIgnored:
      return "ignored";
    case SkipReason::kSpecial:
      return "special";
    case SkipReason::kSymlink:
      return "symlink";
  }
  return "unknown";
}

Status Walk(const std::string& root, const WalkOptions& options,
            FileVisitor* visitor) {
  PathGlobSet excludes;
  Status s = PathGlobSet::Compile(options.exclude_globs, &excludes);
  if (!s.ok()) return s;
  if (root.empty()) return Status::InvalidArgument("scan root is empty");

  struct stat st;
  if (stat(root.c_str(), &st) != 0) {
    return Status::IoError(root + ": " + Cause(errno));
  }
  std::unique_ptr<char, void (*)(void*)> real(realpath(root.c_str(), nullptr),
                                              &std::free);
  if (real == nullptr) return Status::IoError(root + ": " + Cause(errno));
  const std::string root_abs = real.get();

  int threads = options.threads;
  if (threads <= 0) {
    threads = static_cast<int>(std::thread::hardware_concurrency());
  }
  threads = std::clamp(threads, 1, kMaxThreads);

  if (S_ISREG(st.st_mode)) {
    Walker walker(options, PathGlobSet(), visitor, 0, root);
    Worker w;
    std::string name = BaseName(root);
    int err = walker.ReadFile(root_abs, name, &w);
    if (err != 0) return Status::IoError(root + ": " + Cause(err));
    return Status::Ok();
  }
  if (!S_ISDIR(st.st_mode)) {
    visitor->OnSkip(BaseName(root), SkipReason::kSpecial);
    return Status::Ok();
  }

  IgnoreStack stack;
  std::string prefix;
  if (options.respect_ignore_files) {
    // Ancestor rules are loaded with a walker whose only job is reporting.
    Walker loader(options, PathGlobSet(), visitor, 0, root);
    LoadAncestors(&loader, root_abs, &stack, &prefix);
  }
  Walker walker(options, std::move(excludes), visitor, prefix.size(), root);
  std::vector<Worker> workers(static_cast<size_t>(threads));
  for (int i = 0; i < threads; ++i) workers[static_cast<size_t>(i)].index = i;

  std::string root_ipath = prefix;
  if (!root_ipath.empty()) root_ipath.pop_back();
  s = walker.ListDir(DirTask{root_abs, root_ipath, stack}, /*is_root=*/true);
  if (!s.ok()) return s;

  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) {
    try {
      pool.emplace_back(&Walker::Run, &walker,
                        &workers[static_cast<size_t>(i)]);
    } catch (const std::system_error&) {
      break;  // fewer threads than asked for; the walk still completes
    }
  }
  walker.Run(&workers[0]);
  for (std::thread& t : pool) t.join();
  return Status::Ok();
}

}  // namespace keylint
