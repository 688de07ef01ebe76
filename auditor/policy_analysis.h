// What the policy checks share: who a statement grants access to, where a
// statement is, and the command that replaces the policy.
//
// "Others" are every principal outside the secret's own account: "*",
// other accounts, services and federated identities. A principal written
// with a template placeholder (${AWS::AccountId}, ${MyRole.Arn}) belongs to
// the template's own account.
//
// Thread-safety: pure functions.
#ifndef KEYLINT_AUDITOR_POLICY_ANALYSIS_H_
#define KEYLINT_AUDITOR_POLICY_ANALYSIS_H_

#include <string>
#include <vector>

#include "auditor/check.h"
#include "auditor/iam_policy.h"
#include "auditor/resource.h"

namespace keylint {

// True when `value` (an AWS principal) is the owner's own account.
bool IsOwnPrincipal(std::string_view value, const std::string& owner_account);

// The principals an Allow statement grants beyond the owner's account,
// as written ("*", "arn:aws:iam::111122223333:root", "Service:x"). Empty
// when it grants only the owner's account.
std::vector<std::string> OtherPrincipals(const PolicyStatement& s,
                                         const std::string& owner_account);

// "statement 2 (Sid AllowReaders)".
std::string StatementLabel(const PolicyStatement& s);

// Where the statement is, falling back on the policy's position.
SourceLocation StatementWhere(const ResourceOrigin& origin,
                              const PolicyStatement& s);

// The secret a resource policy governs, for messages.
std::string PolicySecretLabel(const ResourcePolicy& p);

// aws secretsmanager put-resource-policy ... with the corrected document.
std::string ResourcePolicyFix(const ResourcePolicy& p);

// aws iam create-policy-version / put-role-policy / put-user-policy /
// put-group-policy ... with the corrected document.
std::string IdentityPolicyFix(const IdentityPolicy& p);

// "policy NAME of role R", "managed policy NAME".
std::string IdentityPolicyLabel(const IdentityPolicy& p);

// True when the statement applies to every resource ("*", an ARN that is
// only a wildcard, or NotResource).
bool CoversEveryResource(const PolicyStatement& s);

// Reports statement `s` of a resource policy: "Resource policy of secret X
// <what> in statement N", at the statement, with the put-resource-policy fix.
void ReportStatement(const CheckInfo& info, Severity severity,
                     const ResourcePolicy& p, const PolicyStatement& s,
                     std::string_view what, FindingCollector* out);

// The same for an identity policy: "<policy label> <what> in statement N".
void ReportStatement(const CheckInfo& info, Severity severity,
                     const IdentityPolicy& p, const PolicyStatement& s,
                     std::string_view what, FindingCollector* out);

// Joins up to `max` items with ", " and adds "and N more".
std::string JoinLimited(const std::vector<std::string>& items, size_t max);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_POLICY_ANALYSIS_H_
