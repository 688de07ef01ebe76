// policy-public-principal: a resource policy allows "*" without a
// restricting condition.
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/policy_analysis.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "policy-public-principal", "policy", Severity::kCritical,
    "Resource policy allows any AWS principal without a restricting condition",
    "Principal \"*\" (or {\"AWS\": \"*\"}) means every AWS account in the "
    "world. Unless a condition pins the caller to your organisation, "
    "account, VPC or source (aws:PrincipalOrgID, aws:SourceAccount, "
    "aws:SourceArn, aws:SourceVpc(e), aws:PrincipalAccount), anyone who "
    "learns the ARN can call the allowed actions. Conditions that exclude "
    "(StringNotEquals), only test presence (Null) or hold when the key is "
    "missing (...IfExists, ForAllValues) do not restrict.",
    "Name the principals that need access, or add a condition on "
    "aws:PrincipalOrgID or aws:SourceAccount, and put the policy back with "
    "--block-public-policy so that Secrets Manager refuses public policies "
    "from now on."};

bool Restricted(const PolicyStatement& s, const AuditPolicy& policy) {
  for (const PolicyCondition& c : s.conditions) {
    if (!IsMatchingConditionOperator(c.op) ||
        !ConditionKeyIn(c.key, policy.restricting_condition_keys)) {
      continue;
    }
    bool bounded = !c.values.empty();
    for (const std::string& v : c.values) {
      if (v.empty() || v == "*") bounded = false;
    }
    if (bounded) return true;
  }
  return false;
}

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  for (const ResourcePolicy& p : inv.resource_policies) {
    for (const PolicyStatement& s : p.document.statements) {
      if (s.allow && s.principal.wildcard && !Restricted(s, *ctx.policy)) {
        ReportStatement(info, info.severity, p, s,
                        "allows any AWS principal (\"*\") without a "
                        "restricting condition",
                        out);
      }
    }
  }
}

}  // namespace

std::unique_ptr<Check> NewPolicyPublicPrincipalCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
