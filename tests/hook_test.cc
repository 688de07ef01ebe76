// Tests for keylint as a pre-commit hook: `keylint hook install` (own hook,
// foreign hook, --force, worktrees, core.hooksPath) and the hook blocking
// real `git commit`s; then the same through the pre-commit framework
// (`pre-commit try-repo` on a local copy of .pre-commit-hooks.yaml, offline),
// skipped with a reason when pre-commit is not installed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "scanner/git_hook.h"
#include "tests/git_test_util.h"
#include "tests/test_util.h"

namespace keylint {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing_util::CommandResult;
using testing_util::GitRepo;
using testing_util::ReadFile;
using testing_util::RunCommand;
using testing_util::RunKeylint;
using testing_util::ShellQuote;
using testing_util::SourcePath;

std::string Secret() {
  return std::string("ghp_") + "R8s7Tq2LkP0vW3nX5yZ1aB4cD6eF8gH0iJ2k";
}

class HookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = ::testing::TempDir() + "/keylint-hook-" + std::to_string(getpid()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(base_);
    repo_ = std::make_unique<GitRepo>(base_ + "/repo");
    // Commits run the hook, which runs keylint: give it a private cache.
    setenv("KEYLINT_CACHE_DIR", (::testing::TempDir() + "/keylint-cache").c_str(),
           1);
    unsetenv("KEYLINT");
  }
  void TearDown() override { std::filesystem::remove_all(base_); }

  testing_util::RunResult Install(const std::string& args,
                                  const std::string& cwd = "") {
    return RunKeylint("hook install " + args,
                      "cd " + ShellQuote(cwd.empty() ? repo_->dir() : cwd) + " &&");
  }
  CommandResult Commit(const std::string& message) {
    return RunCommand({"git", "commit", "-q", "-m", message}, repo_->dir());
  }

  std::string base_;
  std::unique_ptr<GitRepo> repo_;
};

TEST_F(HookTest, InstallsOnceAndLeavesForeignHooksAlone) {
  std::string hook = repo_->dir() + "/.git/hooks/pre-commit";
  auto first = Install("");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.err,
              HasSubstr("/repo/.git/hooks/pre-commit: pre-commit hook installed\n"));
  std::string script = ReadFile(hook);
  EXPECT_TRUE(IsKeylintHook(script));
  EXPECT_THAT(script, HasSubstr(std::string(KEYLINT_BINARY)));
  struct stat st;
  ASSERT_EQ(stat(hook.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);

  auto again = Install("");
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_THAT(again.err, HasSubstr("already installed"));
  EXPECT_EQ(ReadFile(hook), script);

  repo_->Write(".git/hooks/pre-commit", "#!/bin/sh\nmake lint\n");
  auto refused = Install("");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("a pre-commit hook keylint did not write"));
  EXPECT_THAT(refused.err, HasSubstr("--force"));
  EXPECT_EQ(ReadFile(hook), "#!/bin/sh\nmake lint\n");
  auto forced = Install("--force");
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(ReadFile(hook), script);

  auto outside = Install("", base_);
  EXPECT_EQ(outside.exit_code, 2);
  EXPECT_THAT(outside.err, HasSubstr("not a git repository"));
}

TEST_F(HookTest, WorktreesAndHooksPathUseTheHooksGitUses) {
  repo_->Write("a.txt", "x\n");
  repo_->Commit("base", 1);
  repo_->Git({"worktree", "add", "-q", base_ + "/wt", "-b", "wt"});
  auto wt = Install("", base_ + "/wt");
  ASSERT_EQ(wt.exit_code, 0) << wt.err;
  // Linked worktrees share the main repository's hooks.
  EXPECT_TRUE(IsKeylintHook(ReadFile(repo_->dir() + "/.git/hooks/pre-commit")));

  repo_->Git({"config", "core.hooksPath", ".githooks"});
  auto custom = Install("");
  ASSERT_EQ(custom.exit_code, 0) << custom.err;
  EXPECT_TRUE(IsKeylintHook(ReadFile(repo_->dir() + "/.githooks/pre-commit")));
}

TEST_F(HookTest, TheHookBlocksCommitsThatAddSecrets) {
  repo_->Write("a.py", "x = 1\n");
  repo_->Commit("base", 1);
  ASSERT_EQ(Install("").exit_code, 0);

  repo_->Write("a.py", "x = 1\ntoken = \"" + Secret() + "\"\n");
  repo_->Git({"add", "a.py"});
  CommandResult blocked = Commit("add a token");
  EXPECT_NE(blocked.exit_code, 0);
  // git sends a hook's standard output to its standard error.
  EXPECT_THAT(blocked.err, HasSubstr("a.py:2:10: critical"));
  EXPECT_THAT(blocked.err, HasSubstr("commit blocked"));
  EXPECT_THAT(blocked.out + blocked.err, Not(HasSubstr(Secret())));
  EXPECT_EQ(repo_->Git({"rev-list", "--count", "HEAD"}), "1\n");

  // `git commit -a` stages into a temporary index (GIT_INDEX_FILE) that the
  // hook must scan.
  repo_->Git({"reset", "-q"});
  CommandResult all = RunCommand({"git", "commit", "-q", "-a", "-m", "all"},
                                 repo_->dir());
  EXPECT_NE(all.exit_code, 0);
  EXPECT_THAT(all.err, HasSubstr("a.py:2:10: critical"));
  EXPECT_EQ(repo_->Git({"rev-list", "--count", "HEAD"}), "1\n");

  // An allowed line passes.
  repo_->Write("a.py", "x = 1\ntoken = \"" + Secret() + "\"  # keylint:allow\n");
  repo_->Git({"add", "a.py"});
  CommandResult allowed = Commit("allowed token");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;

  // A clean commit from a subdirectory passes.
  repo_->Write("sub/b.py", "y = 2\n");
  repo_->Git({"add", "-A"});
  CommandResult clean = RunCommand({"git", "commit", "-q", "-m", "clean"},
                                   repo_->dir() + "/sub");
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;

  // A baseline at the top of the work tree is used when present.
  repo_->Write("c.py", "token = \"" + Secret() + "\"\n");
  repo_->Git({"add", "-A"});
  ASSERT_EQ(RunKeylint("baseline create --staged",
                       "cd " + ShellQuote(repo_->dir()) + " &&")
                .exit_code,
            0);
  repo_->Git({"add", "-A"});
  CommandResult known = Commit("known token");
  EXPECT_EQ(known.exit_code, 0) << known.out << known.err;
  EXPECT_EQ(repo_->Git({"rev-list", "--count", "HEAD"}), "4\n");
}

