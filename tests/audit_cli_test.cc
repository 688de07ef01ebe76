// `keylint audit` end to end through the real binary: exit codes, the three
// output formats (SARIF with template line numbers), --policy, --config,
// --fail-on, malformed inputs, and that no planted secret value ever
// appears in any output.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "tests/test_util.h"

namespace keylint {
namespace {

using testing_util::ReadFile;
using testing_util::RunKeylint;
using testing_util::ShellQuote;
using testing_util::SourcePath;

std::string Data(const std::string& rel) {
  return ShellQuote(SourcePath("tests/data/audit/" + rel));
}

const char* kNow = " --now 2024-06-01 --config /dev/null";

TEST(CliAudit, CleanInputExitsZero) {
  auto r = RunKeylint("audit " +
                      Data("checks/placement-secret-in-environment/pass") +
                      kNow);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("0 findings"), std::string::npos) << r.out;
}

TEST(CliAudit, FindingsExitOneAndFailOnRaisesTheBar) {
  std::string path = Data("checks/rotation-unused-secret/fail/export.json");
  auto r = RunKeylint("audit " + path + kNow);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("low rotation-unused-secret"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Fix: aws secretsmanager delete-secret"),
            std::string::npos);
  // Only low findings there: --fail-on medium passes.
  auto m = RunKeylint("audit " + path + kNow + " --fail-on medium");
  EXPECT_EQ(m.exit_code, 0) << m.out;
  auto bad = RunKeylint("audit " + path + kNow + " --fail-on severe");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--fail-on"), std::string::npos);
}

TEST(CliAudit, JsonReportHasAuditCategoriesAndFingerprints) {
  auto r = RunKeylint("audit " + Data("checks/rotation-disabled/fail") + kNow +
                      " --format json");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto report = nlohmann::json::parse(r.out);
  ASSERT_FALSE(report["findings"].empty());
  std::set<std::string> paths;
  for (const auto& f : report["findings"]) {
    EXPECT_EQ(f["category"], "rotation");
    EXPECT_EQ(f["rule_id"], "rotation-disabled");
    EXPECT_EQ(f["fingerprint"].get<std::string>().size(), 64u);
    EXPECT_EQ(f["redacted"], "");
    EXPECT_GT(f["line"].get<int>(), 0);
    paths.insert(f["path"].get<std::string>());
  }
  // One directory given: paths relative to it, one per source format.
  EXPECT_EQ(paths, (std::set<std::string>{"export.json", "plan.json",
                                          "template.json", "template.yaml"}));
  EXPECT_TRUE(report["errors"].empty());
}

TEST(CliAudit, SarifPointsAtTemplateLinesAndDescribesChecks) {
  std::string dir = "checks/placement-cfn-sensitive-parameter/fail";
  auto r = RunKeylint("audit " + Data(dir) + kNow + " --format sarif");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto sarif = nlohmann::json::parse(r.out);
  const auto& run = sarif["runs"][0];
  bool described = false;
  for (const auto& rule : run["tool"]["driver"]["rules"]) {
    if (rule["id"] != "placement-cfn-sensitive-parameter") continue;
    described = true;
    std::string help = rule["help"]["text"];
    EXPECT_NE(help.find("cannot create SecureString"), std::string::npos);
    EXPECT_NE(help.find("Remediation:"), std::string::npos);
    EXPECT_EQ(rule["properties"]["category"], "placement");
  }
  EXPECT_TRUE(described);
  std::string yaml = ReadFile(SourcePath("tests/data/audit/" + dir +
                                         "/template.yaml"));
  std::vector<std::string> lines;
  std::stringstream ss(yaml);
  for (std::string line; std::getline(ss, line);) lines.push_back(line);
  int yaml_results = 0;
  for (const auto& result : run["results"]) {
    const auto& loc = result["locations"][0]["physicalLocation"];
    if (loc["artifactLocation"]["uri"] != "template.yaml") continue;
    ++yaml_results;
    int line = loc["region"]["startLine"];
    ASSERT_GE(line, 1);
    ASSERT_LE(line, static_cast<int>(lines.size()));
    // Each result points at the Value line of the parameter.
    EXPECT_NE(lines[line - 1].find("Value:"), std::string::npos)
        << lines[line - 1];
    EXPECT_GE(loc["region"]["startColumn"].get<int>(), 1);
  }
  EXPECT_EQ(yaml_results, 2);
}

TEST(CliAudit, PolicyFileAndProjectConfigChangeTheVerdict) {
  std::string fixture = Data("checks/placement-aws-managed-key/fail/export.json");
  // Built-in defaults do not require customer managed keys.
  auto plain = RunKeylint("audit " + fixture + kNow);
  EXPECT_EQ(plain.out.find("placement-aws-managed-key"), std::string::npos);
  auto with_policy = RunKeylint(
      "audit " + fixture + kNow + " --policy " +
      Data("checks/placement-aws-managed-key/policy.yaml"));
  EXPECT_EQ(with_policy.exit_code, 1) << with_policy.err;
  EXPECT_NE(with_policy.out.find("placement-aws-managed-key"),
            std::string::npos);
  EXPECT_NE(with_policy.out.find("--kms-key-id alias/payments-secrets"),
            std::string::npos);

  std::string cfg = ::testing::TempDir() + "/keylint-audit-cfg.yaml";
  std::ofstream(cfg) << "audit:\n"
                        "  placement: {require_customer_managed_key: true}\n"
                        "  suppress:\n"
                        "    - check: placement-aws-managed-key\n"
                        "      reason: migrating to CMKs in July\n"
                        "      expires: 2024-07-31\n";
  auto suppressed = RunKeylint("audit " + fixture +
                               " --now 2024-06-01 --config " +
                               ShellQuote(cfg));
  EXPECT_EQ(suppressed.out.find("placement-aws-managed-key"),
            std::string::npos)
      << suppressed.out;
  auto expired = RunKeylint("audit " + fixture + " --now 2024-08-01 --config " +
                            ShellQuote(cfg));
  EXPECT_NE(expired.out.find("expired on 2024-07-31"), std::string::npos)
      << expired.out;

  std::ofstream(cfg) << "audit:\n  suppress:\n    - check: rotation-disabled\n";
  auto invalid = RunKeylint("audit " + fixture + " --now 2024-06-01 --config " +
                            ShellQuote(cfg));
  EXPECT_EQ(invalid.exit_code, 2);
  EXPECT_NE(invalid.err.find("needs a 'reason'"), std::string::npos)
      << invalid.err;
  std::ofstream(cfg) << "audit:\n  checks: {disable: [rotation-never]}\n";
  auto unknown = RunKeylint("audit " + fixture + " --now 2024-06-01 --config " +
                            ShellQuote(cfg));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find(":2:22: cannot disable unknown check"),
            std::string::npos)
      << unknown.err;
}

