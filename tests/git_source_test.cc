// End-to-end tests of the git sources (`keylint scan --staged | --diff |
// --history`) on real repositories built in a temporary directory with fixed
// authors and dates, plus the repository lookup through a fake runner.
#include "scanner/git_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/git_test_util.h"
#include "tests/test_util.h"

namespace keylint {
namespace {

using ::testing::HasSubstr;
using testing_util::GitRepo;
using testing_util::ReadFile;
using testing_util::RunKeylint;
using testing_util::ShellQuote;
using Json = nlohmann::json;

// Deterministic secrets, assembled at run time so that this file does not
// look like it holds any.
std::string Alnum(int seed, size_t n) {
  static constexpr char kChars[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  uint32_t x = 2463534242u + static_cast<uint32_t>(seed) * 7919u;
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s.push_back(kChars[x % 62]);
  }
  return s;
}
std::string Token(int seed) { return "tok" + std::string("_") + Alnum(seed, 24); }
std::string KeyBlock(int seed) {
  return "-----BEGIN TEST KEY-----\n" + Alnum(seed, 40) + "\n" +
         Alnum(seed + 1, 40) + "\n" + Alnum(seed + 2, 12) +
         "==\n-----END TEST KEY-----\n";
}

// Rules only these tests use, so that changes to the built-in rulesets do
// not move their expectations: a one-line token, a multi-line key block and
// a value whose keyword is on the line above, and a file-name rule.
const char kRules[] = R"(rules:
  - id: test-token
    description: Test token
    severity: high
    regex: '\b(?P<secret>tok_[A-Za-z0-9]{24})\b'
    examples: ['x = "tok_Q7wErT9yUi3oPa5sDf1gHj2k"']
    negative_examples: ['x = "tok_short"']
  - id: test-key-block
    description: Test key block
    severity: critical
    regex: '-----BEGIN TEST KEY-----\r?\n(?P<secret>[A-Za-z0-9+/=\r\n]{40,400}?)\r?\n-----END TEST KEY-----'
    examples: ["-----BEGIN TEST KEY-----\nQ7wErT9yUi3oPa5sDf1gHj2kQ7wErT9yUi3oPa5sDf1gHj2k\n-----END TEST KEY-----"]
    negative_examples: ["-----BEGIN TEST KEY-----\nshort\n-----END TEST KEY-----"]
  - id: test-labelled
    description: Labelled value
    severity: medium
    regex: 'LABEL:[ \t]*\r?\n[ \t]+value:[ \t]*(?P<secret>[A-Za-z0-9]{20,40})'
    examples: ["LABEL:\n  value: Q7wErT9yUi3oPa5sDf1gHj2k"]
    negative_examples: ["value: Q7wErT9yUi3oPa5sDf1gHj2k"]
  - id: test-keystore-file
    description: Test keystore file
    severity: high
    path: '\.tks$'
    examples: ['certs/a.tks']
    negative_examples: ['certs/a.txt']
)";

class GitSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = ::testing::TempDir() + "/keylint-git-" + std::to_string(getpid()) +
            "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(base_);
    std::filesystem::create_directories(base_);
    rules_ = base_ + "/rules.yaml";
    std::ofstream(rules_) << kRules;
    repo_ = std::make_unique<GitRepo>(base_ + "/repo");
  }
  void TearDown() override { std::filesystem::remove_all(base_); }

  GitRepo& repo() { return *repo_; }

  // `keylint ARGS` run in `cwd` (default: the repository) with the test
  // rules only.
  testing_util::RunResult Keylint(const std::string& args,
                                  const std::string& cwd = "") {
    return RunKeylint(args + " --no-builtin --rules " + ShellQuote(rules_),
                      "cd " + ShellQuote(cwd.empty() ? repo().dir() : cwd) +
                          " &&");
  }

  // The JSON report of `keylint scan ARGS`; checks the exit code.
  Json Scan(const std::string& args, int expect_exit,
            const std::string& cwd = "") {
    auto r = Keylint("scan " + args + " --format json", cwd);
    EXPECT_EQ(r.exit_code, expect_exit) << args << "\n" << r.err << r.out;
    if (r.out.empty()) return Json::object();
    return Json::parse(r.out);
  }

  // "path:line rule" for each finding.
  static std::vector<std::string> Where(const Json& report) {
    std::vector<std::string> out;
    for (const Json& f : report["findings"]) {
      out.push_back(f["path"].get<std::string>() + ":" +
                    std::to_string(f["line"].get<int>()) + " " +
                    f["rule_id"].get<std::string>());
    }
    return out;
  }

  std::string base_;
  std::string rules_;
  std::unique_ptr<GitRepo> repo_;
};

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST_F(GitSourceTest, StagedReportsOnlyAddedLines) {
  repo().Write("app.py", "a = 1\nold = \"" + Token(1) + "\"\n");
  repo().Commit("base", 1);
  // Changing another line of the file does not report the committed secret.
  repo().Write("app.py", "a = 2\nold = \"" + Token(1) + "\"\n");
  repo().Git({"add", "app.py"});
  EXPECT_THAT(Where(Scan("--staged", 0)), IsEmpty());
  // A new secret is reported at its line in the staged file.
  repo().Write("app.py",
               "a = 2\nold = \"" + Token(1) + "\"\nnew = \"" + Token(2) + "\"\n");
  repo().Git({"add", "app.py"});
  Json report = Scan("--staged", 1);
  EXPECT_THAT(Where(report), ElementsAre("app.py:3 test-token"));
  EXPECT_EQ(report["findings"][0]["column"], 8);
  EXPECT_FALSE(report["findings"][0].contains("commit"));
  // --whole-files reports every secret of the changed files.
  EXPECT_THAT(Where(Scan("--staged --whole-files", 1)),
              ElementsAre("app.py:2 test-token", "app.py:3 test-token"));
}

