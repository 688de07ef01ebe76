// policy-management-action: a resource policy lets others manage the secret.
#include <fmt/format.h>

#include <algorithm>

#include "auditor/checks.h"
#include "auditor/policy_analysis.h"
#include "auditor/text_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "policy-management-action", "policy", Severity::kHigh,
    "Resource policy lets others change, re-share or delete the secret",
    "PutResourcePolicy and DeleteResourcePolicy let a grantee rewrite who "
    "has access (including making the secret public); PutSecretValue and "
    "UpdateSecret let it replace the value or its key; DeleteSecret lets it "
    "destroy it. Such actions belong to the owning account's "
    "administrators, not to consumers in other accounts.",
    "Drop the management actions from statements that name other principals; "
    "keep read actions only."};

bool IsFullWildcard(const std::string& a) {
  return a == "*" || EqualsIgnoreCase(a, "secretsmanager:*");
}

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  for (const ResourcePolicy& p : inv.resource_policies) {
    for (const PolicyStatement& s : p.document.statements) {
      if (!s.allow || s.not_action) continue;
      std::vector<std::string> granted;
      for (const std::string& action : ctx.policy->management_actions) {
        // Full wildcards are policy-wildcard-action's finding.
        if (std::any_of(s.actions.begin(), s.actions.end(),
                        [&](const std::string& a) {
                          return !IsFullWildcard(a) && ActionMatches(a, action);
                        })) {
          granted.push_back(action);
        }
      }
      std::vector<std::string> others = OtherPrincipals(s, p.owner_account);
      if (granted.empty() || others.empty()) continue;
      ReportStatement(info, info.severity, p, s,
                      fmt::format("grants {} to {}", JoinLimited(granted, 5),
                                  JoinLimited(others, 3)),
                      out);
    }
  }
}

}  // namespace

std::unique_ptr<Check> NewPolicyManagementActionCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
