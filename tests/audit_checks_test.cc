// Every check against its fixtures (tests/data/audit/checks/<id>/, written
// by make_fixtures.py): each input under fail/ must produce the check's
// finding, each input under pass/ must not, in every source format the
// check applies to. Plus what the findings say and where they point.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "auditor/checks.h"
#include "tests/audit_test_util.h"

namespace keylint {
namespace {

namespace fs = std::filesystem;
using audit_test::Audit;
using audit_test::Data;
using audit_test::FindingsOf;

std::vector<std::string> FilesIn(const fs::path& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file()) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::set<std::string> Formats(const std::vector<std::string>& files) {
  std::set<std::string> names;
  for (const auto& f : files) names.insert(fs::path(f).filename().string());
  return names;
}

AuditPolicy PolicyFor(const std::string& check) {
  AuditPolicy p = audit_test::DefaultPolicy();
  fs::path layer = fs::path(Data("checks")) / check / "policy.yaml";
  if (fs::exists(layer)) {
    std::string content = testing_util::ReadFile(layer.string());
    Status s = ParseAuditPolicy(content, layer.string(), &p);
    EXPECT_TRUE(s.ok()) << s.message();
  }
  return p;
}

class AuditCheckFixtures : public ::testing::TestWithParam<std::string> {};

TEST_P(AuditCheckFixtures, FailingInputsReportAndPassingInputsDoNot) {
  const std::string& id = GetParam();
  fs::path base = fs::path(Data("checks")) / id;
  std::vector<std::string> fail = FilesIn(base / "fail");
  std::vector<std::string> pass = FilesIn(base / "pass");
  ASSERT_FALSE(fail.empty()) << "no failing fixtures for " << id;
  ASSERT_FALSE(pass.empty()) << "no passing fixtures for " << id;
  // Each format that has a failing case has a passing one.
  EXPECT_EQ(Formats(fail), Formats(pass));
  AuditPolicy policy = PolicyFor(id);
  for (const std::string& file : fail) {
    Report r = Audit({file}, policy);
    EXPECT_TRUE(r.errors.empty()) << audit_test::ErrorsText(r);
    std::vector<const Finding*> found = FindingsOf(r, id);
    EXPECT_FALSE(found.empty()) << id << " missed " << file;
    for (const Finding* f : found) {
      EXPECT_EQ(f->path, file);
      EXPECT_GT(f->line, 0) << file;
      EXPECT_GT(f->column, 0) << file;
      EXPECT_EQ(f->fingerprint.size(), 64u);
      EXPECT_TRUE(f->redacted.empty());
      EXPECT_NE(f->message.find(" Fix: aws "), std::string::npos)
          << f->message;
      EXPECT_EQ(f->category, id.substr(0, id.find('-')));
    }
  }
  for (const std::string& file : pass) {
    Report r = Audit({file}, policy);
    EXPECT_TRUE(r.errors.empty()) << audit_test::ErrorsText(r);
    for (const Finding* f : FindingsOf(r, id)) {
      ADD_FAILURE() << id << " reported on passing fixture " << file << ":"
                    << f->line << ": " << f->message;
    }
  }
}

std::vector<std::string> AllCheckIds() {
  CheckRegistry registry;
  RegisterAllChecks(&registry);
  std::vector<std::string> ids;
  for (const auto& c : registry.checks()) ids.emplace_back(c->info().id);
  return ids;
}

INSTANTIATE_TEST_SUITE_P(
    EveryCheck, AuditCheckFixtures, ::testing::ValuesIn(AllCheckIds()),
    [](const ::testing::TestParamInfo<std::string>& info) {
      std::string name;
      for (char c : info.param) name.push_back(c == '-' ? '_' : c);
      return name;
    });

TEST(AuditChecks, CatalogueIsWellFormed) {
  CheckRegistry registry;
  RegisterAllChecks(&registry);
  ASSERT_EQ(registry.checks().size(), 27u);
  std::set<std::string> ids;
  for (const auto& c : registry.checks()) {
    const CheckInfo& info = c->info();
    EXPECT_TRUE(ids.insert(std::string(info.id)).second) << info.id;
    EXPECT_TRUE(info.family == "naming" || info.family == "rotation" ||
                info.family == "policy" || info.family == "placement")
        << info.id;
    EXPECT_TRUE(info.id.starts_with(std::string(info.family) + "-"))
        << info.id;
    EXPECT_FALSE(info.title.empty());
    EXPECT_GT(info.rationale.size(), 80u) << info.id;
    EXPECT_GT(info.remediation.size(), 30u) << info.id;
    EXPECT_TRUE(fs::is_directory(fs::path(Data("checks")) / info.id))
        << "no fixtures for " << info.id;
  }
  // Every fixture directory belongs to a check.
  for (const auto& e : fs::directory_iterator(Data("checks"))) {
    if (e.is_directory()) {
      EXPECT_TRUE(ids.count(e.path().filename().string()))
          << e.path().filename();
    }
  }
}

TEST(AuditChecks, DocsListEveryCheckWithItsFamilyAndSeverity) {
  std::string docs = testing_util::ReadFile(testing_util::SourcePath(
      "docs/audit.md"));
  CheckRegistry registry;
  RegisterAllChecks(&registry);
  for (const auto& c : registry.checks()) {
    const CheckInfo& info = c->info();
    std::string row = "| `" + std::string(info.id) + "` | " +
                      std::string(info.family) + " | " +
                      std::string(SeverityName(info.severity));
    EXPECT_NE(docs.find(row), std::string::npos) << row;
    EXPECT_NE(docs.find("#### `" + std::string(info.id) + "`"),
              std::string::npos)
        << info.id;
  }
}

const Finding* Only(const Report& r, const std::string& id) {
  std::vector<const Finding*> found = FindingsOf(r, id);
  EXPECT_EQ(found.size(), 1u) << id;
  return found.empty() ? nullptr : found[0];
}

TEST(AuditChecks, FindingsPointAtTheTemplateLine) {
  Report r = Audit(
      {Data("checks/placement-literal-secret-string/fail/template.yaml")});
  const Finding* f = Only(r, "placement-literal-secret-string");
  ASSERT_NE(f, nullptr);
  std::string text = testing_util::ReadFile(
      Data("checks/placement-literal-secret-string/fail/template.yaml"));
  // The line holding SecretString.
  std::vector<std::string> lines;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) lines.push_back(line);
  ASSERT_LE(f->line, static_cast<int>(lines.size()));
  EXPECT_NE(lines[f->line - 1].find("SecretString:"), std::string::npos);
  EXPECT_EQ(f->severity, Severity::kCritical);
  EXPECT_NE(f->message.find("put-secret-value"), std::string::npos);
  EXPECT_NE(f->message.find("get-random-password"), std::string::npos);
}

TEST(AuditChecks, RotationDisabledIsHighForCredentialsMediumOtherwise) {
  Report r = Audit({Data("loaders/exports/list-secrets.json")});
  for (const Finding* f : FindingsOf(r, "rotation-disabled")) {
    EXPECT_NE(f->message.find("api-token"), std::string::npos);
    EXPECT_EQ(f->severity, Severity::kMedium);
  }
  Report db = Audit({Data("checks/rotation-disabled/fail/export.json")});
  const Finding* f = Only(db, "rotation-disabled");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kHigh);
  EXPECT_NE(f->message.find("rotate-secret"), std::string::npos);
  EXPECT_NE(f->message.find("--rotation-lambda-arn"), std::string::npos);
}

