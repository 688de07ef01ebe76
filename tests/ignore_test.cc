#include "scanner/ignore.h"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace keylint {
namespace {

using ::testing::HasSubstr;

GlobPattern MustCompile(std::string_view line) {
  GlobPattern p;
  Status s = GlobPattern::Compile(line, &p);
  EXPECT_TRUE(s.ok()) << line << ": " << s.message();
  return p;
}

// Whether `pattern` matches `path` (negation not applied).
bool Match(std::string_view pattern, std::string_view path,
           bool is_dir = false) {
  return MustCompile(pattern).Matches(path, is_dir);
}

// --- GlobPattern: wildcards ------------------------------------------------

TEST(IgnoreGlobTest, StarMatchesWithinOneComponent) {
  EXPECT_TRUE(Match("*.txt", "a.txt"));
  EXPECT_TRUE(Match("*.txt", ".txt"));
  EXPECT_TRUE(Match("*.txt", "deep/er/a.txt"));  // no slash: basename
  EXPECT_FALSE(Match("*.txt", "a.txt.bak"));
  EXPECT_FALSE(Match("*.txt", "txt"));
  EXPECT_TRUE(Match("*", "anything"));
  EXPECT_TRUE(Match("a*b*c", "aXXbYYc"));
  EXPECT_TRUE(Match("a*b*c", "abc"));
  EXPECT_FALSE(Match("a*b*c", "acb"));
  // Anchored: '*' never crosses a '/'.
  EXPECT_TRUE(Match("src/*.c", "src/a.c"));
  EXPECT_FALSE(Match("src/*.c", "src/x/a.c"));
  EXPECT_FALSE(Match("src/*.c", "lib/src/a.c"));
  EXPECT_TRUE(Match("*/x", "a/x"));
  EXPECT_FALSE(Match("*/x", "a/b/x"));
}

TEST(IgnoreGlobTest, QuestionMarkMatchesOneNonSlashByte) {
  EXPECT_TRUE(Match("a?c", "abc"));
  EXPECT_FALSE(Match("a?c", "ac"));
  EXPECT_FALSE(Match("a?c", "abbc"));
  EXPECT_FALSE(Match("x/a?c", "x/a/c"));
  EXPECT_TRUE(Match("???", "abc"));
  EXPECT_FALSE(Match("???", "ab"));
}

TEST(IgnoreGlobTest, BracketClasses) {
  EXPECT_TRUE(Match("[abc].txt", "b.txt"));
  EXPECT_FALSE(Match("[abc].txt", "d.txt"));
  EXPECT_TRUE(Match("file[0-9]", "file7"));
  EXPECT_FALSE(Match("file[0-9]", "filex"));
  EXPECT_TRUE(Match("[!a-c]x", "dx"));
  EXPECT_FALSE(Match("[!a-c]x", "bx"));
  EXPECT_TRUE(Match("[^a-c]x", "dx"));
  EXPECT_FALSE(Match("[^a-c]x", "ax"));
  EXPECT_TRUE(Match("[]]", "]"));  // ']' first is a member
  EXPECT_TRUE(Match("[!]]", "a"));
  EXPECT_FALSE(Match("[!]]", "]"));
  EXPECT_TRUE(Match("[a-]", "-"));   // '-' last is a member
  EXPECT_TRUE(Match("[\\]]", "]"));  // escaped inside a class
  EXPECT_TRUE(Match("[[:digit:]]*", "9lives"));
  EXPECT_FALSE(Match("[[:digit:]]*", "lives9"));
  EXPECT_TRUE(Match("[[:upper:][:digit:]]", "Q"));
  EXPECT_TRUE(Match("[[:upper:][:digit:]]", "4"));
  EXPECT_FALSE(Match("[[:upper:][:digit:]]", "q"));
  EXPECT_TRUE(Match("*.py[cod]", "mod.pyc"));
  EXPECT_FALSE(Match("*.py[cod]", "mod.py"));
  // A class never matches '/', even negated.
  EXPECT_FALSE(Match("a[!x]b", "a/b"));
  EXPECT_FALSE(Match("a[/]b", "a/b"));
}

TEST(IgnoreGlobTest, BackslashEscapes) {
  EXPECT_TRUE(Match("\\*", "*"));
  EXPECT_FALSE(Match("\\*", "a"));
  EXPECT_TRUE(Match("\\?", "?"));
  EXPECT_FALSE(Match("\\?", "x"));
  EXPECT_TRUE(Match("\\[a]", "[a]"));
  EXPECT_FALSE(Match("\\[a]", "a"));
  EXPECT_TRUE(Match("\\#notes", "#notes"));
  GlobPattern bang = MustCompile("\\!important");
  EXPECT_FALSE(bang.negated());
  EXPECT_TRUE(bang.Matches("!important", false));
  EXPECT_FALSE(bang.Matches("important", false));
}

TEST(IgnoreGlobTest, TrailingSpaces) {
  EXPECT_TRUE(Match("foo   ", "foo"));
  EXPECT_FALSE(Match("foo   ", "foo "));
  EXPECT_TRUE(Match("foo\\ ", "foo "));
  EXPECT_FALSE(Match("foo\\ ", "foo"));
  EXPECT_TRUE(Match("foo\\  ", "foo "));  // escaped one kept, next dropped
  EXPECT_TRUE(Match("a b", "a b"));       // inner spaces are literal
  EXPECT_TRUE(Match("tab\t", "tab\t"));   // only ' ' is trimmed
}

TEST(IgnoreGlobTest, DoubleStar) {
  // Leading "**/": any directory, including none.
  EXPECT_TRUE(Match("**/foo", "foo"));
  EXPECT_TRUE(Match("**/foo", "a/foo"));
  EXPECT_TRUE(Match("**/foo", "a/b/foo"));
  EXPECT_FALSE(Match("**/foo", "afoo"));
  EXPECT_FALSE(Match("**/foo", "foo/bar"));
  EXPECT_TRUE(Match("**/foo/bar", "foo/bar"));
  EXPECT_TRUE(Match("**/foo/bar", "x/y/foo/bar"));
  EXPECT_FALSE(Match("**/foo/bar", "foo/x/bar"));
  // Trailing "/**": everything inside, not the directory itself.
  EXPECT_TRUE(Match("abc/**", "abc/x"));
  EXPECT_TRUE(Match("abc/**", "abc/x/y/z"));
  EXPECT_FALSE(Match("abc/**", "abc", /*is_dir=*/true));
  EXPECT_FALSE(Match("abc/**", "x/abc/y"));
  // Middle "/**/": zero or more directories.
  EXPECT_TRUE(Match("a/**/b", "a/b"));
  EXPECT_TRUE(Match("a/**/b", "a/x/b"));
  EXPECT_TRUE(Match("a/**/b", "a/x/y/b"));
  EXPECT_FALSE(Match("a/**/b", "a/xb"));
  EXPECT_FALSE(Match("a/**/b", "ab"));
  EXPECT_FALSE(Match("a/**/b", "a/x/b/c"));
  EXPECT_TRUE(Match("a/**/*.go", "a/p/q/main.go"));
  // Any other "**" is an ordinary '*'.
  EXPECT_TRUE(Match("a**b", "axxb"));
  EXPECT_FALSE(Match("x/a**b", "x/a/b"));
  EXPECT_TRUE(Match("**foo", "xfoo"));
  EXPECT_FALSE(Match("d/**foo", "d/x/foo"));
  EXPECT_TRUE(Match("**", "any/thing/at/all"));
}

TEST(IgnoreGlobTest, AnchoringAndDirOnly) {
  GlobPattern root_only = MustCompile("/foo");
  EXPECT_TRUE(root_only.anchored());
  EXPECT_TRUE(root_only.Matches("foo", false));
  EXPECT_FALSE(root_only.Matches("a/foo", false));

  GlobPattern middle = MustCompile("doc/frotz");
  EXPECT_TRUE(middle.anchored());
  EXPECT_TRUE(middle.Matches("doc/frotz", true));
  EXPECT_FALSE(middle.Matches("a/doc/frotz", true));

  GlobPattern anywhere = MustCompile("frotz");
  EXPECT_FALSE(anywhere.anchored());
  EXPECT_TRUE(anywhere.Matches("a/doc/frotz", false));
  EXPECT_TRUE(anywhere.Matches("frotz", true));

  GlobPattern dirs = MustCompile("build/");
  EXPECT_TRUE(dirs.dir_only());
  EXPECT_FALSE(dirs.anchored());  // a trailing '/' does not anchor
  EXPECT_TRUE(dirs.Matches("build", true));
  EXPECT_TRUE(dirs.Matches("x/y/build", true));
  EXPECT_FALSE(dirs.Matches("build", false));

  GlobPattern anchored_dir = MustCompile("/out/");
  EXPECT_TRUE(anchored_dir.anchored());
  EXPECT_TRUE(anchored_dir.Matches("out", true));
  EXPECT_FALSE(anchored_dir.Matches("x/out", true));

  GlobPattern neg = MustCompile("!keep/");
  EXPECT_TRUE(neg.negated());
  EXPECT_TRUE(neg.dir_only());
  EXPECT_TRUE(neg.Matches("keep", true));
}

TEST(IgnoreGlobTest, CompileRejectsMalformedPatterns) {
  GlobPattern p;
  for (std::string_view bad : {"", "   ", "!", "/", "!/", "[abc", "[", "[!]",
                               "foo\\", "[[:bogus:]]", "[a\\"}) {
    Status s = GlobPattern::Compile(bad, &p);
    EXPECT_FALSE(s.ok()) << '"' << bad << '"';
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  }
  Status s = GlobPattern::Compile("src/[abc", &p);
  EXPECT_THAT(s.message(), HasSubstr("src/[abc"));
  EXPECT_THAT(s.message(), HasSubstr("unterminated"));
  s = GlobPattern::Compile("[[:bogus:]]", &p);
  EXPECT_THAT(s.message(), HasSubstr("bogus"));
}

TEST(IgnoreGlobTest, PathologicalPatternIsFast) {
  // Backtracking matchers take exponential time here.
  std::string path(250, 'a');
  GlobPattern p = MustCompile("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b");
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(p.Matches(path, false));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(2));
  EXPECT_TRUE(p.Matches(path + "b", false));

