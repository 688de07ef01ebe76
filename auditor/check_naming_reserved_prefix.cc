// naming-reserved-prefix: names do not start with a reserved prefix (aws,
// ssm).
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/naming_convention.h"
#include "auditor/text_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "naming-reserved-prefix", "naming", Severity::kHigh,
    "Name starts with a reserved prefix (aws, ssm)",
    "Parameter Store rejects names that begin with 'aws' or 'ssm' (any "
    "case), and the /aws/ path holds AWS's public parameters; Secrets "
    "Manager and AWS services use such prefixes for the secrets they "
    "manage. A template using one fails to deploy, and a name that looks "
    "AWS-managed is trusted or skipped by people and tools that should "
    "not.",
    "Choose a name whose first segment is an environment, create the value "
    "there, and delete the old one."};

std::string ReservedPrefix(std::string_view name, const AuditPolicy& p) {
  while (!name.empty() && name.front() == '/') name.remove_prefix(1);
  std::string lower = ToLower(name);
  for (const std::string& prefix : p.reserved_prefixes) {
    if (lower.starts_with(ToLower(prefix))) return prefix;
  }
  return {};
}

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  const AuditPolicy& policy = *ctx.policy;
  for (const Parameter& p : inv.parameters) {
    std::string prefix = ReservedPrefix(p.name, policy);
    if (p.name.empty() || prefix.empty()) continue;
    out->Add(info, info.severity, p.origin, p.origin.where, p.name, p.arn,
             ResourceIdentity("parameter", p.origin, p.name, p.arn),
             fmt::format("Parameter {} starts with the reserved prefix '{}'",
                         p.name, prefix),
             RenameParameterFix(p, ConventionText(policy.parameter_layout)));
  }
  for (const Secret& s : inv.secrets) {
    std::string prefix = ReservedPrefix(s.name, policy);
    if (s.name.empty() || prefix.empty() || !s.owning_service.empty()) {
      continue;
    }
    out->Add(info, info.severity, s.origin, s.origin.where, s.name, s.arn,
             ResourceIdentity("secret", s.origin, s.name, s.arn),
             fmt::format("Secret {} starts with the reserved prefix '{}'",
                         s.name, prefix),
             RenameSecretFix(s, ConventionText(policy.secret_layout)));
  }
}

}  // namespace

std::unique_ptr<Check> NewNamingReservedPrefixCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