TEST(AuditChecks, CronIntervalIsMeasuredByItsLongestGap) {
  Report r = Audit(
      {Data("checks/rotation-interval-too-long/fail/template.yaml")});
  const Finding* f = Only(r, "rotation-interval-too-long");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("up to 92 days"), std::string::npos)
      << f->message;
}

TEST(AuditChecks, ConfigInSecretsManagerStatesTheCost) {
  Report r = Audit(
      {Data("checks/placement-config-in-secrets-manager/fail/export.json")});
  const Finding* f = Only(r, "placement-config-in-secrets-manager");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("$0.40 a month"), std::string::npos);
  EXPECT_NE(f->message.find("$4.80 a year"), std::string::npos);
}

TEST(AuditChecks, EnvironmentFindingsNameTheVariableNotTheValue) {
  Report r =
      Audit({Data("checks/placement-secret-in-environment/fail/export.json")});
  std::vector<const Finding*> found =
      FindingsOf(r, "placement-secret-in-environment");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_NE(found[0]->message.find("GITHUB_TOKEN"), std::string::npos);
  EXPECT_NE(found[1]->message.find("STRIPE_API_KEY"), std::string::npos);
  for (const Finding* f : found) {
    EXPECT_EQ(f->message.find("ghp_"), std::string::npos);
    EXPECT_EQ(f->message.find("sk_live"), std::string::npos);
  }
  // Distinct variables, distinct fingerprints.
  EXPECT_NE(found[0]->fingerprint, found[1]->fingerprint);
}

