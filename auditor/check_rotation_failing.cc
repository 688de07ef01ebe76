// rotation-failing: the next rotation date is in the past.
#include <fmt/format.h>

#include "auditor/aws_time.h"
#include "auditor/checks.h"
#include "auditor/rotation_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "rotation-failing", "rotation", Severity::kHigh,
    "Next rotation date is in the past: rotation is failing",
    "Secrets Manager sets NextRotationDate from the schedule and moves it on "
    "after every successful rotation. A date left in the past means the "
    "rotation function keeps failing (permissions, network, a changed "
    "database), so the secret looks rotated on paper and is not.",
    "Read the rotation function's logs, fix the cause, then retry the "
    "rotation with the command."};

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  const AuditPolicy& policy = *ctx.policy;
  int64_t grace = static_cast<int64_t>(policy.failing_grace_days) * 86400;
  for (const Secret& s : inv.secrets) {
    if (IsDeleted(s) || s.rotation_enabled != true || !s.next_rotation) {
      continue;
    }
    if (ctx.now <= *s.next_rotation + grace) continue;
    std::string label = ResourceLabel(s.origin, s.name, s.arn);
    out->Add(info, info.severity, s.origin, s.origin.where, label, s.arn,
             ResourceIdentity("secret", s.origin, s.name, s.arn),
             fmt::format("Secret {} was due to rotate on {}, {} days ago: "
                         "its rotation is failing",
                         label, FormatDate(*s.next_rotation),
                         DaysBetween(*s.next_rotation, ctx.now)),
             "aws secretsmanager rotate-secret --secret-id " + SecretIdArg(s));
  }
}

}  // namespace

std::unique_ptr<Check> NewRotationFailingCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
