#include "auditor/placement_util.h"

#include <fmt/format.h>

#include "auditor/sensitivity.h"
#include "auditor/text_util.h"

namespace keylint {

std::vector<std::string> ParameterSecretReasons(const Parameter& p,
                                                const AuditContext& ctx) {
  const AuditPolicy& policy = *ctx.policy;
  std::vector<std::string> reasons;
  if (std::string word = SensitiveNameWord(p.name, policy); !word.empty()) {
    reasons.push_back(fmt::format("its name says '{}'", word));
  }
  if (std::string tag = SensitiveTagReason(p.tags, policy); !tag.empty()) {
    reasons.push_back(tag);
  }
  if (!policy.secret_scope.empty() &&
      SplitName(p.name).scope == policy.secret_scope) {
    reasons.push_back(
        fmt::format("it is in the '{}' scope", policy.secret_scope));
  }
  if (p.value.kind == SourceValue::Kind::kLiteral && ctx.classifier) {
    std::string rule =
        ctx.classifier->Classify(LeafName(p.name), p.value.literal);
    if (!rule.empty()) {
      reasons.push_back(fmt::format("its value matches rule {}", rule));
    }
  } else if (p.value.kind == SourceValue::Kind::kSecretReference) {
    reasons.push_back(fmt::format("its value resolves {} at deploy time",
                                  p.value.reference));
  }
  return reasons;
}

std::string JoinReasons(const std::vector<std::string>& reasons) {
  std::string out;
  for (size_t i = 0; i < reasons.size(); ++i) {
    if (i > 0) out += i + 1 == reasons.size() ? " and " : "; ";
    out += reasons[i];
  }
  return out;
}

std::string SecureStringFix(const Parameter& p, const std::string& key_id) {
  std::string name = ParameterNameArg(p);
  return fmt::format(
      "aws ssm put-parameter --name {} --type SecureString{} --overwrite "
      "--value \"$(aws ssm get-parameter --name {} --with-decryption --query "
      "Parameter.Value --output text)\"",
      name, key_id.empty() ? "" : " --key-id " + ShellArg(key_id), name);
}

}  // namespace keylint
