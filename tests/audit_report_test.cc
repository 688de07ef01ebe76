// Tests for the audit report formats (reports/audit_view, html_sink,
// audit_markdown, audit_json, csv_sink) and the report diff: the figures
// (score, severity and family counts, breakdown, cost), escaping of hostile
// names in every format, no external URL in the HTML, CSV quoting and
// formula guard, the diff's matching and its input errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "reports/audit_json.h"
#include "reports/audit_view.h"
#include "reports/csv_sink.h"
#include "reports/html_sink.h"
#include "reports/markdown_sink.h"
#include "reports/report_diff.h"
#include "reports/sink.h"
#include "rules/report.h"

namespace keylint {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A resource name that would break out of HTML text, an attribute, a
// Markdown table or a CSV row if printed raw.
const std::string kHostile =
    "prod/pay<script>alert(1)</script>/secrets/\"q'&x|y\n=HYPERLINK(1)\x1b[31m";

Finding AuditFinding(std::string rule, Severity s, std::string resource,
                     std::string message) {
  Finding f;
  f.rule_id = std::move(rule);
  f.category = f.rule_id.substr(0, f.rule_id.find('-'));
  f.severity = s;
  f.resource = std::move(resource);
  f.message = std::move(message);
  f.path = "exports/secrets.json";
  f.line = 7;
  f.column = 3;
  f.fingerprint = std::string(64, 'a') + f.rule_id + f.resource;
  return f;
}

Report SampleReport() {
  Report r;
  r.tool_version = "1.2.3";
  r.root = "exports";
  r.audit.source = "offline";
  r.audit.started_at = "2024-06-01T00:00:00Z";
  r.audit.accounts = {"111122223333"};
  r.audit.regions = {"eu-west-1"};
  r.audit.secret_monthly_cost_usd = 0.40;
  r.audit.resource_counts = {{"parameter", 1}, {"secret", 3}};
  r.audit.resources = {
      {"parameter", "/prod/pay/config/host", "prod", "pay"},
      {"secret", "prod/pay/config/url", "prod", "pay"},
      {"secret", "prod/pay/secrets/db", "prod", "pay"},
      {"secret", kHostile, "", ""},
  };
  r.audit.compliance = {{"rotation", "Secrets with automatic rotation", 1, 3}};
  r.audit.unreadable = {{"secretsmanager", "GetResourcePolicy", "eu-west-1",
                         "prod/pay/secrets/db", "AccessDeniedException",
                         "not authorized"}};
  r.findings = {
      AuditFinding("policy-public-principal", Severity::kCritical,
                   "prod/pay/secrets/db",
                   "Anyone can read it. Fix: aws secretsmanager "
                   "put-resource-policy --secret-id db"),
      AuditFinding("naming-scope-mismatch", Severity::kMedium,
                   "prod/pay/config/url",
                   "Config in Secrets Manager. Fix: aws ssm put-parameter"),
      AuditFinding("naming-secret-path", Severity::kMedium, kHostile,
                   "Bad name " + kHostile + ". Fix: aws secretsmanager "
                   "create-secret --name '<env>/<app>'"),
  };
  RuleInfo info;
  info.id = "policy-public-principal";
  info.description = "Resource policy allows any AWS principal";
  info.category = "policy";
  info.help = "Anyone with an AWS account could read it.\n\nRemediation: "
              "Remove the statement.";
  r.rules = {info};
  return r;
}

// Markdown with its code spans removed: what GitHub would render as markup
// (a code span shows "<script>" literally).
std::string OutsideCodeSpans(const std::string& md) {
  std::string out;
  bool in_code = false;
  for (char c : md) {
    if (c == '`') {
      in_code = !in_code;
      continue;
    }
    if (!in_code) out += c;
  }
  return out;
}

std::string Render(std::string_view format, const Report& r) {
  std::ostringstream out;
  auto sink = MakeSink(format, SinkOptions{});
  EXPECT_NE(sink, nullptr) << format;
  EXPECT_TRUE(sink->Write(r, out).ok());
  return out.str();
}

TEST(AuditView, ScoreCountsBreakdownAndCost) {
  Report r = SampleReport();
  AuditView v = BuildAuditView(r);
  ASSERT_EQ(v.findings.size(), 3u);
  EXPECT_EQ(v.findings[0].finding->rule_id, "policy-public-principal");
  EXPECT_EQ(v.findings[0].fix,
            "aws secretsmanager put-resource-policy --secret-id db");
  EXPECT_EQ(v.findings[0].problem, "Anyone can read it.");
  EXPECT_EQ(v.findings[0].remediation, "Remove the statement.");
  EXPECT_EQ(v.findings[0].environment, "prod");
  EXPECT_EQ(v.by_severity[static_cast<size_t>(Severity::kCritical)], 1u);
  EXPECT_EQ(v.by_severity[static_cast<size_t>(Severity::kMedium)], 2u);
  // 4 resources: one loses 1.0 (critical), two lose 0.3 (medium).
  EXPECT_EQ(v.resources, 4u);
  EXPECT_EQ(v.score, 60);  // round(100 * (1 - 1.6 / 4))
  EXPECT_EQ(v.grade, 'D');
  ASSERT_EQ(v.families.size(), 4u);
  EXPECT_EQ(v.families[0].family, "naming");
  EXPECT_EQ(v.families[0].findings, 2u);
  EXPECT_EQ(v.families[2].family, "policy");
  EXPECT_EQ(v.families[2].findings, 1u);
  ASSERT_EQ(v.groups.size(), 2u);
  EXPECT_EQ(v.groups[0].environment, "prod");
  EXPECT_EQ(v.groups[0].resources, 3u);
  EXPECT_EQ(v.groups[0].findings, 2u);
  EXPECT_EQ(v.groups[1].environment, "");  // unnamed group last
  EXPECT_EQ(v.config_secrets, std::vector<std::string>{"prod/pay/config/url"});
  EXPECT_DOUBLE_EQ(v.config_monthly_usd, 0.40);
  EXPECT_THAT(CostAssumption(v), HasSubstr("$0.40 per secret per month"));
}

TEST(AuditHtml, SelfContainedEscapedAndComplete) {
  std::string html = Render("html", SampleReport());
  // Content.
  for (const char* part :
       {"keylint audit report", "111122223333", "eu-west-1",
        "2024-06-01T00:00:00Z", "60<span class=\"grade\"> / 100",
        "Grade D", "Secrets with automatic rotation", "33.3%",
        "$0.40 per month", "Remove the statement.",
        "aws secretsmanager put-resource-policy --secret-id db",
        "could not be read: not authorized", "GetResourcePolicy",
        "AccessDeniedException", "<svg", "<script>"}) {
    EXPECT_THAT(html, HasSubstr(part));
  }
  // Nothing is fetched: no URL, no external reference of any kind.
  for (const char* bad : {"http://", "https://", "src=", "href=", "@import",
                          "url(", "<link", "<img", "<iframe"}) {
    EXPECT_THAT(html, Not(HasSubstr(bad))) << bad;
  }
  EXPECT_THAT(html, HasSubstr("default-src 'none'"));
  // The hostile name appears only escaped.
  EXPECT_THAT(html, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(html, Not(HasSubstr("\x1b")));
  EXPECT_THAT(html, HasSubstr("&#60;script&#62;alert(1)&#60;/script&#62;"));
  EXPECT_THAT(html, HasSubstr("&#34;q&#39;&#38;x|y\\n=HYPERLINK"));
  // Exactly one script element: ours.
  size_t scripts = 0;
  for (size_t at = html.find("<script"); at != std::string::npos;
       at = html.find("<script", at + 1)) {
    ++scripts;
  }
  EXPECT_EQ(scripts, 1u);
  EXPECT_EQ(html, Render("html", SampleReport()));  // deterministic
}

TEST(ScanHtml, ScanReportHasFindingsAndNoExternalReference) {
  Report r;
  Finding f;
  f.rule_id = "aws-access-key-id";
  f.category = "hardcoded";
  f.severity = Severity::kCritical;
  f.message = "AWS access key ID";
  f.path = "src/<b>evil</b>.py";
  f.line = 3;
  f.column = 9;
  f.redacted = "AKIA…";
  f.fingerprint = std::string(64, 'b');
  r.findings = {f};
  r.rules = {{"aws-access-key-id", "AWS key", Severity::kCritical, "hardcoded",
              {}, {"https://docs.aws.amazon.com/"}}};
  std::string html = Render("html", r);
  EXPECT_THAT(html, HasSubstr("keylint scan report"));
  EXPECT_THAT(html, HasSubstr("aws-access-key-id"));
  EXPECT_THAT(html, HasSubstr("AKIA…"));
  EXPECT_THAT(html, HasSubstr("src/&#60;b&#62;evil&#60;/b&#62;.py:3:9"));
  EXPECT_THAT(html, Not(HasSubstr("https://")));
  EXPECT_THAT(html, Not(HasSubstr("<b>evil")));
}

TEST(AuditMarkdown, SectionsAndEscaping) {
  std::string md = Render("markdown", SampleReport());
  for (const char* part :
       {"## keylint audit report", "**Score 60 / 100 (grade D)**",
        "### Compliance", "| Secrets with automatic rotation | 33.3% | 1 of 3 |",
        "$0.40 per month", "### By environment and application",
        "could not be read (AccessDeniedException", "*Remediation:* Remove",
        "`aws secretsmanager put-resource-policy --secret-id db`"}) {
    EXPECT_THAT(md, HasSubstr(part));
  }
  EXPECT_THAT(OutsideCodeSpans(md), Not(HasSubstr("<script>")));
  EXPECT_THAT(md, Not(HasSubstr("\x1b")));
  // Every table row keeps its cell count: the hostile '|' is escaped.
  std::istringstream lines(md);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.starts_with("| ") || !line.ends_with(" |")) continue;
    size_t unescaped = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++unescaped;
    }
    if (line.find("naming-secret-path") != std::string::npos) {
      EXPECT_EQ(unescaped, 7u) << line;
    }
  }
}

