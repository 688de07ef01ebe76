// `keylint report diff OLD.json NEW.json`: which findings are new, which
// were resolved and which stayed, between two JSON reports (the audit
// report's JSON, docs/audit-report.md, or the JSON of `keylint scan` /
// `keylint audit --format json`, docs/json-format.md: both carry rule_id,
// severity, message, path, line and fingerprint per finding).
//
// Two findings are the same when their rule id and fingerprint match: the
// fingerprint is the rule and the secret (scan) or the resource identity
// (audit), so it survives line moves and re-exports. When several findings
// share a key, those at the same path pair first, then in order; what is
// left over on either side is new or resolved.
//
// Loading reads only those fields; a report holds no secret value, and an
// error names the file, line and column without quoting the input.
//
// Thread-safety: pure functions.
#ifndef KEYLINT_REPORTS_REPORT_DIFF_H_
#define KEYLINT_REPORTS_REPORT_DIFF_H_

#include <ostream>
#include <string>
#include <vector>

#include "rules/severity.h"
#include "rules/status.h"

namespace keylint {

struct DiffFinding {
  std::string rule_id;
  Severity severity = Severity::kMedium;
  std::string message;
  std::string resource;  // audit findings; may be empty
  std::string path;
  int line = 0;
  std::string fingerprint;
};

// Reads the findings of a JSON report file. Errors: "FILE: cannot read",
// "FILE:LINE:COLUMN: not valid JSON", "FILE: finding 3: no 'fingerprint'".
Status LoadReportFindings(const std::string& path,
                          std::vector<DiffFinding>* findings);

// The same from text already read (`name` is used in messages).
Status ParseReportFindings(const std::string& text, const std::string& name,
                           std::vector<DiffFinding>* findings);

struct ReportDiff {
  std::string old_name, new_name;
  // Each sorted most severe first, then by rule, resource, path, line.
  std::vector<DiffFinding> added, resolved, unchanged;
};

ReportDiff DiffReports(const std::vector<DiffFinding>& old_findings,
                       const std::vector<DiffFinding>& new_findings);

// Renderers: "text" (terminal; control characters made visible), "markdown"
// (pull request comment), "html" (self-contained, reports/html_page.h).
void WriteDiffText(const ReportDiff& diff, std::ostream& out);
void WriteDiffMarkdown(const ReportDiff& diff, std::ostream& out);
void WriteDiffHtml(const ReportDiff& diff, std::ostream& out);

}  // namespace keylint

#endif  // KEYLINT_REPORTS_REPORT_DIFF_H_
