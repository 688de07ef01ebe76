#include "reports/audit_markdown.h"

#include <fmt/format.h>

#include <set>
#include <string>
#include <vector>

#include "reports/audit_view.h"
#include "reports/markdown_sink.h"
#include "reports/markup.h"
#include "reports/order.h"
#include "rules/severity.h"

namespace keylint {
namespace {

std::string Join(const std::vector<std::string>& items) {
  if (items.empty()) return "unknown";
  std::string s;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) s += ", ";
    s += MarkdownCode(items[i]);
  }
  return s;
}

}  // namespace

void WriteAuditMarkdown(const Report& report, std::ostream& out) {
  const AuditRunInfo& ctx = report.audit;
  AuditView view = BuildAuditView(report);
  out << "## keylint audit report\n\n"
      << "Account " << Join(ctx.accounts) << " · regions "
      << Join(ctx.regions) << " · audited "
      << MarkdownText(ctx.started_at.empty() ? "at an unknown time"
                                             : ctx.started_at)
      << " · source "
      << (ctx.source == "aws"
              ? std::string("live AWS account")
              : "offline files " + MarkdownCode(report.root.empty()
                                                    ? "."
                                                    : report.root))
      << "\n\n";
  out << fmt::format(
      "**Score {} / 100 (grade {})** — {} resources audited, {} findings.\n\n",
      view.score, view.grade, view.resources, view.findings.size());

  out << "| Family | Findings |";
  for (Severity s : kSeveritiesDescending) out << " " << SeverityName(s) << " |";
  out << "\n| --- | ---: |";
  for (size_t i = 0; i < std::size(kSeveritiesDescending); ++i) out << " ---: |";
  out << "\n";
  for (const AuditFamilyView& f : view.families) {
    out << "| " << MarkdownText(f.family) << " | " << f.findings << " |";
    for (Severity s : kSeveritiesDescending) {
      out << " " << f.by_severity[static_cast<size_t>(s)] << " |";
    }
    out << "\n";
  }
  out << "| **all** | **" << view.findings.size() << "** |";
  for (Severity s : kSeveritiesDescending) {
    out << " **" << view.by_severity[static_cast<size_t>(s)] << "** |";
  }
  out << "\n\n### Compliance\n\n| Measure | Rate | Compliant |\n"
         "| --- | ---: | ---: |\n";
  for (const AuditRunInfo::Rate& r : ctx.compliance) {
    out << "| " << MarkdownText(r.title) << " | "
        << RateText(r.compliant, r.total) << " | " << r.compliant << " of "
        << r.total << " |\n";
  }

  out << "\n### Cost of configuration in Secrets Manager\n\n";
  if (view.config_secrets.empty()) {
    out << "No secret holds plain configuration. ";
  } else {
    out << fmt::format(
        "**{} secret{} hold{} plain configuration: ${:.2f} per month (${:.2f} "
        "per year)**: ",
        view.config_secrets.size(), view.config_secrets.size() == 1 ? "" : "s",
        view.config_secrets.size() == 1 ? "s" : "", view.config_monthly_usd,
        view.config_monthly_usd * 12);
    for (size_t i = 0; i < view.config_secrets.size(); ++i) {
      out << (i > 0 ? ", " : "") << MarkdownCode(view.config_secrets[i]);
    }
    out << ". ";
  }
  out << MarkdownText(CostAssumption(view)) << "\n";

  out << "\n### By environment and application\n\n"
         "| Environment | Application | Resources | Findings | critical | "
         "high | medium | low |\n| --- | --- | ---: | ---: | ---: | ---: | "
         "---: | ---: |\n";
  for (const AuditGroupView& g : view.groups) {
    bool named = !g.environment.empty();
    out << "| " << (named ? MarkdownCode(g.environment) : "*not in the name*")
        << " | " << (named ? MarkdownCode(g.application) : "–") << " | "
        << g.resources << " | " << g.findings << " |";
    for (Severity s : {Severity::kCritical, Severity::kHigh,
                       Severity::kMedium, Severity::kLow}) {
      out << " " << g.by_severity[static_cast<size_t>(s)] << " |";
    }
    out << "\n";
  }

  out << "\n### Findings\n\n";
  if (view.findings.empty()) {
    out << "No findings.\n";
  } else {
    out << "| Severity | Check | Resource | Location | Finding | Fix |\n"
           "| --- | --- | --- | --- | --- | --- |\n";
    size_t shown = 0;
    std::set<std::string> checks;
    for (const AuditFindingView& v : view.findings) {
      if (shown == kMaxMarkdownRows) break;
      ++shown;
      const Finding& f = *v.finding;
      checks.insert(f.rule_id);
      out << "| " << SeverityName(f.severity) << " | "
          << MarkdownText(f.rule_id) << " | " << MarkdownCode(f.resource)
          << " | " << MarkdownCode(FindingLocation(f)) << " | "
          << MarkdownText(v.problem) << " | " << MarkdownCode(v.fix) << " |\n";
    }
    if (view.findings.size() > shown) {
      out << "\n… and " << (view.findings.size() - shown)
          << " more; see the HTML, JSON or CSV report.\n";
    }
    out << "\n<details><summary>Why each check matters and how to fix "
           "it</summary>\n\n";
    for (const RuleInfo& r : report.rules) {
      if (!checks.contains(r.id)) continue;
      for (const AuditFindingView& v : view.findings) {
        if (v.finding->rule_id != r.id) continue;
        out << "- **" << MarkdownText(r.id) << "** — "
            << MarkdownText(v.title) << ". " << MarkdownText(v.rationale)
            << " *Remediation:* " << MarkdownText(v.remediation) << "\n";
        break;
      }
    }
    out << "\n</details>\n";
  }

  out << "\n### What could not be read\n\n";
  if (ctx.unreadable.empty() && report.errors.empty()) {
    out << "Everything the audit asked for could be read.\n";
  }
  for (const UnreadableItem& u : ctx.unreadable) {
    out << "- " << MarkdownText(u.service) << " " << MarkdownText(u.operation)
        << (u.region.empty() ? "" : " in " + MarkdownCode(u.region))
        << (u.resource.empty() ? "" : " for " + MarkdownCode(u.resource))
        << ": could not be read (" << MarkdownText(u.code) << ": "
        << MarkdownText(u.message) << ")\n";
  }
  for (const InputError* e : OrderedErrors(report)) {
    std::string where = e->path;
    if (e->line > 0) where += ":" + std::to_string(e->line);
    out << "- " << MarkdownCode(where) << ": could not be read ("
        << MarkdownText(e->message) << ")\n";
  }
}

}  // namespace keylint
