// rotation-no-function: rotation is enabled but no function rotates.
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/rotation_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "rotation-no-function", "rotation", Severity::kHigh,
    "Rotation is enabled without a rotation function",
    "Except for secrets an AWS service manages, Secrets Manager rotates by "
    "invoking a Lambda function. Rotation switched on without one never "
    "happens, while dashboards report the secret as rotated.",
    "Name the rotation function (or, in CloudFormation, a "
    "HostedRotationLambda)."};

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  for (const Secret& s : inv.secrets) {
    if (IsDeleted(s) || s.rotation_enabled != true) continue;
    if (!s.rotation_lambda_arn.empty() || s.hosted_rotation ||
        !s.owning_service.empty()) {
      continue;
    }
    std::string label = ResourceLabel(s.origin, s.name, s.arn);
    out->Add(info, info.severity, s.origin, s.origin.where, label, s.arn,
             ResourceIdentity("secret", s.origin, s.name, s.arn),
             fmt::format("Secret {} has rotation enabled but no rotation "
                         "function",
                         label),
             RotateSecretFix(s, *ctx.policy, /*with_function=*/true,
                             /*immediately=*/true));
  }
}

}  // namespace

std::unique_ptr<Check> NewRotationNoFunctionCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
