// placement-standard-tier-oversize: a value over the Standard tier's 4 KB.
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/placement_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "placement-standard-tier-oversize", "placement", Severity::kMedium,
    "Parameter value exceeds the Standard tier's 4 KB",
    "Standard parameters hold at most 4 KB: put-parameter and a template "
    "deploying a larger value fail, and the Intelligent-Tiering tier "
    "silently promotes it to Advanced, which is billed monthly. Large "
    "values (certificate chains, JSON documents) belong in an Advanced "
    "parameter or in Secrets Manager (64 KB). Judged only where a source "
    "carries the value.",
    "Store the value in the Advanced tier (the command), or move it to "
    "Secrets Manager."};

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  const AuditPolicy& policy = *ctx.policy;
  if (policy.standard_tier_max_bytes <= 0) return;
  for (const Parameter& p : inv.parameters) {
    if (!p.value_size || *p.value_size <= policy.standard_tier_max_bytes ||
        p.tier == "Advanced") {
      continue;
    }
    bool intelligent = p.tier == "Intelligent-Tiering";
    std::string label = ResourceLabel(p.origin, p.name, p.arn);
    std::string name = ParameterNameArg(p);
    out->Add(
        info, intelligent ? Severity::kLow : info.severity, p.origin,
        p.value.where.line > 0 ? p.value.where : p.origin.where, label, p.arn,
        ResourceIdentity("parameter", p.origin, p.name, p.arn),
        fmt::format("Parameter {} holds {} bytes, over the Standard tier's {} "
                    "({})",
                    label, *p.value_size, policy.standard_tier_max_bytes,
                    intelligent ? "Intelligent-Tiering bills it as Advanced"
                                : "storing it fails"),
        fmt::format("aws ssm put-parameter --name {} --type {} --tier "
                    "Advanced --overwrite --value \"$(aws ssm get-parameter "
                    "--name {} --with-decryption --query Parameter.Value "
                    "--output text)\"",
                    name, p.type.empty() ? "String" : p.type, name));
  }
}

}  // namespace

std::unique_ptr<Check> NewPlacementOversizedParameterCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