TEST(AuditCsv, OneRowPerFindingQuotedAndGuarded) {
  std::string csv = Render("csv", SampleReport());
  std::vector<std::string> rows;
  size_t start = 0;
  for (size_t at = csv.find('\n'); at != std::string::npos;
       at = csv.find('\n', start)) {
    rows.push_back(csv.substr(start, at - start));
    start = at + 1;
  }
  ASSERT_EQ(rows.size(), 4u);  // header + 3 findings
  EXPECT_EQ(rows[0],
            "severity,rule_id,category,resource,environment,application,"
            "path,line,column,problem,fix,redacted,fingerprint,commit");
  EXPECT_TRUE(rows[1].starts_with("critical,policy-public-principal,policy,"
                                  "prod/pay/secrets/db,prod,pay,"));
  EXPECT_THAT(csv, Not(HasSubstr("\x1b")));
  EXPECT_THAT(csv, Not(HasSubstr("\r")));
  EXPECT_THAT(CsvField("=SUM(A1)"), "'=SUM(A1)");
  EXPECT_THAT(CsvField("-1+2"), "'-1+2");
  EXPECT_THAT(CsvField("a,\"b\""), "\"a,\"\"b\"\"\"");
  EXPECT_THAT(CsvField("line\nbreak"), "line\\nbreak");
}

