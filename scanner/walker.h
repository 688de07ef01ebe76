// The file source of the scanner: a parallel directory walker whose worker
// threads also read each file (with read() into a per-worker buffer, not
// mmap) and hand its contents to a FileVisitor, so the visitor's search runs
// on the same thread that read the file.
//
// What is visited and what is skipped:
//   - `.git` entries are skipped silently, at any depth.
//   - Entries excluded by `exclude_globs` or, when `respect_ignore_files`,
//     by .gitignore / .keylintignore files and the repository's
//     .git/info/exclude (see scanner/ignore.h) are reported once as kIgnored;
//     an excluded directory is not descended. When the root lies inside a
//     git repository, the ignore files of the directories from the
//     repository's top down to the root apply as well.
//   - Symbolic links are never followed (kSymlink). FIFOs, sockets and
//     devices are never opened (kSpecial): the type comes from the directory
//     entry (or lstat), and regular files are opened with
//     O_NOFOLLOW|O_NONBLOCK and checked again with fstat.
//   - Regular files larger than `max_file_size` are skipped without reading
//     (kTooLarge); files with a NUL byte in their first 8 KiB are binary
//     (kBinary). The visitor never sees either.
//   - Per-entry problems (unreadable file or directory, an entry that
//     vanished between listing and opening) go to OnError and the walk
//     goes on.
// The root itself is resolved with stat(), so a root given as a symlink is
// followed; nothing below it is. A root naming a regular file is read and
// visited whatever the ignore files and exclude globs say (it was asked for
// by name); a root naming a FIFO, socket or device is reported as kSpecial.
//
// The order of callbacks depends on thread scheduling; callers sort. Each
// directory's entries are taken in byte order, so with threads == 1 the
// order is reproducible: a directory's files, then its subdirectories.
// Paths are raw bytes: names holding newlines or control characters pass
// through unchanged (escaping them for display is the caller's job).
//
// Thread-safety: Walk may be called concurrently for distinct visitors. The
// visitor's methods are called concurrently from the walker's threads and
// must not throw.
#ifndef KEYLINT_SCANNER_WALKER_H_
#define KEYLINT_SCANNER_WALKER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/status.h"

namespace keylint {

struct WalkOptions {
  int threads = 0;                    // 0 = hardware concurrency
  uint64_t max_file_size = 10 << 20;  // larger files are skipped
  // Honour .gitignore, .git/info/exclude and .keylintignore files.
  bool respect_ignore_files = true;
  // Relative to the root, gitignore syntax (scanner/ignore.h); applied
  // whether or not ignore files are respected.
  std::vector<std::string> exclude_globs;
};

// One file's contents, handed to the visitor; every view is valid only
// during the call.
struct FileContent {
  // Relative to the root, '/'-separated; for a root that is a single file,
  // its file name.
  std::string_view rel_path;
  // The root made absolute (realpath) joined with rel_path.
  std::string_view abs_path;
  std::string_view data;  // whole file contents
  int worker;             // 0 .. threads-1, for per-worker scratch
};

enum class SkipReason { kBinary, kTooLarge, kIgnored, kSpecial, kSymlink };

// "binary", "too-large", "ignored", "special", "symlink".
std::string_view SkipReasonName(SkipReason reason);

// Receives the walk's results. Called concurrently from worker threads.
class FileVisitor {
 public:
  virtual ~FileVisitor() = default;
  virtual void OnFile(const FileContent& file) = 0;
  virtual void OnSkip(std::string_view rel_path, SkipReason reason) = 0;
  // `message` is one line naming the cause, e.g. "permission denied".
  virtual void OnError(std::string_view rel_path, std::string_view message) = 0;
};

// Walks `root` (a directory or a single file) with options.threads threads,
// the calling thread being worker 0. Returns non-OK only if the root itself
// cannot be read (the message names the path and the cause) or an exclude
// glob is malformed (kInvalidArgument). Per-file problems go to OnError and
// the walk continues.
// REQUIRES: visitor != nullptr.
Status Walk(const std::string& root, const WalkOptions& options,
            FileVisitor* visitor);

}  // namespace keylint

#endif  // KEYLINT_SCANNER_WALKER_H_
