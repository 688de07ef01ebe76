#include "rules/audit_policy.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "rules/embedded_rulesets.h"
#include "rules/yaml_util.h"

namespace keylint {
namespace {

// Replaces `*out` with the list under `key` when the key is present.
Status ReplaceList(const YAML::Node& map, const char* key,
                   const std::string& file, std::vector<std::string>* out) {
  if (!map[key]) return Status::Ok();
  std::vector<std::string> list;
  KL_RETURN_IF_ERROR(YamlStringList(map, key, file, &list));
  *out = std::move(list);
  return Status::Ok();
}

Status ReadInt(const YAML::Node& map, const char* key, const std::string& file,
               int64_t min, int64_t* out) {
  YAML::Node n = map[key];
  if (!n) return Status::Ok();
  int64_t v = 0;
  try {
    v = n.as<int64_t>();
  } catch (const YAML::Exception&) {
    return Status::InvalidArgument(fmt::format(
        "{}: field '{}' must be a whole number", YamlWhere(file, n), key));
  }
  if (v < min) {
    return Status::InvalidArgument(fmt::format(
        "{}: field '{}' must be at least {}", YamlWhere(file, n), key, min));
  }
  *out = v;
  return Status::Ok();
}

Status ReadInt(const YAML::Node& map, const char* key, const std::string& file,
               int64_t min, int* out) {
  int64_t v = *out;
  KL_RETURN_IF_ERROR(ReadInt(map, key, file, min, &v));
  if (v > 1000000) {
    return Status::InvalidArgument(fmt::format(
        "{}: field '{}' is too large", YamlWhere(file, map[key]), key));
  }
  *out = static_cast<int>(v);
  return Status::Ok();
}

Status ExpectMap(const YAML::Node& n, const std::string& what,
                 const std::string& file) {
  if (!n.IsMap()) {
    return Status::InvalidArgument(
        fmt::format("{}: '{}' must be a mapping", YamlWhere(file, n), what));
  }
  return Status::Ok();
}

Status ApplyLayout(const YAML::Node& n, const std::string& what,
                   const std::string& file, NamingLayout* layout) {
  if (!n) return Status::Ok();
  KL_RETURN_IF_ERROR(ExpectMap(n, what, file));
  KL_RETURN_IF_ERROR(
      YamlCheckKeys(n, {"leading_slash", "depth", "max_depth"}, file));
  KL_RETURN_IF_ERROR(YamlBool(n, "leading_slash", file, &layout->leading_slash));
  KL_RETURN_IF_ERROR(ReadInt(n, "depth", file, 0, &layout->depth));
  KL_RETURN_IF_ERROR(ReadInt(n, "max_depth", file, 0, &layout->max_depth));
  if (layout->max_depth != 0 && layout->max_depth < layout->depth) {
    return Status::InvalidArgument(fmt::format(
        "{}: max_depth must not be below depth", YamlWhere(file, n)));
  }
  return Status::Ok();
}

Status ApplyNaming(const YAML::Node& n, const std::string& file,
                   AuditPolicy* p) {
  KL_RETURN_IF_ERROR(ExpectMap(n, "naming", file));
  KL_RETURN_IF_ERROR(YamlCheckKeys(
      n,
      {"parameters", "secrets", "environments", "scopes", "secret_scope",
       "config_scope", "charset", "case", "environment_tag",
       "reserved_prefixes"},
      file));
  KL_RETURN_IF_ERROR(
      ApplyLayout(n["parameters"], "parameters", file, &p->parameter_layout));
  KL_RETURN_IF_ERROR(
      ApplyLayout(n["secrets"], "secrets", file, &p->secret_layout));
  KL_RETURN_IF_ERROR(ReplaceList(n, "environments", file, &p->environments));
  KL_RETURN_IF_ERROR(ReplaceList(n, "scopes", file, &p->scopes));
  KL_RETURN_IF_ERROR(
      YamlString(n, "secret_scope", file, false, &p->secret_scope));
  KL_RETURN_IF_ERROR(
      YamlString(n, "config_scope", file, false, &p->config_scope));
  KL_RETURN_IF_ERROR(YamlString(n, "charset", file, false, &p->charset));
  if (p->charset.find(']') != std::string::npos ||
      p->charset.find('\\') != std::string::npos) {
    return Status::InvalidArgument(fmt::format(
        "{}: charset is a character-class body such as 'a-z0-9._-' (no ']' "
        "or '\\')",
        YamlWhere(file, n["charset"])));
  }
  KL_RETURN_IF_ERROR(YamlString(n, "case", file, false, &p->name_case));
  if (p->name_case != "lower" && p->name_case != "upper" &&
      p->name_case != "any" && !p->name_case.empty()) {
    return Status::InvalidArgument(
        fmt::format("{}: case must be lower, upper or any",
                    YamlWhere(file, n["case"])));
  }
  KL_RETURN_IF_ERROR(
      YamlString(n, "environment_tag", file, false, &p->environment_tag));
  KL_RETURN_IF_ERROR(
      ReplaceList(n, "reserved_prefixes", file, &p->reserved_prefixes));
  return Status::Ok();
}

Status ApplyRotation(const YAML::Node& n, const std::string& file,
                     AuditPolicy* p) {
  KL_RETURN_IF_ERROR(ExpectMap(n, "rotation", file));
  KL_RETURN_IF_ERROR(YamlCheckKeys(
      n,
      {"max_interval_days", "max_age_days", "unused_days",
       "failing_grace_days", "exempt_service_owned", "credential_keywords"},
      file));
  KL_RETURN_IF_ERROR(ReadInt(n, "max_interval_days", file, 0,
                             &p->max_rotation_interval_days));
  KL_RETURN_IF_ERROR(
      ReadInt(n, "max_age_days", file, 0, &p->max_rotation_age_days));
  KL_RETURN_IF_ERROR(ReadInt(n, "unused_days", file, 0, &p->unused_days));
  KL_RETURN_IF_ERROR(
      ReadInt(n, "failing_grace_days", file, 0, &p->failing_grace_days));
  KL_RETURN_IF_ERROR(YamlBool(n, "exempt_service_owned", file,
                              &p->exempt_service_owned));
  KL_RETURN_IF_ERROR(
      ReplaceList(n, "credential_keywords", file, &p->credential_keywords));
  return Status::Ok();
}

Status ApplyPolicySection(const YAML::Node& n, const std::string& file,
                          AuditPolicy* p) {
  KL_RETURN_IF_ERROR(ExpectMap(n, "policy", file));
  KL_RETURN_IF_ERROR(YamlCheckKeys(
      n,
      {"trusted_accounts", "restricting_condition_keys", "management_actions",
       "kms_restricting_condition_keys"},
      file));
  KL_RETURN_IF_ERROR(
      ReplaceList(n, "trusted_accounts", file, &p->trusted_accounts));
  for (const auto& a : p->trusted_accounts) {
    bool digits = a.size() == 12 &&
                  a.find_first_not_of("0123456789") == std::string::npos;
    if (!digits) {
      return Status::InvalidArgument(fmt::format(
          "{}: trusted account '{}' is not a 12-digit AWS account id",
          YamlWhere(file, n["trusted_accounts"]), a));
    }
  }
  KL_RETURN_IF_ERROR(ReplaceList(n, "restricting_condition_keys", file,
                                 &p->restricting_condition_keys));
  KL_RETURN_IF_ERROR(
      ReplaceList(n, "management_actions", file, &p->management_actions));
  KL_RETURN_IF_ERROR(ReplaceList(n, "kms_restricting_condition_keys", file,
                                 &p->kms_restricting_condition_keys));
  return Status::Ok();
}

Status ApplyPlacement(const YAML::Node& n, const std::string& file,
                      AuditPolicy* p) {
  KL_RETURN_IF_ERROR(ExpectMap(n, "placement", file));
  KL_RETURN_IF_ERROR(YamlCheckKeys(
      n,
      {"sensitive_keywords", "reference_words", "config_keywords",
       "require_customer_managed_key", "customer_key_id",
       "standard_tier_max_bytes", "secret_monthly_cost_usd"},
      file));
  KL_RETURN_IF_ERROR(
      ReplaceList(n, "sensitive_keywords", file, &p->sensitive_keywords));
  KL_RETURN_IF_ERROR(
      ReplaceList(n, "reference_words", file, &p->reference_words));
  KL_RETURN_IF_ERROR(
      ReplaceList(n, "config_keywords", file, &p->config_keywords));
  KL_RETURN_IF_ERROR(YamlBool(n, "require_customer_managed_key", file,
                              &p->require_customer_managed_key));
  KL_RETURN_IF_ERROR(
      YamlString(n, "customer_key_id", file, false, &p->customer_key_id));
  KL_RETURN_IF_ERROR(ReadInt(n, "standard_tier_max_bytes", file, 1,
                             &p->standard_tier_max_bytes));
  KL_RETURN_IF_ERROR(YamlDouble(n, "secret_monthly_cost_usd", file,
                                &p->secret_monthly_cost_usd));
  return Status::Ok();
}

Status ApplyChecks(const YAML::Node& n, const std::string& file,
                   AuditPolicy* p) {
  KL_RETURN_IF_ERROR(ExpectMap(n, "checks", file));
  KL_RETURN_IF_ERROR(YamlCheckKeys(n, {"disable", "severity"}, file));
  if (YAML::Node d = n["disable"]) {
    std::vector<std::string> ids;
    KL_RETURN_IF_ERROR(YamlStringList(n, "disable", file, &ids));
    p->disable.clear();
    for (size_t i = 0; i < ids.size(); ++i) {
      const YAML::Node& at = d.IsSequence() ? d[i] : d;
      p->disable.push_back({ids[i], YamlWhere(file, at)});
    }
  }
  if (YAML::Node s = n["severity"]) {
    KL_RETURN_IF_ERROR(ExpectMap(s, "severity", file));
    p->severity.clear();
    for (const auto& kv : s) {
      if (!kv.first.IsScalar() || !kv.second.IsScalar()) {
        return Status::InvalidArgument(fmt::format(
            "{}: severity entries are 'check-id: level'",
            YamlWhere(file, kv.first)));
      }
      auto sev = ParseSeverity(kv.second.Scalar());
      if (!sev) {
        return Status::InvalidArgument(fmt::format(
            "{}: unknown severity '{}' (critical, high, medium, low, info)",
            YamlWhere(file, kv.second), kv.second.Scalar()));
      }
      p->severity.push_back(
          {kv.first.Scalar(), *sev, YamlWhere(file, kv.first)});
    }
  }
  return Status::Ok();
}

Status ApplySuppressions(const YAML::Node& n, const std::string& file,
                         AuditPolicy* p) {
  if (n.IsNull()) return Status::Ok();
  if (!n.IsSequence()) {
    return Status::InvalidArgument(fmt::format(
        "{}: 'suppress' must be a list of entries", YamlWhere(file, n)));
  }
  for (const auto& e : n) {
    KL_RETURN_IF_ERROR(ExpectMap(e, "suppress entry", file));
    KL_RETURN_IF_ERROR(YamlCheckKeys(
        e, {"check", "resource", "path", "reason", "expires"}, file));
    AuditSuppression s;
    s.where = YamlWhere(file, e);
    KL_RETURN_IF_ERROR(YamlString(e, "check", file, true, &s.check));
    KL_RETURN_IF_ERROR(YamlString(e, "resource", file, false, &s.resource));
    KL_RETURN_IF_ERROR(YamlString(e, "path", file, false, &s.path));
    KL_RETURN_IF_ERROR(YamlString(e, "reason", file, false, &s.reason));
    if (s.reason.find_first_not_of(" \t") == std::string::npos) {
      return Status::InvalidArgument(fmt::format(
          "{}: a suppression needs a 'reason' saying why it is acceptable",
          s.where));
    }
    KL_RETURN_IF_ERROR(
        YamlString(e, "expires", file, false, &s.expires_text));
    if (!s.expires_text.empty()) {
      s.expires = ParseExpiryDate(s.expires_text);
      if (!s.expires) {
        return Status::InvalidArgument(fmt::format(
            "{}: expires '{}' is not a date (YYYY-MM-DD)",
            YamlWhere(file, e["expires"]), s.expires_text));
      }
    }
    p->suppressions.push_back(std::move(s));
  }
  return Status::Ok();
}

}  // namespace

std::optional<int64_t> ParseExpiryDate(const std::string& text) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 ||
      std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) {
    return std::nullopt;
  }
  if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  time_t t = timegm(&tm);
  // timegm normalises 2024-02-31 to March; reject such dates.
  std::tm check{};
  gmtime_r(&t, &check);
  if (check.tm_mday != d || check.tm_mon != m - 1) return std::nullopt;
  return static_cast<int64_t>(t) + 86400 - 1;
}

