// placement-cfn-sensitive-parameter: a CloudFormation AWS::SSM::Parameter
// holding a secret.
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/placement_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "placement-cfn-sensitive-parameter", "placement", Severity::kHigh,
    "CloudFormation AWS::SSM::Parameter holds a secret",
    "CloudFormation cannot create SecureString parameters: an "
    "AWS::SSM::Parameter is always a plaintext String or StringList. A "
    "secret put there (literally, from a NoEcho parameter, or through a "
    "{{resolve:...}} dynamic reference) ends up unencrypted in Parameter "
    "Store, and a literal one also sits in the template and its stack "
    "history.",
    "Remove the resource from the template. Create the value as a "
    "SecureString outside CloudFormation (the command converts the deployed "
    "parameter in place), or use an AWS::SecretsManager::Secret with "
    "GenerateSecretString, and have consumers read it with "
    "{{resolve:ssm-secure:NAME}} or {{resolve:secretsmanager:NAME}}."};

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  for (const Parameter& p : inv.parameters) {
    if (p.origin.format != SourceFormat::kCloudFormation) continue;
    std::vector<std::string> reasons = ParameterSecretReasons(p, ctx);
    if (reasons.empty()) continue;
    std::string label = ResourceLabel(p.origin, p.name, p.arn);
    SourceLocation where =
        p.value.where.line > 0 ? p.value.where : p.origin.where;
    out->Add(info, info.severity, p.origin, where, label, p.arn,
             ResourceIdentity("parameter", p.origin, p.name, p.arn),
             fmt::format("CloudFormation parameter {} ({}) holds a secret "
                         "({}), but CloudFormation can only create plaintext "
                         "String parameters",
                         label, p.origin.logical_id, JoinReasons(reasons)),
             SecureStringFix(p, ctx.policy->customer_key_id));
  }
}

}  // namespace

std::unique_ptr<Check> NewPlacementCfnParameterCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
