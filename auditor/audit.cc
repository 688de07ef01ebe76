#include "auditor/audit.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>

#include "auditor/audit_summary.h"
#include "auditor/aws_time.h"
#include "auditor/checks.h"
#include "auditor/text_util.h"
#include "rules/finding.h"

namespace keylint {
namespace {

bool Disabled(const AuditPolicy& policy, std::string_view id) {
  for (const CheckIdRef& d : policy.disable) {
    if (d.id == id) return true;
  }
  return false;
}

Severity EffectiveSeverity(const AuditPolicy& policy, std::string_view id,
                           Severity reported) {
  Severity s = reported;
  for (const SeverityOverride& o : policy.severity) {
    if (o.id == id) s = o.severity;
  }
  return s;
}

bool Skipped(const AuditFinding& f) {
  if (f.origin == nullptr) return false;
  for (const CheckSkip& skip : f.origin->skips) {
    if (skip.check == f.check->id) return true;
  }
  return false;
}

bool SuppressionMatches(const AuditSuppression& s, const AuditFinding& f) {
  if (!GlobMatch(s.check, f.check->id)) return false;
  if (!GlobMatch(s.path.empty() ? "*" : s.path, f.where.path)) return false;
  if (s.resource.empty() || s.resource == "*") return true;
  for (std::string_view candidate :
       {std::string_view(f.resource), std::string_view(f.arn),
        f.origin ? std::string_view(f.origin->logical_id)
                 : std::string_view()}) {
    if (!candidate.empty() && GlobMatch(s.resource, candidate)) return true;
  }
  return false;
}

std::string WithFix(const AuditFinding& f) {
  std::string message = f.message;
  if (!message.empty() && message.back() != '.') message.push_back('.');
  if (!f.fix.empty()) message += " Fix: " + f.fix;
  return message;
}

}  // namespace

Status ValidatePolicyCheckIds(const AuditPolicy& policy,
                              const CheckRegistry& registry) {
  for (const CheckIdRef& d : policy.disable) {
    if (registry.Find(d.id) == nullptr) {
      return Status::InvalidArgument(
          fmt::format("{}: cannot disable unknown check '{}'", d.where, d.id));
    }
  }
  for (const SeverityOverride& o : policy.severity) {
    if (registry.Find(o.id) == nullptr) {
      return Status::InvalidArgument(fmt::format(
          "{}: severity given for unknown check '{}'", o.where, o.id));
    }
  }
  for (const AuditSuppression& s : policy.suppressions) {
    bool any = false;
    for (const auto& c : registry.checks()) {
      if (GlobMatch(s.check, c->info().id)) any = true;
    }
    if (!any) {
      return Status::InvalidArgument(fmt::format(
          "{}: suppression names no known check ('{}')", s.where, s.check));
    }
  }
  return Status::Ok();
}

void AuditInventory(const Inventory& inventory, const CheckRegistry& registry,
                    const AuditPolicy& policy, SecretClassifier* classifier,
                    int64_t now, std::vector<Finding>* findings,
                    std::vector<InputError>* errors) {
  // Skips naming unknown checks are typos: say so, once each.
  auto check_skips = [&](const ResourceOrigin& origin) {
    for (const CheckSkip& skip : origin.skips) {
      if (registry.Find(skip.check) == nullptr) {
        errors->push_back(
            {skip.where.path, skip.where.line,
             fmt::format("{}: keylint skip names unknown check '{}'",
                         origin.logical_id, skip.check)});
      }
    }
  };
  for (const auto& r : inventory.secrets) check_skips(r.origin);
  for (const auto& r : inventory.parameters) check_skips(r.origin);
  for (const auto& r : inventory.resource_policies) check_skips(r.origin);
  for (const auto& r : inventory.identity_policies) check_skips(r.origin);
  for (const auto& r : inventory.functions) check_skips(r.origin);
  for (const auto& r : inventory.task_definitions) check_skips(r.origin);

  AuditContext ctx;
  ctx.policy = &policy;
  ctx.classifier = classifier;
  ctx.now = now;
  FindingCollector collector;
  for (const auto& check : registry.checks()) {
    if (Disabled(policy, check->info().id)) continue;
    check->Run(inventory, ctx, &collector);
  }
  std::set<std::string> seen;  // one finding per fingerprint and place
  for (const AuditFinding& f : collector.findings()) {
    if (Skipped(f)) continue;
    std::string expired_note;
    bool suppressed = false;
    for (const AuditSuppression& s : policy.suppressions) {
      if (!SuppressionMatches(s, f)) continue;
      if (s.expires && *s.expires < now) {
        expired_note = fmt::format(" (suppression at {} expired on {})",
                                   s.where, s.expires_text);
        continue;
      }
      suppressed = true;
      break;
    }
    if (suppressed) continue;
    Finding out;
    out.rule_id = std::string(f.check->id);
    out.category = std::string(f.check->family);
    out.severity = EffectiveSeverity(policy, f.check->id, f.severity);
    out.message = WithFix(f);
    if (!expired_note.empty()) {
      // Before " Fix:" so that the command stays last.
      size_t fix = out.message.find(" Fix: ");
      out.message.insert(fix == std::string::npos ? out.message.size() : fix,
                         expired_note);
    }
    out.resource = f.resource;
    out.path = f.where.path;
    out.line = f.where.line;
    out.column = f.where.line > 0 ? std::max(1, f.where.column) : 0;
    out.fingerprint = Fingerprint(f.check->id, f.identity);
    std::string key = fmt::format("{}\n{}\n{}", out.fingerprint, out.path,
                                  out.line);
    if (!seen.insert(key).second) continue;
    findings->push_back(std::move(out));
  }
}

std::vector<RuleInfo> AuditRuleInfos(const CheckRegistry& registry,
                                     const AuditPolicy& policy) {
  std::vector<RuleInfo> infos;
  for (const auto& check : registry.checks()) {
    const CheckInfo& c = check->info();
    if (Disabled(policy, c.id)) continue;
    RuleInfo r;
    r.id = std::string(c.id);
    r.description = std::string(c.title);
    r.severity = EffectiveSeverity(policy, c.id, c.severity);
    r.category = std::string(c.family);
    r.tags = {"audit", std::string(c.family)};
    r.help = std::string(c.rationale) + "\n\nRemediation: " +
             std::string(c.remediation);
    infos.push_back(std::move(r));
  }
  std::sort(infos.begin(), infos.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  return infos;
}

Status RunAuditWith(const InventoryLoader& load, const AuditPolicy& policy,
                    const RulesDatabase* db, int64_t now, Report* report) {
  auto start = std::chrono::steady_clock::now();
  CheckRegistry registry;
  RegisterAllChecks(&registry);
  KL_RETURN_IF_ERROR(ValidatePolicyCheckIds(policy, registry));

  Inventory inventory;
  KL_RETURN_IF_ERROR(load(&inventory, &report->errors));
  SecretClassifier classifier(db);
  if (now == 0) now = static_cast<int64_t>(std::time(nullptr));
  AuditInventory(inventory, registry, policy, &classifier, now,
                 &report->findings, &report->errors);
  SortFindings(&report->findings);
  SummarizeAudit(inventory, policy, report->findings, now, &report->audit);
  report->rules = AuditRuleInfos(registry, policy);
  report->stats.threads = 1;
  report->stats.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return Status::Ok();
}

Status RunAudit(const std::vector<std::string>& paths,
                const AuditPolicy& policy, const RulesDatabase* db,
                const AuditOptions& options, Report* report) {
  SourceLoadStats stats;
  KL_RETURN_IF_ERROR(RunAuditWith(
      [&](Inventory* inventory, std::vector<InputError>* errors) {
        return LoadSources(paths, options.load, inventory, errors, &stats);
      },
      policy, db, options.now, report));
  report->stats.files_scanned = stats.files_loaded;
  report->stats.files_skipped = stats.files_skipped;
  report->stats.bytes_scanned = stats.bytes_read;
  return Status::Ok();
}

}  // namespace keylint
