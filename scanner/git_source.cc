#include "scanner/git_source.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string_view>
#include <utility>

#include "rules/finding.h"
#include "scanner/decode.h"
#include "scanner/detectors.h"
#include "scanner/git_parse.h"
#include "scanner/ignore.h"
#include "scanner/scan_driver.h"

namespace keylint {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kBinaryProbe = 8192;  // a NUL byte in this prefix: binary

double SecondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// The options that make `git diff` / `git log -p` print the patch format
// GitPatchParser reads, whatever the user's git configuration says.
std::vector<std::string> PatchArgs(int context_lines) {
  return {"-p",
          "--no-color",
          "--no-ext-diff",
          "--no-textconv",
          "--src-prefix=a/",
          "--dst-prefix=b/",
          "--no-relative",
          "--submodule=short",
          "--inter-hunk-context=0",
          "-M",
          "--unified=" + std::to_string(context_lines)};
}

// git's complaint as one line: the first "fatal:"/"error:" line of its
// standard error without that prefix, else its first line.
std::string GitComplaint(const ProcessResult& result) {
  std::string_view text = result.stderr_text;
  std::string_view first;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? "" : text.substr(nl + 1);
    if (line.empty()) continue;
    for (std::string_view prefix : {"fatal: ", "error: "}) {
      if (line.starts_with(prefix)) return std::string(line.substr(prefix.size()));
    }
    if (first.empty()) first = line;
  }
  if (!first.empty()) return std::string(first);
  return fmt::format("exited with status {}", result.exit_code);
}

Status GitFailed(const std::vector<std::string>& args,
                 const ProcessResult& result) {
  std::string sub = args.empty() ? "" : " " + args[0];
  return Status::InvalidArgument(
      fmt::format("git{}: {}", sub, GitComplaint(result)));
}

ProcessRequest GitRequest(const std::string& cwd, std::vector<std::string> args,
                          std::string stdin_data = {}) {
  ProcessRequest request;
  request.argv.reserve(args.size() + 1);
  request.argv.push_back("git");
  for (auto& a : args) request.argv.push_back(std::move(a));
  request.cwd = cwd;
  request.stdin_data = std::move(stdin_data);
  return request;
}

// A revision given on the command line must not be taken for an option.
Status CheckRevision(std::string_view flag, const std::string& rev) {
  if (rev.empty() || rev.starts_with('-') ||
      rev.find_first_of(std::string_view("\0\n", 2)) != std::string::npos) {
    return Status::InvalidArgument(
        fmt::format("{}: '{}' is not a revision", flag, rev));
  }
  return Status::Ok();
}

// Decides whether a repository path is left out: the exclude globs, then the
// .keylintignore files of the work tree (deepest first, as in a directory
// scan). .gitignore files do not apply: what git tracks is scanned.
class PathFilter {
 public:
  PathFilter(std::string top_level, bool use_keylintignore)
      : top_level_(std::move(top_level)),
        use_keylintignore_(use_keylintignore && !top_level_.empty()) {}

  Status SetGlobs(const std::vector<std::string>& globs) {
    return PathGlobSet::Compile(globs, &globs_);
  }

  bool Excluded(std::string_view path) {
    if (!globs_.empty() && globs_.Matches(path, false)) return true;
    if (!use_keylintignore_) return false;
    const IgnoreStack* stack = &StackFor("");
    for (size_t slash = path.find('/'); slash != std::string_view::npos;
         slash = path.find('/', slash + 1)) {
      std::string_view dir = path.substr(0, slash);
      if (stack->IsIgnored(dir, true)) return true;
      stack = &StackFor(dir);
    }
    return stack->IsIgnored(path, false);
  }

