#include "rules/ruleset_loader.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "rules/embedded_rulesets.h"
#include "rules/yaml_util.h"

namespace keylint {
namespace {

bool IsKebabId(const std::string& id) {
  if (id.empty() || id.size() > 100) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '.' || c == '_';
    if (!ok) return false;
  }
  return id.front() != '-' && id.back() != '-';
}

Status ParseRule(const YAML::Node& node, const std::string& file, Rule* rule) {
  if (!node.IsMap()) {
    return Status::InvalidArgument(
        fmt::format("{}: a rule must be a mapping", YamlWhere(file, node)));
  }
  KL_RETURN_IF_ERROR(YamlCheckKeys(
      node,
      {"id", "description", "severity", "category", "regex", "secret_group",
       "keywords", "entropy", "allow", "tags", "references", "examples",
       "negative_examples"},
      file));
  rule->source_file = file;
  rule->source_line = node.Mark().line + 1;
  KL_RETURN_IF_ERROR(YamlString(node, "id", file, true, &rule->id));
  if (!IsKebabId(rule->id)) {
    return Status::InvalidArgument(fmt::format(
        "{}: rule id '{}' must be lower-case kebab-case",
        YamlWhere(file, node["id"]), rule->id));
  }
  KL_RETURN_IF_ERROR(
      YamlString(node, "description", file, true, &rule->description));
  std::string severity;
  KL_RETURN_IF_ERROR(YamlString(node, "severity", file, true, &severity));
  auto sev = ParseSeverity(severity);
  if (!sev) {
    return Status::InvalidArgument(fmt::format(
        "{}: rule '{}': unknown severity '{}' (critical, high, medium, low, "
        "info)",
        YamlWhere(file, node["severity"]), rule->id, severity));
  }
  rule->severity = *sev;
  KL_RETURN_IF_ERROR(YamlString(node, "category", file, false, &rule->category));
  KL_RETURN_IF_ERROR(YamlString(node, "regex", file, true, &rule->regex));
  KL_RETURN_IF_ERROR(
      YamlString(node, "secret_group", file, false, &rule->secret_group));
  KL_RETURN_IF_ERROR(YamlStringList(node, "keywords", file, &rule->keywords));
  KL_RETURN_IF_ERROR(YamlDouble(node, "entropy", file, &rule->min_entropy));
  KL_RETURN_IF_ERROR(YamlStringList(node, "allow", file, &rule->allow));
  KL_RETURN_IF_ERROR(YamlStringList(node, "tags", file, &rule->tags));
  KL_RETURN_IF_ERROR(
      YamlStringList(node, "references", file, &rule->references));
  KL_RETURN_IF_ERROR(YamlStringList(node, "examples", file, &rule->examples));
  KL_RETURN_IF_ERROR(YamlStringList(node, "negative_examples", file,
                                    &rule->negative_examples));
  if (rule->examples.empty() || rule->negative_examples.empty()) {
    return Status::InvalidArgument(fmt::format(
        "{}: rule '{}' needs at least one entry in both 'examples' and "
        "'negative_examples'",
        YamlWhere(file, node), rule->id));
  }

  // Validate the regex here so the message can point at the YAML line.
  RE2::Options opts;
  opts.set_encoding(RE2::Options::EncodingLatin1);
  opts.set_log_errors(false);
  RE2 re("(?m)" + rule->regex, opts);
  if (!re.ok()) {
    return Status::InvalidArgument(fmt::format(
        "{}: rule '{}': invalid regex: {}", YamlWhere(file, node["regex"]),
        rule->id, re.error()));
  }
  if (!rule->secret_group.empty()) {
    bool numeric = rule->secret_group.find_first_not_of("0123456789") ==
                   std::string::npos;
    bool known =
        numeric ? std::stoi(rule->secret_group) <= re.NumberOfCapturingGroups()
                : re.NamedCapturingGroups().count(rule->secret_group) > 0;
    if (!known) {
      return Status::InvalidArgument(fmt::format(
          "{}: rule '{}': secret_group '{}' is not a group of the regex",
          YamlWhere(file, node["secret_group"]), rule->id,
          rule->secret_group));
    }
  }
  for (const auto& a : rule->allow) {
    RE2 allow_re(a, opts);
    if (!allow_re.ok()) {
      return Status::InvalidArgument(
          fmt::format("{}: rule '{}': invalid allow pattern: {}",
                      YamlWhere(file, node["allow"]), rule->id,
                      allow_re.error()));
    }
  }
  if (rule->min_entropy < 0 || rule->min_entropy > 8) {
    return Status::InvalidArgument(
        fmt::format("{}: rule '{}': entropy must be between 0 and 8",
                    YamlWhere(file, node["entropy"]), rule->id));
  }
  return Status::Ok();
}

}  // namespace

Status ParseRuleset(std::string_view content, const std::string& source_name,
                    std::vector<Rule>* out) {
  YAML::Node root;
  KL_RETURN_IF_ERROR(ParseYaml(std::string(content), source_name, &root));
  if (!root.IsMap() || !root["rules"]) {
    return Status::InvalidArgument(fmt::format(
        "{}: a ruleset must be a mapping with a 'rules' list",
        YamlWhere(source_name, root)));
  }
  KL_RETURN_IF_ERROR(YamlCheckKeys(root, {"rules", "family"}, source_name));
  YAML::Node rules = root["rules"];
  if (!rules.IsSequence()) {
    return Status::InvalidArgument(fmt::format(
        "{}: 'rules' must be a list", YamlWhere(source_name, rules)));
  }
  std::vector<Rule> parsed;
  try {
    for (const auto& node : rules) {
      Rule rule;
      KL_RETURN_IF_ERROR(ParseRule(node, source_name, &rule));
      parsed.push_back(std::move(rule));
    }
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(fmt::format("{}:{}:{}: {}", source_name,
                                               e.mark.line + 1,
                                               e.mark.column + 1, e.msg));
  }
  for (auto& r : parsed) out->push_back(std::move(r));
  return Status::Ok();
}

Status LoadRulesetFile(const std::string& path, std::vector<Rule>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IoError(
        fmt::format("{}: cannot read ruleset: {}", path, std::strerror(errno)));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseRuleset(ss.str(), path, out);
}

Status LoadBuiltinRules(std::vector<Rule>* out) {
  for (const auto& f : EmbeddedRulesets()) {
    KL_RETURN_IF_ERROR(ParseRuleset(f.content, std::string(f.path), out));
  }
  return Status::Ok();
}

Status CheckUniqueIds(const std::vector<Rule>& rules) {
  std::map<std::string, const Rule*> seen;
  for (const auto& r : rules) {
    auto [it, inserted] = seen.emplace(r.id, &r);
    if (!inserted) {
      return Status::InvalidArgument(fmt::format(
          "{}:{}: duplicate rule id '{}' (first defined at {}:{})",
          r.source_file, r.source_line, r.id, it->second->source_file,
          it->second->source_line));
    }
  }
  return Status::Ok();
}

}  // namespace keylint
