// What the rotation checks share: which secrets they look at, whether a
// secret is a credential, and the rotate-secret command.
//
// Thread-safety: pure functions.
#ifndef KEYLINT_AUDITOR_ROTATION_UTIL_H_
#define KEYLINT_AUDITOR_ROTATION_UTIL_H_

#include <cstdint>
#include <string>

#include "auditor/resource.h"
#include "rules/audit_policy.h"

namespace keylint {

// Scheduled for deletion: rotation no longer matters.
inline bool IsDeleted(const Secret& s) { return s.deleted.has_value(); }

// The credential keyword in the secret's name, description or tags ("db"),
// or "".
std::string CredentialWord(const Secret& s, const AuditPolicy& policy);

// The interval to suggest: the policy's maximum (30 days when unset).
int SuggestedRotationDays(const AuditPolicy& policy);

// aws secretsmanager rotate-secret --secret-id ... [--rotation-lambda-arn
// ...] --rotation-rules '{"ScheduleExpression":"rate(N days)"}'.
std::string RotateSecretFix(const Secret& s, const AuditPolicy& policy,
                            bool with_function, bool immediately);

// Whole days between two Unix times (rounded down).
int64_t DaysBetween(int64_t earlier, int64_t later);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_ROTATION_UTIL_H_
