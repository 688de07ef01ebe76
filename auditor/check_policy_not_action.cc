// policy-allow-not-action: Allow with NotAction, in resource or identity
// policies.
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/policy_analysis.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "policy-allow-not-action", "policy", Severity::kHigh,
    "Policy uses NotAction with Allow",
    "Allow with NotAction grants every action except those listed, across "
    "all services the resource element covers, including actions AWS adds "
    "later. On a secret it typically grants GetSecretValue and "
    "PutResourcePolicy along with whatever was meant.",
    "List the allowed actions with Action instead."};

constexpr std::string_view kWhat =
    "allows every action but the listed ones (NotAction)";

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext&,
         FindingCollector* out) {
  for (const ResourcePolicy& p : inv.resource_policies) {
    for (const PolicyStatement& s : p.document.statements) {
      if (s.allow && s.not_action) {
        ReportStatement(info, info.severity, p, s, kWhat, out);
      }
    }
  }
  for (const IdentityPolicy& p : inv.identity_policies) {
    for (const PolicyStatement& s : p.document.statements) {
      if (s.allow && s.not_action) {
        ReportStatement(info, info.severity, p, s, kWhat, out);
      }
    }
  }
}

}  // namespace

std::unique_ptr<Check> NewPolicyNotActionCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