 private:
  // The stack of .keylintignore levels in force inside `dir`.
  const IgnoreStack& StackFor(std::string_view dir) {
    auto it = stacks_.find(dir);
    if (it != stacks_.end()) return it->second;
    IgnoreStack stack;
    if (!dir.empty()) {
      size_t slash = dir.rfind('/');
      stack = StackFor(slash == std::string_view::npos ? std::string_view()
                                                       : dir.substr(0, slash));
    }
    std::string file = top_level_ + "/" + std::string(dir) +
                       (dir.empty() ? "" : "/") + ".keylintignore";
    std::ifstream in(file, std::ios::binary);
    if (in) {
      std::stringstream text;
      text << in.rdbuf();
      IgnoreDir level;
      level.dir = std::string(dir);
      level.keylintignore = IgnoreRules::Parse(text.str());
      stack = stack.Push(std::move(level));
    }
    return stacks_.emplace(std::string(dir), std::move(stack)).first->second;
  }

  std::string top_level_;
  bool use_keylintignore_;
  PathGlobSet globs_;
  std::map<std::string, IgnoreStack, std::less<>> stacks_;
};

// Runs the engine over the new sides of changed files and keeps the
// findings on added lines.
class ChangeScanner {
 public:
  ChangeScanner(const RulesDatabase& db, const GitScanOptions& options,
                PathFilter* filter, Report* report)
      : db_(db),
        options_(options),
        filter_(filter),
        report_(report),
        stages_{options.threshold, false,
                options.detectors && !std::getenv("KEYLINT_NO_DETECTORS"),
                std::getenv("KEYLINT_NO_DECODE") ? 0 : options.decode_depth,
                options.secrets},
        matcher_(&db) {}

  // Findings on the added lines of `file`, appended to `out`, and the
  // file-name findings of a file that gets its name in this change
  // (created, renamed or copied).
  void ScanPatchFile(const PatchFile& file, std::vector<Finding>* out) {
    if (file.new_path.empty()) return;  // deleted: nothing added
    bool named_here = file.old_path != file.new_path;
    bool added = file.binary || file.truncated;
    for (const PatchHunk& hunk : file.hunks) added |= !hunk.added_lines.empty();
    if (!named_here && !added) return;  // a mode change, or lines removed
    // A pure rename prints no mode; only symlinks and submodules are not
    // regular files, and their headers always say so.
    int mode = file.new_mode == 0 ? kModeRegular : file.new_mode;
    if (Excluded(file.new_path, mode)) return;
    if (named_here) {
      PathFindings(db_, file.new_path, options_.threshold, out);
    }
    if (!added) return;
    bool binary = file.binary;
    for (const PatchHunk& hunk : file.hunks) binary |= LooksBinary(hunk.text);
    if (binary || file.truncated) {
      ++report_->stats.files_skipped;
      return;
    }
    ++report_->stats.files_scanned;
    for (const PatchHunk& hunk : file.hunks) {
      if (hunk.added_lines.empty()) continue;
      ScanText(file.new_path, hunk.text, hunk.new_start, &hunk.added_lines,
               out);
    }
  }

  // Findings on every line of `text`, the whole new side of `path`, and its
  // file-name findings.
  void ScanWholeFile(std::string_view path, std::string_view text,
                     bool too_large, std::vector<Finding>* out) {
    PathFindings(db_, path, options_.threshold, out);
    if (too_large || LooksBinary(text)) {
      ++report_->stats.files_skipped;
      return;
    }
    ++report_->stats.files_scanned;
    ScanText(path, text, 1, nullptr, out);
  }

  // Whether a changed file is left out (not a regular file, or excluded);
  // counts it as skipped when it is.
  bool Excluded(std::string_view path, int mode) {
    bool skip = !IsRegularFileMode(mode) || filter_->Excluded(path);
    if (skip) ++report_->stats.files_skipped;
    return skip;
  }

 private:
  static bool LooksBinary(std::string_view text) {
    return std::memchr(text.data(), '\0', std::min(text.size(), kBinaryProbe)) !=
           nullptr;
  }

