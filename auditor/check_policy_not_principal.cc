// policy-allow-not-principal: Allow with NotPrincipal.
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/policy_analysis.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "policy-allow-not-principal", "policy", Severity::kHigh,
    "Resource policy uses NotPrincipal with Allow",
    "Allow with NotPrincipal grants access to every principal except the "
    "ones listed: every other account, every anonymous caller. AWS advises "
    "against the combination; it is almost never what was meant.",
    "Rewrite the statement with Principal naming who may have access."};

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext&,
         FindingCollector* out) {
  for (const ResourcePolicy& p : inv.resource_policies) {
    for (const PolicyStatement& s : p.document.statements) {
      if (s.allow && s.has_not_principal) {
        ReportStatement(info, info.severity, p, s,
                        "allows everyone but the listed principals "
                        "(NotPrincipal)",
                        out);
      }
    }
  }
}

}  // namespace

std::unique_ptr<Check> NewPolicyNotPrincipalCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
