// The git sources of the scanner: what is being committed (`--staged`),
// what a branch adds (`--diff BASE[..HEAD]`) and what every commit added
// (`--history`). Each reads git through the `git` binary (a ProcessRunner,
// so tests can swap in a fake) and scans the new side of each changed file
// with the same engine, MatchesToFindings and detectors as the directory
// scan.
//
// What "added" means. git prints each changed file as a patch whose hunks
// carry the new file's lines with `context_lines` of unchanged lines around
// the added ones (by default the whole file, so every rule sees the same
// text a directory scan would: multi-line rules such as private-key blocks
// and Kubernetes Secrets, `keylint:allow-next-line` on an unchanged line).
// A finding is kept when a line of its secret is an added line. With
// `whole_files` every line of every changed file counts (read from git's
// object store, so pure renames are scanned too). File-name rules (a
// committed keystore) report a file that gets its name in the change:
// created, renamed or copied (with `whole_files`: every changed file).
//
//   kStaged   the index against HEAD (an unborn HEAD: against nothing), i.e.
//             exactly what `git commit` would record, whatever the work
//             tree holds. Needs a work tree.
//   kDiff     merge-base(BASE, HEAD) against HEAD: what the branch adds, at
//             its lines in HEAD; each finding names the commit that last
//             wrote its line (git blame over BASE..HEAD), or for a file-name
//             finding the commit that gave the file its name.
//   kHistory  every non-merge commit reachable from HEAD (or `branch`, or
//             every ref with `all`), minus those reachable from `since`,
//             oldest first; each finding names its commit, author and date.
//             One secret in one file reported by several commits is one
//             finding, at its first commit, with first_commit/last_commit.
//
// Skipped (counted in stats.files_skipped): binary files (git's verdict or
// a NUL byte in the first 8 KiB), files over `max_file_size`, symlinks,
// submodules, and paths excluded by `exclude_globs` or a `.keylintignore`
// in the work tree. Deleted files add nothing. Paths are relative to the
// repository's top level, '/'-separated, exactly as git stores them.
//
// Thread-safety: RunGitScan may run concurrently with distinct reports; the
// RulesDatabase is shared read-only; the runner must be safe to share.
#ifndef KEYLINT_SCANNER_GIT_SOURCE_H_
#define KEYLINT_SCANNER_GIT_SOURCE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "rules/engine.h"
#include "rules/report.h"
#include "rules/severity.h"
#include "rules/status.h"
#include "rules/secret_sink.h"
#include "scanner/subprocess.h"

namespace keylint {

// Where a repository lives, as git itself resolves it (GIT_DIR and
// GIT_INDEX_FILE from the environment are honoured, so a pre-commit hook
// scans the index git is committing).
struct GitRepository {
  std::string git_dir;    // absolute
  std::string top_level;  // absolute; empty for a bare repository
  bool bare = false;
};

// Finds the repository holding `path` (a directory or a file in one).
// InvalidArgument with one line ("PATH: not a git repository", or git's own
// complaint for a corrupt one) when there is none.
Status OpenGitRepository(ProcessRunner* runner, const std::string& path,
                         GitRepository* repo);

// Runs `git ARGS` in `cwd` and captures its standard output. A non-zero
// exit is InvalidArgument "git SUBCOMMAND: <git's complaint>".
Status RunGit(ProcessRunner* runner, const std::string& cwd,
              const std::vector<std::string>& args, std::string* out);

enum class GitScanMode { kStaged, kDiff, kHistory };

// Lines of unchanged context git is asked for around added lines; this
// value means the whole file.
inline constexpr int kWholeFileContext = 100000000;

struct GitScanOptions {
  GitScanMode mode = GitScanMode::kStaged;
  bool whole_files = false;    // kStaged, kDiff: every line of changed files
  std::string base;            // kDiff: BASE
  std::string head = "HEAD";   // kDiff: HEAD
  std::string since;           // kHistory: leave out commits reachable from it
  std::string branch;          // kHistory: start here instead of HEAD
  bool all = false;            // kHistory: start from every ref
  int context_lines = kWholeFileContext;
  Severity threshold = Severity::kInfo;
  uint64_t max_file_size = 10 << 20;
  std::vector<std::string> exclude_globs;  // relative to the top level
  bool respect_ignore_files = true;        // .keylintignore files
  // Run the env/log/usage detectors (scanner/detectors.h) on each new side,
  // as the directory scan does; KEYLINT_NO_DETECTORS=1 turns them off.
  bool detectors = true;
  // As ScanOptions: decode encoded spans up to this depth (0: off), and
  // offer confirmed secrets to `secrets` (--verify only).
  int decode_depth = 2;
  SecretSink* secrets = nullptr;
};

// Splits "A..B", "A...B" (both: the merge base of A and B against B) or "A"
// (against HEAD) into base and head. False when a side is empty.
bool ParseDiffRange(const std::string& spec, std::string* base,
                    std::string* head);

// Runs one git scan. Non-OK (InvalidArgument, one line naming git's
// complaint) when git cannot read the repository or a revision; problems
// with single files land in report->errors. Fills findings (sorted),
// errors and stats; the caller sets tool name/version, root and rules.
Status RunGitScan(ProcessRunner* runner, const GitRepository& repo,
                  const RulesDatabase& db, const GitScanOptions& options,
                  Report* report);

}  // namespace keylint

#endif  // KEYLINT_SCANNER_GIT_SOURCE_H_
