// Rule: one detector definition as loaded from a ruleset YAML file.
// Rules are plain data; the compiled form lives in RulesDatabase (engine.h).
#ifndef KEYLINT_RULES_RULE_H_
#define KEYLINT_RULES_RULE_H_

#include <string>
#include <vector>

#include "rules/severity.h"

namespace keylint {

struct Rule {
  std::string id;           // stable, kebab-case, unique across rulesets
  std::string description;  // one sentence: what the secret is
  Severity severity = Severity::kHigh;
  std::string category = "hardcoded";
  std::string regex;  // RE2 syntax, byte oriented (Latin-1), multi-line ^/$
  // A file-name rule instead of a content rule: RE2 over the file's path
  // relative to the scan root; a matching file is itself the finding
  // (committed keystores such as .p12/.pfx, binary or not). Exactly one of
  // `regex` and `path_regex` is set.
  std::string path_regex;
  // Which part of the match is the secret: a group name or number. Empty
  // means the group named "secret" when the regex has one, else the match.
  std::string secret_group;
  // At least one keyword (case-insensitive) must occur in the match.
  std::vector<std::string> keywords;
  double min_entropy = 0;  // Shannon bits per byte of the secret
  std::vector<std::string> allow;  // RE2 patterns; a matching secret is dropped
  std::vector<std::string> tags;   // "generic" turns on the strict filters
  std::vector<std::string> references;
  std::vector<std::string> examples;           // each must produce a finding
  std::vector<std::string> negative_examples;  // none may produce a finding

  // Where the rule was defined, for error messages.
  std::string source_file;
  int source_line = 0;
  // Compiled into the binary (rulesets/detectors/): its regexes are checked
  // by `keylint rules check` at build time, so the engine compiles them
  // lazily instead of validating them at every start-up.
  bool builtin = false;

  bool HasTag(std::string_view tag) const {
    for (const auto& t : tags)
      if (t == tag) return true;
    return false;
  }
};

}  // namespace keylint

#endif  // KEYLINT_RULES_RULE_H_
