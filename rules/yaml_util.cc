#include "rules/yaml_util.h"

#include <fmt/format.h>

#include <algorithm>

namespace keylint {

std::string YamlWhere(const std::string& file, const YAML::Node& node) {
  YAML::Mark m = node.Mark();
  if (m.line < 0) return file;
  return fmt::format("{}:{}:{}", file, m.line + 1, m.column + 1);
}

Status ParseYaml(const std::string& content, const std::string& file,
                 YAML::Node* out) {
  try {
    *out = YAML::Load(content);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(fmt::format(
        "{}:{}:{}: invalid YAML: {}", file, e.mark.line + 1, e.mark.column + 1,
        e.msg));
  }
  return Status::Ok();
}

Status YamlString(const YAML::Node& map, const char* key,
                  const std::string& file, bool required, std::string* out) {
  YAML::Node n = map[key];
  if (!n) {
    if (required) {
      return Status::InvalidArgument(
          fmt::format("{}: missing required field '{}'", YamlWhere(file, map),
                      key));
    }
    return Status::Ok();
  }
  if (!n.IsScalar()) {
    return Status::InvalidArgument(fmt::format(
        "{}: field '{}' must be a string", YamlWhere(file, n), key));
  }
  *out = n.Scalar();
  return Status::Ok();
}

Status YamlStringList(const YAML::Node& map, const char* key,
                      const std::string& file, std::vector<std::string>* out) {
  YAML::Node n = map[key];
  if (!n || n.IsNull()) return Status::Ok();
  if (n.IsScalar()) {
    out->push_back(n.Scalar());
    return Status::Ok();
  }
  if (!n.IsSequence()) {
    return Status::InvalidArgument(fmt::format(
        "{}: field '{}' must be a list of strings", YamlWhere(file, n), key));
  }
  for (const auto& item : n) {
    if (!item.IsScalar()) {
      return Status::InvalidArgument(fmt::format(
          "{}: entries of '{}' must be strings", YamlWhere(file, item), key));
    }
    out->push_back(item.Scalar());
  }
  return Status::Ok();
}

Status YamlDouble(const YAML::Node& map, const char* key,
                  const std::string& file, double* out) {
  YAML::Node n = map[key];
  if (!n) return Status::Ok();
  try {
    *out = n.as<double>();
  } catch (const YAML::Exception&) {
    return Status::InvalidArgument(fmt::format(
        "{}: field '{}' must be a number", YamlWhere(file, n), key));
  }
  return Status::Ok();
}

Status YamlBool(const YAML::Node& map, const char* key, const std::string& file,
                bool* out) {
  YAML::Node n = map[key];
  if (!n) return Status::Ok();
  try {
    *out = n.as<bool>();
  } catch (const YAML::Exception&) {
    return Status::InvalidArgument(fmt::format(
        "{}: field '{}' must be true or false", YamlWhere(file, n), key));
  }
  return Status::Ok();
}

Status YamlCheckKeys(const YAML::Node& map,
                     const std::vector<std::string>& allowed,
                     const std::string& file) {
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) {
      return Status::InvalidArgument(
          fmt::format("{}: keys must be strings", YamlWhere(file, kv.first)));
    }
    const std::string& k = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
      return Status::InvalidArgument(fmt::format(
          "{}: unknown field '{}'", YamlWhere(file, kv.first), k));
    }
  }
  return Status::Ok();
}

}  // namespace keylint