  void ScanText(std::string_view path, std::string_view text, int first_line,
                const std::vector<int>* added, std::vector<Finding>* out) {
    auto t0 = Clock::now();
    found_.clear();
    report_->stats.bytes_scanned += text.size();
    Status s =
        ScanFileText(db_, matcher_, stages_, path, text, &scratch_, &found_);
    if (!s.ok()) report_->errors.push_back({std::string(path), 0, s.message()});
    for (Finding& f : found_) {
      f.line += first_line - 1;
      if (f.end_line > 0) f.end_line += first_line - 1;
      if (added != nullptr) {
        int last = std::max(f.line, f.end_line);
        auto it = std::lower_bound(added->begin(), added->end(), f.line);
        if (it == added->end() || *it > last) continue;
      }
      out->push_back(std::move(f));
    }
    report_->stats.match_seconds += SecondsSince(t0);
  }

  const RulesDatabase& db_;
  const GitScanOptions& options_;
  PathFilter* filter_;
  Report* report_;
  const FileStages stages_;
  Matcher matcher_;
  FileScratch scratch_;
  std::vector<Finding> found_;
};

// Streams `git <args>` into a GitPatchParser.
Status RunPatchCommand(ProcessRunner* runner, const std::string& cwd,
                       const std::vector<std::string>& args,
                       GitPatchParser* parser) {
  ProcessResult result;
  Status s = runner->Run(
      GitRequest(cwd, args),
      [parser](std::string_view chunk) { return parser->Feed(chunk); },
      &result);
  if (!s.ok()) return s;
  if (result.exit_code != 0) return GitFailed(args, result);
  return parser->Finish();
}

// Scans the added lines of the patch `git <args>` prints.
Status ScanPatch(ProcessRunner* runner, const std::string& cwd,
                 const std::vector<std::string>& args, const GitScanOptions& o,
                 ChangeScanner* scanner, std::vector<Finding>* out) {
  GitPatchParser parser(
      [&](const GitCommitInfo*, PatchFile&& file) {
        scanner->ScanPatchFile(file, out);
        return Status::Ok();
      },
      o.max_file_size);
  return RunPatchCommand(runner, cwd, args, &parser);
}

// Scans every line of the files `git diff --raw <diff_args>` lists as
// added, modified, renamed, copied or changed in type, read from git's
// object store.
Status ScanWholeFiles(ProcessRunner* runner, const std::string& cwd,
                      const std::vector<std::string>& diff_args,
                      const GitScanOptions& o, ChangeScanner* scanner,
                      Report* report, std::vector<Finding>* out) {
  std::vector<std::string> args = {"diff", "--raw", "-z", "--no-abbrev",
                                   "--no-relative", "--no-ext-diff", "-M"};
  args.insert(args.end(), diff_args.begin(), diff_args.end());
  std::string raw;
  KL_RETURN_IF_ERROR(RunGit(runner, cwd, args, &raw));
  std::vector<RawDiffEntry> entries;
  KL_RETURN_IF_ERROR(ParseRawDiff(raw, &entries));
  std::string request;
  std::map<std::string, std::vector<const RawDiffEntry*>> by_oid;
  for (const RawDiffEntry& e : entries) {
    if (std::string_view("AMRCT").find(e.status) == std::string_view::npos) {
      continue;
    }
    if (scanner->Excluded(e.dst_path, e.new_mode)) continue;
    auto& users = by_oid[e.new_oid];
    if (users.empty()) request += e.new_oid + "\n";
    users.push_back(&e);
  }
  if (request.empty()) return Status::Ok();
  CatFileParser parser(
      [&](const CatFileParser::Object& object) {
        auto it = by_oid.find(object.oid);
        if (it == by_oid.end()) return Status::Ok();
        for (const RawDiffEntry* e : it->second) {
          if (object.type != "blob") {
            report->errors.push_back(
                {e->dst_path, 0,
                 fmt::format("git object {} is {}", object.oid, object.type)});
            continue;
          }
          scanner->ScanWholeFile(e->dst_path, object.content, object.too_large,
                                 out);
        }
        return Status::Ok();
      },
      o.max_file_size);
  ProcessResult result;
  std::vector<std::string> cat_args = {"cat-file", "--batch"};
  KL_RETURN_IF_ERROR(runner->Run(
      GitRequest(cwd, cat_args, std::move(request)),
      [&parser](std::string_view chunk) { return parser.Feed(chunk); },
      &result));
  if (result.exit_code != 0) return GitFailed(cat_args, result);
  return parser.Finish();
}