TEST(AuditChecks, FingerprintsSurviveLineMovesAndDifferByCheck) {
  Report a = Audit({Data("checks/rotation-overdue/fail/export.json")});
  ASSERT_EQ(FindingsOf(a, "rotation-overdue").size(), 2u);
  Report b = Audit({Data("checks/rotation-overdue/fail/export.json")});
  EXPECT_EQ(a.findings.size(), b.findings.size());
  for (size_t i = 0; i < a.findings.size(); ++i) {
    EXPECT_EQ(a.findings[i].fingerprint, b.findings[i].fingerprint);
  }
  std::set<std::string> fingerprints;
  for (const Finding& f : a.findings) {
    EXPECT_TRUE(fingerprints.insert(f.fingerprint).second) << f.rule_id;
  }
  // SHA-256 of the check id and the resource's ARN.
  bool checked = false;
  for (const Finding* f : FindingsOf(a, "rotation-overdue")) {
    if (f->message.find("api-key") == std::string::npos) continue;
    EXPECT_EQ(f->fingerprint,
              Fingerprint("rotation-overdue",
                          "arn:aws:secretsmanager:us-east-1:111122223333:"
                          "secret:prod/payments/secrets/api-key-AbC123"));
    checked = true;
  }
  EXPECT_TRUE(checked);
}

TEST(AuditChecks, DisabledChecksDoNotRunAndSeverityOverridesApply) {
  AuditPolicy p = audit_test::DefaultPolicy();
  p.disable.push_back({"rotation-overdue", "test"});
  p.severity.push_back({"rotation-unused-secret", Severity::kCritical, "t"});
  Report r = Audit({Data("checks/rotation-unused-secret/fail/export.json")}, p);
  EXPECT_TRUE(FindingsOf(r, "rotation-overdue").empty());
  std::vector<const Finding*> unused = FindingsOf(r, "rotation-unused-secret");
  ASSERT_FALSE(unused.empty());
  for (const Finding* f : unused) EXPECT_EQ(f->severity, Severity::kCritical);
  for (const RuleInfo& info : r.rules) {
    EXPECT_NE(info.id, "rotation-overdue");
    if (info.id == "rotation-unused-secret") {
      EXPECT_EQ(info.severity, Severity::kCritical);
    }
    EXPECT_FALSE(info.help.empty());
    EXPECT_NE(info.help.find("Remediation:"), std::string::npos);
  }
}

TEST(AuditChecks, UnknownCheckIdsInThePolicyAreErrors) {
  CheckRegistry registry;
  RegisterAllChecks(&registry);
  AuditPolicy p = audit_test::DefaultPolicy();
  p.disable.push_back({"rotation-sometimes", "cfg.yaml:3:5"});
  Status s = ValidatePolicyCheckIds(p, registry);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("cfg.yaml:3:5"), std::string::npos);
  EXPECT_NE(s.message().find("rotation-sometimes"), std::string::npos);
}

}  // namespace
}  // namespace keylint
