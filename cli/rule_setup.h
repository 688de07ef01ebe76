// Turns command-line rule options and the project config into a compiled
// RulesDatabase: built-in rulesets, config `rulesets:`, `--rules FILE`,
// minus disabled ids, plus allow patterns.
#ifndef KEYLINT_CLI_RULE_SETUP_H_
#define KEYLINT_CLI_RULE_SETUP_H_

#include <memory>
#include <string>
#include <vector>

#include "rules/engine.h"
#include "rules/project_config.h"
#include "rules/report.h"
#include "rules/status.h"

namespace keylint {

struct RuleSourceOptions {
  bool builtin = true;
  std::vector<std::string> files;    // --rules
  std::vector<std::string> disable;  // --disable
  bool cache = true;                 // --no-cache turns off
};

// The directory for compiled-database caches: $KEYLINT_CACHE_DIR, else
// $XDG_CACHE_HOME/keylint, else $HOME/.cache/keylint; empty if none.
std::string DefaultCacheDir();

Status BuildRulesDatabase(const RuleSourceOptions& options,
                          const ProjectConfig& config,
                          std::unique_ptr<RulesDatabase>* out);

// Metadata of the active rules, sorted by id, for report sinks.
std::vector<RuleInfo> RuleInfos(const RulesDatabase& db);

}  // namespace keylint

#endif  // KEYLINT_CLI_RULE_SETUP_H_
