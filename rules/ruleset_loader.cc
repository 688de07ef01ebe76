#include "rules/ruleset_loader.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <map>
#include <sstream>

#include <unistd.h>

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

Status ParseRule(const YAML::Node& node, const std::string& file, bool builtin,
                 Rule* rule) {
  if (!node.IsMap()) {
    return Status::InvalidArgument(
        fmt::format("{}: a rule must be a mapping", YamlWhere(file, node)));
  }
  KL_RETURN_IF_ERROR(YamlCheckKeys(
      node,
      {"id", "description", "severity", "category", "regex", "path", "secret_group",
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
  KL_RETURN_IF_ERROR(YamlString(node, "regex", file, false, &rule->regex));
  KL_RETURN_IF_ERROR(YamlString(node, "path", file, false, &rule->path_regex));
  if (rule->regex.empty() == rule->path_regex.empty()) {
    return Status::InvalidArgument(fmt::format(
        "{}: rule '{}' needs exactly one of 'regex' (content) and 'path' "
        "(file name)",
        YamlWhere(file, node), rule->id));
  }
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

  rule->builtin = builtin;
  if (builtin) return Status::Ok();  // regexes checked by `rules check`

  // Validate the regex here so the message can point at the YAML line.
  RE2::Options opts;
  opts.set_encoding(RE2::Options::EncodingLatin1);
  opts.set_log_errors(false);
  const bool by_path = !rule->path_regex.empty();
  RE2 re(by_path ? rule->path_regex : "(?m)" + rule->regex, opts);
  if (!re.ok()) {
    return Status::InvalidArgument(fmt::format(
        "{}: rule '{}': invalid regex: {}",
        YamlWhere(file, node[by_path ? "path" : "regex"]), rule->id,
        re.error()));
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

namespace {

Status ParseRulesetImpl(std::string_view content,
                        const std::string& source_name, bool builtin,
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
      KL_RETURN_IF_ERROR(ParseRule(node, source_name, builtin, &rule));
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

nlohmann::json RuleToJson(const Rule& r) {
  return {{"id", r.id},
          {"description", r.description},
          {"severity", static_cast<int>(r.severity)},
          {"category", r.category},
          {"regex", r.regex},
          {"path", r.path_regex},
          {"secret_group", r.secret_group},
          {"keywords", r.keywords},
          {"entropy", r.min_entropy},
          {"allow", r.allow},
          {"tags", r.tags},
          {"references", r.references},
          {"source_file", r.source_file},
          {"source_line", r.source_line}};
}

Rule RuleFromJson(const nlohmann::json& j) {
  Rule r;
  r.id = j.at("id");
  r.description = j.at("description");
  r.severity = static_cast<Severity>(j.at("severity").get<int>());
  r.category = j.at("category");
  r.regex = j.at("regex");
  r.path_regex = j.at("path");
  r.secret_group = j.at("secret_group");
  r.keywords = j.at("keywords").get<std::vector<std::string>>();
  r.min_entropy = j.at("entropy");
  r.allow = j.at("allow").get<std::vector<std::string>>();
  r.tags = j.at("tags").get<std::vector<std::string>>();
  r.references = j.at("references").get<std::vector<std::string>>();
  r.source_file = j.at("source_file");
  r.source_line = j.at("source_line");
  r.builtin = true;
  return r;
}

}  // namespace

Status ParseRuleset(std::string_view content, const std::string& source_name,
                    std::vector<Rule>* out) {
  return ParseRulesetImpl(content, source_name, /*builtin=*/false, out);
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

Status LoadBuiltinRules(std::vector<Rule>* out, const std::string& cache_dir) {
  // yaml-cpp needs tens of milliseconds for the whole catalogue; a warm
  // start reads the parsed rules back from MessagePack keyed by the
  // rulesets' hash (computed at build time). The cache leaves out the
  // examples (40% of its bytes, and only `rules check` reads them: it loads
  // without the cache).
  std::string cache_path;
  if (!cache_dir.empty()) {
    // v4: MessagePack, keyed by EmbeddedRulesetsHash.
    cache_path = fmt::format("{}/rules-v4-{}.msgpack", cache_dir,
                             EmbeddedRulesetsHash());
    std::ifstream in(cache_path, std::ios::binary);
    if (in) {
      std::string bytes((std::istreambuf_iterator<char>(in)),
                        std::istreambuf_iterator<char>());
      auto j = nlohmann::json::from_msgpack(bytes, true, false);
      if (j.is_array()) {
        std::vector<Rule> cached;
        try {
          for (const auto& item : j) cached.push_back(RuleFromJson(item));
          for (auto& r : cached) out->push_back(std::move(r));
          return Status::Ok();
        } catch (const nlohmann::json::exception&) {
          // A damaged cache is rebuilt below.
        }
      }
    }
  }
  std::vector<Rule> parsed;
  for (const auto& f : EmbeddedRulesets()) {
    KL_RETURN_IF_ERROR(
        ParseRulesetImpl(f.content, std::string(f.path), true, &parsed));
  }
  if (!cache_path.empty()) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : parsed) j.push_back(RuleToJson(r));
    std::error_code ec;
    std::filesystem::create_directories(cache_dir, ec);
    std::string tmp = fmt::format("{}.tmp{}", cache_path, getpid());
    {
      std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
      const std::vector<std::uint8_t> bytes = nlohmann::json::to_msgpack(j);
      o.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    }
    if (std::rename(tmp.c_str(), cache_path.c_str()) != 0)
      std::remove(tmp.c_str());
  }
  for (auto& r : parsed) out->push_back(std::move(r));
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
