// What the placement checks share: why a parameter or a secret is taken to
// hold a secret (or plain configuration), and the commands that move values
// between stores without printing them.
//
// Thread-safety: one thread at a time (uses the context's classifier).
#ifndef KEYLINT_AUDITOR_PLACEMENT_UTIL_H_
#define KEYLINT_AUDITOR_PLACEMENT_UTIL_H_

#include <string>
#include <vector>

#include "auditor/check.h"
#include "auditor/resource.h"

namespace keylint {

// Why `p` holds a secret, one phrase each: "its name says 'password'",
// "tag Classification=secret", "it is in the 'secrets' scope", "its value
// matches rule github-pat", "its value resolves a secret at deploy time".
// Empty when nothing says so.
std::vector<std::string> ParameterSecretReasons(const Parameter& p,
                                                const AuditContext& ctx);

// "a; b and c".
std::string JoinReasons(const std::vector<std::string>& reasons);

// aws ssm put-parameter --type SecureString --overwrite with the current
// value, read without printing it.
std::string SecureStringFix(const Parameter& p, const std::string& key_id);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_PLACEMENT_UTIL_H_
