// Gitignore-style path matching: the patterns of `.gitignore`,
// `.git/info/exclude` and `.keylintignore` files, and the `exclude` globs of
// the project configuration.
//
// Pattern syntax and meaning follow gitignore(5):
//   - A blank line matches nothing; a line starting with '#' is a comment.
//     "\#" and "\!" at the start of a line stand for a literal '#' / '!'.
//   - Trailing spaces are dropped unless escaped with a backslash ("a\ ").
//   - A leading '!' negates: a path the pattern matches is included again.
//     A path cannot be re-included when one of its parent directories is
//     excluded (the walker never descends into an excluded directory, and
//     PathGlobSet::Matches checks every ancestor first).
//   - A '/' at the beginning or in the middle anchors the pattern to the
//     directory holding the ignore file (for `exclude` globs: the scan root):
//     it is matched against the whole relative path. A pattern without such
//     a '/' is matched against the last path component, at any depth.
//   - A trailing '/' makes the pattern match directories only.
//   - '*' matches any run of characters except '/', '?' one character except
//     '/', "[...]" one character of a class (ranges "a-z", negation "[!...]"
//     or "[^...]", POSIX classes "[:digit:]" etc., never '/'), and '\' makes
//     the next character literal.
//   - "**/" at the start matches in all directories, "/**" at the end
//     matches everything inside, "/**/" in the middle matches zero or more
//     directories. Any other "**" is an ordinary '*'.
//   - Within one file the last matching pattern decides.
// Matching is byte-wise and case-sensitive. A pattern that git would never
// match (an unterminated "[", a trailing backslash) is dropped from an
// ignore file and rejected, with a message, by PathGlobSet::Compile.
//
// Ignore files are parsed leniently in two small ways git on Linux does not
// share: a UTF-8 byte-order mark at the start and a '\r' before each '\n'
// are removed, so files written on Windows behave as their authors meant.
//
// Matching cost is linear in the length of the path times the length of the
// pattern (a small NFA simulation, no backtracking), so hostile ignore files
// in a scanned tree cannot make the walk explode.
//
// Thread-safety: GlobPattern, IgnoreRules, IgnoreStack and PathGlobSet are
// immutable once built; their const methods may be called concurrently from
// any number of threads. All are copyable values (an IgnoreStack copy shares
// its levels and costs one reference-count increment).
#ifndef KEYLINT_SCANNER_IGNORE_H_
#define KEYLINT_SCANNER_IGNORE_H_

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/status.h"

namespace keylint {

// The verdict of a set of patterns on one path.
enum class IgnoreMatch {
  kNone,     // no pattern matched
  kIgnore,   // the deciding pattern excludes the path
  kInclude,  // the deciding pattern is a negation ('!'): included again
};

// One compiled gitignore pattern line. Copyable.
class GlobPattern {
 public:
  GlobPattern() = default;

  // Compiles one pattern line. Comments and blank lines are the caller's
  // business: a line starting with '#' is compiled as a pattern (use "\#" in
  // an ignore file, any form in an `exclude` glob). Trailing unescaped
  // spaces are dropped first. Fails with kInvalidArgument when nothing is
  // left to match ("", "!", "/"), when a "[" class is not closed or names an
  // unknown "[:class:]", or when the line ends in a lone backslash.
  static Status Compile(std::string_view line, GlobPattern* out);

  // Whether the pattern matches `path`, ignoring negation. `path` is
  // relative to the pattern's base directory, '/'-separated, with no leading
  // "/" or "./" and no trailing '/'; `is_dir` says whether it names a
  // directory. Only `path` itself is tested, not its ancestors.
  bool Matches(std::string_view path, bool is_dir) const;

  bool negated() const { return negated_; }
  bool dir_only() const { return dir_only_; }
  // True when the pattern contains a '/' other than a trailing one, so it is
  // matched against the whole relative path rather than the last component.
  bool anchored() const { return anchored_; }
  // The line as given to Compile (for messages).
  const std::string& text() const { return text_; }

 private:
  enum class Op : uint8_t {
    kLiteral,   // one byte, `arg`
    kAnyChar,   // '?'
    kClass,     // "[...]", classes_[class_index]
    kStar,      // '*': any run of non-'/' bytes
    kAnyDirs,   // "**/": zero or more whole directories
    kAnything,  // trailing "/**" (or a lone "**"): any run of bytes
  };
  struct Token {
    Op op;
    unsigned char arg;
    uint32_t class_index;
  };
  // Shortcuts for the common shapes, tested before the general matcher.
  enum class Shape : uint8_t {
    kGeneral,
    kExact,   // all literals: compare with literal_
    kSuffix,  // '*' then literals ("*.log"): ends with literal_, no '/'
  };

