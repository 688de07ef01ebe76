// Loading detector rules from ruleset YAML (see docs/rules.md).
// yaml-cpp exceptions are caught here and turned into a Status whose message
// names the file, line and column of the problem.
//
// Thread-safety: the functions are re-entrant; they share no state.
#ifndef KEYLINT_RULES_RULESET_LOADER_H_
#define KEYLINT_RULES_RULESET_LOADER_H_

#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"
#include "rules/status.h"

namespace keylint {

// Parses one ruleset document. `source_name` is used in messages and stored
// in each Rule. Appends to `*out` only on success.
Status ParseRuleset(std::string_view content, const std::string& source_name,
                    std::vector<Rule>* out);

// Reads and parses a ruleset file.
Status LoadRulesetFile(const std::string& path, std::vector<Rule>* out);

// The rulesets compiled into the binary, marked `builtin`. With a
// `cache_dir`, the parsed rules are cached there as JSON keyed by the
// SHA-256 of the embedded rulesets (a warm start skips YAML parsing);
// rules read back from the cache have no examples or negative examples.
Status LoadBuiltinRules(std::vector<Rule>* out,
                        const std::string& cache_dir = "");

// Fails on duplicate rule ids (naming both definitions).
Status CheckUniqueIds(const std::vector<Rule>& rules);

}  // namespace keylint

#endif  // KEYLINT_RULES_RULESET_LOADER_H_
