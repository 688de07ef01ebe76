// The built-in rulesets, compiled into the binary at build time from
// rulesets/detectors/*.yaml (and the audit policy defaults) so that keylint
// works from any working directory, e.g. as a pre-commit hook.
#ifndef KEYLINT_RULES_EMBEDDED_RULESETS_H_
#define KEYLINT_RULES_EMBEDDED_RULESETS_H_

#include <string_view>
#include <vector>

namespace keylint {

struct EmbeddedFile {
  std::string_view path;  // e.g. "rulesets/detectors/aws.yaml"
  std::string_view content;
};

// Sorted by path.
const std::vector<EmbeddedFile>& EmbeddedRulesets();

// SHA-256 (hex) of the embedded rulesets' paths and contents, computed at
// build time.
std::string_view EmbeddedRulesetsHash();

// rulesets/aws-policy.yaml; empty when absent.
std::string_view EmbeddedPolicy();

}  // namespace keylint

#endif  // KEYLINT_RULES_EMBEDDED_RULESETS_H_
