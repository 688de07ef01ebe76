// placement-aws-managed-key: a SecureString or secret on the AWS-managed
// key where the policy requires a customer managed key.
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/placement_util.h"
#include "auditor/text_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "placement-aws-managed-key", "placement", Severity::kMedium,
    "Encrypted with the AWS-managed key where a customer managed key is "
    "required",
    "The AWS-managed keys aws/secretsmanager and aws/ssm have key policies "
    "nobody can change: every principal in the account allowed to call the "
    "store can decrypt, cross-account sharing is impossible, and the key "
    "cannot be disabled in an incident. Reported only when the policy sets "
    "placement.require_customer_managed_key.",
    "Re-encrypt under a customer managed key whose key policy names the "
    "readers (placement.customer_key_id is used in the command when set)."};

bool IsAwsManaged(std::string_view key, std::string_view alias) {
  return key.empty() || key == alias ||
         (key.starts_with("arn:") && key.ends_with(std::string(":") +
                                                   std::string(alias)));
}

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  const AuditPolicy& policy = *ctx.policy;
  if (!policy.require_customer_managed_key) return;
  std::string key = policy.customer_key_id.empty() ? "<customer-key-arn>"
                                                   : policy.customer_key_id;
  for (const Secret& s : inv.secrets) {
    if (s.deleted || !s.owning_service.empty() ||
        !IsAwsManaged(s.kms_key_id, "alias/aws/secretsmanager")) {
      continue;
    }
    std::string label = ResourceLabel(s.origin, s.name, s.arn);
    out->Add(info, info.severity, s.origin, s.origin.where, label, s.arn,
             ResourceIdentity("secret", s.origin, s.name, s.arn),
             fmt::format("Secret {} is encrypted with the AWS-managed key "
                         "aws/secretsmanager; the policy requires a customer "
                         "managed key",
                         label),
             fmt::format("aws secretsmanager update-secret --secret-id {} "
                         "--kms-key-id {}",
                         SecretIdArg(s), ShellArg(key)));
  }
  for (const Parameter& p : inv.parameters) {
    if (p.type != "SecureString" || !IsAwsManaged(p.key_id, "alias/aws/ssm")) {
      continue;
    }
    std::string label = ResourceLabel(p.origin, p.name, p.arn);
    out->Add(info, info.severity, p.origin, p.origin.where, label, p.arn,
             ResourceIdentity("parameter", p.origin, p.name, p.arn),
             fmt::format("SecureString parameter {} is encrypted with the "
                         "AWS-managed key aws/ssm; the policy requires a "
                         "customer managed key",
                         label),
             SecureStringFix(p, key));
  }
}

}  // namespace

std::unique_ptr<Check> NewPlacementAwsManagedKeyCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
