// The audit driver: sources -> Inventory -> every enabled check -> CFN
// metadata skips and policy suppressions -> severity overrides -> sorted
// Findings in a Report, for the same sinks `scan` uses.
//
// A finding's fingerprint is SHA-256 of the check id and the resource
// identity (ARN, else kind and name, else template path and logical id, plus
// the statement or variable concerned), so it survives line moves. Its
// message ends with "Fix: <AWS CLI command>". Audit findings carry no
// secret, so `redacted` is empty.
//
// Thread-safety: RunAudit may run concurrently with distinct reports.
#ifndef KEYLINT_AUDITOR_AUDIT_H_
#define KEYLINT_AUDITOR_AUDIT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "auditor/check.h"
#include "auditor/source_loader.h"
#include "rules/audit_policy.h"
#include "rules/engine.h"
#include "rules/report.h"
#include "rules/status.h"

namespace keylint {

struct AuditOptions {
  int64_t now = 0;  // Unix seconds; 0 = the current time
  SourceLoadOptions load;
};

// Fails when the policy names a check that does not exist (naming the
// policy entry's file:line:column).
Status ValidatePolicyCheckIds(const AuditPolicy& policy,
                              const CheckRegistry& registry);

// Runs the enabled checks of `registry` over `inventory`, applies skips and
// suppressions, and appends Findings (unsorted) and skip errors.
// `classifier` may be null.
void AuditInventory(const Inventory& inventory, const CheckRegistry& registry,
                    const AuditPolicy& policy, SecretClassifier* classifier,
                    int64_t now, std::vector<Finding>* findings,
                    std::vector<InputError>* errors);

// Rule metadata of the enabled checks, sorted by id, for the sinks.
std::vector<RuleInfo> AuditRuleInfos(const CheckRegistry& registry,
                                     const AuditPolicy& policy);

// Fills an Inventory for RunAuditWith; problems with single inputs go to
// `errors`, a non-OK Status stops the audit.
using InventoryLoader =
    std::function<Status(Inventory*, std::vector<InputError>* errors)>;

// Validates the policy, runs `load`, and audits the inventory into `report`
// (findings sorted, errors, rules, wall time). `now` 0 = the current time.
// The offline paths and the live AWS source both go through it.
Status RunAuditWith(const InventoryLoader& load, const AuditPolicy& policy,
                    const RulesDatabase* db, int64_t now, Report* report);

// Loads `paths` and audits them into `report` (findings sorted, errors,
// rules, stats). `db` classifies values and may be null. Non-OK for a bad
// policy or a missing path; per-file problems land in report->errors.
Status RunAudit(const std::vector<std::string>& paths,
                const AuditPolicy& policy, const RulesDatabase* db,
                const AuditOptions& options, Report* report);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_AUDIT_H_