TEST_F(GitSourceTest, StagedScansTheIndexNotTheWorkTree) {
  repo().Write("a.txt", "clean\n");
  repo().Commit("base", 1);
  repo().Write("a.txt", "clean\nt = " + Token(3) + "\n");
  repo().Git({"add", "a.txt"});
  repo().Write("a.txt", "clean\n");  // the work tree no longer has it
  EXPECT_THAT(Where(Scan("--staged", 1)), ElementsAre("a.txt:2 test-token"));
  repo().Git({"add", "a.txt"});
  repo().Write("a.txt", "clean\nt = " + Token(3) + "\n");  // unstaged only
  EXPECT_THAT(Where(Scan("--staged", 0)), IsEmpty());
}

TEST_F(GitSourceTest, StagedNewRenamedDeletedBinaryAndSubmodule) {
  repo().Write("keep.txt", "k = " + Token(4) + "\n");
  repo().Write("gone.txt", "g = " + Token(5) + "\n");
  repo().Write("move me.txt", "m = " + Token(6) + "\nline\nline\nline\n");
  repo().Commit("base", 1);
  std::string other = repo().Commit("second", 2);

  repo().Write("new file.txt", "n = " + Token(7) + "\n");  // new
  repo().Remove("gone.txt");                              // deleted
  repo().Git({"mv", "move me.txt", "moved.txt"});         // pure rename
  repo().Write("blob.bin", std::string("\0\1\2 ", 4) + Token(8) + "\n");
  repo().Git({"add", "-A"});
  // A submodule is a gitlink entry in the index: no content to scan.
  repo().Git({"update-index", "--add", "--cacheinfo",
              "160000," + other + ",vendor/lib"});
  Json report = Scan("--staged", 1);
  EXPECT_THAT(Where(report), ElementsAre("new file.txt:1 test-token"));
  EXPECT_THAT(report["errors"], IsEmpty());
  EXPECT_GE(report["stats"]["files_skipped"].get<int>(), 2);  // binary, gitlink

  // --whole-files scans the renamed file too, never the binary, the deleted
  // file or the submodule.
  EXPECT_THAT(Where(Scan("--staged --whole-files", 1)),
              ElementsAre("moved.txt:1 test-token", "new file.txt:1 test-token"));

  // A rename that also adds a secret reports only the added line.
  repo().Commit("third", 3);
  repo().Git({"mv", "moved.txt", "renamed.txt"});
  repo().Write("renamed.txt",
               "m = " + Token(6) + "\nline\nline\nline\nx = " + Token(9) + "\n");
  repo().Git({"add", "-A"});
  EXPECT_THAT(Where(Scan("--staged", 1)), ElementsAre("renamed.txt:5 test-token"));
}

