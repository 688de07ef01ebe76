// `keylint scan [PATH]`: options -> ScanOptions or GitScanOptions -> RunScan
// or RunGitScan -> baseline -> sink -> exit code.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/rule_setup.h"
#include "cli/scan_options.h"
#include "reports/baseline.h"
#include "reports/sink.h"
#include "reports/text_sink.h"
#include "rules/project_config.h"
#include "rules/report.h"
#include "scanner/git_source.h"
#include "scanner/scan_driver.h"
#include "scanner/subprocess.h"

namespace keylint {
namespace {

// Messages may quote the scanned tree (a path, a key of its .keylint.yaml):
// escaped so that they stay one line and cannot drive the terminal.
bool Fail(int code, const std::string& message, int* exit_code) {
  std::cerr << "keylint: " << EscapeForTerminal(message) << "\n";
  *exit_code = code;
  return false;
}

// Flags that only make sense together.
bool CheckCombinations(const ScanFlags& f, int* exit_code) {
  int modes = (f.staged ? 1 : 0) + (f.diff.empty() ? 0 : 1) + (f.history ? 1 : 0);
  if (modes > 1) {
    return Fail(kExitUsage, "--staged, --diff and --history exclude each other",
                exit_code);
  }
  if (f.whole_files && !f.staged && f.diff.empty()) {
    return Fail(kExitUsage, "--whole-files needs --staged or --diff", exit_code);
  }
  if (!f.history && (!f.since.empty() || !f.branch.empty() || f.all_refs)) {
    return Fail(kExitUsage, "--since, --branch and --all need --history",
                exit_code);
  }
  if (!f.branch.empty() && f.all_refs) {
    return Fail(kExitUsage, "--branch and --all exclude each other", exit_code);
  }
  if (f.git_context >= 0 && !f.git()) {
    return Fail(kExitUsage, "--git-context needs --staged, --diff or --history",
                exit_code);
  }
  if (f.report_stale && f.baseline.empty()) {
    return Fail(kExitUsage, "--report-stale needs --baseline FILE", exit_code);
  }
  if (f.report_stale && (f.staged || !f.diff.empty())) {
    // Those scans see only changed lines: every other entry would look stale.
    return Fail(kExitUsage,
                "--report-stale needs a full scan (a directory or --history), "
                "not --staged or --diff",
                exit_code);
  }
  return true;
}

// --config, else .keylint.yaml in `dir` (when `dir` is a directory).
bool LoadConfig(const ScanFlags& f, const std::string& dir,
                ProjectConfig* config, int* exit_code) {
  if (!f.config.empty()) {
    Status s = LoadProjectConfig(f.config, config);
    if (!s.ok()) return Fail(kExitUsage, s.message(), exit_code);
    return true;
  }
  std::error_code ec;
  if (dir.empty() || !std::filesystem::is_directory(dir, ec)) return true;
  std::string candidate = (std::filesystem::path(dir) / ".keylint.yaml").string();
  Status s = LoadProjectConfig(candidate, config);
  if (!s.ok() && s.code() != Status::Code::kNotFound) {
    return Fail(kExitUsage, s.message(), exit_code);
  }
  return true;
}

// The severity threshold, size cap and exclude globs of config and flags.
bool Limits(const ScanFlags& f, const ProjectConfig& config,
            Severity* threshold, uint64_t* max_file_size,
            std::vector<std::string>* excludes, int* exit_code) {
  *excludes = config.exclude;
  excludes->insert(excludes->end(), f.exclude.begin(), f.exclude.end());
  if (config.max_file_size) *max_file_size = *config.max_file_size;
  if (!f.max_file_size.empty()) {
    auto size = ParseByteSize(f.max_file_size);
    if (!size) {
      return Fail(kExitUsage,
                  fmt::format("--max-file-size: '{}' is not a size (e.g. 10MiB)",
                              f.max_file_size),
                  exit_code);
    }
    *max_file_size = *size;
  }
  if (config.severity_threshold) *threshold = *config.severity_threshold;
  if (!f.min_severity.empty()) {
    auto sev = ParseSeverity(f.min_severity);
    if (!sev) {
      return Fail(kExitUsage,
                  fmt::format("--min-severity: unknown severity '{}'",
                              f.min_severity),
                  exit_code);
    }
    *threshold = *sev;
  }
  return true;
}

bool BuildRules(const ScanFlags& f, const ProjectConfig& config,
                std::unique_ptr<RulesDatabase>* db, int* exit_code) {
  RuleSourceOptions ro = f.rules;
  ro.builtin = !f.no_builtin;
  ro.cache = !f.no_cache;
  if (Status s = BuildRulesDatabase(ro, config, db); !s.ok()) {
    return Fail(kExitUsage, s.message(), exit_code);
  }
  return true;
}

bool GitScanToReport(const ScanFlags& f, Report* report, int* exit_code) {
  PosixProcessRunner runner;
  GitRepository repo;
  if (Status s = OpenGitRepository(&runner, f.path, &repo); !s.ok()) {
    return Fail(kExitUsage, s.message(), exit_code);
  }
  ProjectConfig config;
  if (!LoadConfig(f, repo.top_level, &config, exit_code)) return false;
  std::unique_ptr<RulesDatabase> db;
  if (!BuildRules(f, config, &db, exit_code)) return false;

  GitScanOptions go;
  if (f.staged) {
    go.mode = GitScanMode::kStaged;
  } else if (!f.diff.empty()) {
    go.mode = GitScanMode::kDiff;
    if (!ParseDiffRange(f.diff, &go.base, &go.head)) {
      return Fail(kExitUsage,
                  fmt::format("--diff: '{}' is not BASE or BASE..HEAD", f.diff),
                  exit_code);
    }
  } else {
    go.mode = GitScanMode::kHistory;
  }
  go.whole_files = f.whole_files;
  go.since = f.since;
  go.branch = f.branch;
  go.all = f.all_refs;
  if (f.git_context >= 0) go.context_lines = f.git_context;
  go.respect_ignore_files = !f.no_ignore;
  go.decode_depth = f.decode_depth;
  VerifySession verify;
  if (!verify.Start(f.verify, config, exit_code)) return false;
  go.secrets = verify.secrets();
  if (!Limits(f, config, &go.threshold, &go.max_file_size, &go.exclude_globs,
              exit_code)) {
    return false;
  }
  report->root = repo.bare ? repo.git_dir : repo.top_level;
  if (Status s = RunGitScan(&runner, repo, *db, go, report); !s.ok()) {
    return Fail(kExitUsage, s.message(), exit_code);
  }
  verify.Finish(report);
  report->rules = RuleInfos(*db);
  return true;
}

bool TreeScanToReport(const ScanFlags& f, Report* report, int* exit_code) {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(f.path, ec))) {
    return Fail(kExitUsage, fmt::format("{}: no such file or directory", f.path),
                exit_code);
  }
  ProjectConfig config;
  if (!LoadConfig(f, f.path, &config, exit_code)) return false;
  std::unique_ptr<RulesDatabase> db;
  if (!BuildRules(f, config, &db, exit_code)) return false;

