// Parsers for the output of the git commands the git sources run. Pure
// functions and small streaming state machines over bytes: no process, no
// file, so every case (quoted paths, binary patches, a missing newline at
// the end of a file, commits with no diff) is tested on literal strings.
//
// The commands and formats they expect (scanner/git_source.cc builds them):
//   - patches: `git diff`/`git log` with `-p --no-color --no-ext-diff
//     --no-textconv --src-prefix=a/ --dst-prefix=b/` and any --unified; paths
//     in headers are C-quoted by git when they hold unusual bytes;
//   - commit headers inside `git log -z -p` output, written by
//     kLogFormat below: "\x01KLC <hash>\0<author name>\0<email>\0<date>\0";
//   - `git diff --raw -z --no-abbrev` records;
//   - `git cat-file --batch` responses;
//   - `git blame --porcelain` output.
//
// Thread-safety: the parsers are plain objects used by one thread at a time;
// the free functions are pure.
#ifndef KEYLINT_SCANNER_GIT_PARSE_H_
#define KEYLINT_SCANNER_GIT_PARSE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/status.h"

namespace keylint {

// The --format given to `git log -z` so that GitPatchParser can tell commit
// headers from patch lines: no patch line starts with \x01 (git quotes
// control characters in paths, and hunk lines start with ' ', '+', '-').
inline constexpr std::string_view kLogFormat =
    "--format=%x01KLC %H%x00%an%x00%ae%x00%aI";

// Git file modes.
inline constexpr int kModeRegular = 0100644;
inline constexpr int kModeExecutable = 0100755;
inline constexpr int kModeSymlink = 0120000;
inline constexpr int kModeGitlink = 0160000;  // a submodule's commit

// True for the modes of blobs that hold file contents (not symlinks or
// submodules).
bool IsRegularFileMode(int mode);

// Decodes a path as git prints it in patch headers and messages: a string in
// double quotes is C-unquoted (\a \b \t \n \v \f \r \" \\ and \ooo octal
// bytes); anything else is returned as it is. False when a quoted string is
// malformed (no closing quote, bad escape, text after the closing quote).
bool UnquoteGitPath(std::string_view text, std::string* out);

struct GitCommitInfo {
  std::string hash;
  std::string author_name;
  std::string author_email;
  std::string date;  // strict ISO 8601, as %aI prints it
};

// One hunk's new side: its first line number in the new file, its text (the
// context and added lines, each ending in '\n' unless the file ends there
// without one) and which of its lines were added.
struct PatchHunk {
  int new_start = 0;  // 1-based line of the first line of `text`
  std::string text;
  std::vector<int> added_lines;  // 1-based lines of the new file, ascending
};

// One file of a patch.
struct PatchFile {
  std::string old_path;  // empty for a created file
  std::string new_path;  // empty for a deleted file
  int old_mode = 0, new_mode = 0;  // 0 when the side does not exist
  bool binary = false;      // "Binary files ... differ": no hunks
  bool truncated = false;   // a hunk's text passed max_text_bytes; dropped
  std::vector<PatchHunk> hunks;

  // The path of the file after the change, else before it.
  const std::string& path() const {
    return new_path.empty() ? old_path : new_path;
  }
};

// Splits a patch stream (one `git diff`, or `git log -z -p` with kLogFormat)
// into files, calling `on_file` for each as soon as it is complete. Feed it
// the output in chunks of any size, then call Finish.
class GitPatchParser {
 public:
  // `commit` is null outside `git log` output.
  using FileCallback =
      std::function<Status(const GitCommitInfo* commit, PatchFile&& file)>;
  // Called at every commit header, before that commit's files.
  using CommitCallback = std::function<Status(const GitCommitInfo& commit)>;

  // A hunk whose new side grows past `max_text_bytes` is dropped and the
  // file marked truncated (the rest of the patch is still parsed).
  GitPatchParser(FileCallback on_file, size_t max_text_bytes);
  GitPatchParser(const GitPatchParser&) = delete;
  GitPatchParser& operator=(const GitPatchParser&) = delete;

  void set_commit_callback(CommitCallback on_commit) {
    on_commit_ = std::move(on_commit);
  }

  // Non-OK when the stream is malformed (the message says where) or a
  // callback fails.
  Status Feed(std::string_view chunk);
  Status Finish();

  // Bytes fed so far.
  uint64_t bytes() const { return bytes_; }

 private:
  enum class State { kHeader, kHunk };
  // Consumes one complete unit at buf_[pos_]; false when more input is
  // needed first (never when `final`).
  bool Step(bool final, Status* status);
  Status HeaderLine(std::string_view line);
  Status BodyLine(std::string_view line);
  Status StartCommit(std::string_view header);
  Status FlushFile();
  void SetPathsFromDiffLine(std::string_view rest);

  FileCallback on_file_;
  CommitCallback on_commit_;
  size_t max_text_bytes_;
  std::string buf_;
  size_t pos_ = 0;
  size_t search_from_ = 0;  // no '\n' in buf_[pos_, search_from_)
  uint64_t bytes_ = 0;
  uint64_t line_number_ = 0;  // of the stream, for error messages
  State state_ = State::kHeader;
  bool have_file_ = false;
  PatchFile file_;
  bool have_commit_ = false;
  GitCommitInfo commit_;
  // Current hunk: lines still expected on each side.
  int old_left_ = 0, new_left_ = 0;
  int next_new_line_ = 0;
  char last_kind_ = 0;  // ' ', '+', '-' of the previous body line
};

// One record of `git diff --raw -z --no-abbrev`.
struct RawDiffEntry {
  int old_mode = 0, new_mode = 0;
  std::string old_oid, new_oid;
  char status = 0;  // A, C, D, M, R, T, U, X
  std::string src_path;
  std::string dst_path;  // == src_path unless a rename or copy
};

// Parses the whole output. Non-OK naming the byte offset when malformed.
Status ParseRawDiff(std::string_view text, std::vector<RawDiffEntry>* out);

// Splits the output of `git cat-file --batch` into objects. Objects larger
// than `max_bytes` are passed with empty content and too_large set.
class CatFileParser {
 public:
  struct Object {
    std::string oid;
    std::string type;  // "blob", ...; "missing" when git has no such object
    uint64_t size = 0;
    bool too_large = false;
    std::string_view content;  // valid during the callback only
  };
  using ObjectCallback = std::function<Status(const Object& object)>;

  CatFileParser(ObjectCallback on_object, uint64_t max_bytes);
  Status Feed(std::string_view chunk);
  // Non-OK when the stream ended inside an object.
  Status Finish();

 private:
  ObjectCallback on_object_;
  uint64_t max_bytes_;
  std::string buf_;
  bool in_object_ = false;
  Object object_;
  uint64_t left_ = 0;  // content bytes (plus the trailing '\n') still due
  std::string content_;
};

// The commit that last changed one line, from `git blame --porcelain`.
struct BlameLine {
  int line = 0;  // 1-based line in the blamed revision
  GitCommitInfo commit;
};

// Parses `git blame --porcelain` output into one entry per final line,
// ascending. The line contents are skipped, never kept.
Status ParseBlamePorcelain(std::string_view text, std::vector<BlameLine>* out);

// "2020-01-02T03:04:05+01:00" from seconds since the epoch and a git
// time-zone offset such as "+0100".
std::string FormatGitDate(int64_t epoch_seconds, std::string_view tz);

}  // namespace keylint

#endif  // KEYLINT_SCANNER_GIT_PARSE_H_
