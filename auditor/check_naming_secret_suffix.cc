// naming-secret-random-suffix: secret names do not end in '-' plus six
// characters.
#include <fmt/format.h>

#include <cctype>

#include "auditor/checks.h"
#include "auditor/naming_convention.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "naming-secret-random-suffix", "naming", Severity::kLow,
    "Secret name ends in a hyphen and six characters",
    "Secrets Manager appends '-' and six random characters to every secret "
    "ARN. Tools and policies that find a secret by partial ARN cannot tell "
    "'prod/app/secrets/db-abcdef' from the secret 'prod/app/secrets/db' "
    "with its suffix, so they may read or grant the wrong secret.",
    "Recreate the secret under a name that does not end in '-' and six "
    "characters, then delete the old one."};

bool HasSuffix(std::string_view name) {
  if (name.size() < 7 || name[name.size() - 7] != '-') return false;
  for (char c : name.substr(name.size() - 6)) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  for (const Secret& s : inv.secrets) {
    if (!HasSuffix(s.name) || !s.owning_service.empty()) continue;
    std::string renamed = s.name.substr(0, s.name.size() - 7);
    if (NamingProblems(renamed, ctx.policy->secret_layout, *ctx.policy)
            .size() > 0) {
      renamed = ConventionText(ctx.policy->secret_layout);
    }
    out->Add(info, info.severity, s.origin, s.origin.where, s.name, s.arn,
             ResourceIdentity("secret", s.origin, s.name, s.arn),
             fmt::format("Secret {} ends in '-' and six characters, which "
                         "partial-ARN lookups confuse with Secrets Manager's "
                         "random suffix",
                         s.name),
             RenameSecretFix(s, renamed));
  }
}

}  // namespace

std::unique_ptr<Check> NewNamingSecretSuffixCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