Status ApplyAuditPolicyYaml(const YAML::Node& layer, const std::string& file,
                            AuditPolicy* policy) {
  if (!layer || layer.IsNull()) return Status::Ok();
  try {
    KL_RETURN_IF_ERROR(ExpectMap(layer, "audit", file));
    KL_RETURN_IF_ERROR(YamlCheckKeys(
        layer,
        {"naming", "rotation", "policy", "placement", "checks", "suppress"},
        file));
    AuditPolicy p = *policy;
    if (YAML::Node n = layer["naming"]) {
      KL_RETURN_IF_ERROR(ApplyNaming(n, file, &p));
    }
    if (YAML::Node n = layer["rotation"]) {
      KL_RETURN_IF_ERROR(ApplyRotation(n, file, &p));
    }
    if (YAML::Node n = layer["policy"]) {
      KL_RETURN_IF_ERROR(ApplyPolicySection(n, file, &p));
    }
    if (YAML::Node n = layer["placement"]) {
      KL_RETURN_IF_ERROR(ApplyPlacement(n, file, &p));
    }
    if (YAML::Node n = layer["checks"]) {
      KL_RETURN_IF_ERROR(ApplyChecks(n, file, &p));
    }
    if (YAML::Node n = layer["suppress"]) {
      KL_RETURN_IF_ERROR(ApplySuppressions(n, file, &p));
    }
    *policy = std::move(p);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(fmt::format(
        "{}:{}:{}: {}", file, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  return Status::Ok();
}

Status ParseAuditPolicy(const std::string& content, const std::string& file,
                        AuditPolicy* policy) {
  YAML::Node root;
  KL_RETURN_IF_ERROR(ParseYaml(content, file, &root));
  return ApplyAuditPolicyYaml(root, file, policy);
}

Status LoadAuditPolicy(const std::string& file, AuditPolicy* policy) {
  if (file.empty()) {
    std::string_view embedded = EmbeddedPolicy();
    if (embedded.empty()) {
      return Status::Internal(
          "rulesets/aws-policy.yaml was not compiled into this binary");
    }
    return ParseAuditPolicy(std::string(embedded), "rulesets/aws-policy.yaml",
                            policy);
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    if (errno == ENOENT)
      return Status::NotFound(fmt::format("{}: no such file", file));
    return Status::IoError(fmt::format("{}: cannot read policy: {}", file,
                                       std::strerror(errno)));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseAuditPolicy(ss.str(), file, policy);
}

}  // namespace keylint