std::string AuthorOf(const GitCommitInfo& c) {
  if (c.author_email.empty()) return c.author_name;
  return c.author_name + " <" + c.author_email + ">";
}

void SetCommit(const GitCommitInfo& commit, Finding* f) {
  f->commit = commit.hash;
  f->author = AuthorOf(commit);
  f->date = commit.date;
}

// The commits that last wrote the findings' lines: `git blame` over `range`,
// one process per file.
Status BlameLines(ProcessRunner* runner, const std::string& cwd,
                  const std::string& range, const std::string& path,
                  const std::vector<Finding*>& findings) {
  std::vector<int> lines;
  for (const Finding* f : findings) lines.push_back(f->line);
  std::sort(lines.begin(), lines.end());
  lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
  std::vector<std::string> args = {"blame", "--porcelain"};
  for (int line : lines) args.push_back(fmt::format("-L{},{}", line, line));
  args.insert(args.end(), {range, "--", path});
  std::string out;
  std::vector<BlameLine> blamed;
  KL_RETURN_IF_ERROR(RunGit(runner, cwd, args, &out));
  KL_RETURN_IF_ERROR(ParseBlamePorcelain(out, &blamed));
  for (Finding* f : findings) {
    auto it = std::lower_bound(
        blamed.begin(), blamed.end(), f->line,
        [](const BlameLine& b, int line) { return b.line < line; });
    if (it != blamed.end() && it->line == f->line) SetCommit(it->commit, f);
  }
  return Status::Ok();
}

// The commit of `range` that gave `path` its name (created, copied or
// renamed it), for findings about the file as a whole.
Status NamingCommit(ProcessRunner* runner, const std::string& cwd,
                    const std::string& range, const std::string& path,
                    const std::vector<Finding*>& findings) {
  std::vector<std::string> args = {"log",  "-z", "-1", "-M",
                                   "--diff-filter=ACR", "--no-show-signature",
                                   std::string(kLogFormat), range, "--", path};
  GitCommitInfo first;
  GitPatchParser parser(
      [](const GitCommitInfo*, PatchFile&&) { return Status::Ok(); }, 0);
  parser.set_commit_callback([&first](const GitCommitInfo& commit) {
    if (first.hash.empty()) first = commit;
    return Status::Ok();
  });
  KL_RETURN_IF_ERROR(RunPatchCommand(runner, cwd, args, &parser));
  if (first.hash.empty()) return Status::Ok();
  for (Finding* f : findings) SetCommit(first, f);
  return Status::Ok();
}

// Names the commit that added each finding of a diff over `range`.
void AttributeCommits(ProcessRunner* runner, const std::string& cwd,
                      const std::string& range, std::vector<Finding>* findings,
                      Report* report) {
  std::map<std::string, std::pair<std::vector<Finding*>, std::vector<Finding*>>>
      by_path;  // path -> (findings on a line, findings about the file)
  for (Finding& f : *findings) {
    auto& [on_lines, on_file] = by_path[f.path];
    (f.line > 0 ? on_lines : on_file).push_back(&f);
  }
  for (auto& [path, lists] : by_path) {
    Status s = Status::Ok();
    if (!lists.first.empty()) {
      s = BlameLines(runner, cwd, range, path, lists.first);
    }
    if (s.ok() && !lists.second.empty()) {
      s = NamingCommit(runner, cwd, range, path, lists.second);
    }
    if (!s.ok()) {
      report->errors.push_back(
          {path, 0, "cannot name the commit: " + s.message()});
    }
  }
}

Status ScanStaged(ProcessRunner* runner, const GitRepository& repo,
                  const GitScanOptions& o, ChangeScanner* scanner,
                  Report* report, std::vector<Finding>* out) {
  if (repo.bare) {
    return Status::InvalidArgument(fmt::format(
        "{}: --staged needs a work tree; this repository is bare",
        repo.git_dir));
  }
  if (o.whole_files) {
    return ScanWholeFiles(runner, repo.top_level, {"--cached"}, o, scanner,
                          report, out);
  }
  std::vector<std::string> args = {"diff", "--cached"};
  for (auto& a : PatchArgs(o.context_lines)) args.push_back(std::move(a));
  return ScanPatch(runner, repo.top_level, args, o, scanner, out);
}

