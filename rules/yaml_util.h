// Small helpers shared by the YAML loaders (rulesets, project config,
// policy files): positions for messages and typed field access that reports
// problems as Status values instead of exceptions.
#ifndef KEYLINT_RULES_YAML_UTIL_H_
#define KEYLINT_RULES_YAML_UTIL_H_

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "rules/status.h"

namespace keylint {

// "file:line:column" for a node (1-based), or "file" when the node has no
// position.
std::string YamlWhere(const std::string& file, const YAML::Node& node);

// Parses `content`; on a syntax error returns "file:line:column: cause".
Status ParseYaml(const std::string& content, const std::string& file,
                 YAML::Node* out);

// Reads a scalar string field. Missing is OK (leaves *out) unless required.
Status YamlString(const YAML::Node& map, const char* key,
                  const std::string& file, bool required, std::string* out);

// Reads a sequence of scalars (a single scalar is accepted as a 1-list).
Status YamlStringList(const YAML::Node& map, const char* key,
                      const std::string& file, std::vector<std::string>* out);

// Reads a number field.
Status YamlDouble(const YAML::Node& map, const char* key,
                  const std::string& file, double* out);

// Reads a boolean field.
Status YamlBool(const YAML::Node& map, const char* key, const std::string& file,
                bool* out);

// Fails when `map` has a key not in `allowed` (catches typos).
Status YamlCheckKeys(const YAML::Node& map,
                     const std::vector<std::string>& allowed,
                     const std::string& file);

}  // namespace keylint

#endif  // KEYLINT_RULES_YAML_UTIL_H_
