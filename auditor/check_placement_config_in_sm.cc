// placement-config-in-secrets-manager: plain configuration kept in Secrets
// Manager.
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/placement_util.h"
#include "auditor/sensitivity.h"
#include "auditor/text_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "placement-config-in-secrets-manager", "placement", Severity::kMedium,
    "Plain configuration kept in Secrets Manager",
    "Secrets Manager charges per secret per month (0.40 USD by default in "
    "the policy) and per API call, and its readers need "
    "secretsmanager:GetSecretValue, so configuration stored there costs "
    "money and trains people to grant secret access for non-secrets. A "
    "secret is taken for configuration when its name or tags carry "
    "configuration words (endpoint, url, host, port, region, flags, "
    "settings, ...) and nothing says it is secret; the config scope is "
    "naming-scope-mismatch's case.",
    "Move the value to a String parameter (free in the Standard tier), "
    "point readers at it, and schedule the secret for deletion."};

std::string ConfigTag(const Tags& tags, const AuditPolicy& policy) {
  for (const auto& [k, v] : tags) {
    std::vector<std::string> words = Words(k);
    for (const std::string& w : Words(v)) words.push_back(w);
    if (!FindKeyword(words, policy.config_keywords).empty()) {
      return "tag " + k + "=" + v;
    }
  }
  return {};
}

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  const AuditPolicy& policy = *ctx.policy;
  for (const Secret& s : inv.secrets) {
    if (s.name.empty() || !s.owning_service.empty() || s.deleted) continue;
    NameParts parts = SplitName(s.name);
    if (!policy.config_scope.empty() && parts.scope == policy.config_scope) {
      continue;
    }
    if (!SensitiveNameWord(s.name, policy).empty() ||
        !SensitiveTagReason(s.tags, policy).empty() ||
        (!policy.secret_scope.empty() && parts.scope == policy.secret_scope)) {
      continue;
    }
    std::string reason;
    if (std::string word = ConfigNameWord(s.name, policy); !word.empty()) {
      reason = fmt::format("its name says '{}'", word);
    } else if (std::string tag = ConfigTag(s.tags, policy); !tag.empty()) {
      reason = tag;
    } else {
      continue;
    }
    if (s.value.kind == SourceValue::Kind::kLiteral && ctx.classifier &&
        !ctx.classifier->Classify(LeafName(s.name), s.value.literal).empty()) {
      continue;  // the value itself is a secret
    }
    std::string label = ResourceLabel(s.origin, s.name, s.arn);
    std::string param =
        (policy.parameter_layout.leading_slash ? "/" : "") + s.name;
    out->Add(info, info.severity, s.origin, s.origin.where, label, s.arn,
             ResourceIdentity("secret", s.origin, s.name, s.arn),
             fmt::format("Secret {} looks like plain configuration ({}); it "
                         "costs ${:.2f} a month (${:.2f} a year) in Secrets "
                         "Manager, a Standard parameter is free",
                         label, reason, policy.secret_monthly_cost_usd,
                         policy.secret_monthly_cost_usd * 12),
             fmt::format("aws ssm put-parameter --name {} --type String "
                         "--value \"$(aws secretsmanager get-secret-value "
                         "--secret-id {} --query SecretString --output "
                         "text)\" && aws secretsmanager delete-secret "
                         "--secret-id {} --recovery-window-in-days 7",
                         ShellArg(param), SecretIdArg(s), SecretIdArg(s)));
  }
}

}  // namespace

std::unique_ptr<Check> NewPlacementConfigInSecretsManagerCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