Status ScanDiff(ProcessRunner* runner, const std::string& cwd,
                const GitScanOptions& o, ChangeScanner* scanner,
                Report* report, std::vector<Finding>* out) {
  KL_RETURN_IF_ERROR(CheckRevision("--diff", o.base));
  KL_RETURN_IF_ERROR(CheckRevision("--diff", o.head));
  // The merge base, so that what BASE gained since the branch started does
  // not count as added (exit 1: no common ancestor; diff against BASE).
  ProcessResult result;
  std::string merge_base;
  std::vector<std::string> mb_args = {"merge-base", o.base, o.head};
  KL_RETURN_IF_ERROR(RunAndCapture(runner, GitRequest(cwd, mb_args),
                                   &merge_base, &result));
  if (result.exit_code == 1 && result.stderr_text.empty()) {
    merge_base = o.base;
  } else if (result.exit_code != 0) {
    return Status::InvalidArgument(fmt::format("--diff {}..{}: {}", o.base,
                                               o.head, GitComplaint(result)));
  }
  while (!merge_base.empty() && std::isspace(static_cast<unsigned char>(
                                    merge_base.back()))) {
    merge_base.pop_back();
  }
  if (o.whole_files) {
    KL_RETURN_IF_ERROR(ScanWholeFiles(runner, cwd, {merge_base, o.head}, o,
                                      scanner, report, out));
  } else {
    std::vector<std::string> args = {"diff"};
    for (auto& a : PatchArgs(o.context_lines)) args.push_back(std::move(a));
    args.insert(args.end(), {merge_base, o.head, "--"});
    KL_RETURN_IF_ERROR(ScanPatch(runner, cwd, args, o, scanner, out));
  }
  AttributeCommits(runner, cwd, merge_base + ".." + o.head, out, report);
  return Status::Ok();
}

Status ScanHistory(ProcessRunner* runner, const std::string& cwd,
                   const GitScanOptions& o, ChangeScanner* scanner,
                   std::vector<Finding>* out) {
  std::vector<std::string> args = {"log",
                                   "-z",
                                   "--topo-order",
                                   "--reverse",
                                   "--diff-merges=off",
                                   "--no-show-signature",
                                   std::string(kLogFormat)};
  for (auto& a : PatchArgs(o.context_lines)) args.push_back(std::move(a));
  if (o.all) {
    args.push_back("--all");
  } else if (!o.branch.empty()) {
    KL_RETURN_IF_ERROR(CheckRevision("--branch", o.branch));
    args.push_back(o.branch);
  } else {
    // An unborn HEAD has no history yet: nothing to scan.
    std::string head;
    if (!RunGit(runner, cwd, {"rev-parse", "--verify", "--quiet", "HEAD"},
                &head)
             .ok()) {
      return Status::Ok();
    }
    args.push_back("HEAD");
  }
  if (!o.since.empty()) {
    KL_RETURN_IF_ERROR(CheckRevision("--since", o.since));
    args.push_back("^" + o.since);
  }
  args.push_back("--");

  // One finding per (path, fingerprint): the first commit's, which the
  // later commits that add the same secret to the same path only extend.
  std::map<std::pair<std::string, std::string>, size_t> seen;
  std::vector<Finding> found;
  GitPatchParser parser(
      [&](const GitCommitInfo* commit, PatchFile&& file) {
        found.clear();
        scanner->ScanPatchFile(file, &found);
        for (Finding& f : found) {
          auto key = std::make_pair(f.path, f.fingerprint);
          auto [it, inserted] = seen.emplace(key, out->size());
          if (!inserted) {
            if (commit != nullptr) (*out)[it->second].last_commit = commit->hash;
            continue;
          }
          if (commit != nullptr) {
            f.commit = f.first_commit = f.last_commit = commit->hash;
            f.author = AuthorOf(*commit);
            f.date = commit->date;
          }
          out->push_back(std::move(f));
        }
        return Status::Ok();
      },
      o.max_file_size);
  return RunPatchCommand(runner, cwd, args, &parser);
}

}  // namespace