  GlobPattern deep = MustCompile("**/a/**/a/**/a/**/a/**/b");
  std::string dirs;
  for (int i = 0; i < 60; ++i) dirs += "a/";
  EXPECT_FALSE(deep.Matches(dirs + "c", false));
  EXPECT_TRUE(deep.Matches(dirs + "b", false));
}

// --- IgnoreRules: one file -------------------------------------------------

TEST(IgnoreRulesTest, BlankLinesAndComments) {
  IgnoreRules rules = IgnoreRules::Parse(
      "# a comment\n"
      "\n"
      "   \n"
      "*.log\n"
      "  # not a comment: leading spaces make it a pattern\n");
  EXPECT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules.Match("a.log", false), IgnoreMatch::kIgnore);
  EXPECT_EQ(rules.Match("# a comment", false), IgnoreMatch::kNone);
}

TEST(IgnoreRulesTest, EscapedHashAndBang) {
  IgnoreRules rules = IgnoreRules::Parse("\\#hash\n\\!bang\n");
  EXPECT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules.Match("#hash", false), IgnoreMatch::kIgnore);
  EXPECT_EQ(rules.Match("!bang", false), IgnoreMatch::kIgnore);
  EXPECT_EQ(rules.Match("bang", false), IgnoreMatch::kNone);
}

