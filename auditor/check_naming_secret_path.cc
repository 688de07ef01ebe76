// naming-secret-path: secret names follow env/app/scope/name.
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/naming_convention.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "naming-secret-path", "naming", Severity::kMedium,
    "Secret name does not follow the env/app/scope/name convention",
    "Resource-based and identity policies scope Secrets Manager access with "
    "name prefixes (secret:prod/payments/*). A secret outside the "
    "convention is either left out of those policies or forces a wildcard, "
    "and its name does not say which environment and application own it.",
    "Create the secret under a conforming name, move its readers and its "
    "rotation to it, then schedule the old one for deletion. Secrets cannot "
    "be renamed; the command copies the value without printing it. In a "
    "template, change the Name property instead."};

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  const AuditPolicy& policy = *ctx.policy;
  for (const Secret& s : inv.secrets) {
    if (s.name.empty() || !s.owning_service.empty()) continue;
    std::vector<std::string> problems =
        NamingProblems(s.name, policy.secret_layout, policy);
    if (problems.empty()) continue;
    std::string joined;
    for (const std::string& problem : problems) {
      joined += (joined.empty() ? "" : "; ") + problem;
    }
    out->Add(info, info.severity, s.origin, s.origin.where, s.name, s.arn,
             ResourceIdentity("secret", s.origin, s.name, s.arn),
             fmt::format("Secret {} does not follow {}: {}", s.name,
                         ConventionText(policy.secret_layout), joined),
             RenameSecretFix(
                 s, SuggestName(s.name, policy.secret_layout, policy)));
  }
}

}  // namespace

std::unique_ptr<Check> NewNamingSecretPathCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