TEST(CliAudit, MalformedFilesAreReportedAndTheRestIsAudited) {
  auto r = RunKeylint("audit " + Data("loaders/malformed") + kNow +
                      " --format json");
  EXPECT_EQ(r.exit_code, 1);
  auto report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["errors"].size(), 2u);
  EXPECT_FALSE(report["findings"].empty());
  EXPECT_NE(r.err.find("keylint: broken.json:6: invalid JSON"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("keylint: broken.yaml:5: invalid YAML"),
            std::string::npos)
      << r.err;
  // Only errors: exit 3.
  auto only = RunKeylint("audit " + Data("loaders/malformed/broken.json") +
                         kNow);
  EXPECT_EQ(only.exit_code, 3) << only.out;
  EXPECT_NE(only.out.find("error: "), std::string::npos);
  auto missing = RunKeylint("audit " + Data("no-such-export.json") + kNow);
  EXPECT_EQ(missing.exit_code, 2);
}

TEST(CliAudit, SeveralPathsAndOutputFile) {
  std::string out = ::testing::TempDir() + "/keylint-audit.sarif";
  auto r = RunKeylint("audit " + Data("checks/rotation-failing/fail") + " " +
                      Data("checks/rotation-no-function/fail/template.yaml") +
                      kNow + " --format sarif --output " + ShellQuote(out));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(r.out.empty());
  auto sarif = nlohmann::json::parse(ReadFile(out));
  std::set<std::string> rules;
  for (const auto& result : sarif["runs"][0]["results"]) {
    rules.insert(result["ruleId"].get<std::string>());
  }
  EXPECT_TRUE(rules.count("rotation-failing"));
  EXPECT_TRUE(rules.count("rotation-no-function"));
}

// A planted secret in a parameter value, a Lambda environment, an ECS
// environment, a SecretString and a Terraform plan never reaches any
// output, in any format, on stdout, stderr, a file or the --report
// directory (HTML, Markdown, JSON, CSV).
TEST(CliAudit, NoPlantedSecretInAnyOutput) {
  const std::vector<std::string> planted = {
      "ghp_R8kXw2mN4pQ7vT1yZ5bC9dF3hJ6kL0sA2eU4",
      "sk_live_51Hq8ZpLm3Nx7Ty2Wv4Bc6Df8Gh0Jk2Lm4Np6Qr8St0",
      "Zq8#mW2!vR5xT9kL",
  };
  std::string inputs =
      Data("checks/placement-secret-in-environment/fail") + " " +
      Data("checks/placement-plaintext-parameter/fail") + " " +
      Data("checks/placement-cfn-sensitive-parameter/fail") + " " +
      Data("checks/placement-literal-secret-string/fail");
  std::string out_file = ::testing::TempDir() + "/keylint-audit-leak.out";
  int checked = 0;
  std::string report_dir = ::testing::TempDir() + "/keylint-audit-leak-dir";
  for (std::string format :
       {"text", "json", "sarif", "markdown", "html", "csv"}) {
    for (std::string extra : {"", " --stats --color always"}) {
      auto r = RunKeylint("audit " + inputs + kNow + " --format " + format +
                          extra + " --report " + ShellQuote(report_dir));
      std::string report_files;
      for (const char* ext : {".html", ".md", ".json", ".csv"}) {
        std::string file = ReadFile(report_dir + "/audit" + ext);
        ASSERT_NE(file.find("placement-secret-in-environment"),
                  std::string::npos)
            << ext;
        report_files += file;
      }
      auto w = RunKeylint("audit " + inputs + kNow + " --format " + format +
                          " --output " + ShellQuote(out_file) + extra);
      std::string written = ReadFile(out_file);
      ASSERT_EQ(r.exit_code, 1) << format << r.err;
      ASSERT_NE(r.out.find("placement-secret-in-environment"),
                std::string::npos);
      for (const std::string* text : {&r.out, &r.err, &w.out, &w.err,
                                      &written, &report_files}) {
        for (const std::string& s : planted) {
          EXPECT_EQ(text->find(s), std::string::npos)
              << "secret leaked in " << format << extra;
          EXPECT_EQ(text->find(s.substr(0, 10)), std::string::npos)
              << "secret prefix leaked in " << format << extra;
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 72);
}

TEST(CliAudit, DidYouMeanAndHelp) {
  auto r = RunKeylint("audti x");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did you mean 'audit'"), std::string::npos) << r.err;
  auto h = RunKeylint("audit --help");
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_NE(h.out.find("--policy"), std::string::npos);
  EXPECT_NE(h.out.find("--fail-on"), std::string::npos);
}

}  // namespace
}  // namespace keylint
