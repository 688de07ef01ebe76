// `keylint baseline create` and `keylint hook install`: the commands that
// set a repository up for the pre-commit hook and the CI gate.
#include <fmt/format.h>
#include <unistd.h>

#include <climits>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/scan_options.h"
#include "reports/baseline.h"
#include "reports/text_sink.h"
#include "scanner/git_hook.h"
#include "scanner/git_source.h"
#include "scanner/subprocess.h"

namespace keylint {
namespace {

int RunBaselineCreate(const ScanFlags& f) {
  Report report;
  int exit_code = kExitClean;
  if (!ScanToReport(f, &report, &exit_code)) return exit_code;
  for (const InputError& e : report.errors) {
    std::cerr << fmt::format("keylint: {}: {}\n", EscapeForTerminal(e.path),
                             EscapeForTerminal(e.message));
  }
  Baseline baseline = Baseline::FromFindings(report.findings);
  if (Status s = baseline.Save(f.output); !s.ok()) {
    std::cerr << "keylint: " << s.message() << "\n";
    return kExitUsage;
  }
  std::cerr << fmt::format("keylint: {}: {} {} from {} {}\n", f.output,
                           baseline.entries().size(),
                           baseline.entries().size() == 1 ? "entry" : "entries",
                           report.findings.size(),
                           report.findings.size() == 1 ? "finding" : "findings");
  return kExitClean;
}

// The running binary's absolute path, for the hook to call.
std::string SelfPath() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "keylint";
  return std::string(buf, static_cast<size_t>(n));
}

struct HookFlags {
  std::string path = ".";
  bool force = false;
};

int RunHookInstall(const HookFlags& f) {
  PosixProcessRunner runner;
  GitRepository repo;
  if (Status s = OpenGitRepository(&runner, f.path, &repo); !s.ok()) {
    std::cerr << "keylint: " << s.message() << "\n";
    return kExitUsage;
  }
  std::string hook;
  HookInstallResult result;
  if (Status s = InstallPreCommitHook(&runner, repo, SelfPath(), f.force, &hook,
                                      &result);
      !s.ok()) {
    std::cerr << "keylint: " << s.message() << "\n";
    return kExitUsage;
  }
  const char* what = result == HookInstallResult::kUnchanged ? "already installed"
                     : result == HookInstallResult::kUpdated ? "updated"
                                                             : "installed";
  std::cerr << fmt::format("keylint: {}: pre-commit hook {}\n", hook, what);
  return kExitClean;
}

}  // namespace

CommandRunner RegisterBaselineCommand(CLI::App* app) {
  app->require_subcommand(1);
  CLI::App* create = app->add_subcommand(
      "create", "Record the current findings as accepted (a baseline file)");
  auto f = std::make_shared<ScanFlags>();
  f->output = std::string(kDefaultBaselineFile);
  AddScanInputOptions(create, f.get());
  create->add_option("-o,--output", f->output,
                     "Baseline file to write (default .keylint-baseline.json)");
  return [f, create] {
    if (create->parsed()) return RunBaselineCreate(*f);
    return kExitUsage;
  };
}

CommandRunner RegisterHookCommand(CLI::App* app) {
  app->require_subcommand(1);
  CLI::App* install = app->add_subcommand(
      "install", "Install keylint as the repository's git pre-commit hook");
  auto f = std::make_shared<HookFlags>();
  install->add_option("path", f->path,
                      "Any directory inside the repository (default: .)");
  install->add_flag("--force", f->force,
                    "Replace a pre-commit hook keylint did not write");
  return [f, install] {
    if (install->parsed()) return RunHookInstall(*f);
    return kExitUsage;
  };
}

}  // namespace keylint
