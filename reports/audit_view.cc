#include "reports/audit_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "reports/order.h"

namespace keylint {
namespace {

double SeverityWeight(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return 1.0;
    case Severity::kHigh:
      return 0.6;
    case Severity::kMedium:
      return 0.3;
    case Severity::kLow:
      return 0.1;
    case Severity::kInfo:
      return 0;
  }
  return 0;
}

std::string FamilyOf(const Finding& f) {
  size_t dash = f.rule_id.find('-');
  if (dash != std::string::npos) return f.rule_id.substr(0, dash);
  return f.category;
}

}  // namespace

void SplitCheckHelp(const std::string& help, std::string* rationale,
                    std::string* remediation) {
  constexpr std::string_view kMarker = "\n\nRemediation: ";
  size_t at = help.find(kMarker);
  if (at == std::string::npos) {
    *rationale = help;
    return;
  }
  *rationale = help.substr(0, at);
  *remediation = help.substr(at + kMarker.size());
}

bool IsAuditReport(const Report& report) { return !report.audit.source.empty(); }

std::string RateText(uint64_t compliant, uint64_t total) {
  if (total == 0) return "n/a";
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(compliant) /
                                    static_cast<double>(total));
}

std::string FindingLocation(const Finding& f) {
  if (f.line > 0) return fmt::format("{}:{}", f.path, f.line);
  return f.path;
}

std::string CostAssumption(const AuditView& view) {
  return fmt::format(
      "Assumes Secrets Manager's list price of ${:.2f} per secret per month "
      "(policy key secret_monthly_cost_usd), API calls not included; a "
      "Standard-tier Parameter Store parameter costs nothing.",
      view.price_per_secret_month_usd);
}

AuditView BuildAuditView(const Report& report) {
  AuditView view;
  view.report = &report;
  const AuditRunInfo& ctx = report.audit;

  std::map<std::string, const RuleInfo*> rules;
  for (const RuleInfo& r : report.rules) rules.emplace(r.id, &r);
  std::map<std::string, const AuditRunInfo::Resource*> resources;
  for (const AuditRunInfo::Resource& r : ctx.resources) {
    resources.emplace(r.label, &r);  // the first kind wins for a label
  }

  std::vector<const Finding*> ordered = OrderedFindings(report);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const Finding* a, const Finding* b) {
                     return a->severity > b->severity;
                   });
  std::map<std::string, double> lost;  // by resource label
  std::map<std::pair<std::string, std::string>, AuditGroupView> groups;
  std::map<std::string, AuditFamilyView> families;
  std::set<std::string> config_secrets;
  for (const Finding* f : ordered) {
    AuditFindingView v;
    v.finding = f;
    v.family = FamilyOf(*f);
    if (auto it = rules.find(f->rule_id); it != rules.end()) {
      v.title = it->second->description;
      SplitCheckHelp(it->second->help, &v.rationale, &v.remediation);
    }
    if (auto it = resources.find(f->resource); it != resources.end()) {
      v.environment = it->second->environment;
      v.application = it->second->application;
    }
    constexpr std::string_view kFix = " Fix: ";
    size_t fix = f->message.rfind(kFix);
    if (fix == std::string::npos) {
      v.problem = f->message;
    } else {
      v.problem = f->message.substr(0, fix);
      v.fix = f->message.substr(fix + kFix.size());
    }
    size_t sev = static_cast<size_t>(f->severity);
    ++view.by_severity[sev];
    AuditFamilyView& fam = families[v.family];
    fam.family = v.family;
    ++fam.findings;
    ++fam.by_severity[sev];
    AuditGroupView& g = groups[{v.environment, v.application}];
    ++g.findings;
    ++g.by_severity[sev];
    double& worst = lost[f->resource];
    worst = std::max(worst, SeverityWeight(f->severity));
    if (f->rule_id == "naming-scope-mismatch" ||
        f->rule_id == "placement-config-in-secrets-manager") {
      config_secrets.insert(f->resource);
    }
    view.findings.push_back(std::move(v));
  }

  for (const AuditRunInfo::Resource& r : ctx.resources) {
    ++groups[{r.environment, r.application}].resources;
  }
  for (auto& [key, g] : groups) {
    g.environment = key.first;
    g.application = key.second;
  }
  // Named environments first (sorted), the resources whose names do not
  // say last.
  for (auto& [key, g] : groups) {
    if (!key.first.empty()) view.groups.push_back(g);
  }
  for (auto& [key, g] : groups) {
    if (key.first.empty()) view.groups.push_back(g);
  }

  for (std::string_view name : kCheckFamilies) {
    AuditFamilyView fam;
    fam.family = std::string(name);
    if (auto it = families.find(fam.family); it != families.end()) {
      fam = it->second;
      families.erase(it);
    }
    view.families.push_back(std::move(fam));
  }
  for (auto& [name, fam] : families) view.families.push_back(fam);

  // Resources that findings name but the context does not list count too.
  std::set<std::string> labels;
  for (const AuditRunInfo::Resource& r : ctx.resources) labels.insert(r.label);
  for (const auto& [label, weight] : lost) labels.insert(label);
  view.resources = labels.size();
  double total_lost = 0;
  for (const auto& [label, weight] : lost) total_lost += weight;
  if (view.resources > 0) {
    view.score = static_cast<int>(std::lround(
        100.0 * (1.0 - total_lost / static_cast<double>(view.resources))));
  }
  view.grade = view.score >= 90   ? 'A'
               : view.score >= 80 ? 'B'
               : view.score >= 70 ? 'C'
               : view.score >= 60 ? 'D'
                                  : 'F';

  view.config_secrets.assign(config_secrets.begin(), config_secrets.end());
  view.price_per_secret_month_usd = ctx.secret_monthly_cost_usd;
  view.config_monthly_usd = static_cast<double>(view.config_secrets.size()) *
                            ctx.secret_monthly_cost_usd;
  return view;
}

}  // namespace keylint
