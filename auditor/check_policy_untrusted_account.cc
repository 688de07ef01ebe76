// policy-untrusted-account: a resource policy grants accounts outside the
// trusted list.
#include <fmt/format.h>

#include <algorithm>

#include "auditor/checks.h"
#include "auditor/policy_analysis.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "policy-untrusted-account", "policy", Severity::kHigh,
    "Resource policy grants an account outside the trusted list",
    "Cross-account access to a secret should go only to accounts the "
    "organisation knows (policy.trusted_accounts, plus the secret's own "
    "account). Any other account id, often a former vendor or a typo, can "
    "read or change the secret for as long as the grant stays. Without a "
    "trusted list and without knowing the secret's account, the check "
    "cannot judge and stays silent.",
    "Remove the statement or principal, or add the account to "
    "policy.trusted_accounts in .keylint.yaml if it is trusted."};

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  const AuditPolicy& policy = *ctx.policy;
  for (const ResourcePolicy& p : inv.resource_policies) {
    std::vector<std::string> trusted = policy.trusted_accounts;
    if (!p.owner_account.empty()) trusted.push_back(p.owner_account);
    if (trusted.empty()) continue;
    for (const PolicyStatement& s : p.document.statements) {
      if (!s.allow) continue;
      std::vector<std::string> foreign;
      for (const auto& [type, value] : s.principal.entries) {
        std::optional<std::string> account =
            type == "AWS" ? PrincipalAccount(value) : std::nullopt;
        auto known = [&](const std::vector<std::string>& list) {
          return std::find(list.begin(), list.end(), *account) != list.end();
        };
        if (account && !known(trusted) && !known(foreign)) {
          foreign.push_back(*account);
        }
      }
      if (foreign.empty()) continue;
      ReportStatement(info, info.severity, p, s,
                      fmt::format("grants account{} {}, outside the trusted "
                                  "accounts,",
                                  foreign.size() == 1 ? "" : "s",
                                  JoinLimited(foreign, 5)),
                      out);
    }
  }
}

}  // namespace

std::unique_ptr<Check> NewPolicyUntrustedAccountCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
