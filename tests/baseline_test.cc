// Tests for baselines (reports/baseline.h): the file format, its parser's
// messages, applying a baseline, and `keylint baseline create` / `keylint
// scan --baseline [--report-stale]` on trees and git sources.
#include "reports/baseline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "rules/finding.h"
#include "tests/git_test_util.h"
#include "tests/test_util.h"

namespace keylint {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing_util::GitRepo;
using testing_util::ReadFile;
using testing_util::RunKeylint;
using testing_util::ShellQuote;

Finding MakeFinding(const std::string& path, int line, const std::string& rule,
                    const std::string& secret) {
  Finding f;
  f.rule_id = rule;
  f.path = path;
  f.line = line;
  f.redacted = Redact(secret);
  f.fingerprint = Fingerprint(rule, secret);
  return f;
}

std::string SecretA() { return std::string("ghp_") + "R8s7Tq2LkP0vW3nX5yZ1aB4cD6eF8gH0iJ2k"; }
std::string SecretB() { return std::string("sk_live_") + "Zq8vL2pX9mKw4RtY7bNcQ1aS"; }

TEST(Baseline, FromFindingsIsSortedUniqueAndHoldsNoSecret) {
  std::vector<Finding> findings = {
      MakeFinding("z.py", 9, "rule-b", SecretB()),
      MakeFinding("a.py", 3, "rule-a", SecretA()),
      MakeFinding("a.py", 40, "rule-a", SecretA()),  // same secret, same file
      MakeFinding("b.py", 1, "rule-a", SecretA()),   // same secret, other file
  };
  Baseline b = Baseline::FromFindings(findings);
  ASSERT_EQ(b.entries().size(), 3u);
  EXPECT_EQ(b.entries()[0].path, "a.py");
  EXPECT_EQ(b.entries()[1].path, "b.py");
  EXPECT_EQ(b.entries()[2].path, "z.py");
  std::string text = b.Serialize();
  EXPECT_EQ(text.find(SecretA()), std::string::npos);
  EXPECT_EQ(text.find(SecretB()), std::string::npos);
  EXPECT_EQ(text.find(SecretA().substr(0, 8)), std::string::npos);
  EXPECT_THAT(text, Not(HasSubstr("\"line\"")));
  // The order of the findings does not matter.
  std::reverse(findings.begin(), findings.end());
  EXPECT_EQ(Baseline::FromFindings(findings).Serialize(), text);
}

TEST(Baseline, SerializedForm) {
  Baseline b = Baseline::FromFindings({MakeFinding("src/x.py", 3, "rule-a", SecretA())});
  EXPECT_EQ(b.Serialize(),
            "{\n"
            "  \"keylint_baseline\": 1,\n"
            "  \"entries\": [\n"
            "    {\n"
            "      \"path\": \"src/x.py\",\n"
            "      \"fingerprint\": \"" +
                Fingerprint("rule-a", SecretA()) +
                "\",\n"
                "      \"rule_id\": \"rule-a\",\n"
                "      \"redacted\": \"ghp_\xE2\x80\xA6\"\n"
                "    }\n"
                "  ]\n"
                "}\n");
  Baseline round;
  ASSERT_TRUE(Baseline::Parse(b.Serialize(), "b.json", &round).ok());
  EXPECT_EQ(round.Serialize(), b.Serialize());
  EXPECT_EQ(Baseline().Serialize(),
            "{\n  \"keylint_baseline\": 1,\n  \"entries\": []\n}\n");
}

TEST(Baseline, ParseErrorsNameTheFileAndWhere) {
  Baseline b;
  Status s = Baseline::Parse("{\n  \"keylint_baseline\": 1,\n  oops\n}", "b.json", &b);
  EXPECT_EQ(s.message(), "b.json:3:3: not valid JSON");
  // A number too large for a double is an error, not an uncaught
  // nlohmann::out_of_range (fuzz_baseline's crash, now a seed in
  // tests/fuzz/corpus/baseline/).
  s = Baseline::Parse("{\n  \"keylint_baseline\": 1e638,\n  \"entries\": []\n}",
                      "b.json", &b);
  EXPECT_EQ(s.message(), "b.json:2:27: not valid JSON");
  s = Baseline::Parse("[]", "b.json", &b);
  EXPECT_THAT(s.message(), HasSubstr("b.json: not a keylint baseline"));
  s = Baseline::Parse(R"({"keylint_baseline": 2, "entries": []})", "b.json", &b);
  EXPECT_THAT(s.message(), HasSubstr("version 2 is not supported"));
  s = Baseline::Parse(R"({"keylint_baseline": 1})", "b.json", &b);
  EXPECT_THAT(s.message(), HasSubstr("no \"entries\" array"));
  s = Baseline::Parse(R"({"keylint_baseline": 1, "entries": [{"path": "a"}]})",
                      "b.json", &b);
  EXPECT_THAT(s.message(), HasSubstr("entry 0 needs"));
  s = Baseline::Parse(
      R"({"keylint_baseline": 1, "entries": [{"path": "a", "fingerprint": "x"}]})",
      "b.json", &b);
  EXPECT_THAT(s.message(), HasSubstr("entry 0: \"fingerprint\" is not 64"));
  // Unknown keys are ignored (newer keylint versions may add some).
  std::string ok = R"({"keylint_baseline": 1, "note": "x", "entries": [{"path": "a", "fingerprint": ")" +
                   std::string(64, 'a') + R"(", "extra": 1}]})";
  EXPECT_TRUE(Baseline::Parse(ok, "b.json", &b).ok());
  EXPECT_EQ(Baseline::Load("/no/such/baseline.json", &b).code(),
            Status::Code::kNotFound);
}

