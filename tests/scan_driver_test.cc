// MatchesToFindings (scanner/scan_driver.h): where a finding is reported
// and what its shown line may contain.
#include "scanner/scan_driver.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "detector_fixtures.h"

namespace keylint {
namespace {

using detector_testing::BuiltinDb;

std::vector<Finding> Findings(std::string_view path, std::string_view text) {
  Matcher matcher(&BuiltinDb());
  std::vector<Match> matches;
  EXPECT_TRUE(matcher.Scan(text, path, &matches).ok());
  std::vector<Finding> out;
  MatchesToFindings(BuiltinDb(), path, text, matches, Severity::kInfo, &out);
  return out;
}

// `n` lines of 64 random base64 characters (a PEM body), fixed seed.
std::vector<std::string> Body(int n) {
  static constexpr char kB64[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::mt19937 rng(7);
  std::vector<std::string> lines;
  for (int i = 0; i < n; ++i) {
    std::string l;
    for (int j = 0; j < 64; ++j) l += kB64[rng() % 64];
    lines.push_back(l);
  }
  return lines;
}

TEST(PemFindings, ReportedFromTheBeginLineWithTheBodyMasked) {
  std::vector<std::string> body = Body(12);
  std::string text = "# deploy key\n-----BEGIN RSA PRIVATE KEY-----\n";
  for (const auto& l : body) text += l + "\n";
  text += "-----END RSA PRIVATE KEY-----\n";
  auto fs = Findings("deploy.pem", text);
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].rule_id, "private-key-rsa");
  EXPECT_EQ(fs[0].line, 2);
  EXPECT_EQ(fs[0].column, 1);
  EXPECT_EQ(fs[0].end_line, 14);
  EXPECT_EQ(fs[0].context, "-----BEGIN RSA PRIVATE KEY-----");
}

TEST(PemFindings, OneLineEscapedKeyShowsNoPartOfItsBody) {
  std::vector<std::string> body = Body(12);
  std::string pem = "-----BEGIN RSA PRIVATE KEY-----\\n";
  for (const auto& l : body) pem += l + "\\n";
  pem += "-----END RSA PRIVATE KEY-----\\n";
  std::string text = "{\"name\": \"deploy\",\n \"key\": \"" + pem + "\"}\n";
  auto fs = Findings("deploy.json", text);
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].line, 2);
  for (const auto& l : body)
    EXPECT_EQ(fs[0].context.find(l.substr(0, 12)), std::string::npos)
        << fs[0].context;
  EXPECT_NE(fs[0].context.find("BEGIN RSA PRIVATE KEY"), std::string::npos)
      << fs[0].context;
}

TEST(PemFindings, AnAllowCommentOnTheBeginLineSuppresses) {
  std::vector<std::string> body = Body(12);
  std::string text =
      "# keylint:allow-next-line=private-key-rsa\n"
      "-----BEGIN RSA PRIVATE KEY-----\n";
  for (const auto& l : body) text += l + "\n";
  text += "-----END RSA PRIVATE KEY-----\n";
  EXPECT_TRUE(Findings("test.pem", text).empty());
}

// The decode stage and the detectors find their words through the engine's
// marker hits in production (ScanMarkers) and through their own Hyperscan
// passes otherwise: both must give the same findings, on every detector
// fixture, the examples and the decode cases.
TEST(ScanFileText, MarkerHitsGiveTheSameFindingsAsTheStagesOwnPasses) {
  std::vector<Rule> rules;
  ASSERT_TRUE(LoadBuiltinRules(&rules).ok());
  EngineOptions with_markers;
  with_markers.markers = ScanMarkers();
  std::unique_ptr<RulesDatabase> marked;
  ASSERT_TRUE(RulesDatabase::Compile(rules, with_markers, &marked).ok());
  for (const Marker& m : with_markers.markers) {
    ASSERT_GE(m.group, 0);
    ASSERT_LT(m.group, kMaxMarkerGroups);
  }
  Matcher plain_matcher(&BuiltinDb()), marked_matcher(marked.get());
  FileScratch plain_scratch, marked_scratch;
  FileStages stages;
  size_t files = 0, findings = 0;
  for (const char* root : {KEYLINT_SOURCE_DIR "/tests/data/detectors",
                           KEYLINT_SOURCE_DIR "/examples"}) {
    for (const auto& e :
         std::filesystem::recursive_directory_iterator(root)) {
      if (!e.is_regular_file()) continue;
      std::string text = detector_testing::Slurp(e.path());
      std::string path = std::filesystem::relative(e.path(), root).string();
      std::vector<Finding> a, b;
      ASSERT_TRUE(ScanFileText(BuiltinDb(), plain_matcher, stages, path, text,
                               &plain_scratch, &a).ok());
      ASSERT_TRUE(ScanFileText(*marked, marked_matcher, stages, path, text,
                               &marked_scratch, &b).ok());
      EXPECT_TRUE(marked_scratch.markers.valid);
      EXPECT_FALSE(plain_scratch.markers.valid);
      SortFindings(&a);
      SortFindings(&b);
      ASSERT_EQ(a.size(), b.size()) << e.path();
      for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].rule_id, b[i].rule_id) << e.path();
        EXPECT_EQ(a[i].line, b[i].line) << e.path();
        EXPECT_EQ(a[i].fingerprint, b[i].fingerprint) << e.path();
      }
      ++files;
      findings += a.size();
    }
  }
  EXPECT_GT(files, 20u);
  EXPECT_GT(findings, 50u);
}

// A detector finding's shown line masks every copy of a secret the engine
// found anywhere in the file, not only what a re-scan of that line finds
// (fuzz_scan found one shown whole: matched with its context on another
// line, bare on the finding's line).
TEST(ScanFileText, DetectorContextMasksSecretsTheEngineFoundElsewhere) {
  std::string text = detector_testing::Slurp(
      KEYLINT_SOURCE_DIR "/tests/fuzz/corpus/scan/regression-context-other-line");
  ASSERT_FALSE(text.empty());
  // A plain reproduction too: the secret matched on line 1 (a keyed
  // assignment), bare inside the detector's line 2.
  std::string plain =
      "db_password = \"Qw7rT2mpX9p4sB6cZ\"\n"
      "os.environ[\"APP_SECRET\"] = \"Lk9vN3bH7xQ2wR5t\"  # Qw7rT2mpX9p4sB6cZ\n";
  Matcher matcher(&BuiltinDb());
  FileScratch scratch;
  FileStages stages;
  for (const auto& [path, body] :
       {std::pair<std::string, std::string>{"App.cs", text},
        std::pair<std::string, std::string>{"app.py", plain}}) {
    std::vector<Finding> found;
    ASSERT_TRUE(
        ScanFileText(BuiltinDb(), matcher, stages, path, body, &scratch, &found)
            .ok());
    size_t detector_findings = 0;
    for (const Finding& f : found) {
      if (f.category != "hardcoded") ++detector_findings;
      for (const Match& m : scratch.matches) {
        std::string_view secret(body.data() + m.secret_begin,
                                m.secret_end - m.secret_begin);
        if (secret.size() < 12) continue;
        EXPECT_EQ(f.context.find(secret), std::string::npos)
            << path << ": " << f.rule_id << " shows an engine secret";
      }
    }
    EXPECT_GT(detector_findings, 0u) << path;
  }
}

}  // namespace
}  // namespace keylint
