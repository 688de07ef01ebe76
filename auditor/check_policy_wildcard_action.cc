// policy-wildcard-action: a resource policy grants secretsmanager:* or * to
// others.
#include <fmt/format.h>

#include <algorithm>

#include "auditor/checks.h"
#include "auditor/policy_analysis.h"
#include "auditor/text_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "policy-wildcard-action", "policy", Severity::kHigh,
    "Resource policy grants all Secrets Manager actions to others",
    "\"secretsmanager:*\" or \"*\" gives the grantee every present and "
    "future action on the secret: reading it, overwriting it, replacing its "
    "policy, deleting it. Principals outside the secret's account need "
    "GetSecretValue (and perhaps DescribeSecret), nothing more.",
    "List only the actions the grantee needs, typically "
    "secretsmanager:GetSecretValue."};

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext&,
         FindingCollector* out) {
  for (const ResourcePolicy& p : inv.resource_policies) {
    for (const PolicyStatement& s : p.document.statements) {
      if (!s.allow || s.not_action) continue;
      auto wildcard = std::find_if(
          s.actions.begin(), s.actions.end(), [](const std::string& a) {
            return a == "*" || EqualsIgnoreCase(a, "secretsmanager:*");
          });
      if (wildcard == s.actions.end()) continue;
      std::vector<std::string> others = OtherPrincipals(s, p.owner_account);
      if (others.empty()) continue;
      ReportStatement(info, info.severity, p, s,
                      fmt::format("grants \"{}\" to {}", *wildcard,
                                  JoinLimited(others, 3)),
                      out);
    }
  }
}

}  // namespace

std::unique_ptr<Check> NewPolicyWildcardActionCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
