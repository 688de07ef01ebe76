// ProjectConfig: the project's `.keylint.yaml` (found at the scanned root or
// given with --config). Shared by the scanner and, later, the auditor.
//
//   rulesets: [tools/keylint/extra.yaml]   # relative to the config file
//   disable: [generic-password-assignment]
//   exclude: ["vendor/**", "*.min.js"]     # gitignore-style globs
//   allow: ['^test-[a-z0-9]+$']             # RE2, matched against secrets
//   severity_threshold: low                 # findings below are not reported
//   max_file_size: 10485760                 # bytes, or "10MiB"
//   audit:                                  # `keylint audit` overrides of
//     rotation: {max_interval_days: 30}     # rulesets/aws-policy.yaml; see
//     suppress: [...]                       # rules/audit_policy.h
//   verify:                                 # `scan --verify` (see
//     endpoints: {github: "https://ghe.example.com/api/v3"}  # verification.md)
//     ca_bundle: certs/corp-ca.pem          # relative to the config file
//
// Thread-safety: plain data; `audit` is a yaml-cpp handle whose reference
// count is not atomic, so copy a ProjectConfig on one thread at a time.
#ifndef KEYLINT_RULES_PROJECT_CONFIG_H_
#define KEYLINT_RULES_PROJECT_CONFIG_H_

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rules/severity.h"
#include "rules/status.h"

namespace keylint {

struct ProjectConfig {
  std::string path;  // where it was read from; empty when none
  std::vector<std::string> rulesets;  // absolute or relative to cwd
  std::vector<std::string> disable;
  std::vector<std::string> exclude;
  std::vector<std::string> allow;
  std::optional<Severity> severity_threshold;
  std::optional<uint64_t> max_file_size;
  // The `audit:` section, validated when parsed; layer it over the policy
  // defaults with ApplyAuditPolicyYaml(audit, path, &policy). Null if absent.
  YAML::Node audit;
  // The `verify:` section: provider name -> base URL (https only, checked
  // by the verifier), and a CA bundle path (absolute or relative to cwd).
  std::map<std::string, std::string> verify_endpoints;
  std::string verify_ca_bundle;
};

// Parses `content` read from `path`. Unknown keys are errors (typos).
Status ParseProjectConfig(const std::string& content, const std::string& path,
                          ProjectConfig* out);

// Reads `path`. NotFound when it does not exist.
Status LoadProjectConfig(const std::string& path, ProjectConfig* out);

// Parses sizes such as "10485760", "10MiB", "512KiB", "1GiB", "10MB".
std::optional<uint64_t> ParseByteSize(const std::string& text);

}  // namespace keylint

#endif  // KEYLINT_RULES_PROJECT_CONFIG_H_