TEST_F(GitSourceTest, StagedFirstCommitInAnEmptyRepository) {
  EXPECT_THAT(Where(Scan("--staged", 0)), IsEmpty());  // nothing staged
  repo().Write("first.txt", "f = " + Token(10) + "\n");
  repo().Git({"add", "first.txt"});
  EXPECT_THAT(Where(Scan("--staged", 1)), ElementsAre("first.txt:1 test-token"));
  // --history of an unborn branch: nothing yet, not an error.
  EXPECT_THAT(Where(Scan("--history", 0)), IsEmpty());
}

TEST_F(GitSourceTest, StagedFromASubdirectoryWithOddPaths) {
  repo().Write("src/deep/x.txt", "clean\n");
  repo().Commit("base", 1);
  const std::string odd = "src/sp ace/new\nline \xC3\xBC\"q\".txt";
  repo().Write(odd, "v = " + Token(11) + "\n");
  repo().Git({"add", "-A"});
  for (const std::string& cwd :
       {repo().dir(), repo().dir() + "/src", repo().dir() + "/src/deep"}) {
    Json report = Scan("--staged", 1, cwd);
    ASSERT_EQ(report["findings"].size(), 1u) << cwd;
    EXPECT_EQ(report["findings"][0]["path"], odd) << cwd;
  }
  // PATH may also name any directory of the repository.
  Json report = Scan("--staged " + ShellQuote(repo().dir() + "/src/deep"), 1,
                     base_);
  ASSERT_EQ(report["findings"].size(), 1u);
  EXPECT_EQ(report["findings"][0]["path"], odd);
}

TEST_F(GitSourceTest, MultiLineRulesAndContextOnUnchangedLines) {
  repo().Write("conf.yaml", "LABEL:\n  value: placeholder\nother: 1\n");
  repo().Commit("base", 1);
  // Only the value line changes; the keyword is on the unchanged line above.
  repo().Write("conf.yaml",
               "LABEL:\n  value: " + Alnum(12, 24) + "\nother: 1\n" + KeyBlock(13));
  repo().Git({"add", "-A"});
  EXPECT_THAT(Where(Scan("--staged", 1)),
              ElementsAre("conf.yaml:2 test-labelled",
                          "conf.yaml:5 test-key-block"));
  // With no context lines the labelled value cannot be recognised: the
  // whole-file default is what makes it work.
  EXPECT_THAT(Where(Scan("--staged --git-context 0", 1)),
              ElementsAre("conf.yaml:5 test-key-block"));

  // A change inside a committed key block (its second secret line) is a
  // change to its secret: reported, at the block's first secret line.
  repo().Commit("keys", 2);
  std::string block = KeyBlock(13);
  std::string changed = block;
  changed.replace(changed.find('\n') + 45, 3, "XYZ");
  repo().Write("conf.yaml", "LABEL:\n  value: " + Alnum(12, 24) +
                                "\nother: 1\n" + changed);
  repo().Git({"add", "-A"});
  EXPECT_THAT(Where(Scan("--staged", 1)),
              ElementsAre("conf.yaml:5 test-key-block"));
}

