// Tests for the output sinks (reports/): the factory, the text, JSON and
// SARIF formats, determinism, escaping of hostile file names, and that no
// format can carry a secret value.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "reports/json_sink.h"
#include "reports/sarif_sink.h"
#include "reports/sink.h"
#include "rules/sha256.h"
#include "reports/text_sink.h"
#include "rules/finding.h"
#include "rules/report.h"
#include "rules/severity.h"

namespace keylint {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::ordered_json;

// A path with a newline and an ESC sequence: if printed raw it would forge a
// report line and recolour the terminal.
const std::string kHostilePath = "evil\nname\x1b[31m.txt";
const std::string kUnicodePath =
    "docs/\xC3\xBCn\xC3\xAF"
    "code file.md";
const std::string kHostileErrorPath = "broken\x1b]0;pwned\x07.bin";

// Secrets are assembled at run time so that this file does not itself look
// like it holds one.
std::string FakeAwsKey() { return std::string("AKIA") + "Z7QRSTUVWXY2K4MN"; }
std::string FakeToken() {
  return std::string("ghp_") + "T3stT0kenN0tRealAtAllQq9";
}
std::string FakePassword() { return std::string("hunter") + "2-but-longer!"; }

// A finding as a detector would build it: redacted preview, fingerprint and
// a context line with the secret masked by its preview.
Finding MakeFinding(std::string rule_id, Severity severity, std::string path,
                    int line, int column, const std::string& secret,
                    const std::string& line_prefix) {
  Finding f;
  f.rule_id = std::move(rule_id);
  f.category = "hardcoded";
  f.severity = severity;
  f.message = "Secret found by " + f.rule_id;
  f.path = std::move(path);
  f.line = line;
  f.column = column;
  f.end_line = line;
  f.end_column = column + static_cast<int>(secret.size());
  f.redacted = Redact(secret);
  f.fingerprint = Fingerprint(f.rule_id, secret);
  f.context = line_prefix + "\"" + Redact(secret) + "\"";
  return f;
}

RuleInfo MakeRule(std::string id, std::string description, Severity severity,
                  std::vector<std::string> tags,
                  std::vector<std::string> references) {
  RuleInfo r;
  r.id = std::move(id);
  r.description = std::move(description);
  r.severity = severity;
  r.category = "hardcoded";
  r.tags = std::move(tags);
  r.references = std::move(references);
  return r;
}

Report SampleReport() {
  Report report;
  report.tool_version = "0.1.0";
  report.root = "/home/dev/my project";
  report.rules = {
      MakeRule("aws-access-key-id", "AWS access key ID", Severity::kCritical,
               {"aws", "access-key"},
               {"https://docs.aws.amazon.com/IAM/latest/UserGuide/"
                "id_credentials_access-keys.html"}),
      MakeRule("aws-account-id", "AWS account ID", Severity::kInfo, {"aws"},
               {}),
      MakeRule("generic-password", "Password assigned in code",
               Severity::kMedium, {"generic"}, {}),
      MakeRule("github-pat", "GitHub personal access token", Severity::kHigh,
               {"github"}, {"https://docs.github.com/en/authentication"}),
  };
  report.findings = {
      MakeFinding("aws-access-key-id", Severity::kCritical, "src/config.py", 12,
                  9, FakeAwsKey(), "aws_key = "),
      MakeFinding("github-pat", Severity::kHigh, kHostilePath, 1, 1,
                  FakeToken(), "token: "),
      MakeFinding("generic-password", Severity::kMedium, kUnicodePath, 3, 5,
                  FakePassword(), "password = "),
      // A rule that is not among the active rules (report.rules).
      MakeFinding("unknown-rule", Severity::kLow, "src/config.py", 40, 1,
                  std::string("abcd") + "efghijklmnop", "x = "),
      MakeFinding("aws-account-id", Severity::kInfo, "infra/main.tf", 7, 14,
                  std::string("1234") + "56789012", "account_id = "),
  };
  SortFindings(&report.findings);
  report.errors = {
      {kHostileErrorPath, 0, "permission denied"},
      {"big.log", 12, "line longer than 1 MiB; rest of file skipped"},
      {"", 0, "config: unknown key 'foo'"},
  };
  report.stats.files_scanned = 1200;
  report.stats.files_skipped = 30;
  report.stats.bytes_scanned = 50'000'000;
  report.stats.walk_seconds = 0.5;
  report.stats.match_seconds = 1.5;
  report.stats.wall_seconds = 2.0;
  report.stats.threads = 2;
  return report;
}

std::string Render(std::string_view format, const Report& report,
                   const SinkOptions& options = {}) {
  std::unique_ptr<FindingSink> sink = MakeSink(format, options);
  EXPECT_NE(sink, nullptr) << format;
  if (sink == nullptr) return "";
  std::ostringstream out;
  Status status = sink->Write(report, out);
  EXPECT_TRUE(status.ok()) << format << ": " << status.message();
  return out.str();
}

// --- Factory -----------------------------------------------------------------

TEST(SinkFactoryTest, ListsTheFormats) {
  EXPECT_THAT(SinkFormats(),
              ElementsAre("text", "json", "sarif", "junit", "markdown", "html",
                          "csv"));
}

TEST(SinkFactoryTest, MakesEveryListedFormat) {
  for (const std::string& format : SinkFormats()) {
    EXPECT_NE(MakeSink(format, SinkOptions{}), nullptr) << format;
  }
  EXPECT_NE(dynamic_cast<TextSink*>(MakeSink("text", {}).get()), nullptr);
  EXPECT_NE(dynamic_cast<JsonSink*>(MakeSink("json", {}).get()), nullptr);
  EXPECT_NE(dynamic_cast<SarifSink*>(MakeSink("sarif", {}).get()), nullptr);
}

TEST(SinkFactoryTest, UnknownFormatGivesNull) {
  EXPECT_EQ(MakeSink("xml", {}), nullptr);
  EXPECT_EQ(MakeSink("", {}), nullptr);
  EXPECT_EQ(MakeSink("sarif2", {}), nullptr);
}

TEST(SinkFactoryTest, FailedStreamIsAnIoError) {
  Report report = SampleReport();
  for (const std::string& format : SinkFormats()) {
    std::ostringstream out;
    out.setstate(std::ios::badbit);
    Status status = MakeSink(format, {})->Write(report, out);
    EXPECT_FALSE(status.ok()) << format;
    EXPECT_EQ(status.code(), Status::Code::kIoError) << format;
  }
}

// --- Determinism
// ---------------------------------------------------------------

TEST(SinkDeterminismTest, SameReportGivesByteIdenticalOutput) {
  Report report = SampleReport();
  SinkOptions all_on;
  all_on.color = true;
  all_on.show_stats = true;
  for (const std::string& format : SinkFormats()) {
    for (const SinkOptions& options : {SinkOptions{}, all_on}) {
      std::string first = Render(format, report, options);
      EXPECT_FALSE(first.empty()) << format;
      EXPECT_EQ(first, Render(format, report, options)) << format;
      Report copy = report;
      EXPECT_EQ(first, Render(format, copy, options)) << format;
    }
  }
}

TEST(SinkDeterminismTest, InputOrderDoesNotMatter) {
  Report sorted = SampleReport();
  Report shuffled = sorted;
  std::reverse(shuffled.findings.begin(), shuffled.findings.end());
  std::rotate(shuffled.errors.begin(), shuffled.errors.begin() + 1,
              shuffled.errors.end());
  for (const std::string& format : SinkFormats()) {
    EXPECT_EQ(Render(format, sorted), Render(format, shuffled)) << format;
  }
}

// --- Text
// ----------------------------------------------------------------------

TEST(TextSinkTest, ExactLayoutOfOneFinding) {
  Report report;
  report.findings = {MakeFinding("aws-access-key-id", Severity::kCritical,
                                 "src/config.py", 12, 9, FakeAwsKey(),
                                 "aws_key = ")};
  const Finding& f = report.findings[0];
  std::string expected =
      "src/config.py:12:9: critical aws-access-key-id: "
      "Secret found by aws-access-key-id\n"
      "    aws_key = \"AKIA\xE2\x80\xA6\"\n"
      "  fingerprint: " +
      f.fingerprint.substr(0, 16) +
      "  redacted: AKIA\xE2\x80\xA6\n"
      "\n"
      "1 finding (1 critical) in 1 file\n";
  EXPECT_EQ(Render("text", report), expected);
}

TEST(TextSinkTest, NoFindings) {
  Report report;
  report.stats.files_scanned = 3;
  EXPECT_EQ(Render("text", report), "0 findings in 0 files; 3 files scanned\n");
}

TEST(TextSinkTest, SummaryCountsSeveritiesFilesAndErrors) {
  std::string text = Render("text", SampleReport());
  EXPECT_THAT(text,
              HasSubstr("\n5 findings (1 critical, 1 high, 1 medium, 1 low, "
                        "1 info) in 4 files, 3 errors; 1200 files scanned\n"));
}

TEST(TextSinkTest, EscapesControlCharactersInPathsAndErrors) {
  std::string text = Render("text", SampleReport());
  EXPECT_THAT(text, HasSubstr("evil\\nname\\x1b[31m.txt:1:1: high github-pat: "
                              "Secret found by github-pat\n"));
  EXPECT_THAT(text, HasSubstr("error: broken\\x1b]0;pwned\\x07.bin: "
                              "permission denied\n"));
  EXPECT_THAT(text, HasSubstr("error: big.log:12: line longer than 1 MiB"));
  EXPECT_THAT(text, HasSubstr("error: config: unknown key 'foo'\n"));
  // No raw ESC or BEL anywhere, and no line that starts with the part of the
  // hostile name after its newline.
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_FALSE(line.starts_with("name")) << line;
  }
  // Non-ASCII names stay readable.
  EXPECT_THAT(text, HasSubstr(kUnicodePath + ":3:5: medium generic-password"));
}