  ScanOptions so;
  so.walk.threads = f.threads;
  so.walk.respect_ignore_files = !f.no_ignore;
  if (!Limits(f, config, &so.threshold, &so.walk.max_file_size,
              &so.walk.exclude_globs, exit_code)) {
    return false;
  }
  so.reference_engine = f.reference;
  so.decode_depth = f.decode_depth;
  VerifySession verify;
  if (!verify.Start(f.verify, config, exit_code)) return false;
  so.secrets = verify.secrets();
  report->root = f.path;
  if (Status s = RunScan(f.path, *db, so, report); !s.ok()) {
    return Fail(kExitIncomplete, s.message(), exit_code);
  }
  verify.Finish(report);
  report->rules = RuleInfos(*db);
  return true;
}

// Lists baseline entries no finding matched, one line each.
void PrintStale(const std::string& file, const BaselineResult& result) {
  if (result.stale.empty()) return;
  std::cerr << fmt::format(
      "keylint: {}: {} {} no longer match; `keylint baseline create` drops "
      "them\n",
      file, result.stale.size(),
      result.stale.size() == 1 ? "entry" : "entries");
  for (const BaselineEntry& e : result.stale) {
    // The baseline file comes with the repository: escape what it says.
    std::cerr << fmt::format("keylint:   stale: {} {} {} {}\n",
                             EscapeForTerminal(e.path),
                             EscapeForTerminal(e.rule_id),
                             EscapeForTerminal(e.redacted),
                             EscapeForTerminal(e.fingerprint.substr(0, 16)));
  }
}