  bool MatchText(std::string_view text) const;
  bool Simulate(std::string_view text) const;

  std::string text_;
  std::vector<Token> tokens_;
  std::vector<std::bitset<256>> classes_;
  std::string literal_;
  Shape shape_ = Shape::kGeneral;
  bool negated_ = false;
  bool dir_only_ = false;
  bool anchored_ = false;
};

// The patterns of one ignore file, in file order. Copyable.
class IgnoreRules {
 public:
  IgnoreRules() = default;

  // Parses the text of a .gitignore / .git/info/exclude / .keylintignore
  // file. Never fails: like git, lines that can never match are dropped.
  static IgnoreRules Parse(std::string_view text);

  // The verdict of the last pattern matching `path` (relative to the
  // directory holding the file; see GlobPattern::Matches), or kNone.
  IgnoreMatch Match(std::string_view path, bool is_dir) const;

  bool empty() const { return patterns_.empty(); }
  size_t size() const { return patterns_.size(); }
  const std::vector<GlobPattern>& patterns() const { return patterns_; }

 private:
  friend class PathGlobSet;
  std::vector<GlobPattern> patterns_;
};

// The ignore files found in one directory.
struct IgnoreDir {
  // The directory, relative to the stack's origin ('/'-separated, "" for
  // the origin itself). Paths later given to IgnoreStack::IsIgnored are
  // relative to the same origin.
  std::string dir;
  IgnoreRules gitignore;      // <dir>/.gitignore
  IgnoreRules keylintignore;  // <dir>/.keylintignore
  // The directory holds a `.git` entry: it is the top of a repository.
  bool is_repo_root = false;
  IgnoreRules git_exclude;  // the repository's info/exclude (repo roots only)
};

// The ignore rules in force at one point of a directory walk: one level per
// directory (from the origin down) that holds an ignore file or a `.git`.
// Push returns a new stack that shares this one, so a walker hands each
// subdirectory the stack of its parent plus that subdirectory's own level,
// from any thread; "popping" is dropping the copy.
//
// A path is decided by the first of these that has an opinion:
//   1. `.keylintignore` files, deepest directory first (keylint's own
//      overrides win over git's: "!.env" in a .keylintignore scans .env
//      files a .gitignore hides);
//   2. `.gitignore` files, deepest directory first, up to and including the
//      nearest repository root (a nested repository does not inherit the
//      .gitignore files of the one around it);
//   3. that repository's `info/exclude`.
// Within one file the last matching pattern decides. A path no file decides
// is not ignored.
class IgnoreStack {
 public:
  IgnoreStack() = default;  // ignores nothing

  // REQUIRES: `dir.dir` is this stack's deepest directory or below it.
  IgnoreStack Push(IgnoreDir dir) const;

  // Whether `path` (relative to the origin) is ignored. Levels whose
  // directory is not strictly above `path` are not consulted. Only `path`
  // itself is decided: REQUIRES that no ancestor directory of `path` is
  // ignored (the walker does not descend into ignored directories).
  bool IsIgnored(std::string_view path, bool is_dir) const;

  // Number of levels pushed.
  size_t depth() const;

 private:
  struct Level;
  std::shared_ptr<const Level> top_;
};

// The compiled `exclude` globs of a configuration: gitignore patterns, each
// one list entry, relative to the scan root, later entries winning over
// earlier ones. A leading '#' is an ordinary character here (there are no
// comments in a list). Copyable.
class PathGlobSet {
 public:
  PathGlobSet() = default;

  // Fails with kInvalidArgument naming the first bad glob and why.
  static Status Compile(const std::vector<std::string>& globs,
                        PathGlobSet* out);

  // Whether `rel_path` is excluded: it, or any directory above it, is
  // matched last by a non-negated glob. `rel_path` is relative to the scan
  // root, '/'-separated, with no leading "/" or "./".
  bool Matches(std::string_view rel_path, bool is_dir) const;

  // As Matches, but decides `rel_path` alone. REQUIRES: no ancestor of
  // `rel_path` is excluded (a walker that prunes excluded directories).
  bool MatchesEntry(std::string_view rel_path, bool is_dir) const;

  bool empty() const { return rules_.empty(); }

 private:
  IgnoreRules rules_;
};

}  // namespace keylint

#endif  // KEYLINT_SCANNER_IGNORE_H_