TEST(TextSinkTest, ColorOnlyWhenAskedAndNeverFromInput) {
  Report report = SampleReport();
  SinkOptions color;
  color.color = true;
  std::string colored = Render("text", report, color);
  EXPECT_THAT(colored, HasSubstr("\x1b[1;31m"
                                 "critical"
                                 "\x1b[0m"));
  EXPECT_THAT(colored, HasSubstr("\x1b[31m"
                                 "high"
                                 "\x1b[0m"));
  // The hostile name's own escape sequence is still escaped.
  EXPECT_THAT(colored, Not(HasSubstr("\x1b[31m.txt")));
  EXPECT_THAT(colored, HasSubstr("\\x1b[31m.txt"));
  EXPECT_EQ(Render("text", report).find('\x1b'), std::string::npos);
}

TEST(TextSinkTest, ContextCanBeHidden) {
  Report report = SampleReport();
  SinkOptions options;
  EXPECT_THAT(Render("text", report, options),
              HasSubstr("\n    aws_key = \"AKIA"));
  options.show_context = false;
  std::string text = Render("text", report, options);
  EXPECT_THAT(text, Not(HasSubstr("aws_key =")));
  EXPECT_THAT(text, HasSubstr("  fingerprint: "));
}

TEST(TextSinkTest, LongContextIsClippedAroundTheFinding) {
  Report report;
  Finding f = MakeFinding("generic-password", Severity::kMedium, "min.js", 1,
                          5001, FakePassword(), std::string(5000, 'x'));
  f.context += std::string(5000, 'y');
  report.findings = {f};
  std::string text = Render("text", report);
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);  // header
  std::getline(lines, line);  // context
  EXPECT_LT(line.size(), 220u);
  EXPECT_THAT(line, HasSubstr(Redact(FakePassword())));
  EXPECT_TRUE(line.starts_with("    \xE2\x80\xA6")) << line;
  EXPECT_TRUE(line.ends_with("\xE2\x80\xA6")) << line;
}

