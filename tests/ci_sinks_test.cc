// Tests for the CI-facing output: the JUnit XML and Markdown sinks, and the
// git fields (commit, author, date, first/last commit) in the JSON, SARIF
// and text sinks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "reports/markdown_sink.h"
#include "reports/markup.h"
#include "reports/sink.h"
#include "rules/finding.h"
#include "rules/report.h"

namespace keylint {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Secret() { return std::string("ghp_") + "T3stT0kenN0tRealAtAllQq9xx"; }

Finding GitFinding(const std::string& path, int line) {
  Finding f;
  f.rule_id = "github-classic-pat";
  f.category = "hardcoded";
  f.severity = Severity::kCritical;
  f.message = "GitHub personal access token";
  f.path = path;
  f.line = line;
  f.column = 9;
  f.end_line = line;
  f.end_column = 49;
  f.redacted = Redact(Secret());
  f.fingerprint = Fingerprint(f.rule_id, Secret());
  f.context = "token = \"***\"";
  f.commit = "1111111111111111111111111111111111111111";
  f.author = "Ann <ann@example.test>";
  f.date = "2020-01-02T12:00:00+00:00";
  f.first_commit = f.commit;
  f.last_commit = "2222222222222222222222222222222222222222";
  return f;
}

Report MakeReport() {
  Report report;
  report.tool_version = "0.1.0";
  report.root = "/repo";
  report.rules = {{"github-classic-pat", "GitHub personal access token",
                   Severity::kCritical, "hardcoded", {"github"}, {}}};
  report.findings = {GitFinding("src/a.py", 3)};
  report.stats.files_scanned = 4;
  return report;
}

std::string Render(const std::string& format, const Report& report) {
  auto sink = MakeSink(format, SinkOptions{});
  EXPECT_NE(sink, nullptr) << format;
  std::ostringstream out;
  EXPECT_TRUE(sink->Write(report, out).ok());
  return out.str();
}

TEST(EscapeMarkup, MakesAnyBytesSafeCharacterData) {
  EXPECT_EQ(EscapeMarkup("a<b>&\"c'"), "a&#60;b&#62;&#38;&#34;c&#39;");
  EXPECT_EQ(EscapeMarkup("new\nline\x1b[31m"), "new\\nline\\x1b[31m");
  EXPECT_EQ(EscapeMarkup("bad\xff"), "bad\\xff");
  EXPECT_EQ(EscapeMarkup("\xEF\xBF\xBF"), "\\u{ffff}");
  EXPECT_EQ(EscapeMarkup("a|b", "|"), "a&#124;b");
}

TEST(JunitSink, OneFailingCasePerFindingAndOneErrorCasePerError) {
  Report report = MakeReport();
  report.errors = {{"big.bin", 0, "file too large"}};
  std::string xml = Render("junit", report);
  EXPECT_THAT(xml, HasSubstr("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
  EXPECT_THAT(xml, HasSubstr(
      "<testsuites name=\"keylint\" tests=\"2\" failures=\"1\" errors=\"1\">"));
  EXPECT_THAT(xml, HasSubstr(
      "<testcase classname=\"keylint.github-classic-pat\" "
      "name=\"src/a.py:3:9\" file=\"src/a.py\" line=\"3\">"));
  EXPECT_THAT(xml, HasSubstr("<failure type=\"github-classic-pat\" "
                             "message=\"critical: GitHub personal access token "
                             "(ghp_\xE2\x80\xA6)\">"));
  EXPECT_THAT(xml, HasSubstr("commit: 1111111111111111111111111111111111111111\n"));
  EXPECT_THAT(xml, HasSubstr("last commit: 2222222222222222222222222222222222222222\n"));
  EXPECT_THAT(xml, HasSubstr("<error type=\"input-error\" message=\"file too large\"/>"));
  EXPECT_THAT(xml, Not(HasSubstr("time")));
  EXPECT_EQ(xml, Render("junit", report));
}

TEST(JunitSink, CleanRunIsOnePassingCase) {
  Report report = MakeReport();
  report.findings.clear();
  std::string xml = Render("junit", report);
  EXPECT_THAT(xml, HasSubstr("tests=\"1\" failures=\"0\" errors=\"0\""));
  EXPECT_THAT(xml, HasSubstr("<testcase classname=\"keylint\" name=\"no secrets found\"/>"));
}

TEST(JunitSink, HostileNamesStayInsideTheirAttribute) {
  Report report = MakeReport();
  report.findings[0].path = "x\"/><injected a=\"&\n\x1b[31m.py";
  std::string xml = Render("junit", report);
  EXPECT_THAT(xml, Not(HasSubstr("<injected")));
  EXPECT_THAT(xml, HasSubstr("x&#34;/&#62;&#60;injected a=&#34;&#38;\\n\\x1b[31m.py"));
  for (char c : xml) {
    EXPECT_TRUE(c == '\n' || static_cast<unsigned char>(c) >= 0x20)
        << "control character " << static_cast<int>(c);
  }
}

TEST(MarkdownSink, TableWithCommitsAndAdvice) {
  std::string md = Render("markdown", MakeReport());
  EXPECT_THAT(md, HasSubstr("### keylint: 1 secret found\n"));
  EXPECT_THAT(md, HasSubstr("\n1 finding (1 critical) in 1 file; 4 files scanned.\n"));
  EXPECT_THAT(md, HasSubstr("| Severity | Rule | Finding | Location | Preview | Commit |\n"));
  EXPECT_THAT(md, HasSubstr("| critical | github-classic-pat | GitHub personal access "
                            "token | `src/a.py:3:9` | `ghp_\xE2\x80\xA6` | "
                            "`111111111111` |\n"));
  EXPECT_THAT(md, HasSubstr("<details><summary>What to do</summary>"));
  EXPECT_EQ(md, Render("markdown", MakeReport()));

  Report tree = MakeReport();
  tree.findings[0].commit.clear();
  EXPECT_THAT(Render("markdown", tree), Not(HasSubstr("Commit")));

  Report clean = MakeReport();
  clean.findings.clear();
  std::string none = Render("markdown", clean);
  EXPECT_THAT(none, HasSubstr("### keylint: no secrets found\n"));
  EXPECT_THAT(none, Not(HasSubstr("|")));
}

TEST(MarkdownSink, HostileNamesCannotBreakTheTable) {
  Report report = MakeReport();
  report.findings[0].path = "a|b`c\n<img src=x> @team [x](http://e).py";
  report.findings[0].message = "msg | with *stars* and <b>html</b> @org";
  std::string md = Render("markdown", report);
  std::string row = md.substr(md.find("| critical"));
  row = row.substr(0, row.find('\n'));
  // Six cells: seven unescaped pipes.
  int pipes = 0;
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '|' && (i == 0 || row[i - 1] != '\\')) ++pipes;
  }
  EXPECT_EQ(pipes, 7) << row;
  EXPECT_THAT(row, HasSubstr("``a\\|b`c\\n<img src=x> @team [x](http://e).py:3:9``"));
  EXPECT_THAT(row, HasSubstr("msg &#124; with &#42;stars&#42; and &#60;b&#62;html"
                             "&#60;/b&#62; &#64;org"));
}

TEST(MarkdownSink, LongReportsAreCut) {
  Report report = MakeReport();
  report.findings.clear();
  for (size_t i = 0; i < kMaxMarkdownRows + 5; ++i) {
    report.findings.push_back(GitFinding("f" + std::to_string(i) + ".py", 1));
  }
  std::string md = Render("markdown", report);
  EXPECT_THAT(md, HasSubstr("… and 5 more; see the full report"));
  EXPECT_LT(md.size(), 65536u);
}

TEST(GitFields, JsonSarifAndTextCarryThem) {
  nlohmann::json json = nlohmann::json::parse(Render("json", MakeReport()));
  const auto& f = json["findings"][0];
  EXPECT_EQ(f["commit"], "1111111111111111111111111111111111111111");
  EXPECT_EQ(f["author"], "Ann <ann@example.test>");
  EXPECT_EQ(f["date"], "2020-01-02T12:00:00+00:00");
  EXPECT_EQ(f["first_commit"], "1111111111111111111111111111111111111111");
  EXPECT_EQ(f["last_commit"], "2222222222222222222222222222222222222222");

  Report tree = MakeReport();
  Finding& t = tree.findings[0];
  t.commit = t.author = t.date = t.first_commit = t.last_commit = "";
  nlohmann::json plain = nlohmann::json::parse(Render("json", tree));
  for (const char* key : {"commit", "author", "date", "first_commit", "last_commit"}) {
    EXPECT_FALSE(plain["findings"][0].contains(key)) << key;
  }

  nlohmann::json sarif = nlohmann::json::parse(Render("sarif", MakeReport()));
  const auto& props = sarif["runs"][0]["results"][0]["properties"];
  EXPECT_EQ(props["commit"], "1111111111111111111111111111111111111111");
  EXPECT_EQ(props["lastCommit"], "2222222222222222222222222222222222222222");
  const auto& rule = sarif["runs"][0]["tool"]["driver"]["rules"][0];
  EXPECT_EQ(rule["properties"]["precision"], "high");

  std::string text = Render("text", MakeReport());
  EXPECT_THAT(text, HasSubstr("  commit: 111111111111  author: Ann <ann@example.test>"
                              "  date: 2020-01-02T12:00:00+00:00  last added in: "
                              "222222222222\n"));
}

TEST(SarifSink, GitHubLimitsAndPrecision) {
  Report report = MakeReport();
  for (int i = 0; i < 30; ++i) report.rules[0].tags.push_back("t" + std::to_string(i));
  report.rules.push_back({"generic-password", "Password", Severity::kHigh,
                          "hardcoded", {"generic"}, {}});
  nlohmann::json sarif = nlohmann::json::parse(Render("sarif", report));
  const auto& rules = sarif["runs"][0]["tool"]["driver"]["rules"];
  EXPECT_EQ(rules[0]["properties"]["tags"].size(), 20u);
  EXPECT_EQ(rules[0]["properties"]["tags"][0], "security");
  EXPECT_EQ(rules[1]["properties"]["precision"], "medium");
}

}  // namespace
}  // namespace keylint
