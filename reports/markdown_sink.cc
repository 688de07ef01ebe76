#include "reports/markdown_sink.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "reports/audit_markdown.h"
#include "reports/audit_view.h"
#include "reports/markup.h"
#include "reports/order.h"
#include "reports/text_sink.h"
#include "rules/finding.h"
#include "rules/severity.h"

namespace keylint {
namespace {

std::string Text(std::string_view text) { return MarkdownText(text); }
std::string Code(std::string_view text) { return MarkdownCode(text); }

}  // namespace

Status MarkdownSink::Write(const Report& report, std::ostream& out) {
  if (IsAuditReport(report)) {
    WriteAuditMarkdown(report, out);
    out.flush();
    if (!out) return Status::IoError("cannot write the Markdown report");
    return Status::Ok();
  }
  std::vector<const Finding*> findings = OrderedFindings(report);
  std::string tool = Text(report.tool_name.empty() ? "keylint" : report.tool_name);
  if (findings.empty()) {
    out << "### " << tool << ": no secrets found\n\n";
  } else {
    out << "### " << tool << ": " << findings.size()
        << (findings.size() == 1 ? " secret" : " secrets") << " found\n\n";
  }
  out << Text(SummaryLine(report)) << ".\n";

  if (!findings.empty()) {
    bool with_commit = false, with_decoded = false, with_verified = false;
    for (const Finding* f : findings) {
      with_commit |= !f->commit.empty();
      with_decoded |= !f->decoders.empty();
      with_verified |= !f->verification.empty();
    }
    out << "\n| Severity | Rule | Finding | Location | Preview |"
        << (with_commit ? " Commit |" : "") << (with_decoded ? " Decoded |" : "")
        << (with_verified ? " Verification |" : "") << "\n"
        << "| --- | --- | --- | --- | --- |" << (with_commit ? " --- |" : "")
        << (with_decoded ? " --- |" : "") << (with_verified ? " --- |" : "")
        << "\n";
    size_t shown = 0;
    for (const Finding* f : findings) {
      if (shown == kMaxMarkdownRows) break;
      ++shown;
      std::string location =
          f->line > 0 ? fmt::format("{}:{}:{}", f->path, f->line, f->column)
                      : f->path;
      out << "| " << SeverityName(f->severity) << " | " << Text(f->rule_id)
          << " | " << Text(f->message) << " | " << Code(location) << " | "
          << Code(f->redacted) << " |";
      if (with_commit) out << " " << Code(f->commit.substr(0, 12)) << " |";
      if (with_decoded) out << " " << Text(DecoderChain(*f)) << " |";
      if (with_verified) out << " " << Text(VerificationSummary(*f)) << " |";
      out << "\n";
    }
    if (findings.size() > shown) {
      out << "\n… and " << (findings.size() - shown)
          << " more; see the full report (JSON or SARIF).\n";
    }
  }

  std::vector<const InputError*> errors = OrderedErrors(report);
  if (!errors.empty()) {
    out << "\n**Inputs not scanned completely**\n\n";
    for (const InputError* e : errors) {
      std::string where = e->path;
      if (e->line > 0) where += ":" + std::to_string(e->line);
      out << "- " << (where.empty() ? "" : Code(where) + ": ")
          << Text(e->message) << "\n";
    }
  }

  if (!findings.empty()) {
    out << "\n<details><summary>What to do</summary>\n\n"
           "1. Treat every secret listed as exposed: rotate it at its issuer, "
           "then remove it from the code and load it at run time from a "
           "secret store.\n"
           "2. A false positive: add a <code>keylint:allow</code> comment on "
           "the line (or <code>keylint:allow-next-line</code> above it).\n"
           "3. A known finding you accept for now: record it in the baseline "
           "with <code>keylint baseline create</code> and scan with "
           "<code>--baseline</code>.\n\n"
           "</details>\n";
  }
  out.flush();
  if (!out) return Status::IoError("cannot write the Markdown report");
  return Status::Ok();
}

}  // namespace keylint
