#include "auditor/policy_analysis.h"

#include <fmt/format.h>

#include "auditor/text_util.h"

namespace keylint {

bool IsOwnPrincipal(std::string_view value, const std::string& owner_account) {
  if (value == "*") return false;
  if (value.find("${") != std::string_view::npos) return true;
  std::optional<std::string> account = PrincipalAccount(value);
  return account && !owner_account.empty() && *account == owner_account;
}

std::vector<std::string> OtherPrincipals(const PolicyStatement& s,
                                         const std::string& owner_account) {
  std::vector<std::string> others;
  if (s.principal.wildcard) others.push_back("*");
  for (const auto& [type, value] : s.principal.entries) {
    if (type == "AWS") {
      if (value == "*" || IsOwnPrincipal(value, owner_account)) continue;
      others.push_back(value);
    } else {
      others.push_back(type + ":" + value);
    }
  }
  return others;
}

std::string StatementLabel(const PolicyStatement& s) {
  if (s.sid.empty()) return fmt::format("statement {}", s.index + 1);
  return fmt::format("statement {} ({})", s.index + 1, s.sid);
}

SourceLocation StatementWhere(const ResourceOrigin& origin,
                              const PolicyStatement& s) {
  SourceLocation where = origin.where;
  if (s.line > 0) {
    where.line = s.line;
    where.column = s.column;
  }
  return where;
}

std::string PolicySecretLabel(const ResourcePolicy& p) {
  if (!p.secret_name.empty()) return p.secret_name;
  if (!p.secret.empty()) return p.secret;
  return p.origin.logical_id;
}

std::string ResourcePolicyFix(const ResourcePolicy& p) {
  std::string id;
  if (!p.secret.empty() && p.secret.find("${") == std::string::npos) {
    id = ShellArg(p.secret);
  } else if (!p.secret_name.empty()) {
    id = ShellArg(p.secret_name);
  } else {
    id = "'<secret of " + p.origin.logical_id + ">'";
  }
  return fmt::format(
      "aws secretsmanager put-resource-policy --secret-id {} "
      "--resource-policy file://policy.json --block-public-policy",
      id);
}

std::string IdentityPolicyFix(const IdentityPolicy& p) {
  std::string name = p.name.empty() ? "'<policy name>'" : ShellArg(p.name);
  std::string owner = p.owner.empty() ? "'<owner>'" : ShellArg(p.owner);
  switch (p.kind) {
    case IdentityPolicy::Kind::kManaged:
      return fmt::format(
          "aws iam create-policy-version --policy-arn {} --policy-document "
          "file://policy.json --set-as-default",
          p.arn.empty() ? "'arn:aws:iam::<account>:policy/" + p.name + "'"
                        : ShellArg(p.arn));
    case IdentityPolicy::Kind::kRoleInline:
      return fmt::format(
          "aws iam put-role-policy --role-name {} --policy-name {} "
          "--policy-document file://policy.json",
          owner, name);
    case IdentityPolicy::Kind::kUserInline:
      return fmt::format(
          "aws iam put-user-policy --user-name {} --policy-name {} "
          "--policy-document file://policy.json",
          owner, name);
    case IdentityPolicy::Kind::kGroupInline:
      return fmt::format(
          "aws iam put-group-policy --group-name {} --policy-name {} "
          "--policy-document file://policy.json",
          owner, name);
  }
  return {};
}

std::string IdentityPolicyLabel(const IdentityPolicy& p) {
  std::string name = p.name.empty() ? p.origin.logical_id : p.name;
  switch (p.kind) {
    case IdentityPolicy::Kind::kManaged:
      return "managed policy " + name;
    case IdentityPolicy::Kind::kRoleInline:
      return "policy " + name + (p.owner.empty() ? "" : " of role " + p.owner);
    case IdentityPolicy::Kind::kUserInline:
      return "policy " + name + (p.owner.empty() ? "" : " of user " + p.owner);
    case IdentityPolicy::Kind::kGroupInline:
      return "policy " + name +
             (p.owner.empty() ? "" : " of group " + p.owner);
  }
  return name;
}

bool CoversEveryResource(const PolicyStatement& s) {
  if (s.not_resource) return true;
  for (const std::string& r : s.resources) {
    if (IsWildcardResource(r)) return true;
  }
  return false;
}

void ReportStatement(const CheckInfo& info, Severity severity,
                     const ResourcePolicy& p, const PolicyStatement& s,
                     std::string_view what, FindingCollector* out) {
  std::string label = PolicySecretLabel(p);
  out->Add(info, severity, p.origin, StatementWhere(p.origin, s), label,
           p.secret,
           ResourceIdentity("resource-policy", p.origin, label, p.secret) +
               "#" + std::to_string(s.index),
           fmt::format("Resource policy of secret {} {} in {}", label, what,
                       StatementLabel(s)),
           ResourcePolicyFix(p));
}

void ReportStatement(const CheckInfo& info, Severity severity,
                     const IdentityPolicy& p, const PolicyStatement& s,
                     std::string_view what, FindingCollector* out) {
  std::string label = IdentityPolicyLabel(p);
  out->Add(info, severity, p.origin, StatementWhere(p.origin, s), label, p.arn,
           ResourceIdentity("identity-policy", p.origin,
                            p.owner + "/" + p.name, p.arn) +
               "#" + std::to_string(s.index),
           fmt::format("{} {} in {}", label, what, StatementLabel(s)),
           IdentityPolicyFix(p));
}

std::string JoinLimited(const std::vector<std::string>& items, size_t max) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < max; ++i) {
    if (i > 0) out += ", ";
    out += items[i];
  }
  if (items.size() > max) {
    out += fmt::format(" and {} more", items.size() - max);
  }
  return out;
}

}  // namespace keylint