Status RunGit(ProcessRunner* runner, const std::string& cwd,
              const std::vector<std::string>& args, std::string* out) {
  ProcessResult result;
  KL_RETURN_IF_ERROR(RunAndCapture(runner, GitRequest(cwd, args), out, &result));
  if (result.exit_code != 0) return GitFailed(args, result);
  return Status::Ok();
}

bool ParseDiffRange(const std::string& spec, std::string* base,
                    std::string* head) {
  size_t dots = spec.find("..");
  if (dots == std::string::npos) {
    *base = spec;
    *head = "HEAD";
  } else {
    size_t len = spec.compare(dots, 3, "...") == 0 ? 3 : 2;
    *base = spec.substr(0, dots);
    *head = spec.substr(dots + len);
  }
  return !base->empty() && !head->empty();
}

Status OpenGitRepository(ProcessRunner* runner, const std::string& path,
                         GitRepository* repo) {
  std::string dir = path.empty() ? "." : path;
  // A file names the repository of its directory.
  struct stat st;
  if (stat(dir.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) {
    size_t slash = dir.rfind('/');
    dir = slash == std::string::npos ? "." : slash == 0 ? "/" : dir.substr(0, slash);
  }
  ProcessResult result;
  std::string out;
  KL_RETURN_IF_ERROR(RunAndCapture(
      runner,
      GitRequest(dir, {"rev-parse", "--absolute-git-dir",
                       "--is-bare-repository", "--show-toplevel"}),
      &out, &result));
  std::vector<std::string> lines;
  std::string_view text = out;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    lines.emplace_back(text.substr(0, nl));
    text = nl == std::string_view::npos ? "" : text.substr(nl + 1);
  }
  if (lines.size() >= 2 && lines[1] == "true") {
    repo->git_dir = lines[0];
    repo->top_level.clear();
    repo->bare = true;
    return Status::Ok();
  }
  if (result.exit_code != 0 || lines.size() < 3) {
    std::string complaint = GitComplaint(result);
    if (complaint.starts_with("not a git repository")) {
      return Status::InvalidArgument(fmt::format("{}: not a git repository", path));
    }
    return Status::InvalidArgument(fmt::format("{}: {}", path, complaint));
  }
  repo->git_dir = lines[0];
  repo->top_level = lines[2];
  repo->bare = false;
  return Status::Ok();
}

Status RunGitScan(ProcessRunner* runner, const GitRepository& repo,
                  const RulesDatabase& db, const GitScanOptions& options,
                  Report* report) {
  auto t0 = Clock::now();
  PathFilter filter(repo.top_level, options.respect_ignore_files);
  KL_RETURN_IF_ERROR(filter.SetGlobs(options.exclude_globs));
  ChangeScanner scanner(db, options, &filter, report);
  std::string cwd = repo.bare ? repo.git_dir : repo.top_level;
  std::vector<Finding> findings;
  Status s;
  switch (options.mode) {
    case GitScanMode::kStaged:
      s = ScanStaged(runner, repo, options, &scanner, report, &findings);
      break;
    case GitScanMode::kDiff:
      s = ScanDiff(runner, cwd, options, &scanner, report, &findings);
      break;
    case GitScanMode::kHistory:
      s = ScanHistory(runner, cwd, options, &scanner, &findings);
      break;
  }
  if (!s.ok()) return s;
  for (Finding& f : findings) report->findings.push_back(std::move(f));
  SortReport(report);
  report->stats.threads = 1;
  report->stats.wall_seconds = SecondsSince(t0);
  report->stats.walk_seconds =
      std::max(0.0, report->stats.wall_seconds - report->stats.match_seconds);
  return Status::Ok();
}

}  // namespace keylint
