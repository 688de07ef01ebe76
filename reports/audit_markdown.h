// The audit report in Markdown, for a pull request or a wiki page: the
// account, regions and time, score, counts by severity and check family,
// compliance rates, breakdown by environment and application, the cost of
// configuration kept in Secrets Manager, the findings (at most
// kMaxMarkdownRows, each with its fix command) with the rationale and
// remediation of each check once, and what could not be read.
// MarkdownSink writes this for a Report with an audit context.
//
// Escaping as in MarkdownSink: resource names, paths and commands are code
// spans, other text goes through MarkdownText (reports/markup.h).
//
// Thread-safety: pure function of the Report.
#ifndef KEYLINT_REPORTS_AUDIT_MARKDOWN_H_
#define KEYLINT_REPORTS_AUDIT_MARKDOWN_H_

#include <ostream>

#include "rules/report.h"

namespace keylint {

void WriteAuditMarkdown(const Report& report, std::ostream& out);

}  // namespace keylint

#endif  // KEYLINT_REPORTS_AUDIT_MARKDOWN_H_
