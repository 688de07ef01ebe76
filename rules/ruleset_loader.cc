#include "rules/ruleset_loader.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cstdint>
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

// Reads the rules cache (MessagePack written from RuleToJson) as a stream
// of SAX events into Rules, without building a JSON document first: the
// document's maps and nodes made the warm start's rule loading 6 ms, most
// of keylint's start-up. Anything but the exact shape RuleToJson writes
// (an array of objects with all of its keys, of their types) fails, and
// the caller rebuilds the cache.
class CachedRulesReader {
 public:
  using json = nlohmann::json;
  explicit CachedRulesReader(std::vector<Rule>* out) : out_(out) {}

  bool null() { return false; }
  bool boolean(bool) { return false; }
  bool number_integer(json::number_integer_t v) { return Number(v, true); }
  bool number_unsigned(json::number_unsigned_t v) {
    return v <= static_cast<json::number_unsigned_t>(INT32_MAX) &&
           Number(static_cast<double>(v), true);
  }
  bool number_float(json::number_float_t v, const json::string_t&) {
    return Number(v, false);
  }
  bool binary(json::binary_t&) { return false; }
  bool string(json::string_t& v) {
    if (depth_ == 3) {  // an element of a list field
      list_->push_back(std::move(v));
      return true;
    }
    std::string* field = depth_ == 2 ? StringField() : nullptr;
    if (field == nullptr) return false;
    *field = std::move(v);
    return true;
  }
  bool start_object(std::size_t) {
    if (depth_ != 1) return false;
    depth_ = 2;
    rule_ = Rule();
    rule_.builtin = true;
    seen_ = 0;
    return true;
  }
  bool key(json::string_t& k) {
    for (size_t i = 0; i < kKeys.size(); ++i) {
      if (k == kKeys[i]) {
        if (seen_ & (1u << i)) return false;  // twice
        seen_ |= 1u << i;
        key_ = i;
        return true;
      }
    }
    return false;
  }
  bool end_object() {
    if (depth_ != 2 || seen_ != (1u << kKeys.size()) - 1) return false;
    depth_ = 1;
    out_->push_back(std::move(rule_));
    return true;
  }
  bool start_array(std::size_t) {
    if (depth_ == 0) {
      depth_ = 1;
      return true;
    }
    if (depth_ != 2 || (list_ = ListField()) == nullptr) return false;
    depth_ = 3;
    return true;
  }
  bool end_array() {
    if (depth_ != 1 && depth_ != 3) return false;
    done_ = depth_ == 1;
    depth_ = depth_ == 3 ? 2 : 0;
    return true;
  }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception&) {
    return false;
  }
  bool done() const { return done_ && depth_ == 0; }

 private:
  // RuleToJson's keys, in its order.
  static constexpr std::array<std::string_view, 14> kKeys = {
      "id",       "description", "severity",   "category",   "regex",
      "path",     "secret_group", "keywords",  "entropy",    "allow",
      "tags",     "references",  "source_file", "source_line"};

  std::string* StringField() {
    switch (key_) {
      case 0: return &rule_.id;
      case 1: return &rule_.description;
      case 3: return &rule_.category;
      case 4: return &rule_.regex;
      case 5: return &rule_.path_regex;
      case 6: return &rule_.secret_group;
      case 12: return &rule_.source_file;
      default: return nullptr;
    }
  }
  std::vector<std::string>* ListField() {
    switch (key_) {
      case 7: return &rule_.keywords;
      case 9: return &rule_.allow;
      case 10: return &rule_.tags;
      case 11: return &rule_.references;
      default: return nullptr;
    }
  }
  bool Number(double v, bool integral) {
    if (depth_ != 2) return false;
    // Converting an out-of-range double to int is undefined.
    if (integral && (v < INT32_MIN || v > INT32_MAX)) return false;
    switch (key_) {
      case 2: {
        const int sev = static_cast<int>(v);
        if (!integral || sev < static_cast<int>(Severity::kInfo) ||
            sev > static_cast<int>(Severity::kCritical))
          return false;
        rule_.severity = static_cast<Severity>(sev);
        return true;
      }
      case 8:
        rule_.min_entropy = v;
        return true;
      case 13:
        if (!integral) return false;
        rule_.source_line = static_cast<int>(v);
        return true;
      default:
        return false;
    }
  }

  std::vector<Rule>* out_;
  Rule rule_;
  std::vector<std::string>* list_ = nullptr;
  size_t key_ = 0;
  uint32_t seen_ = 0;
  int depth_ = 0;  // 1: the array of rules, 2: a rule, 3: a list field
  bool done_ = false;
};

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
      std::string bytes;
      in.seekg(0, std::ios::end);
      const std::streamoff size = in.tellg();
      in.seekg(0);
      if (size > 0) {
        bytes.resize(static_cast<size_t>(size));
        in.read(bytes.data(), size);
        bytes.resize(static_cast<size_t>(std::max<std::streamoff>(in.gcount(), 0)));
      }
      std::vector<Rule> cached;
      CachedRulesReader reader(&cached);
      // A damaged cache (the reader refuses it) is rebuilt below.
      if (nlohmann::json::sax_parse(bytes.begin(), bytes.end(), &reader,
                                    nlohmann::json::input_format_t::msgpack,
                                    /*strict=*/true) &&
          reader.done()) {
        for (auto& r : cached) out->push_back(std::move(r));
        return Status::Ok();
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
