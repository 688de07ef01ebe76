// policy-identity-secret-read-wildcard: an identity policy reads every
// secret or parameter.
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/policy_analysis.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "policy-identity-secret-read-wildcard", "policy", Severity::kHigh,
    "Identity policy reads secrets or parameters on '*' instead of a path",
    "secretsmanager:GetSecretValue or ssm:GetParameter* on Resource \"*\" "
    "lets the role, user or group read every secret and parameter in the "
    "account, in every environment and application. One compromised "
    "workload then exposes them all. The naming convention exists so that "
    "access can be granted by path.",
    "Scope Resource to the paths the holder needs, e.g. "
    "arn:aws:ssm:REGION:ACCOUNT:parameter/prod/payments/* and "
    "arn:aws:secretsmanager:REGION:ACCOUNT:secret:prod/payments/*."};

constexpr const char* kReadActions[] = {
    "secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters",
    "ssm:GetParametersByPath"};

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext&,
         FindingCollector* out) {
  for (const IdentityPolicy& p : inv.identity_policies) {
    for (const PolicyStatement& s : p.document.statements) {
      if (!s.allow || !CoversEveryResource(s)) continue;
      std::vector<std::string> reads;
      for (const char* action : kReadActions) {
        if (StatementAllowsAction(s, action)) reads.push_back(action);
      }
      if (reads.empty()) continue;
      ReportStatement(info, info.severity, p, s,
                      fmt::format("allows {} on every resource instead of a "
                                  "path such as {}",
                                  JoinLimited(reads, 4),
                                  reads[0].starts_with("ssm:")
                                      ? "parameter/prod/payments/*"
                                      : "secret:prod/payments/*"),
                      out);
    }
  }
}

}  // namespace

std::unique_ptr<Check> NewPolicySecretReadWildcardCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
