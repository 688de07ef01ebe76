#include "rules/project_config.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "rules/audit_policy.h"
#include "rules/yaml_util.h"

namespace keylint {

std::optional<uint64_t> ParseByteSize(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
    ++i;
  if (i == 0 || i > 15) return std::nullopt;
  uint64_t n = std::stoull(text.substr(0, i));
  std::string unit = text.substr(i);
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  for (auto& c : unit) c = static_cast<char>(std::tolower(c));
  uint64_t mul = 1;
  if (unit.empty() || unit == "b") mul = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib") mul = 1024;
  else if (unit == "m" || unit == "mb" || unit == "mib") mul = 1024 * 1024;
  else if (unit == "g" || unit == "gb" || unit == "gib") mul = 1024ull * 1024 * 1024;
  else return std::nullopt;
  return n * mul;
}

Status ParseProjectConfig(const std::string& content, const std::string& path,
                          ProjectConfig* out) {
  YAML::Node root;
  KL_RETURN_IF_ERROR(ParseYaml(content, path, &root));
  ProjectConfig cfg;
  cfg.path = path;
  if (root.IsNull()) {
    *out = cfg;
    return Status::Ok();
  }
  if (!root.IsMap()) {
    return Status::InvalidArgument(
        fmt::format("{}: the config must be a mapping", YamlWhere(path, root)));
  }
  try {
    KL_RETURN_IF_ERROR(YamlCheckKeys(
        root,
        {"rulesets", "disable", "exclude", "allow", "severity_threshold",
         "max_file_size", "audit", "verify"},
        path));
    KL_RETURN_IF_ERROR(YamlStringList(root, "rulesets", path, &cfg.rulesets));
    KL_RETURN_IF_ERROR(YamlStringList(root, "disable", path, &cfg.disable));
    KL_RETURN_IF_ERROR(YamlStringList(root, "exclude", path, &cfg.exclude));
    KL_RETURN_IF_ERROR(YamlStringList(root, "allow", path, &cfg.allow));
    std::string sev;
    KL_RETURN_IF_ERROR(YamlString(root, "severity_threshold", path, false, &sev));
    if (!sev.empty()) {
      cfg.severity_threshold = ParseSeverity(sev);
      if (!cfg.severity_threshold) {
        return Status::InvalidArgument(fmt::format(
            "{}: unknown severity '{}' (critical, high, medium, low, info)",
            YamlWhere(path, root["severity_threshold"]), sev));
      }
    }
    std::string size;
    KL_RETURN_IF_ERROR(YamlString(root, "max_file_size", path, false, &size));
    if (!size.empty()) {
      cfg.max_file_size = ParseByteSize(size);
      if (!cfg.max_file_size) {
        return Status::InvalidArgument(fmt::format(
            "{}: max_file_size '{}' is not a size (e.g. 10MiB)",
            YamlWhere(path, root["max_file_size"]), size));
      }
    }
    if (YAML::Node audit = root["audit"]; audit && !audit.IsNull()) {
      // Validated here so that a typo fails `scan` and `audit` alike.
      AuditPolicy scratch;
      KL_RETURN_IF_ERROR(ApplyAuditPolicyYaml(audit, path, &scratch));
      cfg.audit = audit;
    }
    if (YAML::Node verify = root["verify"]; verify && !verify.IsNull()) {
      if (!verify.IsMap()) {
        return Status::InvalidArgument(fmt::format(
            "{}: verify must be a mapping", YamlWhere(path, verify)));
      }
      KL_RETURN_IF_ERROR(YamlCheckKeys(verify, {"endpoints", "ca_bundle"}, path));
      KL_RETURN_IF_ERROR(
          YamlString(verify, "ca_bundle", path, false, &cfg.verify_ca_bundle));
      if (YAML::Node eps = verify["endpoints"]; eps && !eps.IsNull()) {
        if (!eps.IsMap()) {
          return Status::InvalidArgument(fmt::format(
              "{}: verify.endpoints must map provider names to URLs",
              YamlWhere(path, eps)));
        }
        for (const auto& kv : eps) {
          if (!kv.second.IsScalar()) {
            return Status::InvalidArgument(fmt::format(
                "{}: verify.endpoints.{} must be a URL",
                YamlWhere(path, kv.second), kv.first.as<std::string>()));
          }
          cfg.verify_endpoints[kv.first.as<std::string>()] =
              kv.second.as<std::string>();
        }
      }
    }
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(fmt::format(
        "{}:{}:{}: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  // Rulesets are relative to the config file's directory.
  std::filesystem::path base = std::filesystem::path(path).parent_path();
  for (auto& r : cfg.rulesets) {
    if (!std::filesystem::path(r).is_absolute() && !base.empty())
      r = (base / r).string();
  }
  if (!cfg.verify_ca_bundle.empty() &&
      !std::filesystem::path(cfg.verify_ca_bundle).is_absolute() &&
      !base.empty()) {
    cfg.verify_ca_bundle = (base / cfg.verify_ca_bundle).string();
  }
  *out = std::move(cfg);
  return Status::Ok();
}

Status LoadProjectConfig(const std::string& path, ProjectConfig* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT)
      return Status::NotFound(fmt::format("{}: no such file", path));
    return Status::IoError(
        fmt::format("{}: cannot read config: {}", path, std::strerror(errno)));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseProjectConfig(ss.str(), path, out);
}

}  // namespace keylint
