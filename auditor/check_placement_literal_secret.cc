// placement-literal-secret-string: a secret value written in a template.
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/placement_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "placement-literal-secret-string", "placement", Severity::kCritical,
    "Secret value written literally in a template",
    "A SecretString (or a SecureString parameter's value) written in a "
    "CloudFormation template or a Terraform configuration is in version "
    "control, in every copy of the repository, in the stack's template "
    "history and in Terraform state: storing it in Secrets Manager "
    "afterwards protects nothing. The value must be treated as exposed.",
    "Generate the value instead (CloudFormation GenerateSecretString, "
    "Terraform random_password or manage_master_user_password), remove the "
    "literal from the template and its history, and replace the exposed "
    "value: the command stores a new random value without printing it."};

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext&,
         FindingCollector* out) {
  for (const Secret& s : inv.secrets) {
    if (s.value.kind != SourceValue::Kind::kLiteral || !s.value.constant ||
        s.value.literal.empty()) {
      continue;
    }
    std::string label = ResourceLabel(s.origin, s.name, s.arn);
    out->Add(info, info.severity, s.origin,
             s.value.where.line > 0 ? s.value.where : s.origin.where, label,
             s.arn, ResourceIdentity("secret", s.origin, s.name, s.arn),
             fmt::format("Secret {} ({}) has its SecretString written in the "
                         "template",
                         label, s.origin.logical_id),
             fmt::format("aws secretsmanager put-secret-value --secret-id {} "
                         "--secret-string \"$(aws secretsmanager "
                         "get-random-password --password-length 32 --query "
                         "RandomPassword --output text)\"",
                         SecretIdArg(s)));
  }
  for (const Parameter& p : inv.parameters) {
    if (p.type != "SecureString" ||
        p.value.kind != SourceValue::Kind::kLiteral || !p.value.constant ||
        p.value.literal.empty()) {
      continue;
    }
    std::string label = ResourceLabel(p.origin, p.name, p.arn);
    out->Add(info, info.severity, p.origin,
             p.value.where.line > 0 ? p.value.where : p.origin.where, label,
             p.arn, ResourceIdentity("parameter", p.origin, p.name, p.arn),
             fmt::format("SecureString parameter {} ({}) has its value "
                         "written in the configuration",
                         label, p.origin.logical_id),
             fmt::format("aws ssm put-parameter --name {} --type SecureString "
                         "--overwrite --value \"$(aws secretsmanager "
                         "get-random-password --password-length 32 --query "
                         "RandomPassword --output text)\"",
                         ParameterNameArg(p)));
  }
}

}  // namespace

std::unique_ptr<Check> NewPlacementLiteralSecretCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