int RunScanCommand(const ScanFlags& f) {
  auto fail_on = ParseSeverity(f.fail_on);
  if (!fail_on) {
    std::cerr << fmt::format("keylint: --fail-on: unknown severity '{}'\n",
                             f.fail_on);
    return kExitUsage;
  }
  Report report;
  int exit_code = kExitClean;
  if (!CheckVerifyFlags(f.verify, &exit_code)) return exit_code;
  if (!ScanToReport(f, &report, &exit_code)) return exit_code;
  if (f.verify.only_verified) KeepOnlyVerified(&report);

  if (!f.baseline.empty()) {
    Baseline baseline;
    if (Status s = Baseline::Load(f.baseline, &baseline); !s.ok()) {
      std::cerr << "keylint: " << s.message() << "\n";
      return kExitUsage;
    }
    BaselineResult applied = baseline.Apply(&report.findings);
    if (f.report_stale) PrintStale(f.baseline, applied);
  }

  SinkOptions sink_options;
  bool to_tty = f.output.empty() && isatty(STDOUT_FILENO);
  sink_options.color = f.color == "always" ||
                       (f.color == "auto" && to_tty && !std::getenv("NO_COLOR"));
  sink_options.show_stats = f.stats;
  auto sink = MakeSink(f.format, sink_options);
  if (!sink) {
    std::cerr << fmt::format("keylint: unknown format '{}'\n", f.format);
    return kExitUsage;
  }
  Status ws;
  if (f.output.empty()) {
    ws = sink->Write(report, std::cout);
    std::cout.flush();
  } else {
    std::ofstream out(f.output, std::ios::binary | std::ios::trunc);
    if (!out) {
      std::cerr << fmt::format("keylint: {}: cannot write output: {}\n",
                               f.output, std::strerror(errno));
      return kExitUsage;
    }
    ws = sink->Write(report, out);
  }
  if (!ws.ok()) {
    std::cerr << "keylint: " << ws.message() << "\n";
    return kExitIncomplete;
  }
  if (f.stats && f.format != "text") {
    const auto& st = report.stats;
    double mb = static_cast<double>(st.bytes_scanned) / 1e6;
    std::cerr << fmt::format(
        "keylint: {} files, {} skipped, {:.1f} MB in {:.3f} s ({:.0f} MB/s), "
        "walk {:.3f} s, match {:.3f} s, {} threads\n",
        st.files_scanned, st.files_skipped, mb, st.wall_seconds,
        st.wall_seconds > 0 ? mb / st.wall_seconds : 0.0, st.walk_seconds,
        st.match_seconds, st.threads);
  }
  // Per-file errors are also one line each on stderr, escaped: a path
  // may hold newlines and terminal escape sequences.
  if (f.format != "text" || !f.output.empty()) {
    for (const auto& e : report.errors)
      std::cerr << fmt::format("keylint: {}: {}\n", EscapeForTerminal(e.path),
                               EscapeForTerminal(e.message));
  }

  bool failing = false;
  for (const auto& fi : report.findings) {
    if (fi.severity >= *fail_on &&
        (!f.verify.fail_on_verified || fi.verification == "verified"))
      failing = true;
  }
  if (failing && f.staged) {
    std::cerr << "keylint: commit blocked: the staged changes add secrets. "
                 "Remove them (and rotate them if they were real), or mark a "
                 "false positive with a `keylint:allow` comment on its line.\n";
  }
  if (failing) return kExitFindings;
  if (!report.errors.empty() && report.findings.empty()) return kExitIncomplete;
  return kExitClean;
}

}  // namespace