TEST_F(GitSourceTest, FileNameRulesReportFilesThatGetTheirName) {
  const std::string keystore = std::string("\x30\x82\0\x01", 4) + "binary";
  repo().Write("certs/old.tks", keystore);
  std::string c1 = repo().Commit("keystore", 1);
  repo().Write("certs/new.tks", keystore + "2");
  repo().Git({"add", "-A"});
  EXPECT_THAT(Where(Scan("--staged", 1)),
              ElementsAre("certs/new.tks:0 test-keystore-file"));
  repo().Commit("second keystore", 2);
  // Changing a committed keystore, or moving it, is not a new name... except
  // that a move gives it one.
  repo().Write("certs/old.tks", keystore + "changed");
  repo().Git({"add", "-A"});
  EXPECT_THAT(Where(Scan("--staged", 0)), IsEmpty());
  repo().Git({"mv", "certs/old.tks", "certs/moved.tks"});
  EXPECT_THAT(Where(Scan("--staged", 1)),
              ElementsAre("certs/moved.tks:0 test-keystore-file"));
  std::string c3 = repo().Commit("move", 3);

  Json history = Scan("--history", 1);
  ASSERT_THAT(Where(history), ElementsAre("certs/moved.tks:0 test-keystore-file",
                                          "certs/new.tks:0 test-keystore-file",
                                          "certs/old.tks:0 test-keystore-file"));
  EXPECT_EQ(history["findings"][0]["commit"], c3);
  EXPECT_EQ(history["findings"][2]["commit"], c1);
  Json diff = Scan("--diff " + c1, 1);
  ASSERT_THAT(Where(diff), ElementsAre("certs/moved.tks:0 test-keystore-file",
                                       "certs/new.tks:0 test-keystore-file"));
  EXPECT_EQ(diff["findings"][0]["commit"], c3);
  EXPECT_EQ(diff["findings"][0]["date"], "2020-01-03T12:00:00+00:00");
}

TEST_F(GitSourceTest, InlineAllowOnAddedAndUnchangedLines) {
  repo().Write("a.py", "# keylint:allow-next-line\nx = 1\n");
  repo().Commit("base", 1);
  repo().Write("a.py", "# keylint:allow-next-line\nx = \"" + Token(14) +
                           "\"\ny = \"" + Token(15) + "\"  # keylint:allow\n" +
                           "z = \"" + Token(16) + "\"\n");
  repo().Git({"add", "-A"});
  EXPECT_THAT(Where(Scan("--staged", 1)), ElementsAre("a.py:4 test-token"));
}

TEST_F(GitSourceTest, HostileGitConfigurationChangesNothing) {
  repo().Write("a b.txt", "x\n\ny\n");
  repo().Commit("base", 1);
  repo().Write("a b.txt", "x\n\ny\nt = " + Token(17) + "\n");
  repo().Write("\xC3\xBC.txt", "u = " + Token(18) + "\n");
  repo().Git({"add", "-A"});
  Json plain = Scan("--staged", 1);
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"diff.noprefix", "true"},
           {"diff.mnemonicPrefix", "true"},
           {"color.ui", "always"},
           {"color.diff", "always"},
           {"core.quotePath", "false"},
           {"diff.suppressBlankEmpty", "true"},
           {"diff.interHunkContext", "10"},
           {"diff.renames", "false"},
           {"diff.external", "false"},
           {"diff.relative", "true"},
           {"diff.context", "1"},
           {"log.showSignature", "true"},
           {"diff.submodule", "diff"}}) {
    repo().Git({"config", key, value});
  }
  EXPECT_EQ(Where(Scan("--staged", 1, repo().dir())), Where(plain));
  repo().Commit("more", 2);
  EXPECT_THAT(Where(Scan("--history", 1)),
              ElementsAre("a b.txt:4 test-token", "\xC3\xBC.txt:1 test-token"));
}

TEST_F(GitSourceTest, KeylintignoreAndExcludeApply) {
  repo().Write("fixtures/fake.txt", "f = " + Token(19) + "\n");
  repo().Write("src/real.txt", "r = " + Token(20) + "\n");
  repo().Write("src/gen/out.txt", "o = " + Token(21) + "\n");
  repo().Write(".keylintignore", "fixtures/\n");
  repo().Write("src/.keylintignore", "gen/\n");
  repo().Git({"add", "-A"});
  EXPECT_THAT(Where(Scan("--staged", 1)), ElementsAre("src/real.txt:1 test-token"));
  EXPECT_THAT(Where(Scan("--staged --exclude 'src/*.txt'", 0)), IsEmpty());
  EXPECT_THAT(Where(Scan("--staged --no-ignore", 1)),
              ElementsAre("fixtures/fake.txt:1 test-token",
                          "src/gen/out.txt:1 test-token",
                          "src/real.txt:1 test-token"));
}

