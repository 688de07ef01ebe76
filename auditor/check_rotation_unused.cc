// rotation-unused-secret: not read for longer than the policy allows.
#include <fmt/format.h>

#include "auditor/aws_time.h"
#include "auditor/checks.h"
#include "auditor/rotation_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "rotation-unused-secret", "rotation", Severity::kLow,
    "Secret not read for longer than the unused limit",
    "A secret nothing reads still grants whatever it grants to whoever holds "
    "a copy, still costs a monthly fee and still has to be rotated. Judged "
    "on LastAccessedDate (absent: never read since CreatedDate); sources "
    "without dates are not judged.",
    "Confirm nothing needs it, then schedule it for deletion; the recovery "
    "window allows restoring it with restore-secret."};

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  const AuditPolicy& policy = *ctx.policy;
  if (policy.unused_days <= 0) return;
  for (const Secret& s : inv.secrets) {
    if (IsDeleted(s)) continue;
    std::string label = ResourceLabel(s.origin, s.name, s.arn);
    std::string message;
    if (s.last_accessed) {
      int64_t idle = DaysBetween(*s.last_accessed, ctx.now);
      if (idle <= policy.unused_days) continue;
      message = fmt::format("Secret {} was last read on {}, {} days ago "
                            "(limit {})",
                            label, FormatDate(*s.last_accessed), idle,
                            policy.unused_days);
    } else if (s.created && s.origin.format != SourceFormat::kCloudFormation &&
               s.origin.format != SourceFormat::kTerraform) {
      int64_t idle = DaysBetween(*s.created, ctx.now);
      if (idle <= policy.unused_days) continue;
      message = fmt::format("Secret {} has never been read since it was "
                            "created on {}, {} days ago (limit {})",
                            label, FormatDate(*s.created), idle,
                            policy.unused_days);
    } else {
      continue;
    }
    out->Add(info, info.severity, s.origin, s.origin.where, label, s.arn,
             ResourceIdentity("secret", s.origin, s.name, s.arn), message,
             "aws secretsmanager delete-secret --secret-id " + SecretIdArg(s) +
                 " --recovery-window-in-days 30");
  }
}

}  // namespace

std::unique_ptr<Check> NewRotationUnusedCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