void AddScanInputOptions(CLI::App* app, ScanFlags* f) {
  app->add_option("path", f->path,
                  "File or directory to scan (default: .); with a git source, "
                  "any directory inside the repository");
  app->add_option("-c,--config", f->config,
                  "Project config (default: PATH/.keylint.yaml, or the "
                  "repository's top-level .keylint.yaml)");
  app->add_option("--rules", f->rules.files, "Extra ruleset YAML file")
      ->take_all();
  app->add_flag("--no-builtin", f->no_builtin, "Do not load built-in rules");
  app->add_option("--disable", f->rules.disable, "Disable a rule by id");
  app->add_option("--exclude", f->exclude, "Exclude paths (gitignore glob)");
  app->add_option("--max-file-size", f->max_file_size,
                  "Skip larger files (default 10MiB)");
  app->add_option("-j,--threads", f->threads, "Worker threads (default: cores)")
      ->check(CLI::Range(0, 256));
  app->add_option("--min-severity", f->min_severity,
                  "Do not report findings below this severity");
  app->add_flag("--no-ignore", f->no_ignore,
                "Do not honour .gitignore/.keylintignore");
  app->add_flag("--no-cache", f->no_cache,
                "Do not read or write the compiled rules cache");
  app->add_option("--decode-depth", f->decode_depth,
                  "Decode base64/hex/percent/escaped spans and scan the "
                  "result, nested this deep (default 2; 0: off)")
      ->check(CLI::Range(0, 4));
  app->add_flag("--reference-engine", f->reference,
                "Use the slow reference matcher (differential testing)")
      ->group("");
  const char* git = "Git sources";
  app->add_flag("--staged", f->staged,
                "Scan what is staged for commit (lines the commit adds)")
      ->group(git);
  app->add_option("--diff", f->diff,
                  "Scan the lines HEAD adds since BASE (BASE[..HEAD])")
      ->group(git);
  app->add_flag("--history", f->history,
                "Scan the lines every commit added, oldest first")
      ->group(git);
  app->add_flag("--whole-files", f->whole_files,
                "With --staged/--diff: scan whole changed files, not only "
                "added lines")
      ->group(git);
  app->add_option("--since", f->since,
                  "With --history: skip commits reachable from REF")
      ->group(git);
  app->add_option("--branch", f->branch,
                  "With --history: start from this branch instead of HEAD")
      ->group(git);
  app->add_flag("--all", f->all_refs, "With --history: start from every ref")
      ->group(git);
  app->add_option("--git-context", f->git_context,
                  "Context lines around added lines (default: whole file)")
      ->check(CLI::Range(0, kWholeFileContext))
      ->group("");
}

bool ScanToReport(const ScanFlags& f, Report* report, int* exit_code) {
  if (!CheckCombinations(f, exit_code)) return false;
  report->tool_version = KEYLINT_VERSION;
  return f.git() ? GitScanToReport(f, report, exit_code)
                 : TreeScanToReport(f, report, exit_code);
}

CommandRunner RegisterScanCommand(CLI::App* app) {
  auto f = std::make_shared<ScanFlags>();
  AddScanInputOptions(app, f.get());
  app->add_option("-f,--format", f->format, "Output format")
      ->check(CLI::IsMember(SinkFormats()));
  app->add_option("-o,--output", f->output, "Write the report to FILE");
  app->add_option("--fail-on", f->fail_on,
                  "Exit 1 when a finding is at least this severe (default low)");
  app->add_flag("--stats", f->stats, "Print files, bytes, MB/s and timings");
  app->add_option("--color", f->color, "auto|always|never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app->add_option("--baseline", f->baseline,
                  "Suppress the findings recorded in this baseline file");
  app->add_flag("--report-stale", f->report_stale,
                "With --baseline: list entries that no longer match");
  AddVerifyOptions(app, &f->verify);
  return [f] { return RunScanCommand(*f); };
}

}  // namespace keylint
