#include "reports/audit_json.h"

#include <nlohmann/json.hpp>
#include <string>

#include "reports/audit_view.h"
#include "reports/json_sink.h"
#include "reports/json_util.h"
#include "reports/order.h"
#include "rules/severity.h"

namespace keylint {
namespace {

using Json = nlohmann::ordered_json;

Json SeverityJson(const SeverityCounts& counts) {
  Json j = Json::object();
  for (Severity s : kSeveritiesDescending) {
    j[std::string(SeverityName(s))] = counts[static_cast<size_t>(s)];
  }
  return j;
}

// The scan JSON's `audit` object (reports/json_sink.h) plus the audited root.
Json AuditJson(const Report& report) {
  Json j = AuditRunInfoJson(report.audit);
  j["root"] = report.root;
  return j;
}

Json SummaryJson(const Report& report, const AuditView& view) {
  Json j = Json::object();
  j["score"] = view.score;
  j["grade"] = std::string(1, view.grade);
  j["resources"] = view.resources;
  j["findings"] = view.findings.size();
  j["by_severity"] = SeverityJson(view.by_severity);
  Json families = Json::array();
  for (const AuditFamilyView& f : view.families) {
    families.push_back({{"family", f.family},
                        {"findings", f.findings},
                        {"by_severity", SeverityJson(f.by_severity)}});
  }
  j["by_family"] = std::move(families);
  Json rates = Json::array();
  for (const AuditRunInfo::Rate& r : report.audit.compliance) {
    Json rate = Json::object();
    rate["id"] = r.id;
    rate["title"] = r.title;
    rate["compliant"] = r.compliant;
    rate["total"] = r.total;
    rate["rate"] = r.total == 0 ? Json(nullptr)
                                : Json(static_cast<double>(r.compliant) /
                                       static_cast<double>(r.total));
    rates.push_back(std::move(rate));
  }
  j["compliance"] = std::move(rates);
  Json cost = Json::object();
  cost["config_secrets"] = view.config_secrets;
  cost["price_per_secret_month_usd"] = view.price_per_secret_month_usd;
  cost["monthly_usd"] = view.config_monthly_usd;
  cost["yearly_usd"] = view.config_monthly_usd * 12;
  cost["assumption"] = CostAssumption(view);
  j["cost"] = std::move(cost);
  return j;
}

}  // namespace

Status WriteAuditJson(const Report& report, std::ostream& out) {
  AuditView view = BuildAuditView(report);
  Json doc = Json::object();
  doc["schema"] = std::string(kAuditReportSchema);
  doc["tool"] = {{"name", report.tool_name}, {"version", report.tool_version}};
  doc["audit"] = AuditJson(report);
  doc["summary"] = SummaryJson(report, view);

  Json groups = Json::array();
  for (const AuditGroupView& g : view.groups) {
    groups.push_back({{"environment", g.environment},
                      {"application", g.application},
                      {"resources", g.resources},
                      {"findings", g.findings},
                      {"by_severity", SeverityJson(g.by_severity)}});
  }
  doc["breakdown"] = std::move(groups);

  Json checks = Json::array();
  for (const RuleInfo& r : report.rules) {
    std::string rationale, remediation;
    SplitCheckHelp(r.help, &rationale, &remediation);
    checks.push_back({{"id", r.id},
                      {"family", r.category},
                      {"severity", std::string(SeverityName(r.severity))},
                      {"title", r.description},
                      {"rationale", rationale},
                      {"remediation", remediation}});
  }
  doc["checks"] = std::move(checks);

  Json findings = Json::array();
  for (const AuditFindingView& v : view.findings) {
    const Finding& f = *v.finding;
    Json j = Json::object();
    j["rule_id"] = f.rule_id;
    j["category"] = f.category;
    j["severity"] = std::string(SeverityName(f.severity));
    j["message"] = f.message;
    j["problem"] = v.problem;
    j["fix"] = v.fix;
    j["resource"] = f.resource;
    j["environment"] = v.environment;
    j["application"] = v.application;
    j["path"] = f.path;
    j["line"] = f.line;
    j["column"] = f.column;
    j["fingerprint"] = f.fingerprint;
    findings.push_back(std::move(j));
  }
  doc["findings"] = std::move(findings);

  Json errors = Json::array();
  for (const InputError* e : OrderedErrors(report)) {
    errors.push_back(
        {{"path", e->path}, {"line", e->line}, {"message", e->message}});
  }
  doc["errors"] = std::move(errors);
  const RunStats& s = report.stats;
  doc["stats"] = {{"files_scanned", s.files_scanned},
                  {"files_skipped", s.files_skipped},
                  {"bytes_scanned", s.bytes_scanned},
                  {"wall_seconds", s.wall_seconds}};

  return WriteJsonDocument(doc, "the JSON report", out);
}

}  // namespace keylint
