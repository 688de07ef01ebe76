// IAM policy documents (resource policies on secrets, identity policies on
// users, groups and roles) parsed into statements the policy checks can
// reason about, plus the matching rules IAM itself uses for actions.
//
// Accepted shapes, as IAM accepts them: Statement as one object or a list;
// Principal / NotPrincipal as "*" or a map of type -> value or list;
// Action / NotAction / Resource / NotResource as a string or a list;
// Condition as operator -> key -> value or list. Values that a template
// could not resolve arrive as "${...}" placeholders (see cfn_loader.h).
//
// Thread-safety: plain data and pure functions.
#ifndef KEYLINT_AUDITOR_IAM_POLICY_H_
#define KEYLINT_AUDITOR_IAM_POLICY_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auditor/doc.h"

namespace keylint {

struct PolicyPrincipal {
  bool wildcard = false;  // "*" or {"AWS": "*"} (or "*" in an AWS list)
  // (type, value): type is "AWS", "Service", "Federated" or "CanonicalUser".
  std::vector<std::pair<std::string, std::string>> entries;
};

struct PolicyCondition {
  std::string op;   // e.g. "StringEquals", "ForAnyValue:StringLike"
  std::string key;  // e.g. "aws:PrincipalOrgID"
  std::vector<std::string> values;
};

struct PolicyStatement {
  std::string sid;
  bool allow = true;
  bool has_principal = false;
  bool has_not_principal = false;
  PolicyPrincipal principal;      // Principal
  PolicyPrincipal not_principal;  // NotPrincipal
  bool not_action = false;        // `actions` came from NotAction
  std::vector<std::string> actions;
  bool not_resource = false;      // `resources` came from NotResource
  std::vector<std::string> resources;
  std::vector<PolicyCondition> conditions;
  int index = 0;  // position in the document, 0-based
  int line = 0;   // where the statement is, when the source knows
  int column = 0;
};

struct PolicyDocument {
  std::vector<PolicyStatement> statements;
};

// Parses a policy from its JSON shape. Returns false with a one-line
// `error` (naming the element, never quoting values) when the document is
// not a policy. Statements without a position take (line, column).
bool ParsePolicyDocument(const DocNode& doc, int line, int column,
                         PolicyDocument* out, std::string* error);

// Parses policy JSON held in a string (exports, Terraform): plain JSON or
// URL-encoded JSON as IAM returns it. Every statement is placed at
// (line, column), the position of the string in its file.
bool ParsePolicyText(std::string_view text, int line, int column,
                     PolicyDocument* out, std::string* error);

// IAM action matching: case-insensitive, `*` and `?` wildcards in the
// pattern. ActionMatches("secretsmanager:Get*", "secretsmanager:GetSecretValue").
bool ActionMatches(std::string_view pattern, std::string_view action);

// True when the statement's actions allow `action` (taking NotAction into
// account: NotAction allows every action it does not list).
bool StatementAllowsAction(const PolicyStatement& s, std::string_view action);

// True for "*" and for ARNs whose resource part is only a wildcard
// ("arn:aws:secretsmanager:*:*:secret:*", "arn:aws:ssm:us-east-1:1:parameter/*").
bool IsWildcardResource(std::string_view resource);

// The 12-digit account of a principal value ("123456789012",
// "arn:aws:iam::123456789012:root", "arn:aws:sts::1:assumed-role/..."), or
// nullopt when it names none (a service, a placeholder, "*").
std::optional<std::string> PrincipalAccount(std::string_view value);

// The account field of any ARN, when it is 12 digits.
std::optional<std::string> ArnAccount(std::string_view arn);

// True when a condition operator restricts by matching (StringEquals,
// ArnLike, ForAnyValue:StringEquals, ...) rather than by exclusion
// (StringNotEquals), existence (Null), optionally (...IfExists) or
// vacuously (ForAllValues:..., true when the key is absent).
bool IsMatchingConditionOperator(std::string_view op);

// True when `key` matches one of `patterns` (case-insensitive, `*` allowed).
bool ConditionKeyIn(std::string_view key,
                    const std::vector<std::string>& patterns);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_IAM_POLICY_H_