TEST(IgnoreRulesTest, LastMatchingPatternWins) {
  IgnoreRules rules = IgnoreRules::Parse("*.log\n!keep.log\n");
  EXPECT_EQ(rules.Match("a.log", false), IgnoreMatch::kIgnore);
  EXPECT_EQ(rules.Match("keep.log", false), IgnoreMatch::kInclude);
  EXPECT_EQ(rules.Match("sub/keep.log", false), IgnoreMatch::kInclude);
  EXPECT_EQ(rules.Match("a.txt", false), IgnoreMatch::kNone);

  IgnoreRules reversed = IgnoreRules::Parse("!keep.log\n*.log\n");
  EXPECT_EQ(reversed.Match("keep.log", false), IgnoreMatch::kIgnore);
}

TEST(IgnoreRulesTest, DirOnlyNegation) {
  IgnoreRules rules = IgnoreRules::Parse("cache*\n!cache/\n");
  EXPECT_EQ(rules.Match("cache", true), IgnoreMatch::kInclude);
  EXPECT_EQ(rules.Match("cache", false), IgnoreMatch::kIgnore);
  EXPECT_EQ(rules.Match("cache.db", false), IgnoreMatch::kIgnore);
}

TEST(IgnoreRulesTest, CrLfBomAndTrailingSpaces) {
  IgnoreRules rules =
      IgnoreRules::Parse("\xEF\xBB\xBF*.tmp\r\nsecret.txt   \r\nlast");
  EXPECT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules.Match("x.tmp", false), IgnoreMatch::kIgnore);
  EXPECT_EQ(rules.Match("secret.txt", false), IgnoreMatch::kIgnore);
  EXPECT_EQ(rules.Match("last", false), IgnoreMatch::kIgnore);  // no '\n'
}

