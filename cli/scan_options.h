// The options that choose what `keylint scan` reads (a tree, or a git
// source) and with which rules, shared by `scan` and `baseline create`, and
// the step that turns them into a Report.
#ifndef KEYLINT_CLI_SCAN_OPTIONS_H_
#define KEYLINT_CLI_SCAN_OPTIONS_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/rule_setup.h"
#include "cli/verify_setup.h"
#include "rules/report.h"

namespace keylint {

struct ScanFlags {
  std::string path = ".";
  std::string config;
  RuleSourceOptions rules;
  bool no_builtin = false;
  bool no_cache = false;
  std::vector<std::string> exclude;
  std::string max_file_size;
  int threads = 0;
  std::string min_severity;
  bool no_ignore = false;
  bool reference = false;
  int decode_depth = 2;  // encoded secrets: nesting depth, 0 = off
  // Git sources.
  bool staged = false;
  std::string diff;  // BASE[..HEAD]
  bool history = false;
  bool whole_files = false;
  std::string since;
  std::string branch;
  bool all_refs = false;
  int git_context = -1;  // -1: the whole file
  // Output.
  std::string format = "text";
  std::string output;
  std::string fail_on = "low";
  bool stats = false;
  std::string color = "auto";
  std::string baseline;
  bool report_stale = false;
  VerifyFlags verify;  // `scan` only

  bool git() const { return staged || !diff.empty() || history; }
};

// Registers PATH, the rule, config, walk and git-source options on `app`.
void AddScanInputOptions(CLI::App* app, ScanFlags* flags);

// Checks the flags, builds the rules and runs the scan they describe into
// `report` (tool version, root, rules and findings filled in). On failure
// prints one line to stderr and returns false with the exit code set.
bool ScanToReport(const ScanFlags& flags, Report* report, int* exit_code);

}  // namespace keylint

#endif  // KEYLINT_CLI_SCAN_OPTIONS_H_
