// AuditPolicy: the thresholds and conventions `keylint audit` checks against.
// Defaults come from rulesets/aws-policy.yaml (compiled in, see
// EmbeddedPolicy()) or `--policy FILE`; the project's `.keylint.yaml` may
// override any of them under its `audit:` section. Both use the same keys
// (documented in docs/audit.md):
//
//   naming:     parameters/secrets {leading_slash, depth, max_depth},
//               environments, scopes, secret_scope, config_scope, charset,
//               case, environment_tag, reserved_prefixes
//   rotation:   max_interval_days, max_age_days, unused_days,
//               failing_grace_days, exempt_service_owned, credential_keywords
//   policy:     trusted_accounts, restricting_condition_keys,
//               management_actions, kms_restricting_condition_keys
//   placement:  sensitive_keywords, reference_words, config_keywords,
//               require_customer_managed_key, customer_key_id,
//               standard_tier_max_bytes, secret_monthly_cost_usd
//   checks:     disable: [ids], severity: {id: level}
//   suppress:   [{check, resource, path, reason, expires}]
//
// A layer replaces the scalars and lists it names and leaves the others;
// `suppress` entries accumulate across layers. Check ids are validated by
// the auditor, which knows them (see `where` fields).
//
// Thread-safety: plain data; the functions share no state.
#ifndef KEYLINT_RULES_AUDIT_POLICY_H_
#define KEYLINT_RULES_AUDIT_POLICY_H_

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rules/severity.h"
#include "rules/status.h"

namespace keylint {

// How names of one store are laid out: "/env/app/scope/name" for
// parameters, "env/app/scope/name" for secrets by default.
struct NamingLayout {
  bool leading_slash = false;
  int depth = 0;      // number of segments required; 0 = any
  int max_depth = 0;  // deeper names allowed up to this; 0 = same as depth
};

// A policy entry that names a check id, remembered with its position so
// that an unknown id is reported as "file:line:column: unknown check".
struct CheckIdRef {
  std::string id;
  std::string where;
};

struct SeverityOverride {
  std::string id;
  Severity severity = Severity::kMedium;
  std::string where;
};

// Silences one check on matching resources. `check`, `resource` and `path`
// are globs (`*`, `?`); `resource` is matched against the resource's name,
// ARN and template logical id. An expired entry (the day after `expires`,
// UTC) no longer applies.
struct AuditSuppression {
  std::string check;
  std::string resource = "*";
  std::string path = "*";
  std::string reason;
  std::optional<int64_t> expires;  // end of the expiry day, Unix seconds
  std::string expires_text;        // as written, YYYY-MM-DD
  std::string where;               // file:line:column of the entry
};

struct AuditPolicy {
  // naming
  NamingLayout parameter_layout;
  NamingLayout secret_layout;
  std::vector<std::string> environments;  // empty: any
  std::vector<std::string> scopes;        // empty: any
  std::string secret_scope;  // the scope that holds secrets
  std::string config_scope;  // the scope that holds plain configuration
  std::string charset;       // RE2 character-class body, e.g. "a-z0-9._-"
  std::string name_case;     // lower | upper | any
  std::string environment_tag;
  std::vector<std::string> reserved_prefixes;

  // rotation
  int max_rotation_interval_days = 0;  // 0 disables the check
  int max_rotation_age_days = 0;
  int unused_days = 0;
  int failing_grace_days = 0;
  bool exempt_service_owned = false;
  std::vector<std::string> credential_keywords;

  // resource and identity policies
  std::vector<std::string> trusted_accounts;
  std::vector<std::string> restricting_condition_keys;
  std::vector<std::string> management_actions;
  std::vector<std::string> kms_restricting_condition_keys;

  // placement
  std::vector<std::string> sensitive_keywords;
  std::vector<std::string> reference_words;
  std::vector<std::string> config_keywords;
  bool require_customer_managed_key = false;
  std::string customer_key_id;  // used in suggested commands
  int64_t standard_tier_max_bytes = 0;
  double secret_monthly_cost_usd = 0;

  // checks
  std::vector<CheckIdRef> disable;
  std::vector<SeverityOverride> severity;
  std::vector<AuditSuppression> suppressions;
};

// Applies one layer (a policy file's root, or the `audit:` section of a
// project config) onto `*policy`. Unknown keys, wrong types and suppressions
// without a reason are errors naming file, line and column.
Status ApplyAuditPolicyYaml(const YAML::Node& layer, const std::string& file,
                            AuditPolicy* policy);

// Parses a policy document (the whole file) onto `*policy`.
Status ParseAuditPolicy(const std::string& content, const std::string& file,
                        AuditPolicy* policy);

// The built-in defaults (rulesets/aws-policy.yaml as compiled in) when
// `file` is empty, else `file` read from disk.
Status LoadAuditPolicy(const std::string& file, AuditPolicy* policy);

// Parses "YYYY-MM-DD"; returns the last second of that day (UTC).
std::optional<int64_t> ParseExpiryDate(const std::string& text);

}  // namespace keylint

#endif  // KEYLINT_RULES_AUDIT_POLICY_H_