TEST(TextSinkTest, StatsBlock) {
  SinkOptions options;
  EXPECT_THAT(Render("text", SampleReport(), options),
              Not(HasSubstr("throughput")));
  options.show_stats = true;
  std::string text = Render("text", SampleReport(), options);
  EXPECT_THAT(text, HasSubstr("  files scanned:  1200\n"));
  EXPECT_THAT(text, HasSubstr("  files skipped:  30\n"));
  EXPECT_THAT(text, HasSubstr("  bytes scanned:  50000000 (50.0 MB)\n"));
  EXPECT_THAT(text, HasSubstr("  throughput:     25.0 MB/s\n"));
  EXPECT_THAT(text, HasSubstr("  wall time:      2.000 s\n"));
  EXPECT_THAT(text, HasSubstr("  walk / match:   0.500 s / 1.500 s "
                              "(25% / 75%, summed over threads)\n"));
  EXPECT_THAT(text, HasSubstr("  threads:        2\n"));

  Report zero_time = SampleReport();
  zero_time.stats.wall_seconds = 0;
  EXPECT_THAT(Render("text", zero_time, options),
              HasSubstr("  throughput:     n/a\n"));
}

TEST(EscapeForTerminalTest, ControlCharacters) {
  EXPECT_EQ(EscapeForTerminal("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(EscapeForTerminal(std::string("nul\0x", 5)), "nul\\x00x");
  EXPECT_EQ(EscapeForTerminal("\x1b[2J\x7f"), "\\x1b[2J\\x7f");
  EXPECT_EQ(EscapeForTerminal("back\\slash"), "back\\\\slash");
  EXPECT_EQ(EscapeForTerminal("back\\slash\tcode", EscapeStyle::kCode),
            "back\\slash\tcode");
  EXPECT_EQ(EscapeForTerminal("nl\n", EscapeStyle::kCode), "nl\\n");
}

TEST(EscapeForTerminalTest, UnicodeAndInvalidUtf8) {
  // Printable UTF-8 passes through (2-, 3- and 4-byte sequences).
  EXPECT_EQ(EscapeForTerminal("\xC3\xBC \xE2\x82\xAC \xF0\x9F\x94\x91"),
            "\xC3\xBC \xE2\x82\xAC \xF0\x9F\x94\x91");
  // C1 CSI as a character, and as a lone byte.
  EXPECT_EQ(EscapeForTerminal("\xC2\x9B"
                              "31m"),
            "\\u{009b}31m");
  EXPECT_EQ(EscapeForTerminal("\x9b"
                              "31m"),
            "\\x9b31m");
  // Bidi override and line separator.
  EXPECT_EQ(EscapeForTerminal("a\xE2\x80\xAE"
                              "b\xE2\x80\xA8"),
            "a\\u{202e}b\\u{2028}");
  // Overlong, truncated, surrogate.
  EXPECT_EQ(EscapeForTerminal("\xC0\xAF"), "\\xc0\\xaf");
  EXPECT_EQ(EscapeForTerminal("x\xE2\x80"), "x\\xe2\\x80");
  EXPECT_EQ(EscapeForTerminal("\xED\xA0\x80"), "\\xed\\xa0\\x80");
}

// --- JSON
// ----------------------------------------------------------------------

std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

TEST(JsonSinkTest, TopLevelShapeAndFormatting) {
  std::string text = Render("json", SampleReport());
  ASSERT_FALSE(text.empty());
  EXPECT_TRUE(
      text.starts_with("{\n  \"tool\": {\n    \"name\": \"keylint\",\n"))
      << text.substr(0, 60);
  EXPECT_TRUE(text.ends_with("}\n"));
  EXPECT_FALSE(text.ends_with("\n\n"));
  Json doc = Json::parse(text);
  EXPECT_THAT(Keys(doc), ElementsAre("tool", "findings", "errors", "stats"));
  EXPECT_EQ(doc["tool"]["name"], "keylint");
  EXPECT_EQ(doc["tool"]["version"], "0.1.0");
  EXPECT_EQ(doc["findings"].size(), 5u);
  EXPECT_EQ(doc["errors"].size(), 3u);
}

TEST(JsonSinkTest, FindingFieldsAndValues) {
  Report report = SampleReport();
  Json doc = Json::parse(Render("json", report));
  ASSERT_EQ(doc["findings"].size(), report.findings.size());
  for (size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& f = report.findings[i];  // already in FindingLess order
    Json& j = doc["findings"][i];
    EXPECT_THAT(Keys(j),
                ElementsAre("rule_id", "category", "severity", "message",
                            "path", "line", "column", "end_line", "end_column",
                            "fingerprint", "redacted"));
    EXPECT_EQ(j["rule_id"], f.rule_id);
    EXPECT_EQ(j["category"], f.category);
    EXPECT_EQ(j["severity"], std::string(SeverityName(f.severity)));
    EXPECT_EQ(j["message"], f.message);
    EXPECT_EQ(j["path"], f.path);  // round-trips newline, ESC, UTF-8
    EXPECT_EQ(j["line"], f.line);
    EXPECT_EQ(j["column"], f.column);
    EXPECT_EQ(j["end_line"], f.end_line);
    EXPECT_EQ(j["end_column"], f.end_column);
    EXPECT_EQ(j["fingerprint"], f.fingerprint);
    EXPECT_EQ(j["redacted"], f.redacted);
  }
}

TEST(JsonSinkTest, ControlCharactersAreEscapedNonAsciiKept) {
  std::string text = Render("json", SampleReport());
  EXPECT_THAT(text, HasSubstr("\"path\": \"evil\\nname\\u001b[31m.txt\""));
  EXPECT_THAT(text, HasSubstr("\"path\": \"" + kUnicodePath + "\""));
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
}

TEST(JsonSinkTest, ErrorsAndStats) {
  Json doc = Json::parse(Render("json", SampleReport()));
  Json& errors = doc["errors"];
  ASSERT_EQ(errors.size(), 3u);
  for (Json& e : errors) {
    EXPECT_THAT(Keys(e), ElementsAre("path", "line", "message"));
  }
  // Sorted by path, line, message.
  EXPECT_EQ(errors[0]["path"], "");
  EXPECT_EQ(errors[0]["message"], "config: unknown key 'foo'");
  EXPECT_EQ(errors[1]["path"], "big.log");
  EXPECT_EQ(errors[1]["line"], 12);
  EXPECT_EQ(errors[2]["path"], kHostileErrorPath);
  EXPECT_EQ(errors[2]["line"], 0);

  Json& stats = doc["stats"];
  EXPECT_THAT(
      Keys(stats),
      ElementsAre("files_scanned", "files_skipped", "bytes_scanned",
                  "wall_seconds", "walk_seconds", "match_seconds", "threads"));
  EXPECT_EQ(stats["files_scanned"], 1200);
  EXPECT_EQ(stats["files_skipped"], 30);
  EXPECT_EQ(stats["bytes_scanned"], 50'000'000);
  EXPECT_DOUBLE_EQ(stats["wall_seconds"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(stats["walk_seconds"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(stats["match_seconds"].get<double>(), 1.5);
  EXPECT_EQ(stats["threads"], 2);
}

TEST(JsonSinkTest, InvalidUtf8DoesNotFailTheWrite) {
  Report report = SampleReport();
  report.findings[0].path = "bad\xff\xfe.txt";
  report.errors[0].message = "cannot read \xc3";
  std::string text = Render("json", report);
  Json doc = Json::parse(text);  // valid UTF-8 JSON
  bool found = false;
  for (Json& f : doc["findings"]) {
    std::string path = f["path"];
    if (path.starts_with("bad")) {
      found = true;
      EXPECT_THAT(path, HasSubstr("\xEF\xBF\xBD"));  // U+FFFD
      EXPECT_TRUE(path.ends_with(".txt"));
    }
  }
  EXPECT_TRUE(found);
}

TEST(JsonSinkTest, EmptyReport) {
  Json doc = Json::parse(Render("json", Report{}));
  EXPECT_TRUE(doc["findings"].is_array());
  EXPECT_TRUE(doc["findings"].empty());
  EXPECT_TRUE(doc["errors"].is_array());
  EXPECT_TRUE(doc["errors"].empty());
  EXPECT_EQ(doc["stats"]["threads"], 1);
}

// --- SARIF
// ---------------------------------------------------------------------

// True when `uri` uses only characters allowed in an RFC 3986 URI reference.
bool IsUriReference(std::string_view uri) {
  static constexpr std::string_view kAllowed =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
      "-._~:/?#[]@!$&'()*+,;=%";
  for (size_t i = 0; i < uri.size(); ++i) {
    if (kAllowed.find(uri[i]) == std::string_view::npos) return false;
    if (uri[i] == '%') {
      if (i + 2 >= uri.size()) return false;
      if (!std::isxdigit(static_cast<unsigned char>(uri[i + 1])) ||
          !std::isxdigit(static_cast<unsigned char>(uri[i + 2]))) {
        return false;
      }
    }
  }
  return true;
}

void ExpectValidArtifactLocation(const Json& location) {
  ASSERT_TRUE(location.contains("uri"));
  std::string uri = location["uri"];
  EXPECT_TRUE(IsUriReference(uri)) << uri;
  if (location.contains("uriBaseId")) {
    EXPECT_FALSE(uri.starts_with("file:")) << uri;  // relative with a base
  } else {
    EXPECT_TRUE(uri.starts_with("file:///")) << uri;  // else absolute
  }
}

void ExpectValidRegion(const Json& region) {
  ASSERT_TRUE(region.contains("startLine"));
  EXPECT_GE(region["startLine"].get<int>(), 1);
  if (region.contains("startColumn")) {
    EXPECT_GE(region["startColumn"].get<int>(), 1);
  }
  if (region.contains("endLine")) {
    EXPECT_GE(region["endLine"].get<int>(), region["startLine"].get<int>());
  }
  if (region.contains("endColumn")) {
    EXPECT_GE(region["endColumn"].get<int>(), 1);
  }
}

// The properties the SARIF 2.1.0 schema requires, plus the constraints on
// values that the schema states (unique tags, ruleIndex in range, lines
// from 1, URI syntax).
// Takes a copy so that a missing key reads as null instead of asserting.
void ExpectValidSarif(Json doc) {
  EXPECT_EQ(doc["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(doc["version"], "2.1.0");
  ASSERT_TRUE(doc["runs"].is_array());
  ASSERT_EQ(doc["runs"].size(), 1u);
  Json& run = doc["runs"][0];
  Json& driver = run["tool"]["driver"];
  ASSERT_TRUE(driver["name"].is_string());
  ASSERT_TRUE(driver["rules"].is_array());
  std::set<std::string> rule_ids;
  for (Json& rule : driver["rules"]) {
    ASSERT_TRUE(rule["id"].is_string());
    EXPECT_TRUE(rule_ids.insert(rule["id"].get<std::string>()).second);
    EXPECT_TRUE(rule["shortDescription"]["text"].is_string());
    EXPECT_TRUE(rule["fullDescription"]["text"].is_string());
    EXPECT_TRUE(rule["help"]["text"].is_string());
    EXPECT_TRUE(rule["help"]["markdown"].is_string());
    Json& tags = rule["properties"]["tags"];
    ASSERT_TRUE(tags.is_array());
    std::set<std::string> unique_tags(tags.begin(), tags.end());
    EXPECT_EQ(unique_tags.size(), tags.size());
    EXPECT_TRUE(rule["properties"]["security-severity"].is_string());
    EXPECT_THAT(rule["defaultConfiguration"]["level"].get<std::string>(),
                ::testing::AnyOf("error", "warning", "note"));
  }
  ASSERT_TRUE(run["invocations"].is_array());
  ASSERT_EQ(run["invocations"].size(), 1u);
  EXPECT_TRUE(run["invocations"][0]["executionSuccessful"].is_boolean());
  if (run["invocations"][0].contains("toolExecutionNotifications")) {
    for (Json& n : run["invocations"][0]["toolExecutionNotifications"]) {
      EXPECT_TRUE(n["message"]["text"].is_string());
      for (Json& loc : n["locations"]) {
        ExpectValidArtifactLocation(
            loc["physicalLocation"]["artifactLocation"]);
      }
    }
  }
  for (auto& base : run["originalUriBaseIds"].items()) {
    if (base.value().contains("uri")) {
      std::string uri = base.value()["uri"];
      EXPECT_TRUE(uri.starts_with("file:///")) << uri;
      EXPECT_TRUE(uri.ends_with("/")) << uri;
      EXPECT_TRUE(IsUriReference(uri)) << uri;
    }
  }
  ASSERT_TRUE(run["results"].is_array());
  for (Json& result : run["results"]) {
    ASSERT_TRUE(result["message"]["text"].is_string());
    ASSERT_TRUE(result["ruleId"].is_string());
    if (result.contains("ruleIndex")) {
      int index = result["ruleIndex"];
      ASSERT_GE(index, 0);
      ASSERT_LT(index, static_cast<int>(driver["rules"].size()));
      EXPECT_EQ(driver["rules"][index]["id"], result["ruleId"]);
    }
    EXPECT_THAT(result["level"].get<std::string>(),
                ::testing::AnyOf("error", "warning", "note"));
    for (Json& loc : result["locations"]) {
      ExpectValidArtifactLocation(loc["physicalLocation"]["artifactLocation"]);
      if (loc["physicalLocation"].contains("region")) {
        ExpectValidRegion(loc["physicalLocation"]["region"]);
      }
    }
    if (result.contains("partialFingerprints")) {
      for (const auto& fp : result["partialFingerprints"].items()) {
        EXPECT_TRUE(fp.value().is_string());
      }
    }
  }
}

Json& ResultFor(Json& doc, std::string_view rule_id) {
  for (Json& r : doc["runs"][0]["results"]) {
    if (r["ruleId"] == rule_id) return r;
  }
  ADD_FAILURE() << "no result for " << rule_id;
  return doc["runs"][0]["results"][0];
}

TEST(SarifSinkTest, IsValidSarif) {
  Json doc = Json::parse(Render("sarif", SampleReport()));
  ExpectValidSarif(doc);
}

TEST(SarifSinkTest, DriverAndRules) {
  Report report = SampleReport();
  Json doc = Json::parse(Render("sarif", report));
  Json& driver = doc["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["name"], "keylint");
  EXPECT_EQ(driver["version"], "0.1.0");
  std::vector<std::string> ids;
  for (Json& rule : driver["rules"]) ids.push_back(rule["id"]);
  EXPECT_THAT(ids, ElementsAre("aws-access-key-id", "aws-account-id",
                               "generic-password", "github-pat"));

  Json& aws = driver["rules"][0];
  EXPECT_EQ(aws["name"], "AwsAccessKeyId");
  EXPECT_EQ(aws["shortDescription"]["text"], "AWS access key ID");
  EXPECT_THAT(aws["fullDescription"]["text"].get<std::string>(),
              HasSubstr("AWS access key ID"));
  EXPECT_EQ(aws["helpUri"], report.rules[0].references[0]);
  EXPECT_EQ(aws["properties"]["security-severity"], "9.5");
  EXPECT_EQ(aws["defaultConfiguration"]["level"], "error");
  std::vector<std::string> tags = aws["properties"]["tags"];
  EXPECT_THAT(tags, ::testing::IsSupersetOf({"security", "aws", "access-key"}));
  for (Json& rule : driver["rules"]) {
    for (std::string key : {"text", "markdown"}) {
      std::string help = rule["help"][key];
      EXPECT_THAT(help, HasSubstr("Remove the secret")) << key;
      EXPECT_THAT(help, HasSubstr("otate")) << key;
      EXPECT_THAT(help, HasSubstr("AWS Secrets Manager")) << key;
      EXPECT_THAT(help, HasSubstr("SecureString")) << key;
    }
  }
  // No references, no helpUri.
  EXPECT_FALSE(driver["rules"][2].contains("helpUri"));
  EXPECT_EQ(driver["rules"][1]["properties"]["security-severity"], "1.0");
  EXPECT_EQ(driver["rules"][1]["defaultConfiguration"]["level"], "note");
  EXPECT_EQ(driver["rules"][2]["properties"]["security-severity"], "5.5");
  EXPECT_EQ(driver["rules"][2]["defaultConfiguration"]["level"], "warning");
  EXPECT_EQ(driver["rules"][3]["properties"]["security-severity"], "8.0");
  EXPECT_EQ(driver["rules"][3]["defaultConfiguration"]["level"], "error");
}

TEST(SarifSinkTest, ResultsLevelsIndexesAndProperties) {
  Report report = SampleReport();
  Json doc = Json::parse(Render("sarif", report));
  Json& results = doc["runs"][0]["results"];
  ASSERT_EQ(results.size(), report.findings.size());
  for (size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& f = report.findings[i];
    Json& r = results[i];
    EXPECT_EQ(r["ruleId"], f.rule_id);
    EXPECT_EQ(r["level"], std::string(SarifLevel(f.severity)));
    EXPECT_EQ(r["message"]["text"], f.message);
    EXPECT_EQ(r["partialFingerprints"]["keylint/v1"],
              Sha256Hex(f.fingerprint + '\0' + f.path));
    EXPECT_EQ(r["properties"]["fingerprint"], f.fingerprint);
    EXPECT_EQ(r["properties"]["category"], f.category);
    EXPECT_EQ(r["properties"]["redacted"], f.redacted);
    EXPECT_EQ(r["properties"]["severity"],
              std::string(SeverityName(f.severity)));
    Json& region = r["locations"][0]["physicalLocation"]["region"];
    EXPECT_EQ(region["startLine"], f.line);
    EXPECT_EQ(region["startColumn"], f.column);
    EXPECT_EQ(region["endLine"], f.end_line);
    EXPECT_EQ(region["endColumn"], f.end_column);
  }
  EXPECT_EQ(ResultFor(doc, "aws-access-key-id")["level"], "error");
  EXPECT_EQ(ResultFor(doc, "github-pat")["level"], "error");
  EXPECT_EQ(ResultFor(doc, "generic-password")["level"], "warning");
  EXPECT_EQ(ResultFor(doc, "unknown-rule")["level"], "note");
  EXPECT_EQ(ResultFor(doc, "aws-account-id")["level"], "note");
  EXPECT_EQ(ResultFor(doc, "aws-access-key-id")["ruleIndex"], 0);
  EXPECT_EQ(ResultFor(doc, "github-pat")["ruleIndex"], 3);
  // A rule that is not active: still a valid result, without ruleIndex.
  EXPECT_FALSE(ResultFor(doc, "unknown-rule").contains("ruleIndex"));
}

TEST(SarifSinkTest, UrisArePercentEncodedAndRelativeToSrcRoot) {
  Json doc = Json::parse(Render("sarif", SampleReport()));
  auto location_of = [&](std::string_view rule) {
    return ResultFor(
        doc, rule)["locations"][0]["physicalLocation"]["artifactLocation"];
  };
  EXPECT_EQ(location_of("github-pat")["uri"], "evil%0Aname%1B%5B31m.txt");
  EXPECT_EQ(location_of("generic-password")["uri"],
            "docs/%C3%BCn%C3%AFcode%20file.md");
  EXPECT_EQ(location_of("aws-access-key-id")["uri"], "src/config.py");
  for (std::string_view rule :
       {"github-pat", "generic-password", "aws-access-key-id"}) {
    EXPECT_EQ(location_of(rule)["uriBaseId"], "%SRCROOT%");
  }
  Json& base = doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"];
  EXPECT_EQ(base["uri"], "file:///home/dev/my%20project/");
}

TEST(SarifSinkTest, RelativeRootHasNoBaseUri) {
  Report report = SampleReport();
  report.root = ".";
  Json doc = Json::parse(Render("sarif", report));
  ExpectValidSarif(doc);
  Json& base = doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"];
  EXPECT_FALSE(base.contains("uri"));
  EXPECT_THAT(base["description"]["text"].get<std::string>(), HasSubstr("."));
}

TEST(SarifSinkTest, AbsoluteFindingPathIsAFileUri) {
  Report report = SampleReport();
  report.findings[0].path = "/etc/app secrets.env";
  Json doc = Json::parse(Render("sarif", report));
  ExpectValidSarif(doc);
  Json& location = ResultFor(
      doc, report.findings[0].rule_id)["locations"][0]["physicalLocation"]
                                      ["artifactLocation"];
  EXPECT_EQ(location["uri"], "file:///etc/app%20secrets.env");
  EXPECT_FALSE(location.contains("uriBaseId"));
}

TEST(SarifSinkTest, FingerprintDoesNotDependOnTheLine) {
  Report report = SampleReport();
  Report moved = report;
  for (Finding& f : moved.findings) {
    f.line += 10;
    f.end_line += 10;
  }
  Json a = Json::parse(Render("sarif", report));
  Json b = Json::parse(Render("sarif", moved));
  for (size_t i = 0; i < report.findings.size(); ++i) {
    EXPECT_EQ(a["runs"][0]["results"][i]["partialFingerprints"],
              b["runs"][0]["results"][i]["partialFingerprints"]);
    EXPECT_NE(a["runs"][0]["results"][i]["locations"],
              b["runs"][0]["results"][i]["locations"]);
  }
}

TEST(SarifSinkTest, ErrorsBecomeNotifications) {
  Json doc = Json::parse(Render("sarif", SampleReport()));
  Json& invocation = doc["runs"][0]["invocations"][0];
  EXPECT_EQ(invocation["executionSuccessful"], true);
  Json& notes = invocation["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 3u);
  for (Json& n : notes) EXPECT_EQ(n["level"], "error");
  EXPECT_EQ(notes[0]["message"]["text"], "config: unknown key 'foo'");
  EXPECT_FALSE(notes[0].contains("locations"));
  EXPECT_EQ(notes[1]["message"]["text"],
            "big.log:12: line longer than 1 MiB; rest of file skipped");
  Json& big = notes[1]["locations"][0]["physicalLocation"];
  EXPECT_EQ(big["artifactLocation"]["uri"], "big.log");
  EXPECT_EQ(big["region"]["startLine"], 12);
  Json& hostile = notes[2]["locations"][0]["physicalLocation"];
  EXPECT_EQ(hostile["artifactLocation"]["uri"], "broken%1B%5D0;pwned%07.bin");
  EXPECT_FALSE(hostile.contains("region"));
}

TEST(SarifSinkTest, NoErrorsNoNotifications) {
  Report report = SampleReport();
  report.errors.clear();
  Json doc = Json::parse(Render("sarif", report));
  ExpectValidSarif(doc);
  Json& invocation = doc["runs"][0]["invocations"][0];
  EXPECT_EQ(invocation["executionSuccessful"], true);
  EXPECT_FALSE(invocation.contains("toolExecutionNotifications"));
}

TEST(SarifSinkTest, EmptyReportIsValid) {
  Json doc = Json::parse(Render("sarif", Report{}));
  ExpectValidSarif(doc);
  EXPECT_TRUE(doc["runs"][0]["results"].empty());
  EXPECT_TRUE(doc["runs"][0]["tool"]["driver"]["rules"].empty());
}

TEST(SarifSinkTest, FindingWithoutPositionHasNoRegion) {
  Report report;
  Finding f = MakeFinding("aws-access-key-id", Severity::kHigh,
                          "arn:aws:secretsmanager:eu-west-1:1:secret:x", 0, 0,
                          FakeAwsKey(), "");
  f.end_line = 0;
  f.end_column = 0;
  report.findings = {f};
  Json doc = Json::parse(Render("sarif", report));
  ExpectValidSarif(doc);
  Json& physical =
      doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
  EXPECT_FALSE(physical.contains("region"));
  // ':' is encoded so the relative reference is not read as a scheme.
  EXPECT_EQ(physical["artifactLocation"]["uri"],
            "arn%3Aaws%3Asecretsmanager%3Aeu-west-1%3A1%3Asecret%3Ax");
}

TEST(SarifSinkTest, InvalidUtf8IsEncodedNotLost) {
  Report report = SampleReport();
  report.findings[0].path = "bad\xff\xfe.txt";
  report.errors[0].message = "cannot read \xc3";
  Json doc = Json::parse(Render("sarif", report));
  ExpectValidSarif(doc);
  EXPECT_EQ(
      ResultFor(doc,
                report.findings[0].rule_id)["locations"][0]["physicalLocation"]
                                           ["artifactLocation"]["uri"],
      "bad%FF%FE.txt");
}

TEST(SarifHelpersTest, PercentEncodePath) {
  EXPECT_EQ(PercentEncodePath("src/main-1_2.~x.cc"), "src/main-1_2.~x.cc");
  EXPECT_EQ(PercentEncodePath("a b/c%d?e#f:g[h]"),
            "a%20b/c%25d%3Fe%23f%3Ag%5Bh%5D");
  EXPECT_EQ(PercentEncodePath("keep+these(1)@!$&'*,;="),
            "keep+these(1)@!$&'*,;=");
  EXPECT_EQ(PercentEncodePath("tab\there\\back"), "tab%09here%5Cback");
  EXPECT_EQ(PercentEncodePath("\xC3\xA9\xff"), "%C3%A9%FF");
}

TEST(SarifHelpersTest, LevelsAndScores) {
  EXPECT_EQ(SarifLevel(Severity::kCritical), "error");
  EXPECT_EQ(SarifLevel(Severity::kHigh), "error");
  EXPECT_EQ(SarifLevel(Severity::kMedium), "warning");
  EXPECT_EQ(SarifLevel(Severity::kLow), "note");
  EXPECT_EQ(SarifLevel(Severity::kInfo), "note");
  EXPECT_EQ(SarifSecuritySeverity(Severity::kCritical), "9.5");
  EXPECT_EQ(SarifSecuritySeverity(Severity::kHigh), "8.0");
  EXPECT_EQ(SarifSecuritySeverity(Severity::kMedium), "5.5");
  EXPECT_EQ(SarifSecuritySeverity(Severity::kLow), "3.0");
  EXPECT_EQ(SarifSecuritySeverity(Severity::kInfo), "1.0");
}

// --- Secrets never leave
// -------------------------------------------------------

TEST(SinkSecretTest, NoFormatContainsTheSecret) {
  const std::string secret =
      std::string("kl_Sup3r") + "S3cr3tV4lu3_xyzzy_0123456789";
  Report report;
  report.tool_version = "0.1.0";
  report.root = "/repo";
  report.rules = {MakeRule("generic-password", "Password assigned in code",
                           Severity::kHigh, {"generic"}, {})};
  report.findings = {MakeFinding("generic-password", Severity::kHigh,
                                 "app/settings.py", 4, 12, secret,
                                 "PASSWORD = ")};
  report.stats.files_scanned = 1;
  ASSERT_THAT(report.findings[0].context, Not(HasSubstr(secret)));

  SinkOptions everything;
  everything.color = true;
  everything.show_stats = true;
  for (const std::string& format : SinkFormats()) {
    for (const SinkOptions& options : {SinkOptions{}, everything}) {
      std::string out = Render(format, report, options);
      // The preview is there, so the finding was rendered...
      EXPECT_THAT(out, HasSubstr(Redact(secret))) << format;
      // ...but no 8-byte piece of the secret is.
      for (size_t i = 0; i + 8 <= secret.size(); ++i) {
        EXPECT_THAT(out, Not(HasSubstr(secret.substr(i, 8))))
            << format << " leaks secret bytes at offset " << i;
      }
    }
  }
}

}  // namespace
}  // namespace keylint

namespace keylint {
namespace {

TEST(SarifSinkTest, SameSecretInTwoFilesIsTwoAlerts) {
  Report report;
  Finding f;
  f.rule_id = "demo-rule";
  f.severity = Severity::kHigh;
  f.path = "a.py";
  f.line = 1;
  f.column = 1;
  f.fingerprint = Fingerprint("demo-rule", "s3cr3t-value-here");
  f.redacted = Redact("s3cr3t-value-here");
  report.findings.push_back(f);
  f.path = "b.py";
  report.findings.push_back(f);
  auto sink = MakeSink("sarif", SinkOptions{});
  std::ostringstream out;
  ASSERT_TRUE(sink->Write(report, out).ok());
  auto doc = nlohmann::json::parse(out.str());
  auto& results = doc["runs"][0]["results"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_NE(results[0]["partialFingerprints"], results[1]["partialFingerprints"]);
  EXPECT_EQ(results[0]["properties"]["fingerprint"],
            results[1]["properties"]["fingerprint"]);
}

}  // namespace
}  // namespace keylint

namespace keylint {
namespace {

TEST(TextSinkTest, WholeFileFindingHasNoPosition) {
  Report report;
  Finding f;
  f.rule_id = "pkcs12-keystore-file";
  f.severity = Severity::kHigh;
  f.message = "PKCS#12 keystore";
  f.path = "certs/a.p12";
  f.redacted = "(whole file)";
  f.fingerprint = std::string(64, 'a');
  report.findings.push_back(f);
  std::ostringstream out;
  ASSERT_TRUE(MakeSink("text", SinkOptions{})->Write(report, out).ok());
  EXPECT_EQ(out.str().rfind("certs/a.p12: high pkcs12-keystore-file:", 0), 0u)
      << out.str();
}

}  // namespace
}  // namespace keylint