TEST_F(GitSourceTest, DiffReportsWhatTheBranchAddsWithItsCommits) {
  repo().Write("a.txt", "base = " + Token(22) + "\n");
  repo().Commit("base", 1);
  repo().Git({"checkout", "-q", "-b", "feature"});
  repo().Write("b.txt", "one = " + Token(23) + "\n");
  std::string c1 = repo().Commit("first", 2);
  repo().Write("b.txt", "one = " + Token(23) + "\ntwo = " + Token(24) + "\n");
  setenv("GIT_AUTHOR_NAME", "Bob Builder", 1);
  std::string c2 = repo().Commit("second", 3);
  setenv("GIT_AUTHOR_NAME", "Ann Author", 1);
  // main moves on with a secret of its own: not the branch's doing.
  repo().Git({"checkout", "-q", "main"});
  repo().Write("m.txt", "main = " + Token(25) + "\n");
  repo().Commit("main moves", 4);
  repo().Git({"checkout", "-q", "feature"});

  for (std::string spec : {"main", "main..feature", "main...HEAD"}) {
    Json report = Scan("--diff " + spec, 1);
    ASSERT_THAT(Where(report),
                ElementsAre("b.txt:1 test-token", "b.txt:2 test-token"))
        << spec;
    const Json& f = report["findings"];
    EXPECT_EQ(f[0]["commit"], c1);
    EXPECT_EQ(f[0]["author"], "Ann Author <ann@example.test>");
    EXPECT_EQ(f[0]["date"], "2020-01-02T12:00:00+00:00");
    EXPECT_EQ(f[1]["commit"], c2);
    EXPECT_EQ(f[1]["author"], "Bob Builder <ann@example.test>");
  }
  EXPECT_THAT(Where(Scan("--diff " + c1 + "..feature", 1)),
              ElementsAre("b.txt:2 test-token"));
  EXPECT_THAT(Where(Scan("--diff feature", 0)), IsEmpty());
  EXPECT_THAT(Where(Scan("--diff main --whole-files", 1)),
              ElementsAre("b.txt:1 test-token", "b.txt:2 test-token"));
}

TEST_F(GitSourceTest, HistoryReportsEachSecretOnceWithFirstAndLastCommit) {
  repo().Write("a.txt", "s = " + Token(26) + "\n");
  std::string c1 = repo().Commit("add", 1);
  repo().Write("a.txt", "s = removed\n");
  repo().Commit("remove", 2);
  repo().Write("a.txt", "again = " + Token(26) + "\n");
  setenv("GIT_AUTHOR_NAME", "Bob Builder", 1);
  std::string c3 = repo().Commit("re-add", 3);
  setenv("GIT_AUTHOR_NAME", "Ann Author", 1);
  repo().Write("b.txt", "other = " + Token(27) + "\n");
  std::string c4 = repo().Commit("other file", 4);

  Json report = Scan("--history", 1);
  ASSERT_THAT(Where(report), ElementsAre("a.txt:1 test-token", "b.txt:1 test-token"));
  const Json& a = report["findings"][0];
  EXPECT_EQ(a["commit"], c1);
  EXPECT_EQ(a["first_commit"], c1);
  EXPECT_EQ(a["last_commit"], c3);
  EXPECT_EQ(a["author"], "Ann Author <ann@example.test>");
  EXPECT_EQ(a["date"], "2020-01-01T12:00:00+00:00");
  EXPECT_EQ(a["column"], 5);  // where the first commit had it
  EXPECT_EQ(report["findings"][1]["first_commit"], c4);
  EXPECT_EQ(report["findings"][1]["last_commit"], c4);

  // --since leaves out what it can reach: the re-add is then the first.
  Json since = Scan("--history --since " + c1, 1);
  ASSERT_THAT(Where(since), ElementsAre("a.txt:1 test-token", "b.txt:1 test-token"));
  EXPECT_EQ(since["findings"][0]["commit"], c3);
  EXPECT_EQ(since["findings"][0]["author"], "Bob Builder <ann@example.test>");
  EXPECT_EQ(since["findings"][0]["column"], 9);
  EXPECT_THAT(Where(Scan("--history --since HEAD", 0)), IsEmpty());
}

