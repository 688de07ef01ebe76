// Heuristics over names and tags shared by the naming, rotation and
// placement checks: does a name say it holds a secret, a credential, or
// plain configuration; how does it split into env/app/scope/name.
//
// Keyword matching is word-based: names split into lower-case words at
// punctuation and camelCase ("dbPassword" -> db, password). A keyword
// matches a word that equals it (or its plural); keywords of five letters or
// more also match inside a word ("dbpassword"). A name whose last word is
// a reference word (arn, id, url, ...) names or locates a secret rather
// than holding one.
//
// Thread-safety: pure functions.
#ifndef KEYLINT_AUDITOR_SENSITIVITY_H_
#define KEYLINT_AUDITOR_SENSITIVITY_H_

#include <string>
#include <string_view>
#include <vector>

#include "auditor/resource.h"
#include "rules/audit_policy.h"

namespace keylint {

// The first keyword of `keywords` found among `words`, or "".
std::string FindKeyword(const std::vector<std::string>& words,
                        const std::vector<std::string>& keywords);

// The last '/'-separated segment of a name.
std::string_view LeafName(std::string_view name);

// The sensitive keyword in the leaf of `name` ("password"), or "" (also
// when the leaf ends in a reference word).
std::string SensitiveNameWord(std::string_view name, const AuditPolicy& p);

// "tag Classification=secret" when a tag's key or value carries a sensitive
// keyword, else "".
std::string SensitiveTagReason(const Tags& tags, const AuditPolicy& p);

// The config keyword in the leaf of `name`, or "".
std::string ConfigNameWord(std::string_view name, const AuditPolicy& p);

// The segments of a name in the policy's layout; `leading_slash` says
// whether the name started with '/'.
struct NameParts {
  bool leading_slash = false;
  std::vector<std::string> segments;
  // The env and scope segments, when the name is deep enough (else "").
  std::string env;
  std::string scope;
};
NameParts SplitName(std::string_view name);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_SENSITIVITY_H_