TEST(AuditJson, DocumentedSchema) {
  std::ostringstream out;
  ASSERT_TRUE(WriteAuditJson(SampleReport(), out).ok());
  auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["schema"], "keylint-audit-report/1");
  EXPECT_EQ(j["tool"]["version"], "1.2.3");
  EXPECT_EQ(j["audit"]["accounts"][0], "111122223333");
  EXPECT_EQ(j["audit"]["resource_counts"]["secret"], 3);
  EXPECT_EQ(j["audit"]["unreadable"][0]["code"], "AccessDeniedException");
  EXPECT_EQ(j["summary"]["score"], 60);
  EXPECT_EQ(j["summary"]["grade"], "D");
  EXPECT_EQ(j["summary"]["by_severity"]["critical"], 1);
  EXPECT_EQ(j["summary"]["compliance"][0]["total"], 3);
  EXPECT_NEAR(j["summary"]["compliance"][0]["rate"].get<double>(), 1.0 / 3,
              1e-9);
  EXPECT_DOUBLE_EQ(j["summary"]["cost"]["monthly_usd"].get<double>(), 0.40);
  EXPECT_EQ(j["breakdown"][0]["environment"], "prod");
  EXPECT_EQ(j["checks"][0]["remediation"], "Remove the statement.");
  const auto& f = j["findings"][0];
  for (const char* key :
       {"rule_id", "category", "severity", "message", "problem", "fix",
        "resource", "environment", "application", "path", "line", "column",
        "fingerprint"}) {
    EXPECT_TRUE(f.contains(key)) << key;
  }
  // The audit JSON is a valid input of the diff.
  std::vector<DiffFinding> parsed;
  ASSERT_TRUE(ParseReportFindings(out.str(), "a.json", &parsed).ok());
  EXPECT_EQ(parsed.size(), 3u);
}