TEST(IgnoreRulesTest, MalformedLinesAreDropped) {
  IgnoreRules rules = IgnoreRules::Parse("[abc\nfoo\\\n!\n*.tmp\n");
  EXPECT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules.Match("[abc", false), IgnoreMatch::kNone);
  EXPECT_EQ(rules.Match("a.tmp", false), IgnoreMatch::kIgnore);
}

// --- IgnoreStack: several files --------------------------------------------

IgnoreDir Level(std::string dir, std::string_view gitignore,
                std::string_view keylintignore = "") {
  IgnoreDir d;
  d.dir = std::move(dir);
  d.gitignore = IgnoreRules::Parse(gitignore);
  d.keylintignore = IgnoreRules::Parse(keylintignore);
  return d;
}

TEST(IgnoreStackTest, EmptyStackIgnoresNothing) {
  IgnoreStack stack;
  EXPECT_EQ(stack.depth(), 0u);
  EXPECT_FALSE(stack.IsIgnored("a.log", false));
}

TEST(IgnoreStackTest, DeeperFilesOverrideParents) {
  IgnoreStack root = IgnoreStack().Push(Level("", "*.log\n!*.txt\n"));
  IgnoreStack sub = root.Push(Level("sub", "!debug.log\n*.txt\n"));
  EXPECT_EQ(sub.depth(), 2u);
  EXPECT_EQ(root.depth(), 1u);  // pushing leaves the parent alone
  EXPECT_TRUE(sub.IsIgnored("sub/a.log", false));
  EXPECT_FALSE(sub.IsIgnored("sub/debug.log", false));
  EXPECT_TRUE(sub.IsIgnored("sub/deeper/notes.txt", false));
  EXPECT_FALSE(sub.IsIgnored("sub/main.c", false));
  // The parent's view is unchanged, and "sub" rules do not leak out.
  EXPECT_TRUE(root.IsIgnored("debug.log", false));
  EXPECT_TRUE(sub.IsIgnored("debug.log", false));
  EXPECT_TRUE(sub.IsIgnored("other/debug.log", false));
  EXPECT_FALSE(sub.IsIgnored("other/notes.txt", false));
}

