// What the audit report says about the inventory as a whole, beyond its
// findings: the accounts and regions seen (from ARNs), counts of resources
// by kind, every resource with the environment and application its name
// gives, and the compliance rates (naming, rotation coverage, SecureString
// coverage, public or cross-account resource policies). The rates need facts
// only the Inventory holds (is rotation on? is it a SecureString?), so they
// are measured here and carried to the sinks in Report::audit.
//
// The live audit fills accounts, regions, the start time and the unreadable
// operations itself; SummarizeAudit keeps what is already there and adds
// what it can see, so both paths call it.
//
// Thread-safety: pure function.
#ifndef KEYLINT_AUDITOR_AUDIT_SUMMARY_H_
#define KEYLINT_AUDITOR_AUDIT_SUMMARY_H_

#include <cstdint>
#include <vector>

#include "auditor/resource.h"
#include "rules/audit_policy.h"
#include "rules/finding.h"
#include "rules/report.h"

namespace keylint {

// Fills `*context` from `inventory` and the final `findings` (after
// suppressions, with Finding::resource set). `now` (Unix seconds) becomes
// started_at when that is empty; source becomes "offline" when empty.
void SummarizeAudit(const Inventory& inventory, const AuditPolicy& policy,
                    const std::vector<Finding>& findings, int64_t now,
                    AuditRunInfo* context);

// "2024-06-01T12:00:00Z".
std::string FormatRfc3339(int64_t unix_seconds);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_AUDIT_SUMMARY_H_