TEST_F(GitSourceTest, HistoryBranchAndAll) {
  repo().Write("a.txt", "x\n");
  repo().Commit("base", 1);
  repo().Git({"checkout", "-q", "-b", "side"});
  repo().Write("side.txt", "s = " + Token(28) + "\n");
  repo().Commit("side", 2);
  repo().Git({"checkout", "-q", "main"});
  repo().Write("main.txt", "m = " + Token(29) + "\n");
  repo().Commit("main", 3);
  EXPECT_THAT(Where(Scan("--history", 1)), ElementsAre("main.txt:1 test-token"));
  EXPECT_THAT(Where(Scan("--history --branch side", 1)),
              ElementsAre("side.txt:1 test-token"));
  EXPECT_THAT(Where(Scan("--history --all", 1)),
              ElementsAre("main.txt:1 test-token", "side.txt:1 test-token"));
  // A merge adds nothing of its own.
  repo().Git({"merge", "-q", "--no-edit", "side"});
  EXPECT_THAT(Where(Scan("--history", 1)),
              ElementsAre("main.txt:1 test-token", "side.txt:1 test-token"));
}

TEST_F(GitSourceTest, OutputIsDeterministic) {
  for (int i = 0; i < 6; ++i) {
    repo().Write("f" + std::to_string(i % 3) + ".txt",
                 "v = " + Token(30 + i) + "\n" + KeyBlock(40 + i));
    repo().Commit("c" + std::to_string(i), i + 1);
  }
  for (std::string mode : {"--history", "--diff HEAD~4"}) {
    auto one = Keylint("scan " + mode + " --format sarif");
    auto two = Keylint("scan " + mode + " --format sarif");
    EXPECT_EQ(one.exit_code, 1) << one.err;
    EXPECT_EQ(one.out, two.out) << mode;
    for (const char* format : {"markdown", "junit"}) {
      EXPECT_EQ(Keylint("scan " + mode + " --format " + format).out,
                Keylint("scan " + mode + " --format " + format).out)
          << mode << " " << format;
    }
  }
}

TEST_F(GitSourceTest, MissingOrCorruptRepositoryIsExit2WithOneLine) {
  std::filesystem::create_directories(base_ + "/plain");
  auto none = Keylint("scan --staged", base_ + "/plain");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err, "keylint: .: not a git repository\n");
  auto none_path = Keylint("scan --history " + ShellQuote(base_ + "/plain"));
  EXPECT_EQ(none_path.exit_code, 2);
  EXPECT_EQ(none_path.err, "keylint: " + base_ + "/plain: not a git repository\n");

  repo().Write("a.txt", "x\n");
  repo().Commit("base", 1);
  auto bad_rev = Keylint("scan --diff no-such-branch");
  EXPECT_EQ(bad_rev.exit_code, 2);
  EXPECT_THAT(bad_rev.err, HasSubstr("no-such-branch"));
  EXPECT_EQ(std::count(bad_rev.err.begin(), bad_rev.err.end(), '\n'), 1)
      << bad_rev.err;
  auto option_rev = Keylint("scan --history --since=--output=/tmp/x");
  EXPECT_EQ(option_rev.exit_code, 2);
  EXPECT_THAT(option_rev.err, HasSubstr("is not a revision"));

  // Objects gone: git cannot read the history.
  std::filesystem::remove_all(repo().dir() + "/.git/objects");
  std::filesystem::create_directories(repo().dir() + "/.git/objects");
  auto corrupt = Keylint("scan --history");
  EXPECT_EQ(corrupt.exit_code, 2);
  EXPECT_EQ(std::count(corrupt.err.begin(), corrupt.err.end(), '\n'), 1)
      << corrupt.err;
  EXPECT_THAT(corrupt.err, HasSubstr("keylint: "));
  // A HEAD git cannot read makes it no repository at all.
  repo().Write(".git/HEAD", "garbage\n");
  auto broken = Keylint("scan --staged");
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_EQ(std::count(broken.err.begin(), broken.err.end(), '\n'), 1)
      << broken.err;

  auto usage = Keylint("scan --staged --history");
  EXPECT_EQ(usage.exit_code, 2);
  auto whole = Keylint("scan --whole-files");
  EXPECT_EQ(whole.exit_code, 2);
  EXPECT_THAT(whole.err, HasSubstr("--whole-files needs --staged or --diff"));
}

