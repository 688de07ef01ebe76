// CsvSink: one row per finding (RFC 4180 quoting: comma-separated, fields
// quoted when they hold a comma or quote; LF line ends, which every CSV
// reader accepts, so that no report format carries a raw CR), for
// spreadsheets and ticket imports. Columns, in this order (stable; see
// docs/audit-report.md):
//
//   severity, rule_id, category, resource, environment, application, path,
//   line, column, problem, fix, redacted, fingerprint, commit
//
// Scan findings leave resource, environment, application and fix empty;
// audit findings leave redacted and commit empty. Control characters are made
// visible (reports/text_sink.h), so each finding stays on one line, and a
// field that a spreadsheet would run as a formula (starting with '=', '+',
// '-' or '@') is prefixed with an apostrophe. No secret value: a
// Report holds none.
//
// Thread-safety: a CsvSink is used by one thread at a time.
#ifndef KEYLINT_REPORTS_CSV_SINK_H_
#define KEYLINT_REPORTS_CSV_SINK_H_

#include <ostream>
#include <string>
#include <string_view>

#include "reports/sink.h"
#include "rules/report.h"
#include "rules/status.h"

namespace keylint {

class CsvSink : public FindingSink {
 public:
  CsvSink() = default;
  Status Write(const Report& report, std::ostream& out) override;
};

// One CSV field, escaped as described above.
std::string CsvField(std::string_view text);

}  // namespace keylint

#endif  // KEYLINT_REPORTS_CSV_SINK_H_
