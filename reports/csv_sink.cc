#include "reports/csv_sink.h"

#include <string>
#include <vector>

#include "reports/audit_view.h"
#include "reports/order.h"
#include "reports/text_sink.h"
#include "rules/severity.h"

namespace keylint {
namespace {

void Row(const std::vector<std::string>& fields, std::ostream& out) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out << ',';
    out << CsvField(fields[i]);
  }
  out << '\n';
}

}  // namespace

std::string CsvField(std::string_view text) {
  std::string visible = EscapeForTerminal(text);
  // Formula injection (OWASP "CSV injection"): a leading apostrophe makes
  // spreadsheets treat the cell as text.
  if (!visible.empty() && (visible[0] == '=' || visible[0] == '+' ||
                           visible[0] == '-' || visible[0] == '@')) {
    visible.insert(visible.begin(), '\'');
  }
  if (visible.find_first_of(",\"\r\n") == std::string::npos) return visible;
  std::string quoted = "\"";
  for (char c : visible) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

Status CsvSink::Write(const Report& report, std::ostream& out) {
  Row({"severity", "rule_id", "category", "resource", "environment",
       "application", "path", "line", "column", "problem", "fix", "redacted",
       "fingerprint", "commit"},
      out);
  if (IsAuditReport(report)) {
    AuditView view = BuildAuditView(report);
    for (const AuditFindingView& v : view.findings) {
      const Finding& f = *v.finding;
      Row({std::string(SeverityName(f.severity)), f.rule_id, f.category,
           f.resource, v.environment, v.application, f.path,
           std::to_string(f.line), std::to_string(f.column), v.problem, v.fix,
           f.redacted, f.fingerprint, f.commit},
          out);
    }
  } else {
    for (const Finding* f : OrderedFindings(report)) {
      Row({std::string(SeverityName(f->severity)), f->rule_id, f->category,
           f->resource, "", "", f->path, std::to_string(f->line),
           std::to_string(f->column), f->message, "", f->redacted,
           f->fingerprint, f->commit},
          out);
    }
  }
  out.flush();
  if (!out) return Status::IoError("cannot write the CSV report");
  return Status::Ok();
}

}  // namespace keylint