TEST_F(GitSourceTest, BareRepositoryHistoryWorksStagedDoesNot) {
  repo().Write("a.txt", "s = " + Token(50) + "\n");
  repo().Commit("base", 1);
  std::string bare = base_ + "/bare.git";
  ASSERT_EQ(testing_util::RunCommand({"git", "clone", "-q", "--bare",
                                      repo().dir(), bare},
                                     base_)
                .exit_code,
            0);
  EXPECT_THAT(Where(Scan("--history", 1, bare)), ElementsAre("a.txt:1 test-token"));
  auto staged = Keylint("scan --staged", bare);
  EXPECT_EQ(staged.exit_code, 2);
  EXPECT_THAT(staged.err, HasSubstr("bare"));
}

// A runner that answers from a table, so repository lookup and git's
// complaints are tested without git.
class FakeRunner : public ProcessRunner {
 public:
  struct Reply {
    int exit_code = 0;
    std::string out, err;
    Status status;
  };
  std::map<std::string, Reply> replies;  // key: argv[1]
  std::vector<ProcessRequest> seen;

  Status Run(const ProcessRequest& request, const OutputCallback& on_stdout,
             ProcessResult* result) override {
    seen.push_back(request);
    const Reply& r = replies[request.argv.size() > 1 ? request.argv[1] : ""];
    if (!r.status.ok()) return r.status;
    result->exit_code = r.exit_code;
    result->stderr_text = r.err;
    return r.out.empty() ? Status::Ok() : on_stdout(r.out);
  }
};

TEST(OpenGitRepository, ReadsWhatGitSays) {
  FakeRunner runner;
  runner.replies["rev-parse"] = {0, "/r/.git\nfalse\n/r\n", "", Status::Ok()};
  GitRepository repo;
  ASSERT_TRUE(OpenGitRepository(&runner, "/r/sub", &repo).ok());
  EXPECT_EQ(repo.git_dir, "/r/.git");
  EXPECT_EQ(repo.top_level, "/r");
  EXPECT_FALSE(repo.bare);
  ASSERT_EQ(runner.seen.size(), 1u);
  EXPECT_EQ(runner.seen[0].argv[0], "git");
  EXPECT_EQ(runner.seen[0].cwd, "/r/sub");

  runner.replies["rev-parse"] = {128, "/b.git\ntrue\n",
                                 "fatal: this operation must be run in a work tree\n",
                                 Status::Ok()};
  ASSERT_TRUE(OpenGitRepository(&runner, "/b.git", &repo).ok());
  EXPECT_TRUE(repo.bare);
  EXPECT_EQ(repo.git_dir, "/b.git");

  runner.replies["rev-parse"] = {
      128, "",
      "fatal: not a git repository (or any of the parent directories): .git\n",
      Status::Ok()};
  Status s = OpenGitRepository(&runner, "/tmp/x", &repo);
  EXPECT_EQ(s.message(), "/tmp/x: not a git repository");

  runner.replies["rev-parse"] = {
      128, "", "warning: something\nfatal: detected dubious ownership in repository at '/r'\n",
      Status::Ok()};
  s = OpenGitRepository(&runner, "/r", &repo);
  EXPECT_EQ(s.message(), "/r: detected dubious ownership in repository at '/r'");

  runner.replies["rev-parse"].status =
      Status::IoError("cannot run git: no such file or directory");
  s = OpenGitRepository(&runner, "/r", &repo);
  EXPECT_EQ(s.message(), "cannot run git: no such file or directory");
}

TEST(ParseDiffRange, Forms) {
  std::string base, head;
  ASSERT_TRUE(ParseDiffRange("main", &base, &head));
  EXPECT_EQ(base + "|" + head, "main|HEAD");
  ASSERT_TRUE(ParseDiffRange("a..b", &base, &head));
  EXPECT_EQ(base + "|" + head, "a|b");
  ASSERT_TRUE(ParseDiffRange("origin/main...HEAD~2", &base, &head));
  EXPECT_EQ(base + "|" + head, "origin/main|HEAD~2");
  EXPECT_FALSE(ParseDiffRange("..b", &base, &head));
  EXPECT_FALSE(ParseDiffRange("a..", &base, &head));
}

}  // namespace
}  // namespace keylint

