// AuditView: what every audit report format (HTML, Markdown, JSON, CSV)
// shows, computed once from a Report so that the formats agree: the score,
// counts by severity and by check family, the compliance rates, the
// breakdown by environment and application, the monthly cost of plain
// configuration kept in Secrets Manager, and each finding with its
// rationale, remediation and fix command split out.
//
// Score: every audited resource starts at full marks and loses the weight
// of its worst finding (critical 1.0, high 0.6, medium 0.3, low 0.1, info
// 0); score = round(100 x (1 - lost / resources)). Grades: A >= 90,
// B >= 80, C >= 70, D >= 60, else F. docs/audit-report.md documents it.
//
// Thread-safety: pure functions; an AuditView points into its Report and
// must not outlive it.
#ifndef KEYLINT_REPORTS_AUDIT_VIEW_H_
#define KEYLINT_REPORTS_AUDIT_VIEW_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/report.h"

namespace keylint {

// Counts indexed by static_cast<size_t>(Severity).
using SeverityCounts = std::array<uint64_t, 5>;

// Critical first, info last: the order reports list severities in.
inline constexpr Severity kSeveritiesDescending[] = {
    Severity::kCritical, Severity::kHigh, Severity::kMedium, Severity::kLow,
    Severity::kInfo};

// The check families, in report order.
inline constexpr std::string_view kCheckFamilies[] = {"naming", "rotation",
                                                      "policy", "placement"};

struct AuditFindingView {
  const Finding* finding = nullptr;
  std::string family;  // the check id's prefix ("naming", ...)
  std::string title;   // the check's one-line description
  std::string environment;
  std::string application;
  std::string problem;  // the message without " Fix: ..."
  std::string fix;      // the AWS CLI command; empty when none
  std::string rationale;
  std::string remediation;
};

struct AuditGroupView {
  std::string environment;  // "" = the name does not say
  std::string application;
  uint64_t resources = 0;
  uint64_t findings = 0;
  SeverityCounts by_severity{};
};

struct AuditFamilyView {
  std::string family;
  uint64_t findings = 0;
  SeverityCounts by_severity{};
};

struct AuditView {
  const Report* report = nullptr;
  // Most severe first, then the sinks' usual order (reports/order.h).
  std::vector<AuditFindingView> findings;
  SeverityCounts by_severity{};
  std::vector<AuditFamilyView> families;  // kCheckFamilies, then others
  std::vector<AuditGroupView> groups;     // sorted; unnamed group last
  uint64_t resources = 0;
  int score = 100;
  char grade = 'A';
  // Plain configuration kept in Secrets Manager (naming-scope-mismatch and
  // placement-config-in-secrets-manager findings, one per secret).
  std::vector<std::string> config_secrets;
  double price_per_secret_month_usd = 0;
  double config_monthly_usd = 0;
};

AuditView BuildAuditView(const Report& report);

// True when the report comes from `keylint audit` (it has an audit context).
bool IsAuditReport(const Report& report);

// The sentence stating the price assumption behind the cost figure.
std::string CostAssumption(const AuditView& view);

// "87.5%" (one decimal), or "n/a" when total is 0.
std::string RateText(uint64_t compliant, uint64_t total);

// An audit check's RuleInfo.help ("<rationale>\n\nRemediation: <text>")
// split in two; all of it is the rationale when there is no marker.
void SplitCheckHelp(const std::string& help, std::string* rationale,
                    std::string* remediation);

// The location of a finding as "path:line" ("path" without a line).
std::string FindingLocation(const Finding& f);

}  // namespace keylint

#endif  // KEYLINT_REPORTS_AUDIT_VIEW_H_
