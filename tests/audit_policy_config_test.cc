// The audit policy: built-in defaults, --policy files, and the `audit:`
// section of .keylint.yaml layered on top; the scan keys keep working.
#include "rules/audit_policy.h"

#include <gtest/gtest.h>

#include "rules/project_config.h"
#include "tests/audit_test_util.h"

namespace keylint {
namespace {

TEST(AuditPolicyConfig, BuiltInDefaultsAreComplete) {
  AuditPolicy p = audit_test::DefaultPolicy();
  EXPECT_TRUE(p.parameter_layout.leading_slash);
  EXPECT_EQ(p.parameter_layout.depth, 4);
  EXPECT_FALSE(p.secret_layout.leading_slash);
  EXPECT_EQ(p.environments,
            (std::vector<std::string>{"prod", "staging", "dev", "test"}));
  EXPECT_EQ(p.scopes, (std::vector<std::string>{"secrets", "config"}));
  EXPECT_EQ(p.secret_scope, "secrets");
  EXPECT_EQ(p.config_scope, "config");
  EXPECT_EQ(p.name_case, "lower");
  EXPECT_EQ(p.max_rotation_interval_days, 90);
  EXPECT_EQ(p.max_rotation_age_days, 90);
  EXPECT_EQ(p.unused_days, 90);
  EXPECT_TRUE(p.exempt_service_owned);
  EXPECT_FALSE(p.require_customer_managed_key);
  EXPECT_EQ(p.standard_tier_max_bytes, 4096);
  EXPECT_DOUBLE_EQ(p.secret_monthly_cost_usd, 0.40);
  EXPECT_FALSE(p.restricting_condition_keys.empty());
  EXPECT_EQ(p.management_actions.size(), 5u);
  EXPECT_TRUE(p.suppressions.empty());
}

TEST(AuditPolicyConfig, ProjectConfigOverridesOnlyWhatItNames) {
  ProjectConfig cfg;
  Status s = ParseProjectConfig(
      "exclude: ['vendor/**']\n"
      "severity_threshold: medium\n"
      "audit:\n"
      "  rotation: {max_interval_days: 30}\n"
      "  naming:\n"
      "    environments: [production, qa]\n"
      "    parameters: {depth: 3, max_depth: 5}\n"
      "  policy: {trusted_accounts: ['444455556666']}\n"
      "  placement: {require_customer_managed_key: true}\n"
      "  checks:\n"
      "    disable: [naming-secret-random-suffix]\n"
      "    severity: {rotation-unused-secret: medium}\n"
      "  suppress:\n"
      "    - check: rotation-disabled\n"
      "      resource: 'prod/legacy/*'\n"
      "      reason: Vendor cannot rotate; tracked in SEC-42\n"
      "      expires: 2025-01-31\n",
      "/repo/.keylint.yaml", &cfg);
  ASSERT_TRUE(s.ok()) << s.message();
  // The scan keys still work alongside.
  EXPECT_EQ(cfg.exclude, std::vector<std::string>{"vendor/**"});
  EXPECT_EQ(cfg.severity_threshold, Severity::kMedium);

  AuditPolicy p = audit_test::DefaultPolicy();
  s = ApplyAuditPolicyYaml(cfg.audit, cfg.path, &p);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(p.max_rotation_interval_days, 30);
  EXPECT_EQ(p.max_rotation_age_days, 90);  // untouched
  EXPECT_EQ(p.environments,
            (std::vector<std::string>{"production", "qa"}));
  EXPECT_EQ(p.parameter_layout.depth, 3);
  EXPECT_EQ(p.parameter_layout.max_depth, 5);
  EXPECT_TRUE(p.parameter_layout.leading_slash);  // untouched
  EXPECT_EQ(p.trusted_accounts, std::vector<std::string>{"444455556666"});
  EXPECT_TRUE(p.require_customer_managed_key);
  ASSERT_EQ(p.disable.size(), 1u);
  EXPECT_EQ(p.disable[0].id, "naming-secret-random-suffix");
  EXPECT_EQ(p.disable[0].where, "/repo/.keylint.yaml:11:15");
  ASSERT_EQ(p.severity.size(), 1u);
  EXPECT_EQ(p.severity[0].severity, Severity::kMedium);
  ASSERT_EQ(p.suppressions.size(), 1u);
  const AuditSuppression& sup = p.suppressions[0];
  EXPECT_EQ(sup.check, "rotation-disabled");
  EXPECT_EQ(sup.resource, "prod/legacy/*");
  EXPECT_EQ(sup.path, "*");
  EXPECT_EQ(sup.expires_text, "2025-01-31");
  EXPECT_EQ(sup.expires, *ParseAwsTimestamp("2025-02-01T00:00:00Z") - 1);
  EXPECT_EQ(sup.where, "/repo/.keylint.yaml:14:7");
}

TEST(AuditPolicyConfig, SuppressionsAccumulateAcrossLayers) {
  AuditPolicy p;
  const char* layer =
      "suppress:\n"
      "  - {check: policy-*, reason: reviewed by security}\n";
  ASSERT_TRUE(ParseAuditPolicy(layer, "a.yaml", &p).ok());
  ASSERT_TRUE(ParseAuditPolicy(layer, "b.yaml", &p).ok());
  EXPECT_EQ(p.suppressions.size(), 2u);
}

void ExpectConfigError(const std::string& yaml, const std::string& want) {
  ProjectConfig cfg;
  Status s = ParseProjectConfig(yaml, "cfg.yaml", &cfg);
  ASSERT_FALSE(s.ok()) << yaml;
  EXPECT_NE(s.message().find(want), std::string::npos) << s.message();
  EXPECT_TRUE(s.message().starts_with("cfg.yaml:")) << s.message();
}

TEST(AuditPolicyConfig, MistakesAreErrorsWithPositions) {
  ExpectConfigError("audit:\n  rotaton: {}\n", "unknown field 'rotaton'");
  ExpectConfigError("audit:\n  rotation: {max_interval_days: soon}\n",
                    "whole number");
  ExpectConfigError("audit:\n  rotation: {max_interval_days: -3}\n",
                    "at least 0");
  ExpectConfigError("audit:\n  suppress:\n    - check: rotation-disabled\n",
                    "needs a 'reason'");
  ExpectConfigError(
      "audit:\n  suppress:\n    - {check: x, reason: ok, expires: soon}\n",
      "not a date");
  ExpectConfigError(
      "audit:\n  suppress:\n    - {check: x, reason: ok, expires: 2025-02-30}\n",
      "not a date");
  ExpectConfigError("audit:\n  policy: {trusted_accounts: ['12345']}\n",
                    "12-digit");
  ExpectConfigError("audit:\n  naming: {case: camel}\n", "lower, upper");
  ExpectConfigError("audit:\n  naming: {charset: 'a-z]'}\n", "character-class");
  ExpectConfigError("audit:\n  checks: {severity: {x: urgent}}\n",
                    "unknown severity");
  ExpectConfigError("audit: [1, 2]\n", "must be a mapping");
}

TEST(AuditPolicyConfig, PolicyFilesLoadFromDisk) {
  AuditPolicy p;
  Status s = LoadAuditPolicy(audit_test::Data("no-such-policy.yaml"), &p);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  s = LoadAuditPolicy(
      audit_test::Data("checks/policy-untrusted-account/policy.yaml"), &p);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(p.trusted_accounts.size(), 2u);
}

TEST(AuditPolicyConfig, ExpiryDates) {
  EXPECT_EQ(ParseExpiryDate("2024-06-01"),
            *ParseAwsTimestamp("2024-06-02T00:00:00Z") - 1);
  EXPECT_FALSE(ParseExpiryDate("2024-6-1").has_value());
  EXPECT_FALSE(ParseExpiryDate("2023-02-29").has_value());
  EXPECT_TRUE(ParseExpiryDate("2024-02-29").has_value());
}

}  // namespace
}  // namespace keylint
