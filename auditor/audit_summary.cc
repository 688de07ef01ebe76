#include "auditor/audit_summary.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include "auditor/aws_time.h"
#include "auditor/policy_analysis.h"
#include "auditor/sensitivity.h"
#include "auditor/text_util.h"

namespace keylint {
namespace {

// arn:partition:service:region:account:resource
void AddArn(std::string_view arn, std::set<std::string>* accounts,
            std::set<std::string>* regions) {
  if (!arn.starts_with("arn:")) return;
  std::vector<std::string> parts = Split(arn, ':');
  if (parts.size() < 6) return;
  // Template placeholders (${AWS::Region}) are not regions or accounts.
  if (!parts[3].empty() && parts[3].find('$') == std::string::npos) {
    regions->insert(parts[3]);
  }
  if (parts[4].size() == 12 &&
      std::all_of(parts[4].begin(), parts[4].end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    accounts->insert(parts[4]);
  }
}

// Environment and application from an /env/app/scope/name name: only when
// the name has at least env/app/scope and, where the policy lists the
// environments, the first segment is one of them.
void EnvironmentAndApplication(std::string_view name,
                               const AuditPolicy& policy,
                               AuditRunInfo::Resource* r) {
  NameParts parts = SplitName(name);
  if (parts.segments.size() < 3) return;
  const std::string& env = parts.segments[0];
  if (!policy.environments.empty() &&
      std::find(policy.environments.begin(), policy.environments.end(),
                env) == policy.environments.end()) {
    return;
  }
  r->environment = env;
  r->application = parts.segments[1];
}

}  // namespace

std::string FormatRfc3339(int64_t unix_seconds) {
  return FormatUtc(unix_seconds, "%Y-%m-%dT%H:%M:%SZ");
}

void SummarizeAudit(const Inventory& inv, const AuditPolicy& policy,
                    const std::vector<Finding>& findings, int64_t now,
                    AuditRunInfo* ctx) {
  std::set<std::string> accounts(ctx->accounts.begin(), ctx->accounts.end());
  std::set<std::string> regions(ctx->regions.begin(), ctx->regions.end());
  std::vector<AuditRunInfo::Resource> resources;
  auto add = [&](std::string_view kind, std::string label,
                 std::string_view name) {
    AuditRunInfo::Resource r;
    r.kind = std::string(kind);
    r.label = std::move(label);
    if (!name.empty()) EnvironmentAndApplication(name, policy, &r);
    resources.push_back(std::move(r));
  };
  for (const Secret& s : inv.secrets) {
    AddArn(s.arn, &accounts, &regions);
    if (!s.region.empty()) regions.insert(s.region);
    add("secret", ResourceLabel(s.origin, s.name, s.arn), s.name);
  }
  for (const Parameter& p : inv.parameters) {
    AddArn(p.arn, &accounts, &regions);
    if (!p.region.empty()) regions.insert(p.region);
    add("parameter", ResourceLabel(p.origin, p.name, p.arn), p.name);
  }
  for (const ResourcePolicy& p : inv.resource_policies) {
    AddArn(p.secret, &accounts, &regions);
    std::string label = PolicySecretLabel(p);
    add("resource-policy", label, p.secret_name.empty() ? label : p.secret_name);
  }
  for (const IdentityPolicy& p : inv.identity_policies) {
    AddArn(p.arn, &accounts, &regions);
    add("identity-policy", IdentityPolicyLabel(p), {});
  }
  for (const LambdaFunction& f : inv.functions) {
    AddArn(f.arn, &accounts, &regions);
    if (!f.region.empty()) regions.insert(f.region);
    add("lambda-function", ResourceLabel(f.origin, f.name, f.arn), {});
  }
  for (const EcsTaskDefinition& t : inv.task_definitions) {
    AddArn(t.arn, &accounts, &regions);
    add("ecs-task-definition", ResourceLabel(t.origin, t.family, t.arn), {});
  }
  std::sort(resources.begin(), resources.end(),
            [](const AuditRunInfo::Resource& a,
               const AuditRunInfo::Resource& b) {
              return std::tie(a.kind, a.label) < std::tie(b.kind, b.label);
            });

  if (ctx->resource_counts.empty()) {
    std::map<std::string, uint64_t> counts;
    for (const AuditRunInfo::Resource& r : resources) ++counts[r.kind];
    ctx->resource_counts.assign(counts.begin(), counts.end());
  }
  ctx->accounts.assign(accounts.begin(), accounts.end());
  ctx->regions.assign(regions.begin(), regions.end());
  if (ctx->started_at.empty()) ctx->started_at = FormatRfc3339(now);
  if (ctx->source.empty()) ctx->source = "offline";
  ctx->secret_monthly_cost_usd = policy.secret_monthly_cost_usd;

  // Which resources (by label) have findings of a family or check.
  std::set<std::string> naming_flagged, exposed, plaintext;
  for (const Finding& f : findings) {
    if (f.category == "naming") naming_flagged.insert(f.resource);
    if (f.rule_id == "policy-public-principal" ||
        f.rule_id == "policy-untrusted-account") {
      exposed.insert(f.resource);
    }
    if (f.rule_id == "placement-plaintext-parameter" ||
        f.rule_id == "placement-cfn-sensitive-parameter") {
      plaintext.insert(f.resource);
    }
  }

  AuditRunInfo::Rate naming{"naming", "Names follow the convention"};
  AuditRunInfo::Rate rotation{"rotation", "Secrets with automatic rotation"};
  AuditRunInfo::Rate secure{"securestring",
                            "Secret parameters stored as SecureString"};
  AuditRunInfo::Rate policies{
      "policy-exposure", "Resource policies neither public nor cross-account"};
  for (const Secret& s : inv.secrets) {
    if (s.deleted) continue;
    if (!s.name.empty()) {
      ++naming.total;
      if (!naming_flagged.contains(s.name)) ++naming.compliant;
    }
    if (policy.exempt_service_owned && !s.owning_service.empty()) continue;
    ++rotation.total;
    if (s.rotation_enabled.value_or(false) || s.hosted_rotation) {
      ++rotation.compliant;
    }
  }
  for (const Parameter& p : inv.parameters) {
    std::string label = ResourceLabel(p.origin, p.name, p.arn);
    if (!p.name.empty()) {
      ++naming.total;
      if (!naming_flagged.contains(p.name)) ++naming.compliant;
    }
    if (p.type == "SecureString") {
      ++secure.total;
      ++secure.compliant;
    } else if (plaintext.contains(label)) {
      ++secure.total;
    }
  }
  for (const ResourcePolicy& p : inv.resource_policies) {
    ++policies.total;
    if (!exposed.contains(PolicySecretLabel(p))) ++policies.compliant;
  }
  ctx->compliance = {naming, rotation, secure, policies};
  ctx->resources = std::move(resources);
}

}  // namespace keylint
