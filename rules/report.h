// Report: everything one run produces, handed to a FindingSink. Holds the
// findings (already filtered and sorted), the per-file errors that did not
// stop the run, run statistics, and metadata of the rules that were active
// (SARIF and the Markdown/HTML sinks describe rules).
#ifndef KEYLINT_RULES_REPORT_H_
#define KEYLINT_RULES_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "rules/finding.h"
#include "rules/severity.h"

namespace keylint {

// A problem with one input that did not stop the run. `message` is one line
// and never contains file content.
struct InputError {
  std::string path;  // relative to the scan root where possible
  int line = 0;      // 0 when not line-specific
  std::string message;
};

struct RuleInfo {
  std::string id;
  std::string description;
  Severity severity = Severity::kHigh;
  std::string category;
  std::vector<std::string> tags;
  std::vector<std::string> references;
  // Why it matters and how to fix it, when the rule has its own text (audit
  // checks); sinks fall back on their generic advice when empty.
  std::string help = {};
};

struct RunStats {
  uint64_t files_scanned = 0;
  uint64_t files_skipped = 0;  // binary, too large, excluded, special
  uint64_t bytes_scanned = 0;
  double walk_seconds = 0;   // summed over workers
  double match_seconds = 0;  // summed over workers
  double wall_seconds = 0;
  int threads = 1;
};

struct Report {
  std::string tool_name = "keylint";
  std::string tool_version;
  std::string root;  // what was scanned, as given on the command line
  std::vector<Finding> findings;
  std::vector<InputError> errors;
  std::vector<RuleInfo> rules;  // active rules, sorted by id
  RunStats stats;
};

}  // namespace keylint

#endif  // KEYLINT_RULES_REPORT_H_
