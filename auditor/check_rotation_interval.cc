// rotation-interval-too-long: the schedule allows more days between
// rotations than the policy's maximum.
#include <fmt/format.h>

#include <cmath>

#include "auditor/aws_time.h"
#include "auditor/checks.h"
#include "auditor/rotation_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "rotation-interval-too-long", "rotation", Severity::kMedium,
    "Rotation schedule exceeds the maximum interval",
    "Rotation limits how long a leaked value stays useful only if it is "
    "frequent enough. The longest gap the schedule allows counts: "
    "AutomaticallyAfterDays, rate(N days|hours), or for cron() the longest "
    "stretch between two firings over the calendar (cron(0 0 1 */3 ? *) "
    "leaves up to 92 days).",
    "Set a schedule within the maximum. --no-rotate-immediately keeps the "
    "current value until the next window."};

std::string Schedule(const RotationRules& r) {
  if (!r.schedule_expression.empty()) return r.schedule_expression;
  return fmt::format("every {} days", r.automatically_after_days.value_or(0));
}

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  const AuditPolicy& policy = *ctx.policy;
  if (policy.max_rotation_interval_days <= 0) return;
  for (const Secret& s : inv.secrets) {
    if (IsDeleted(s) || s.rotation_enabled != true) continue;
    std::string error;
    std::optional<double> gap = LongestRotationGapDays(s.rotation_rules, &error);
    std::string label = ResourceLabel(s.origin, s.name, s.arn);
    std::string identity = ResourceIdentity("secret", s.origin, s.name, s.arn);
    std::string fix = RotateSecretFix(s, policy, /*with_function=*/false,
                                      /*immediately=*/false);
    if (!gap) {
      if (error.empty()) continue;  // no schedule known (managed rotation)
      out->Add(info, Severity::kLow, s.origin, s.origin.where, label, s.arn,
               identity,
               fmt::format("Secret {} has a rotation schedule keylint cannot "
                           "read ({}): its interval is unchecked",
                           label, error),
               fix);
      continue;
    }
    if (*gap <= policy.max_rotation_interval_days) continue;
    std::string gap_text = std::isinf(*gap)
                               ? std::string("stops rotating after its last year")
                               : fmt::format("allows up to {:.0f} days between "
                                             "rotations",
                                             std::ceil(*gap));
    out->Add(info, info.severity, s.origin, s.origin.where, label, s.arn,
             identity,
             fmt::format("Secret {} rotates on '{}', which {} (maximum {})",
                         label, Schedule(s.rotation_rules), gap_text,
                         policy.max_rotation_interval_days),
             fix);
  }
}

}  // namespace

std::unique_ptr<Check> NewRotationIntervalCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
