// rotation-disabled: automatic rotation is turned off.
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/rotation_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "rotation-disabled", "rotation", Severity::kHigh,
    "Automatic rotation is turned off",
    "A secret that never changes stays valid for as long as any copy of it "
    "exists: in a leaked log, an old laptop, a former employee's notes. "
    "Rotation bounds that window. Database and service credentials are the "
    "usual target and are reported high; other secrets medium. Secrets an "
    "AWS service owns (OwningService) are rotated by that service.",
    "Attach a rotation function and a schedule within the policy's maximum "
    "interval. In CloudFormation, add an AWS::SecretsManager::"
    "RotationSchedule (HostedRotationLambda builds the function for RDS, "
    "Redshift and DocumentDB); in Terraform, an "
    "aws_secretsmanager_secret_rotation."};

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  const AuditPolicy& policy = *ctx.policy;
  for (const Secret& s : inv.secrets) {
    if (IsDeleted(s) || s.rotation_enabled != false) continue;
    if (!s.owning_service.empty() && policy.exempt_service_owned) continue;
    std::string word = CredentialWord(s, policy);
    Severity severity = word.empty() ? Severity::kMedium : info.severity;
    std::string label = ResourceLabel(s.origin, s.name, s.arn);
    out->Add(info, severity, s.origin, s.origin.where, label, s.arn,
             ResourceIdentity("secret", s.origin, s.name, s.arn),
             word.empty()
                 ? fmt::format("Secret {} is never rotated automatically",
                               label)
                 : fmt::format("Secret {} looks like a credential ('{}') and "
                               "is never rotated automatically",
                               label, word),
             RotateSecretFix(s, policy, /*with_function=*/true,
                             /*immediately=*/true));
  }
}

}  // namespace

std::unique_ptr<Check> NewRotationDisabledCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
