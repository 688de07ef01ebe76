// HtmlSink: one self-contained HTML file (reports/html_page.h: inline CSS,
// inline SVG charts, a little inline JavaScript for sorting and filtering,
// no network access when opened) for people who would rather look than
// read.
//
// A scan report shows the summary, charts by severity and category and
// every finding (rule, location, redacted preview, commit). An audit report
// (Report::audit filled by `keylint audit`) shows the account, regions and
// time of the audit, the score, counts by severity and by check family, the
// compliance rates, the breakdown by environment and application, the
// monthly cost of configuration kept in Secrets Manager, every finding with
// its resource, rationale, remediation and fixing AWS CLI command, and what
// could not be read. All figures come from AuditView (reports/audit_view.h)
// so that the HTML, Markdown, JSON and CSV reports agree.
//
// Like every sink it never sees a secret: a Report holds none. The same
// Report always gives byte-identical output.
//
// Thread-safety: an HtmlSink is used by one thread at a time.
#ifndef KEYLINT_REPORTS_HTML_SINK_H_
#define KEYLINT_REPORTS_HTML_SINK_H_

#include <ostream>

#include "reports/sink.h"
#include "rules/report.h"
#include "rules/status.h"

namespace keylint {

class HtmlSink : public FindingSink {
 public:
  HtmlSink() = default;

  // Writes the report to `out`. Fails only when `out` does.
  Status Write(const Report& report, std::ostream& out) override;
};

}  // namespace keylint

#endif  // KEYLINT_REPORTS_HTML_SINK_H_
