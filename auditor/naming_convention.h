// The naming convention the naming checks enforce: "/env/app/scope/name"
// for parameters and "env/app/scope/name" for secrets by default, with the
// layout, environments, scopes, character set and case taken from the
// AuditPolicy. Also the rename commands (neither store can rename in place:
// copy the value to the new name without printing it, then delete).
//
// Thread-safety: pure functions.
#ifndef KEYLINT_AUDITOR_NAMING_CONVENTION_H_
#define KEYLINT_AUDITOR_NAMING_CONVENTION_H_

#include <string>
#include <string_view>
#include <vector>

#include "auditor/resource.h"
#include "rules/audit_policy.h"

namespace keylint {

// What is wrong with `name` under `layout`, one phrase per problem
// ("does not start with '/'", "has 3 segments, not 4"); empty when the name
// follows the convention.
std::vector<std::string> NamingProblems(std::string_view name,
                                        const NamingLayout& layout,
                                        const AuditPolicy& policy);

// The layout as text: "/<env>/<app>/<scope>/<name>".
std::string ConventionText(const NamingLayout& layout);

// A corrected name when the problems are mechanical (slash, case,
// characters), else a placeholder such as "/<env>/<app>/<scope>/<name>".
std::string SuggestName(std::string_view name, const NamingLayout& layout,
                        const AuditPolicy& policy);

// "aws ssm put-parameter --name NEW ... && aws ssm delete-parameter ...".
std::string RenameParameterFix(const Parameter& p, std::string_view new_name);

// "aws secretsmanager create-secret --name NEW ... && ... delete-secret".
std::string RenameSecretFix(const Secret& s, std::string_view new_name);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_NAMING_CONVENTION_H_
