// The audit report end to end through the real binary: `keylint audit
// --report DIR` on the bundled example account (examples/aws-account), the
// HTML rendered by headless Chromium (DOM and screenshot), and `keylint
// report diff` with its exit codes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "tests/test_util.h"

namespace keylint {
namespace {

using testing_util::ReadFile;
using testing_util::RunKeylint;
using testing_util::ShellQuote;
using testing_util::SourcePath;

const char* kNow = " --now 2024-06-01 --config /dev/null";

class ReportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/keylint-report-" + std::to_string(getpid()) +
           "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Audits the example account into dir_/NAME.*; returns the exit code.
  int AuditExample(const std::string& name) {
    auto r = RunKeylint("audit " + ShellQuote(SourcePath("examples/aws-account")) +
                        kNow + " --output /dev/null --report " +
                        ShellQuote(dir_) + " --report-name " + name);
    EXPECT_NE(r.err.find("audit report written to"), std::string::npos)
        << r.err;
    return r.exit_code;
  }
  std::string dir_;
};

TEST_F(ReportCli, ReportDirectoryHoldsEveryFormat) {
  ASSERT_EQ(AuditExample("example-audit"), 1);
  auto json = nlohmann::json::parse(ReadFile(dir_ + "/example-audit.json"));
  EXPECT_EQ(json["schema"], "keylint-audit-report/1");
  EXPECT_EQ(json["audit"]["accounts"],
            nlohmann::json::array({"111122223333"}));
  EXPECT_EQ(json["audit"]["regions"], nlohmann::json::array({"eu-west-1"}));
  EXPECT_EQ(json["audit"]["started_at"], "2024-06-01T00:00:00Z");
  size_t findings = json["findings"].size();
  ASSERT_GT(findings, 10u);
  std::set<std::string> families;
  for (const auto& f : json["findings"]) {
    families.insert(f["category"].get<std::string>());
    EXPECT_FALSE(f["resource"].get<std::string>().empty());
    EXPECT_TRUE(f["fix"].get<std::string>().starts_with("aws ")) << f["fix"];
  }
  EXPECT_EQ(families, (std::set<std::string>{"naming", "rotation", "policy",
                                             "placement"}));
  // Three config secrets at the policy's $0.40.
  EXPECT_DOUBLE_EQ(json["summary"]["cost"]["monthly_usd"].get<double>(), 1.2);
  bool prod_payments = false;
  for (const auto& g : json["breakdown"]) {
    if (g["environment"] == "prod" && g["application"] == "payments") {
      prod_payments = g["findings"].get<int>() > 0;
    }
  }
  EXPECT_TRUE(prod_payments);

  std::string csv = ReadFile(dir_ + "/example-audit.csv");
  size_t rows = 0;
  for (size_t at = csv.find('\n'); at != std::string::npos;
       at = csv.find('\n', at + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, findings + 1);
  std::string md = ReadFile(dir_ + "/example-audit.md");
  EXPECT_NE(md.find("## keylint audit report"), std::string::npos);
  EXPECT_NE(md.find("$1.20 per month"), std::string::npos);
  std::string html = ReadFile(dir_ + "/example-audit.html");
  EXPECT_NE(html.find("policy-public-principal"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);

  // Same input, same bytes (JSON aside from its timing field).
  ASSERT_EQ(AuditExample("again"), 1);
  EXPECT_EQ(ReadFile(dir_ + "/again.html"), html);
  EXPECT_EQ(ReadFile(dir_ + "/again.md"), md);
  EXPECT_EQ(ReadFile(dir_ + "/again.csv"), csv);
}

std::string Chromium() {
  for (const char* name : {"chromium", "chromium-browser"}) {
    std::string cmd = std::string("command -v ") + name + " >/dev/null 2>&1";
    if (std::system(cmd.c_str()) == 0) return name;
  }
  return {};
}

TEST_F(ReportCli, HeadlessChromiumRendersTheAuditReport) {
  std::string chromium = Chromium();
  if (chromium.empty()) {
    GTEST_SKIP() << "chromium is not installed (scripts/install-deps.sh "
                    "installs it); the HTML report was not rendered";
  }
  ASSERT_EQ(AuditExample("example-audit"), 1);
  std::string html = dir_ + "/example-audit.html";
  auto json = nlohmann::json::parse(ReadFile(dir_ + "/example-audit.json"));
  std::string flags =
      " --headless --no-sandbox --disable-gpu --no-first-run "
      "--user-data-dir=" +
      ShellQuote(dir_ + "/profile") + " ";
  std::string dom_file = dir_ + "/dom.html";
  int rc = std::system((chromium + flags + "--dump-dom file://" +
                        ShellQuote(html) + " >" + ShellQuote(dom_file) +
                        " 2>/dev/null")
                           .c_str());
  ASSERT_EQ(rc, 0);
  std::string dom = ReadFile(dom_file);
  // The script ran to its end (sorting and filtering wired up).
  EXPECT_NE(dom.find("data-ready=\"1\""), std::string::npos);
  for (const char* part :
       {"keylint audit report", "111122223333", "eu-west-1", "Compliance",
        "Secrets with automatic rotation", "By environment and application",
        "What could not be read", "prod/search/secrets/es-admin-password",
        "Cost of configuration in Secrets Manager", "<svg"}) {
    EXPECT_NE(dom.find(part), std::string::npos) << part;
  }
  size_t rows = 0;
  for (size_t at = dom.find("<tr data-sev="); at != std::string::npos;
       at = dom.find("<tr data-sev=", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, json["findings"].size());

  std::string png = dir_ + "/shot.png";
  rc = std::system((chromium + flags +
                    "--hide-scrollbars --window-size=1280,2000 --screenshot=" +
                    ShellQuote(png) + " file://" + ShellQuote(html) +
                    " >/dev/null 2>&1")
                       .c_str());
  ASSERT_EQ(rc, 0);
  std::string image = ReadFile(png);
  ASSERT_GT(image.size(), 20000u);  // a rendered page, not a blank one
  EXPECT_EQ(image.substr(1, 3), "PNG");
}

TEST_F(ReportCli, ReportDiffSaysWhatIsNewAndFailsOnIt) {
  ASSERT_EQ(AuditExample("new"), 1);
  std::string old_json = dir_ + "/old.json";
  auto r = RunKeylint(
      "audit " +
      ShellQuote(SourcePath("tests/data/audit/checks/rotation-disabled/fail")) +
      kNow + " --output /dev/null --report " + ShellQuote(dir_) +
      " --report-name old");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  std::string o = ShellQuote(old_json), n = ShellQuote(dir_ + "/new.json");

  auto diff = RunKeylint("report diff " + o + " " + n);
  EXPECT_EQ(diff.exit_code, 1) << diff.err;
  EXPECT_NE(diff.out.find("resolved"), std::string::npos);
  EXPECT_NE(diff.out.find("New:"), std::string::npos);
  EXPECT_NE(diff.out.find("policy-public-principal"), std::string::npos);
  // The example has a critical finding: still failing at --fail-on critical.
  EXPECT_EQ(RunKeylint("report diff " + o + " " + n + " --fail-on critical")
                .exit_code,
            1);
  // A report with one finding fewer: going to it only resolves (success),
  // coming from it the finding is new (failure at its severity, not above).
  auto fewer = nlohmann::json::parse(ReadFile(dir_ + "/new.json"));
  std::string dropped_severity = fewer["findings"].back()["severity"];
  ASSERT_EQ(dropped_severity, "low");
  fewer["findings"].erase(fewer["findings"].size() - 1);
  std::string f = ShellQuote(dir_ + "/fewer.json");
  std::ofstream(dir_ + "/fewer.json") << fewer.dump();
  auto back = RunKeylint("report diff " + n + " " + f + " --format markdown");
  EXPECT_EQ(back.exit_code, 0) << back.out;
  EXPECT_NE(back.out.find("### keylint report diff: 0 new, 1 resolved"),
            std::string::npos)
      << back.out;
  EXPECT_EQ(RunKeylint("report diff " + f + " " + n).exit_code, 1);
  EXPECT_EQ(RunKeylint("report diff " + f + " " + n + " --fail-on medium")
                .exit_code,
            0);
  auto same = RunKeylint("report diff " + n + " " + n + " --format html -o " +
                         ShellQuote(dir_ + "/diff.html"));
  EXPECT_EQ(same.exit_code, 0);
  EXPECT_NE(ReadFile(dir_ + "/diff.html").find("0 new, 0 resolved"),
            std::string::npos);
  // The scan JSON is accepted too.
  auto scan = RunKeylint("scan " + ShellQuote(SourcePath("examples/demo-app")) +
                         " --format json --output " +
                         ShellQuote(dir_ + "/scan.json"));
  ASSERT_EQ(scan.exit_code, 1);
  auto scan_diff = RunKeylint("report diff " + ShellQuote(dir_ + "/scan.json") +
                              " " + ShellQuote(dir_ + "/scan.json"));
  EXPECT_EQ(scan_diff.exit_code, 0) << scan_diff.err;
  EXPECT_NE(scan_diff.out.find("0 new, 0 resolved, 8 unchanged"),
            std::string::npos)
      << scan_diff.out;
}

TEST_F(ReportCli, ReportDiffBadInputIsOneLineAndExitTwo) {
  std::string bad = dir_ + "/bad.json";
  std::ofstream(bad) << "{\"findings\": [\n  {oops}\n]}";
  auto r = RunKeylint("report diff " + ShellQuote(bad) + " " + ShellQuote(bad));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "keylint: " + bad + ":2:4: not valid JSON\n");
  auto missing = RunKeylint("report diff " + ShellQuote(dir_ + "/none.json") +
                            " " + ShellQuote(bad));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("none.json: cannot read"), std::string::npos);
}

}  // namespace
}  // namespace keylint
