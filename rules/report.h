// Report: everything one run produces, handed to a FindingSink. Holds the
// findings (already filtered and sorted), the per-file errors that did not
// stop the run, run statistics, and metadata of the rules that were active
// (SARIF and the Markdown/HTML sinks describe rules).
#ifndef KEYLINT_RULES_REPORT_H_
#define KEYLINT_RULES_REPORT_H_

#include <cstdint>
#include <string>
#include <utility>
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

// An AWS read that failed for one resource or operation while the rest of
// the audit went on (AccessDenied, throttled past the retries, ...). Reports
// list these plainly as "could not be read". `message` is one line and never
// holds credentials or values.
struct UnreadableItem {
  std::string service;    // "secretsmanager", "ssm", "lambda", ...
  std::string operation;  // "GetResourcePolicy", "ListTagsForResource", ...
  std::string region;     // empty for offline sources
  std::string resource;   // ARN or name, empty for a whole operation
  std::string code;       // AWS error code: "AccessDeniedException", ...
  std::string message;
};

// What an audit looked at, for the audit report's header. Empty for scans.
struct AuditRunInfo {
  std::vector<std::string> accounts;  // account ids seen (ARNs, STS), sorted
  std::vector<std::string> regions;   // regions audited, sorted
  std::string started_at;             // RFC 3339 UTC; empty when unknown
  std::string source;                 // "aws" (live) or "offline"
  std::vector<UnreadableItem> unreadable;
  // Counts of what the audit saw, by kind ("secret", "parameter",
  // "lambda-function", ...), for coverage rates.
  std::vector<std::pair<std::string, uint64_t>> resource_counts;
  // Every resource audited, sorted by kind then label, for the breakdown by
  // environment and application (parsed from the /env/app/scope/name
  // convention; empty when the name does not say). Finding::resource names
  // one of these labels.
  struct Resource {
    std::string kind;
    std::string label;
    std::string environment;
    std::string application;
  };
  std::vector<Resource> resources;
  // Compliance rates the auditor measured on the inventory ("naming",
  // "rotation", "securestring", "policy-exposure"): `compliant` of `total`.
  struct Rate {
    std::string id;
    std::string title;
    uint64_t compliant = 0;
    uint64_t total = 0;
  };
  std::vector<Rate> compliance;
  // Secrets Manager's price per secret per month the policy assumes (USD),
  // for the cost of configuration kept there; 0 when not an audit.
  double secret_monthly_cost_usd = 0;
};

struct Report {
  std::string tool_name = "keylint";
  std::string tool_version;
  std::string root;  // what was scanned, as given on the command line
  std::vector<Finding> findings;
  std::vector<InputError> errors;
  std::vector<RuleInfo> rules;  // active rules, sorted by id
  RunStats stats;
  AuditRunInfo audit;  // filled by `keylint audit` only (named AuditRunInfo: auditor/check.h has an AuditContext)
};

}  // namespace keylint

#endif  // KEYLINT_RULES_REPORT_H_