namespace keylint {
namespace {

// New files are all added lines: --staged must find in them exactly what a
// directory scan finds, detectors (env, log, usage) included.
TEST(GitAgreesWithTreeScan, NewFilesGiveTheDirectoryScanFindings) {
  std::string base = ::testing::TempDir() + "/keylint-git-agree-" +
                     std::to_string(getpid());
  GitRepo repo(base + "/repo");
  for (const char* dir : {"tests/data/planted", "tests/data/detectors"}) {
    std::filesystem::copy(testing_util::SourcePath(dir),
                          repo.dir() + "/" + std::filesystem::path(dir).filename().string(),
                          std::filesystem::copy_options::recursive);
  }
  repo.Git({"add", "-A", "--force"});
  auto where = [](const std::string& out) {
    std::set<std::string> found;
    Json report = Json::parse(out);
    for (const Json& f : report["findings"]) {
      found.insert(f["path"].get<std::string>() + ":" +
                   std::to_string(f["line"].get<int>()) + " " +
                   f["rule_id"].get<std::string>() + " " +
                   f["category"].get<std::string>());
    }
    return found;
  };
  std::string env = "cd " + ShellQuote(repo.dir()) + " &&";
  auto staged = RunKeylint("scan --staged --no-ignore --format json", env);
  auto tree = RunKeylint("scan . --no-ignore --format json", env);
  ASSERT_EQ(staged.exit_code, 1) << staged.err;
  std::set<std::string> from_git = where(staged.out), from_tree = where(tree.out);
  EXPECT_EQ(from_git, from_tree);
  std::set<std::string> categories;
  for (const std::string& f : from_git) categories.insert(f.substr(f.rfind(' ') + 1));
  EXPECT_TRUE(categories.count("env")) << "no detector finding";
  EXPECT_TRUE(categories.count("hardcoded"));
  std::filesystem::remove_all(base);
}

// Every planted secret of tests/data/planted, committed in a history,
// staged, and on a branch, must stay out of every output format, stderr and
// a baseline file.
TEST(GitNoLeak, PlantedSecretsNeverAppearInAnyOutput) {
  std::string base = ::testing::TempDir() + "/keylint-git-noleak-" +
                     std::to_string(getpid());
  GitRepo repo(base + "/repo");
  repo.Write("README", "planted tree\n");
  std::string first = repo.Commit("readme", 1);
  std::filesystem::copy(testing_util::SourcePath("tests/data/planted"),
                        repo.dir() + "/tree",
                        std::filesystem::copy_options::recursive);
  repo.Git({"add", "-A"});
  std::vector<std::string> secrets;
  for (const auto& entry : Json::parse(ReadFile(
           testing_util::SourcePath("tests/data/planted-manifest.json")))) {
    secrets.push_back(entry["secret"]);
  }
  std::string env = "cd " + ShellQuote(repo.dir()) + " &&";
  auto check = [&](const std::string& what, const std::string& text) {
    for (const std::string& s : secrets) {
      EXPECT_EQ(text.find(s), std::string::npos) << "secret leaked in " << what;
      EXPECT_EQ(text.find(s.substr(0, 12)), std::string::npos)
          << "secret prefix leaked in " << what;
    }
  };
  int reports = 0;
  for (const std::string& mode :
       std::vector<std::string>{"--staged", "--staged --whole-files",
                                "--history", "--diff " + first}) {
    if (mode == "--history") repo.Commit("planted", 2);
    for (const char* format : {"text", "json", "sarif", "junit", "markdown"}) {
      auto r = RunKeylint(std::string("scan ") + mode + " --format " + format +
                              " --color always --stats",
                          env);
      EXPECT_EQ(r.exit_code, 1) << mode << " " << format << ": " << r.err;
      EXPECT_FALSE(r.out.empty());
      check(mode + " " + format, r.out + r.err);
      ++reports;
    }
    auto b = RunKeylint("baseline create " + mode + " --output " +
                            ShellQuote(base + "/baseline.json"),
                        env);
    EXPECT_EQ(b.exit_code, 0) << b.err;
    std::string baseline = ReadFile(base + "/baseline.json");
    EXPECT_THAT(baseline, HasSubstr("fingerprint"));
    check(mode + " baseline", baseline + b.err);
  }
  EXPECT_EQ(reports, 20);
  std::filesystem::remove_all(base);
}

}  // namespace
}  // namespace keylint