TEST(IgnoreStackTest, AnchoredPatternsAreRelativeToTheirFile) {
  IgnoreStack stack = IgnoreStack()
                          .Push(Level("", "/top-only\n"))
                          .Push(Level("a/b", "/here\nx/y\n"));
  EXPECT_TRUE(stack.IsIgnored("top-only", false));
  EXPECT_FALSE(stack.IsIgnored("a/top-only", false));
  EXPECT_TRUE(stack.IsIgnored("a/b/here", false));
  EXPECT_FALSE(stack.IsIgnored("a/b/c/here", false));
  EXPECT_FALSE(stack.IsIgnored("here", false));
  EXPECT_TRUE(stack.IsIgnored("a/b/x/y", false));
  EXPECT_FALSE(stack.IsIgnored("a/b/c/x/y", false));
  // A directory's own file does not decide the directory itself.
  EXPECT_FALSE(stack.IsIgnored("a/b", true));
}

TEST(IgnoreStackTest, GitInfoExcludeHasLowestPrecedence) {
  IgnoreDir top = Level("", "!keep.secret\n");
  top.is_repo_root = true;
  top.git_exclude = IgnoreRules::Parse("*.secret\nscratch/\n");
  IgnoreStack stack = IgnoreStack().Push(std::move(top));
  EXPECT_TRUE(stack.IsIgnored("a.secret", false));
  EXPECT_TRUE(stack.IsIgnored("deep/b.secret", false));
  EXPECT_TRUE(stack.IsIgnored("scratch", true));
  EXPECT_FALSE(stack.IsIgnored("keep.secret", false));
  // A deeper .gitignore beats info/exclude too.
  IgnoreStack sub = stack.Push(Level("sub", "!*.secret\n"));
  EXPECT_FALSE(sub.IsIgnored("sub/c.secret", false));
}

TEST(IgnoreStackTest, KeylintignoreWinsOverGitignore) {
  IgnoreStack stack = IgnoreStack()
                          .Push(Level("", "!*.md\n", "!.env\n*.md\n"))
                          .Push(Level("sub", ".env\n"));
  EXPECT_FALSE(stack.IsIgnored(".env", false));
  EXPECT_FALSE(stack.IsIgnored("sub/.env", false));  // nested .gitignore loses
  EXPECT_TRUE(stack.IsIgnored("README.md", false));
  EXPECT_TRUE(stack.IsIgnored("sub/notes.md", false));
  // Deeper .keylintignore beats a shallower one.
  IgnoreStack deeper = stack.Push(Level("sub/docs", "", "!*.md\n"));
  EXPECT_FALSE(deeper.IsIgnored("sub/docs/guide.md", false));
  EXPECT_TRUE(deeper.IsIgnored("sub/other.md", false));
}

TEST(IgnoreStackTest, NestedRepositoryDoesNotInheritGitignore) {
  IgnoreDir top = Level("", "*.log\n", "*.tmp\n");
  top.is_repo_root = true;
  top.git_exclude = IgnoreRules::Parse("*.bak\n");
  IgnoreDir inner = Level("vendor/lib", "");
  inner.is_repo_root = true;
  inner.git_exclude = IgnoreRules::Parse("*.o\n");
  IgnoreStack stack = IgnoreStack().Push(std::move(top)).Push(std::move(inner));
  EXPECT_FALSE(stack.IsIgnored("vendor/lib/a.log", false));
  EXPECT_FALSE(stack.IsIgnored("vendor/lib/a.bak", false));
  EXPECT_TRUE(stack.IsIgnored("vendor/lib/a.o", false));
  EXPECT_TRUE(stack.IsIgnored("vendor/lib/a.tmp", false));  // keylint's own
  // Outside the inner repository the outer rules still apply.
  EXPECT_TRUE(stack.IsIgnored("vendor/a.log", false));
  EXPECT_TRUE(stack.IsIgnored("x.bak", false));
}

