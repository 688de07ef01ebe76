// naming-environment-tag: the env segment of a name agrees with the
// Environment tag.
#include <fmt/format.h>

#include <algorithm>

#include "auditor/checks.h"
#include "auditor/sensitivity.h"
#include "auditor/text_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "naming-environment-tag", "naming", Severity::kMedium,
    "The environment in the name disagrees with the Environment tag",
    "Tag-based access control (aws:ResourceTag/Environment) and the "
    "path-based policies written for the name then grant different people "
    "access to the same value; a production secret tagged as dev is "
    "readable by whoever may read dev.",
    "Decide which environment the value belongs to. If the name is right, "
    "correct the tag (the command); if the tag is right, recreate the value "
    "under the right name."};

// The environment segment of `name` when the environment tag disagrees
// with it (the tag's value in *tag), else "".
std::string Mismatch(const AuditPolicy& p, const std::string& name,
                     const Tags& tags, std::string* tag) {
  std::string env = SplitName(name).env;
  const std::string* value = FindTag(tags, p.environment_tag);
  bool known_env =
      !env.empty() &&
      (p.environments.empty() || std::find(p.environments.begin(),
                                           p.environments.end(),
                                           env) != p.environments.end());
  if (value == nullptr || !known_env || EqualsIgnoreCase(*value, env)) {
    return {};
  }
  *tag = *value;
  return env;
}

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  const AuditPolicy& policy = *ctx.policy;
  if (policy.environment_tag.empty()) return;
  std::string key = ShellArg(policy.environment_tag), tag;
  constexpr const char* kMessage =
      "{} {} is named for environment '{}' but tagged {}={}";
  for (const Parameter& p : inv.parameters) {
    std::string env = Mismatch(policy, p.name, p.tags, &tag);
    if (env.empty()) continue;
    out->Add(info, info.severity, p.origin, p.origin.where, p.name, p.arn,
             ResourceIdentity("parameter", p.origin, p.name, p.arn),
             fmt::format(fmt::runtime(kMessage), "Parameter", p.name, env,
                         policy.environment_tag, tag),
             fmt::format("aws ssm add-tags-to-resource --resource-type "
                         "Parameter --resource-id {} --tags Key={},Value={}",
                         ParameterNameArg(p), key, ShellArg(env)));
  }
  for (const Secret& s : inv.secrets) {
    std::string env = Mismatch(policy, s.name, s.tags, &tag);
    if (env.empty()) continue;
    out->Add(info, info.severity, s.origin, s.origin.where, s.name, s.arn,
             ResourceIdentity("secret", s.origin, s.name, s.arn),
             fmt::format(fmt::runtime(kMessage), "Secret", s.name, env,
                         policy.environment_tag, tag),
             fmt::format("aws secretsmanager tag-resource --secret-id {} "
                         "--tags Key={},Value={}",
                         SecretIdArg(s), key, ShellArg(env)));
  }
}

}  // namespace

std::unique_ptr<Check> NewNamingEnvironmentTagCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