TEST(Baseline, ApplySuppressesByPathAndFingerprintAndListsStale) {
  Baseline b = Baseline::FromFindings({
      MakeFinding("a.py", 3, "rule-a", SecretA()),
      MakeFinding("gone.py", 1, "rule-b", SecretB()),
  });
  std::vector<Finding> findings = {
      MakeFinding("a.py", 99, "rule-a", SecretA()),  // moved: still known
      MakeFinding("c.py", 3, "rule-a", SecretA()),   // same secret, new file
      MakeFinding("a.py", 5, "rule-b", SecretB()),   // new secret
  };
  BaselineResult r = b.Apply(&findings);
  EXPECT_EQ(r.suppressed, 1u);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].path, "c.py");
  EXPECT_EQ(findings[1].line, 5);
  ASSERT_EQ(r.stale.size(), 1u);
  EXPECT_EQ(r.stale[0].path, "gone.py");
}

class BaselineCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/keylint-baseline-" + std::to_string(getpid()) +
           "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    repo_ = std::make_unique<GitRepo>(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  testing_util::RunResult Keylint(const std::string& args) {
    return RunKeylint(args, "cd " + ShellQuote(dir_) + " &&");
  }
  std::string dir_;
  std::unique_ptr<GitRepo> repo_;
};

TEST_F(BaselineCliTest, KnownFindingsPassNewOnesFailMovingCodeChangesNothing) {
  repo_->Write("src/app.py", "token = \"" + SecretA() + "\"\n");
  repo_->Write("src/pay.py", "key = \"" + SecretB() + "\"\n");
  auto created = Keylint("baseline create");
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_THAT(created.err, HasSubstr(".keylint-baseline.json: 2 entries"));
  std::string file = ReadFile(dir_ + "/.keylint-baseline.json");
  EXPECT_EQ(file.find(SecretA()), std::string::npos);
  EXPECT_EQ(file.find(SecretB()), std::string::npos);

  auto known = Keylint("scan --baseline .keylint-baseline.json");
  EXPECT_EQ(known.exit_code, 0) << known.out << known.err;

  // Lines inserted above: the baseline still matches, and a new baseline of
  // the same findings is byte-identical.
  repo_->Write("src/app.py", "# one\n# two\n\ntoken = \"" + SecretA() + "\"\n");
  EXPECT_EQ(Keylint("scan --baseline .keylint-baseline.json").exit_code, 0);
  ASSERT_EQ(Keylint("baseline create --output again.json").exit_code, 0);
  EXPECT_EQ(ReadFile(dir_ + "/again.json"), file);

  // A new secret fails, and only it is reported.
  repo_->Write("src/new.py", "k = \"AKIA" + std::string("Z7QRSTUVWXY2K4MN") + "\"\n");
  auto fresh = Keylint("scan --baseline .keylint-baseline.json --format json");
  EXPECT_EQ(fresh.exit_code, 1);
  auto report = nlohmann::json::parse(fresh.out);
  ASSERT_EQ(report["findings"].size(), 1u);
  EXPECT_EQ(report["findings"][0]["path"], "src/new.py");

  // The same secret copied to another file is a new finding.
  repo_->Remove("src/new.py");
  repo_->Write("src/copy.py", "token = \"" + SecretA() + "\"\n");
  EXPECT_EQ(Keylint("scan --baseline .keylint-baseline.json").exit_code, 1);
  repo_->Remove("src/copy.py");

  // Stale entries are listed on request.
  repo_->Remove("src/pay.py");
  auto stale = Keylint("scan --baseline .keylint-baseline.json --report-stale");
  EXPECT_EQ(stale.exit_code, 0) << stale.err;
  EXPECT_THAT(stale.err, HasSubstr("1 entry no longer match"));
  EXPECT_THAT(stale.err, HasSubstr("stale: src/pay.py"));
  EXPECT_EQ(stale.err.find(SecretB()), std::string::npos);
}

