// naming-scope-mismatch: the config scope is never in Secrets Manager. (The
// other half of the rule, the secrets scope only in Secrets Manager or a
// SecureString, is placement-plaintext-parameter's: a secrets-scope String
// parameter is a plaintext secret, reported once, at high.)
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/sensitivity.h"
#include "auditor/text_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "naming-scope-mismatch", "naming", Severity::kMedium,
    "A name in the config scope is stored in Secrets Manager",
    "The scope segment says what a value is: configuration belongs in "
    "Parameter Store, where a Standard parameter is free and readable "
    "without kms:Decrypt. A config-scope secret costs a Secrets Manager fee "
    "every month and blurs which values really need secret handling.",
    "Copy the value to a String parameter under the same path, point readers "
    "at it, then schedule the secret for deletion. If the value is in fact "
    "a secret, recreate it under the secrets scope instead."};

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  const AuditPolicy& policy = *ctx.policy;
  if (policy.config_scope.empty()) return;
  for (const Secret& s : inv.secrets) {
    if (s.name.empty() || !s.owning_service.empty()) continue;
    NameParts parts = SplitName(s.name);
    if (parts.scope != policy.config_scope) continue;
    std::string target =
        (policy.parameter_layout.leading_slash ? "/" : "") +
        std::string(s.name.starts_with('/') ? s.name.substr(1) : s.name);
    out->Add(info, info.severity, s.origin, s.origin.where, s.name, s.arn,
             ResourceIdentity("secret", s.origin, s.name, s.arn),
             fmt::format("Secret {} is in the '{}' scope, which never belongs "
                         "in Secrets Manager (it costs ${:.2f} a month; a "
                         "Standard parameter is free)",
                         s.name, policy.config_scope,
                         policy.secret_monthly_cost_usd),
             fmt::format("aws ssm put-parameter --name {} --type String "
                         "--value \"$(aws secretsmanager get-secret-value "
                         "--secret-id {} --query SecretString --output "
                         "text)\" && aws secretsmanager delete-secret "
                         "--secret-id {} --recovery-window-in-days 7",
                         ShellArg(target), SecretIdArg(s), SecretIdArg(s)));
  }
}

}  // namespace

std::unique_ptr<Check> NewNamingScopeMismatchCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
