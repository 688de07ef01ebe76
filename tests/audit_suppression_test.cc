// Suppressions from the policy (with a reason and an optional expiry) and
// CloudFormation `Metadata: keylint: skip` entries.
#include <gtest/gtest.h>

#include "auditor/checks.h"
#include "auditor/source_loader.h"
#include "tests/audit_test_util.h"

namespace keylint {
namespace {

using audit_test::Audit;
using audit_test::Data;
using audit_test::FindingsOf;

std::string Fixture() { return Data("checks/rotation-disabled/fail/export.json"); }

AuditPolicy WithSuppression(const std::string& yaml) {
  AuditPolicy p = audit_test::DefaultPolicy();
  Status s = ParseAuditPolicy(yaml, "policy.yaml", &p);
  EXPECT_TRUE(s.ok()) << s.message();
  return p;
}

TEST(AuditSuppression, ActiveSuppressionHidesTheFinding) {
  ASSERT_EQ(FindingsOf(Audit({Fixture()}), "rotation-disabled").size(), 1u);
  AuditPolicy p = WithSuppression(
      "suppress:\n"
      "  - check: rotation-disabled\n"
      "    resource: 'prod/payments/secrets/*'\n"
      "    reason: Rotation lands with the Q3 database migration (SEC-7)\n"
      "    expires: 2024-09-30\n");
  Report r = Audit({Fixture()}, p);
  EXPECT_TRUE(FindingsOf(r, "rotation-disabled").empty());
  EXPECT_TRUE(r.errors.empty());
}

TEST(AuditSuppression, ExpiredSuppressionNoLongerAppliesAndSaysSo) {
  AuditPolicy p = WithSuppression(
      "suppress:\n"
      "  - check: rotation-disabled\n"
      "    resource: 'prod/payments/secrets/*'\n"
      "    reason: Was to be fixed in Q1\n"
      "    expires: 2024-05-31\n");
  Report r = Audit({Fixture()}, p);
  std::vector<const Finding*> found = FindingsOf(r, "rotation-disabled");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->message.find("suppression at policy.yaml:2:5 expired on "
                                   "2024-05-31"),
            std::string::npos)
      << found[0]->message;
  // The fix command stays last.
  EXPECT_LT(found[0]->message.find("expired"), found[0]->message.find(" Fix: "));
}

TEST(AuditSuppression, ExpiryIsInclusiveOfTheDay) {
  AuditPolicy p = WithSuppression(
      "suppress:\n"
      "  - {check: rotation-disabled, reason: last day, expires: 2024-06-01}\n");
  EXPECT_TRUE(FindingsOf(Audit({Fixture()}, p), "rotation-disabled").empty());
}

TEST(AuditSuppression, MatchesByCheckGlobResourceArnAndPath) {
  // A glob over checks and the ARN.
  AuditPolicy by_arn = WithSuppression(
      "suppress:\n"
      "  - check: 'rotation-*'\n"
      "    resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:*'\n"
      "    reason: account under decommission\n");
  EXPECT_TRUE(Audit({Fixture()}, by_arn).findings.empty());
  // Another resource: nothing suppressed.
  AuditPolicy other = WithSuppression(
      "suppress:\n"
      "  - {check: rotation-disabled, resource: 'staging/*', reason: x}\n");
  EXPECT_EQ(FindingsOf(Audit({Fixture()}, other), "rotation-disabled").size(),
            1u);
  // By the file it was found in.
  AuditPolicy by_path = WithSuppression(
      "suppress:\n"
      "  - {check: rotation-disabled, path: '*/fail/export.json', reason: x}\n");
  EXPECT_TRUE(
      FindingsOf(Audit({Fixture()}, by_path), "rotation-disabled").empty());
}

TEST(AuditSuppression, TemplateLogicalIdsCanBeSuppressed) {
  AuditPolicy p = WithSuppression(
      "suppress:\n"
      "  - {check: rotation-disabled, resource: Secret, reason: template}\n");
  Report r = Audit({Data("checks/rotation-disabled/fail/template.yaml")}, p);
  EXPECT_TRUE(FindingsOf(r, "rotation-disabled").empty());
}

TEST(AuditSuppression, CloudFormationMetadataSkip) {
  Report r = Audit({Data("loaders/cfn/payments.yaml")});
  // LegacyToken skips rotation-disabled and naming-secret-path with a
  // reason; UnreasonedSkip's skip has none, so it is reported and ignored.
  bool legacy = false, unreasoned = false;
  for (const Finding* f : FindingsOf(r, "rotation-disabled")) {
    if (f->message.find("legacy-token") != std::string::npos) legacy = true;
    if (f->message.find("unreasoned") != std::string::npos) unreasoned = true;
  }
  EXPECT_FALSE(legacy);
  EXPECT_TRUE(unreasoned);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_TRUE(r.errors[0].path.ends_with("loaders/cfn/payments.yaml"));
  EXPECT_EQ(r.errors[0].line, 67);
}

TEST(AuditSuppression, SkipOfAnUnknownCheckIsReported) {
  InventoryBuilder builder;
  std::vector<InputError> errors;
  SourceLoadStats stats;
  LoadSourceText(
      "Resources:\n"
      "  S:\n"
      "    Type: AWS::SecretsManager::Secret\n"
      "    Metadata:\n"
      "      keylint:\n"
      "        skip:\n"
      "          - {id: rotation-disabld, reason: typo}\n"
      "    Properties: {Name: prod/app/secrets/x}\n",
      "t.yaml", true, &builder, &errors, &stats);
  ASSERT_TRUE(errors.empty());
  Inventory inv = builder.Finish();
  CheckRegistry registry;
  RegisterAllChecks(&registry);
  std::vector<Finding> findings;
  AuditInventory(inv, registry, audit_test::DefaultPolicy(), nullptr,
                 audit_test::Now(), &findings, &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 7);
  EXPECT_NE(errors[0].message.find("unknown check 'rotation-disabld'"),
            std::string::npos);
  // Not silenced by the typo.
  bool reported = false;
  for (const Finding& f : findings) reported |= f.rule_id == "rotation-disabled";
  EXPECT_TRUE(reported);
}

}  // namespace
}  // namespace keylint
