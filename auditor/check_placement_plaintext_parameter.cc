// placement-plaintext-parameter: a sensitive parameter stored as String or
// StringList.
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/placement_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "placement-plaintext-parameter", "placement", Severity::kHigh,
    "Secret stored as a plain String or StringList parameter",
    "String and StringList parameters are stored unencrypted, shown in the "
    "console, returned by ssm:GetParameter* without kms:Decrypt and copied "
    "into CloudTrail and the history of every tool that reads them. A value "
    "is taken to be a secret when its name or tags say so "
    "(password, secret, token, key, credential), when it sits in the "
    "secrets scope of the naming convention, or when the scan engine "
    "recognises its value.",
    "Store it as a SecureString (the command converts it in place without "
    "printing the value) or move it to Secrets Manager, and grant "
    "kms:Decrypt only to its readers. In Terraform, set type = "
    "\"SecureString\"."};

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  for (const Parameter& p : inv.parameters) {
    // CloudFormation cannot create SecureStrings: placement-cfn-*'s case.
    if (p.origin.format == SourceFormat::kCloudFormation) continue;
    if (p.type != "String" && p.type != "StringList") continue;
    std::vector<std::string> reasons = ParameterSecretReasons(p, ctx);
    if (reasons.empty()) continue;
    std::string label = ResourceLabel(p.origin, p.name, p.arn);
    out->Add(info, info.severity, p.origin, p.origin.where, label, p.arn,
             ResourceIdentity("parameter", p.origin, p.name, p.arn),
             fmt::format("Parameter {} holds a secret ({}) but is a {} "
                         "parameter, stored and returned unencrypted",
                         label, JoinReasons(reasons), p.type),
             SecureStringFix(p, ctx.policy->customer_key_id));
  }
}

}  // namespace

std::unique_ptr<Check> NewPlacementPlaintextParameterCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
