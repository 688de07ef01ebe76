// rotation-overdue: never rotated, or last rotated too long ago.
#include <fmt/format.h>

#include "auditor/aws_time.h"
#include "auditor/checks.h"
#include "auditor/rotation_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "rotation-overdue", "rotation", Severity::kMedium,
    "Secret never rotated, or last rotated too long ago",
    "Whatever the configuration says, the value in use is as old as its last "
    "rotation. A secret older than the maximum age has been exposed to every "
    "incident, log and departure since then. Judged on LastRotatedDate, or "
    "CreatedDate for a secret never rotated; sources without dates "
    "(templates, plans) are not judged.",
    "Rotate the secret now, then fix what kept it from rotating (see "
    "rotation-disabled and rotation-failing)."};

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  const AuditPolicy& policy = *ctx.policy;
  if (policy.max_rotation_age_days <= 0) return;
  for (const Secret& s : inv.secrets) {
    if (IsDeleted(s)) continue;
    std::string label = ResourceLabel(s.origin, s.name, s.arn);
    std::string message;
    if (s.last_rotated) {
      int64_t age = DaysBetween(*s.last_rotated, ctx.now);
      if (age <= policy.max_rotation_age_days) continue;
      message = fmt::format(
          "Secret {} was last rotated on {}, {} days ago (maximum {})", label,
          FormatDate(*s.last_rotated), age, policy.max_rotation_age_days);
    } else if (s.created) {
      int64_t age = DaysBetween(*s.created, ctx.now);
      if (age <= policy.max_rotation_age_days) continue;
      message = fmt::format(
          "Secret {} has never been rotated since it was created on {}, {} "
          "days ago (maximum {})",
          label, FormatDate(*s.created), age, policy.max_rotation_age_days);
    } else {
      continue;
    }
    out->Add(info, info.severity, s.origin, s.origin.where, label, s.arn,
             ResourceIdentity("secret", s.origin, s.name, s.arn), message,
             "aws secretsmanager rotate-secret --secret-id " + SecretIdArg(s));
  }
}

}  // namespace

std::unique_ptr<Check> NewRotationOverdueCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
