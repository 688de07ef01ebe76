// policy-identity-kms-decrypt-wildcard: kms:Decrypt on every key.
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/policy_analysis.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "policy-identity-kms-decrypt-wildcard", "policy", Severity::kMedium,
    "Identity policy allows kms:Decrypt on every key",
    "SecureString parameters and secrets under customer managed keys are "
    "protected twice: by the store's policy and by the key's. kms:Decrypt "
    "on Resource \"*\" removes the second lock for every key whose key "
    "policy delegates to IAM. A condition on kms:ViaService or the "
    "encryption context bounds it.",
    "Name the key ARNs the holder needs, or add a kms:ViaService condition "
    "(e.g. ssm.REGION.amazonaws.com)."};

bool Bounded(const PolicyStatement& s, const AuditPolicy& policy) {
  for (const PolicyCondition& c : s.conditions) {
    if (IsMatchingConditionOperator(c.op) &&
        ConditionKeyIn(c.key, policy.kms_restricting_condition_keys)) {
      return true;
    }
  }
  return false;
}

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  for (const IdentityPolicy& p : inv.identity_policies) {
    for (const PolicyStatement& s : p.document.statements) {
      if (s.allow && StatementAllowsAction(s, "kms:Decrypt") &&
          CoversEveryResource(s) && !Bounded(s, *ctx.policy)) {
        ReportStatement(info, info.severity, p, s,
                        "allows kms:Decrypt on every key", out);
      }
    }
  }
}

}  // namespace

std::unique_ptr<Check> NewPolicyKmsDecryptWildcardCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