DiffFinding D(std::string rule, Severity s, std::string fp, std::string path,
              int line) {
  DiffFinding d;
  d.rule_id = std::move(rule);
  d.severity = s;
  d.fingerprint = std::move(fp);
  d.path = std::move(path);
  d.line = line;
  d.message = "m";
  return d;
}

TEST(ReportDiff, NewResolvedUnchangedByRuleAndFingerprint) {
  std::vector<DiffFinding> before = {
      D("rotation-disabled", Severity::kHigh, "f1", "a.json", 3),
      D("naming-secret-path", Severity::kMedium, "f2", "a.json", 9),
      D("dup", Severity::kLow, "f3", "x.py", 1),
  };
  std::vector<DiffFinding> after = {
      // Moved line: unchanged.
      D("rotation-disabled", Severity::kHigh, "f1", "a.json", 30),
      // Same fingerprint under another rule: a different finding.
      D("naming-parameter-path", Severity::kMedium, "f2", "a.json", 9),
      // Two of a kind where there was one: one is new.
      D("dup", Severity::kLow, "f3", "y.py", 1),
      D("dup", Severity::kLow, "f3", "x.py", 5),
  };
  ReportDiff d = DiffReports(before, after);
  ASSERT_EQ(d.unchanged.size(), 2u);
  ASSERT_EQ(d.added.size(), 2u);
  ASSERT_EQ(d.resolved.size(), 1u);
  EXPECT_EQ(d.resolved[0].rule_id, "naming-secret-path");
  EXPECT_EQ(d.added[0].rule_id, "naming-parameter-path");  // most severe
  EXPECT_EQ(d.added[1].path, "y.py");  // the same-path twin was paired
}

TEST(ReportDiff, RenderersEscapeAndSummarise) {
  ReportDiff d = DiffReports({}, {D(kHostile, Severity::kHigh, "f", kHostile,
                                    1)});
  d.old_name = "old.json";
  d.new_name = "new.json";
  std::ostringstream text, md, html;
  WriteDiffText(d, text);
  WriteDiffMarkdown(d, md);
  WriteDiffHtml(d, html);
  for (const std::string& s : {text.str(), md.str(), html.str()}) {
    EXPECT_THAT(s, HasSubstr("1 new, 0 resolved, 0 unchanged"));
    EXPECT_THAT(s, Not(HasSubstr("\x1b")));
  }
  EXPECT_THAT(html.str(), Not(HasSubstr("<script>alert")));
  EXPECT_THAT(html.str(), Not(HasSubstr("http://")));
  EXPECT_THAT(OutsideCodeSpans(md.str()), Not(HasSubstr("<script>")));
}

TEST(ReportDiff, InputErrorsNameFileLineAndColumnWithoutQuoting) {
  std::vector<DiffFinding> out;
  Status s = ParseReportFindings("{\n  \"findings\": [tru_secretvalue]\n}",
                                 "old.json", &out);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("old.json:2:"));
  EXPECT_THAT(s.message(), Not(HasSubstr("secretvalue")));
  s = ParseReportFindings("{\"findings\": [{\"rule_id\": \"x\", "
                          "\"severity\": \"high\"}]}",
                          "new.json", &out);
  EXPECT_EQ(s.message(), "new.json: finding 1: no 'fingerprint'");
  s = ParseReportFindings("[]", "n.json", &out);
  EXPECT_THAT(s.message(), HasSubstr("no \"findings\" array"));
  // A number too large for a double: nlohmann throws out_of_range, not
  // parse_error, for it (this crashed `report diff`).
  s = ParseReportFindings("{\"findings\": [],\n \"score\": 1e638}", "o.json",
                          &out);
  EXPECT_EQ(s.message(), "o.json:2:15: not valid JSON");
}

}  // namespace
}  // namespace keylint