// The pre-commit framework, offline: a local hook repository holding this
// project's .pre-commit-hooks.yaml, and a project that uses it.
class PreCommitFrameworkTest : public HookTest {
 protected:
  void SetUp() override {
    HookTest::SetUp();
    if (RunCommand({"pre-commit", "--version"}, base_).exit_code != 0) {
      GTEST_SKIP() << "pre-commit is not installed (Debian package "
                      "'pre-commit'; scripts/install-deps.sh installs it)";
    }
    hooks_ = std::make_unique<GitRepo>(base_ + "/hooks");
    hooks_->Write(".pre-commit-hooks.yaml",
                  ReadFile(SourcePath(".pre-commit-hooks.yaml")));
    hooks_rev_ = hooks_->Commit("hooks", 1);
    repo_->Write("a.py", "x = 1\n");
    repo_->Commit("base", 1);
    std::string bin_dir =
        std::filesystem::path(KEYLINT_BINARY).parent_path().string();
    old_path_ = std::getenv("PATH") ? std::getenv("PATH") : "";
    setenv("PATH", (bin_dir + ":" + old_path_).c_str(), 1);
    setenv("PRE_COMMIT_HOME", (base_ + "/pre-commit-home").c_str(), 1);
  }
  void TearDown() override {
    if (!old_path_.empty()) setenv("PATH", old_path_.c_str(), 1);
    unsetenv("PRE_COMMIT_HOME");
    HookTest::TearDown();
  }
  CommandResult TryRepo() {
    return RunCommand({"pre-commit", "try-repo", hooks_->dir(), "keylint"},
                      repo_->dir());
  }

  std::unique_ptr<GitRepo> hooks_;
  std::string hooks_rev_;
  std::string old_path_;
};

TEST_F(PreCommitFrameworkTest, TryRepoBlocksSecretsPassesCleanAndAllowed) {
  repo_->Write("b.py", "token = \"" + Secret() + "\"\n");
  repo_->Git({"add", "b.py"});
  CommandResult blocked = TryRepo();
  EXPECT_EQ(blocked.exit_code, 1) << blocked.out << blocked.err;
  EXPECT_THAT(blocked.out, HasSubstr("keylint (secrets in the staged changes)"));
  EXPECT_THAT(blocked.out, HasSubstr("Failed"));
  EXPECT_THAT(blocked.out, HasSubstr("b.py:1:10: critical github-classic-pat"));
  EXPECT_THAT(blocked.out, HasSubstr("commit blocked"));
  EXPECT_THAT(blocked.out + blocked.err, Not(HasSubstr(Secret())));

  repo_->Write("b.py", "token = os.environ[\"TOKEN\"]\n");
  repo_->Git({"add", "b.py"});
  CommandResult clean = TryRepo();
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_THAT(clean.out, HasSubstr("Passed"));

  repo_->Write("b.py", "token = \"" + Secret() + "\"  # keylint:allow\n");
  repo_->Git({"add", "b.py"});
  CommandResult allowed = TryRepo();
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
}

TEST_F(PreCommitFrameworkTest, InstalledThroughPreCommitItBlocksTheCommit) {
  repo_->Write(".pre-commit-config.yaml", "repos:\n  - repo: " + hooks_->dir() +
                                              "\n    rev: " + hooks_rev_ +
                                              "\n    hooks:\n      - id: keylint\n");
  repo_->Commit("use keylint", 2);
  CommandResult install =
      RunCommand({"pre-commit", "install"}, repo_->dir());
  ASSERT_EQ(install.exit_code, 0) << install.out << install.err;

  repo_->Write("b.py", "token = \"" + Secret() + "\"\n");
  repo_->Git({"add", "b.py"});
  CommandResult blocked = Commit("add a token");
  EXPECT_NE(blocked.exit_code, 0);
  EXPECT_THAT(blocked.out + blocked.err, HasSubstr("b.py:1:10: critical"));
  EXPECT_THAT(blocked.out + blocked.err, Not(HasSubstr(Secret())));
  EXPECT_EQ(repo_->Git({"rev-list", "--count", "HEAD"}), "2\n");

  repo_->Write("b.py", "print('clean')\n");
  repo_->Git({"add", "b.py"});
  CommandResult clean = Commit("clean");
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
}

}  // namespace
}  // namespace keylint