TEST(IgnoreStackTest, WithoutRepositoryAllGitignoresApply) {
  IgnoreStack stack =
      IgnoreStack().Push(Level("", "*.log\n")).Push(Level("a", "*.txt\n"));
  EXPECT_TRUE(stack.IsIgnored("a/b/c.log", false));
  EXPECT_TRUE(stack.IsIgnored("a/b/c.txt", false));
}

// --- PathGlobSet: config exclude globs -------------------------------------

TEST(IgnorePathGlobSetTest, CompileReportsTheBadGlob) {
  PathGlobSet set;
  Status s = PathGlobSet::Compile({"ok/**", "src/[abc"}, &set);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("exclude glob"));
  EXPECT_THAT(s.message(), HasSubstr("src/[abc"));
  s = PathGlobSet::Compile({""}, &set);
  EXPECT_FALSE(s.ok());
}

TEST(IgnorePathGlobSetTest, EmptySetMatchesNothing) {
  PathGlobSet set;
  ASSERT_TRUE(PathGlobSet::Compile({}, &set).ok());
  EXPECT_TRUE(set.empty());
  EXPECT_FALSE(set.Matches("a/b/c", false));
}

TEST(IgnorePathGlobSetTest, TypicalExcludes) {
  PathGlobSet set;
  ASSERT_TRUE(PathGlobSet::Compile(
                  {"vendor/**", "*.min.js", "!keep.min.js", "docs/*.md"}, &set)
                  .ok());
  EXPECT_TRUE(set.Matches("vendor/a/b.go", false));
  EXPECT_FALSE(set.Matches("vendor", true));  // the contents, not the dir
  EXPECT_FALSE(set.Matches("src/vendor/a.go", false));  // anchored
  EXPECT_TRUE(set.Matches("app.min.js", false));
  EXPECT_TRUE(set.Matches("web/static/app.min.js", false));
  EXPECT_FALSE(set.Matches("web/keep.min.js", false));
  EXPECT_TRUE(set.Matches("docs/a.md", false));
  EXPECT_FALSE(set.Matches("x/docs/a.md", false));
  EXPECT_FALSE(set.Matches("docs/deep/a.md", false));
  EXPECT_FALSE(set.Matches("src/main.go", false));
}

TEST(IgnorePathGlobSetTest, ExcludedDirectoryCannotBeReincluded) {
  PathGlobSet set;
  ASSERT_TRUE(PathGlobSet::Compile({"build/", "!build/keep.txt"}, &set).ok());
  EXPECT_TRUE(set.Matches("build", true));
  EXPECT_TRUE(set.Matches("build/keep.txt", false));
  EXPECT_TRUE(set.Matches("build/other.txt", false));
  EXPECT_FALSE(set.Matches("build", false));  // a file named build
  // Deciding the entry alone (ancestors already checked) sees the negation.
  EXPECT_FALSE(set.MatchesEntry("build/keep.txt", false));

  // Excluding the contents rather than the directory allows re-inclusion.
  PathGlobSet contents;
  ASSERT_TRUE(
      PathGlobSet::Compile({"build/*", "!build/keep.txt"}, &contents).ok());
  EXPECT_FALSE(contents.Matches("build/keep.txt", false));
  EXPECT_TRUE(contents.Matches("build/other.txt", false));
  EXPECT_TRUE(contents.Matches("build/sub/x.txt", false));  // via build/sub
}

TEST(IgnorePathGlobSetTest, HashIsLiteralInAGlobList) {
  PathGlobSet set;
  ASSERT_TRUE(PathGlobSet::Compile({"#scratch"}, &set).ok());
  EXPECT_TRUE(set.Matches("#scratch", false));
  EXPECT_FALSE(set.Matches("scratch", false));
}

}  // namespace
}  // namespace keylint
