#include "cli/rule_setup.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "rules/ruleset_loader.h"
#include "scanner/decode.h"
#include "scanner/detectors.h"
#include "scanner/scan_driver.h"

namespace keylint {

std::string DefaultCacheDir() {
  if (const char* d = std::getenv("KEYLINT_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
    return std::string(x) + "/keylint";
  if (const char* h = std::getenv("HOME"); h && *h)
    return std::string(h) + "/.cache/keylint";
  return {};
}

Status BuildRulesDatabase(const RuleSourceOptions& options,
                          const ProjectConfig& config,
                          std::unique_ptr<RulesDatabase>* out) {
  std::vector<Rule> rules;
  const std::string cache_dir = options.cache ? DefaultCacheDir() : "";
  if (options.builtin) KL_RETURN_IF_ERROR(LoadBuiltinRules(&rules, cache_dir));
  for (const auto& f : config.rulesets)
    KL_RETURN_IF_ERROR(LoadRulesetFile(f, &rules));
  for (const auto& f : options.files)
    KL_RETURN_IF_ERROR(LoadRulesetFile(f, &rules));
  KL_RETURN_IF_ERROR(CheckUniqueIds(rules));

  std::set<std::string> disabled(config.disable.begin(), config.disable.end());
  disabled.insert(options.disable.begin(), options.disable.end());
  for (const auto& id : disabled) {
    bool known = std::any_of(rules.begin(), rules.end(),
                             [&](const Rule& r) { return r.id == id; });
    if (!known) {
      return Status::InvalidArgument(fmt::format(
          "{}: cannot disable unknown rule '{}'",
          config.path.empty() ? "--disable" : config.path, id));
    }
  }
  std::erase_if(rules, [&](const Rule& r) { return disabled.count(r.id) > 0; });

  EngineOptions eo;
  eo.cache_dir = cache_dir;
  eo.global_allow = config.allow;
  // The decode stage's and the detectors' words ride on the engine's pass.
  eo.markers = ScanMarkers();
  return RulesDatabase::Compile(std::move(rules), eo, out);
}

std::vector<RuleInfo> RuleInfos(const RulesDatabase& db) {
  std::vector<RuleInfo> infos;
  for (const auto& r : db.rules()) {
    infos.push_back({r.id, r.description, r.severity, r.category, r.tags,
                     r.references});
  }
  // The structural detectors (env, log, usage) report under their own ids.
  for (const auto& r : DetectorRules()) infos.push_back(r);
  for (const auto& r : DecodeRules()) infos.push_back(r);
  std::sort(infos.begin(), infos.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  return infos;
}

}  // namespace keylint
