// The audit report as JSON ("schema": "keylint-audit-report/1"), the
// machine-readable twin of the HTML report and the input of `keylint report
// diff`. docs/audit-report.md documents every field; adding a field is
// compatible, renaming, removing or retyping one bumps the schema version.
// It keeps the top-level keys of the scan JSON (tool, findings, errors,
// stats; docs/json-format.md) so tools that read that format read this one.
//
// Thread-safety: pure function of the Report.
#ifndef KEYLINT_REPORTS_AUDIT_JSON_H_
#define KEYLINT_REPORTS_AUDIT_JSON_H_

#include <ostream>
#include <string_view>

#include "rules/report.h"
#include "rules/status.h"

namespace keylint {

inline constexpr std::string_view kAuditReportSchema = "keylint-audit-report/1";

// Fails only when `out` does.
Status WriteAuditJson(const Report& report, std::ostream& out);

}  // namespace keylint

#endif  // KEYLINT_REPORTS_AUDIT_JSON_H_