TEST_F(BaselineCliTest, EveryGitModeHonoursTheBaseline) {
  repo_->Write("app.py", "token = \"" + SecretA() + "\"\n");
  repo_->Git({"add", "-A"});
  ASSERT_EQ(Keylint("baseline create --staged --output base.json").exit_code, 0);
  EXPECT_EQ(Keylint("scan --staged").exit_code, 1);
  EXPECT_EQ(Keylint("scan --staged --baseline base.json").exit_code, 0);
  repo_->Commit("known secret", 1);
  EXPECT_EQ(Keylint("scan --history --baseline base.json").exit_code, 0);
  repo_->Git({"checkout", "-q", "-b", "feature"});
  repo_->Write("app.py", "# moved down\ntoken = \"" + SecretA() + "\"\n");
  repo_->Commit("move", 2);
  EXPECT_EQ(Keylint("scan --diff main --whole-files --baseline base.json").exit_code, 0);
  repo_->Write("other.py", "key = \"" + SecretB() + "\"\n");
  repo_->Commit("new secret", 3);
  auto diff = Keylint("scan --diff main --baseline base.json --format json");
  EXPECT_EQ(diff.exit_code, 1);
  auto report = nlohmann::json::parse(diff.out);
  ASSERT_EQ(report["findings"].size(), 1u);
  EXPECT_EQ(report["findings"][0]["path"], "other.py");
  EXPECT_EQ(Keylint("scan --history --baseline base.json").exit_code, 1);
}

TEST_F(BaselineCliTest, BadBaselineUseIsExit2) {
  repo_->Write("a.py", "x = 1\n");
  auto missing = Keylint("scan --baseline nope.json");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "keylint: nope.json: no such baseline file\n");
  repo_->Write("bad.json", "{\"keylint_baseline\": 1,\n \"entries\": [}\n");
  auto bad = Keylint("scan --baseline bad.json");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "keylint: bad.json:2:14: not valid JSON\n");
  auto stale_staged = Keylint("scan --staged --baseline bad.json --report-stale");
  EXPECT_EQ(stale_staged.exit_code, 2);
  EXPECT_THAT(stale_staged.err, HasSubstr("--report-stale needs a full scan"));
  auto stale_alone = Keylint("scan --report-stale");
  EXPECT_EQ(stale_alone.exit_code, 2);
}

}  // namespace
}  // namespace keylint
