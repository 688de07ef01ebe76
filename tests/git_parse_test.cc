// Tests for the parsers of git's output (scanner/git_parse.h) on literal
// strings: quoted paths, patches with every kind of file header, commit
// headers of `git log -z`, raw diff records, cat-file and blame output.
#include "scanner/git_parse.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace keylint {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(UnquoteGitPath, PlainAndQuoted) {
  std::string out;
  ASSERT_TRUE(UnquoteGitPath("dir/file name.txt", &out));
  EXPECT_EQ(out, "dir/file name.txt");
  ASSERT_TRUE(UnquoteGitPath(R"("a/new\nline\t\"q\"\\.txt")", &out));
  EXPECT_EQ(out, "a/new\nline\t\"q\"\\.txt");
  // core.quotePath: non-ASCII bytes as octal.
  ASSERT_TRUE(UnquoteGitPath(R"("b/\303\274ber.md")", &out));
  EXPECT_EQ(out, "b/\xC3\xBC" "ber.md");
  ASSERT_TRUE(UnquoteGitPath(R"("\a\b\v\f\r")", &out));
  EXPECT_EQ(out, "\a\b\v\f\r");
}

TEST(UnquoteGitPath, RejectsMalformed) {
  std::string out;
  EXPECT_FALSE(UnquoteGitPath(R"("unterminated)", &out));
  EXPECT_FALSE(UnquoteGitPath(R"("bad \q escape")", &out));
  EXPECT_FALSE(UnquoteGitPath(R"("short \30")", &out));
  EXPECT_FALSE(UnquoteGitPath(R"("\9")", &out));
  EXPECT_FALSE(UnquoteGitPath(R"("inner " quote")", &out));
}

struct Parsed {
  std::vector<PatchFile> files;
  std::vector<std::string> commits;  // hash of each file's commit, or ""
  std::vector<std::string> headers;  // every commit header seen
};

// Feeds `text` in chunks of `chunk` bytes (0: all at once).
Status ParsePatch(std::string_view text, Parsed* out, size_t chunk = 0,
                  size_t max_bytes = 1 << 20) {
  GitPatchParser parser(
      [out](const GitCommitInfo* commit, PatchFile&& file) {
        out->files.push_back(std::move(file));
        out->commits.push_back(commit ? commit->hash : "");
        return Status::Ok();
      },
      max_bytes);
  parser.set_commit_callback([out](const GitCommitInfo& c) {
    out->headers.push_back(c.hash + "|" + c.author_name + "|" +
                           c.author_email + "|" + c.date);
    return Status::Ok();
  });
  if (chunk == 0) chunk = text.size() + 1;
  for (size_t i = 0; i < text.size(); i += chunk) {
    KL_RETURN_IF_ERROR(parser.Feed(text.substr(i, chunk)));
  }
  return parser.Finish();
}

// A `git diff --cached -p --unified=<whole file>` of several kinds of change.
const char kPatch[] =
    "diff --git a/sp ace.txt b/sp ace.txt\n"
    "new file mode 100644\n"
    "index 0000000..422c2b7\n"
    "--- /dev/null\n"
    "+++ b/sp ace.txt\t\n"
    "@@ -0,0 +1,2 @@\n"
    "+a\n"
    "+b\n"
    "diff --git \"a/new\\nline.txt\" \"b/new\\nline.txt\"\n"
    "index 1111111..2222222 100755\n"
    "--- \"a/new\\nline.txt\"\n"
    "+++ \"b/new\\nline.txt\"\n"
    "@@ -1,3 +1,3 @@\n"
    " keep\n"
    "-old\n"
    "+new\n"
    " tail\n"
    "diff --git a/bin.dat b/bin.dat\n"
    "new file mode 100644\n"
    "index 0000000..d5d0b8b\n"
    "Binary files /dev/null and b/bin.dat differ\n"
    "diff --git a/gone.txt b/gone.txt\n"
    "deleted file mode 100644\n"
    "index 3333333..0000000\n"
    "--- a/gone.txt\n"
    "+++ /dev/null\n"
    "@@ -1 +0,0 @@\n"
    "-bye\n"
    "diff --git a/old name.txt b/new name.txt\n"
    "similarity index 90%\n"
    "rename from old name.txt\n"
    "rename to new name.txt\n"
    "index 4444444..5555555 100644\n"
    "--- a/old name.txt\t\n"
    "+++ b/new name.txt\t\n"
    "@@ -1,2 +1,3 @@\n"
    " one\n"
    "+two\n"
    " three\n"
    "diff --git a/pure.txt b/moved.txt\n"
    "similarity index 100%\n"
    "rename from pure.txt\n"
    "rename to moved.txt\n"
    "diff --git a/run.sh b/run.sh\n"
    "old mode 100644\n"
    "new mode 100755\n"
    "diff --git a/sub b/sub\n"
    "new file mode 160000\n"
    "index 0000000..6404a2f\n"
    "--- /dev/null\n"
    "+++ b/sub\n"
    "@@ -0,0 +1 @@\n"
    "+Subproject commit 6404a2f17a915e5de0536caaa7aaa007d385e8e6\n";

TEST(GitPatchParser, EveryKindOfFileHeader) {
  Parsed p;
  ASSERT_TRUE(ParsePatch(kPatch, &p).ok());
  ASSERT_EQ(p.files.size(), 8u);

  const PatchFile& created = p.files[0];
  EXPECT_EQ(created.old_path, "");
  EXPECT_EQ(created.new_path, "sp ace.txt");
  EXPECT_EQ(created.new_mode, kModeRegular);
  ASSERT_EQ(created.hunks.size(), 1u);
  EXPECT_EQ(created.hunks[0].new_start, 1);
  EXPECT_EQ(created.hunks[0].text, "a\nb\n");
  EXPECT_THAT(created.hunks[0].added_lines, ElementsAre(1, 2));

  const PatchFile& quoted = p.files[1];
  EXPECT_EQ(quoted.new_path, "new\nline.txt");
  EXPECT_EQ(quoted.old_path, "new\nline.txt");
  EXPECT_EQ(quoted.new_mode, kModeExecutable);
  ASSERT_EQ(quoted.hunks.size(), 1u);
  EXPECT_EQ(quoted.hunks[0].text, "keep\nnew\ntail\n");
  EXPECT_THAT(quoted.hunks[0].added_lines, ElementsAre(2));

  EXPECT_TRUE(p.files[2].binary);
  EXPECT_EQ(p.files[2].new_path, "bin.dat");
  EXPECT_TRUE(p.files[2].hunks.empty());

  EXPECT_EQ(p.files[3].new_path, "");
  EXPECT_EQ(p.files[3].old_path, "gone.txt");
  EXPECT_EQ(p.files[3].new_mode, 0);
  EXPECT_TRUE(p.files[3].hunks.empty());  // nothing on the new side

  const PatchFile& renamed = p.files[4];
  EXPECT_EQ(renamed.old_path, "old name.txt");
  EXPECT_EQ(renamed.new_path, "new name.txt");
  ASSERT_EQ(renamed.hunks.size(), 1u);
  EXPECT_EQ(renamed.hunks[0].text, "one\ntwo\nthree\n");
  EXPECT_THAT(renamed.hunks[0].added_lines, ElementsAre(2));

  EXPECT_EQ(p.files[5].old_path, "pure.txt");
  EXPECT_EQ(p.files[5].new_path, "moved.txt");
  EXPECT_TRUE(p.files[5].hunks.empty());

  EXPECT_EQ(p.files[6].old_mode, 0100644);
  EXPECT_EQ(p.files[6].new_mode, kModeExecutable);

  EXPECT_EQ(p.files[7].new_path, "sub");
  EXPECT_EQ(p.files[7].new_mode, kModeGitlink);
  EXPECT_FALSE(IsRegularFileMode(p.files[7].new_mode));
  for (const std::string& c : p.commits) EXPECT_EQ(c, "");
}

TEST(GitPatchParser, AnyChunkingGivesTheSameFiles) {
  Parsed whole;
  ASSERT_TRUE(ParsePatch(kPatch, &whole).ok());
  for (size_t chunk : {1, 2, 3, 7, 64}) {
    Parsed p;
    ASSERT_TRUE(ParsePatch(kPatch, &p, chunk).ok()) << chunk;
    ASSERT_EQ(p.files.size(), whole.files.size()) << chunk;
    for (size_t i = 0; i < p.files.size(); ++i) {
      EXPECT_EQ(p.files[i].new_path, whole.files[i].new_path);
      EXPECT_EQ(p.files[i].hunks.size(), whole.files[i].hunks.size());
      for (size_t h = 0; h < p.files[i].hunks.size(); ++h) {
        EXPECT_EQ(p.files[i].hunks[h].text, whole.files[i].hunks[h].text);
        EXPECT_EQ(p.files[i].hunks[h].added_lines,
                  whole.files[i].hunks[h].added_lines);
      }
    }
  }
}

TEST(GitPatchParser, NoNewlineAtEndOfFile) {
  const char patch[] =
      "diff --git a/f b/f\n"
      "index 1..2 100644\n"
      "--- a/f\n"
      "+++ b/f\n"
      "@@ -1,2 +1,2 @@\n"
      " same\n"
      "-old last\n"
      "\\ No newline at end of file\n"
      "+new last\n"
      "\\ No newline at end of file\n";
  Parsed p;
  ASSERT_TRUE(ParsePatch(patch, &p).ok());
  ASSERT_EQ(p.files.size(), 1u);
  ASSERT_EQ(p.files[0].hunks.size(), 1u);
  EXPECT_EQ(p.files[0].hunks[0].text, "same\nnew last");
  EXPECT_THAT(p.files[0].hunks[0].added_lines, ElementsAre(2));
}

TEST(GitPatchParser, SeparateHunksAndBlankContextLines) {
  // diff.suppressBlankEmpty prints an empty context line as "".
  const char patch[] =
      "diff --git a/f b/f\n"
      "index 1..2 100644\n"
      "--- a/f\n"
      "+++ b/f\n"
      "@@ -1,2 +1,3 @@ heading text\n"
      " a\n"
      "\n"
      "+b\n"
      "@@ -10 +11 @@\n"
      "-x\n"
      "+y\n";
  Parsed p;
  ASSERT_TRUE(ParsePatch(patch, &p).ok());
  ASSERT_EQ(p.files[0].hunks.size(), 2u);
  EXPECT_EQ(p.files[0].hunks[0].text, "a\n\nb\n");
  EXPECT_THAT(p.files[0].hunks[0].added_lines, ElementsAre(3));
  EXPECT_EQ(p.files[0].hunks[1].new_start, 11);
  EXPECT_EQ(p.files[0].hunks[1].text, "y\n");
  EXPECT_THAT(p.files[0].hunks[1].added_lines, ElementsAre(11));
}

// A commit header as kLogFormat makes git print it.
std::string Header(const std::string& hash, const std::string& name,
                   const std::string& email, const std::string& date) {
  std::string h = "\x01KLC " + hash;
  for (const std::string* field : {&name, &email, &date}) {
    h.push_back('\0');
    h += *field;
  }
  h.push_back('\0');
  return h;
}

TEST(GitPatchParser, LogCommitHeaders) {
  std::string log = Header("aaaa", "Ann Author", "ann@x.test",
                           "2020-01-02T03:04:05+01:00");
  log += "\n";
  log += "diff --git a/f b/f\nnew file mode 100644\nindex 0..1\n--- /dev/null\n"
         "+++ b/f\n@@ -0,0 +1 @@\n+x\n";
  // A commit with no diff (empty, or a merge) is followed directly by the
  // next header.
  log += Header("bbbb", "Bob", "bob@x.test", "2020-01-03T00:00:00+00:00");
  log += Header("cccc", "Cy", "cy@x.test", "2020-01-04T00:00:00+00:00");
  log += "\n";
  log += "diff --git a/g b/g\nindex 1..2 100644\n--- a/g\n+++ b/g\n"
         "@@ -1 +1 @@\n-o\n+n\n";
  for (size_t chunk : {0, 1, 5}) {
    Parsed p;
    ASSERT_TRUE(ParsePatch(log, &p, chunk).ok()) << chunk;
    EXPECT_THAT(p.headers,
                ElementsAre("aaaa|Ann Author|ann@x.test|2020-01-02T03:04:05+01:00",
                            "bbbb|Bob|bob@x.test|2020-01-03T00:00:00+00:00",
                            "cccc|Cy|cy@x.test|2020-01-04T00:00:00+00:00"));
    ASSERT_EQ(p.files.size(), 2u);
    EXPECT_EQ(p.files[0].new_path, "f");
    EXPECT_EQ(p.files[1].new_path, "g");
    EXPECT_THAT(p.commits, ElementsAre("aaaa", "cccc"));
  }
}

TEST(GitPatchParser, TooLargeHunksAreDroppedAndMarked) {
  std::string patch =
      "diff --git a/big b/big\nnew file mode 100644\nindex 0..1\n"
      "--- /dev/null\n+++ b/big\n@@ -0,0 +1,3 @@\n+0123456789\n+0123456789\n"
      "+0123456789\n"
      "diff --git a/small b/small\nnew file mode 100644\nindex 0..1\n"
      "--- /dev/null\n+++ b/small\n@@ -0,0 +1 @@\n+ok\n";
  Parsed p;
  ASSERT_TRUE(ParsePatch(patch, &p, 0, 20).ok());
  ASSERT_EQ(p.files.size(), 2u);
  EXPECT_TRUE(p.files[0].truncated);
  EXPECT_TRUE(p.files[0].hunks.empty());
  EXPECT_FALSE(p.files[1].truncated);
  EXPECT_EQ(p.files[1].hunks[0].text, "ok\n");
}

TEST(GitPatchParser, MalformedPatchesAreErrors) {
  Parsed p;
  Status s = ParsePatch(
      "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n?what\n", &p);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("'f'"));
  Parsed q;
  s = ParsePatch("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n",
                 &q);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("ended inside a hunk"));
  Parsed r;
  EXPECT_FALSE(
      ParsePatch("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -x +1 @@\n", &r).ok());
  Parsed t;
  EXPECT_FALSE(ParsePatch(std::string("\x01KLC abc\0name", 13), &t).ok());
}

TEST(GitPatchParser, LinesOutsideFilesAreIgnored) {
  Parsed p;
  ASSERT_TRUE(ParsePatch("* Unmerged path conflict.txt\n", &p).ok());
  EXPECT_TRUE(p.files.empty());
}

TEST(ParseRawDiff, RecordsWithRenamesAndOddNames) {
  std::string raw;
  raw += ":000000 100644 " + std::string(40, '0') + " " + std::string(40, 'a') +
         " A";
  raw += std::string("\0new\nline.txt\0", 14);
  raw += ":100644 100644 " + std::string(40, 'b') + " " + std::string(40, 'c') +
         " R087";
  raw += std::string("\0old name\0new name\0", 19);
  raw += ":160000 160000 " + std::string(40, 'd') + " " + std::string(40, 'e') +
         " M";
  raw += std::string("\0sub\0", 5);
  std::vector<RawDiffEntry> entries;
  ASSERT_TRUE(ParseRawDiff(raw, &entries).ok());
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].status, 'A');
  EXPECT_EQ(entries[0].new_oid, std::string(40, 'a'));
  EXPECT_EQ(entries[0].dst_path, "new\nline.txt");
  EXPECT_EQ(entries[1].status, 'R');
  EXPECT_EQ(entries[1].src_path, "old name");
  EXPECT_EQ(entries[1].dst_path, "new name");
  EXPECT_EQ(entries[2].new_mode, kModeGitlink);

  std::vector<RawDiffEntry> bad;
  EXPECT_FALSE(ParseRawDiff("garbage", &bad).ok());
  EXPECT_FALSE(
      ParseRawDiff(std::string(":100644 100644 a b\0x\0", 21), &bad).ok());
}

TEST(CatFileParser, ObjectsMissingAndTooLarge) {
  std::string stream = "1111 blob 5\nhello\n2222 missing\n3333 blob 12\n"
                       "0123456789ab\n4444 blob 0\n\n";
  for (size_t chunk : {0, 1, 4}) {
    std::vector<std::string> seen;
    CatFileParser parser(
        [&seen](const CatFileParser::Object& o) {
          seen.push_back(o.oid + " " + o.type + " " +
                         (o.too_large ? "LARGE" : std::string(o.content)));
          return Status::Ok();
        },
        10);
    size_t step = chunk == 0 ? stream.size() : chunk;
    for (size_t i = 0; i < stream.size(); i += step) {
      ASSERT_TRUE(parser.Feed(std::string_view(stream).substr(i, step)).ok());
    }
    ASSERT_TRUE(parser.Finish().ok());
    EXPECT_THAT(seen, ElementsAre("1111 blob hello", "2222 missing ",
                                  "3333 blob LARGE", "4444 blob "))
        << chunk;
  }
  CatFileParser truncated([](const CatFileParser::Object&) { return Status::Ok(); },
                          100);
  ASSERT_TRUE(truncated.Feed("5555 blob 10\nabc").ok());
  EXPECT_FALSE(truncated.Finish().ok());
}

TEST(ParseBlamePorcelain, LinesCommitsAndAuthors) {
  std::string a(40, 'a'), b(40, 'b');
  std::string text =
      a + " 3 3 2\n"
      "author Ann Author\n"
      "author-mail <ann@x.test>\n"
      "author-time 1577934245\n"
      "author-tz +0100\n"
      "committer C\n"
      "summary first\n"
      "filename f.txt\n"
      "\tsecret-looking content is never kept\n" +
      a + " 4 4\n"
      "\tmore content\n" +
      b + " 1 9 1\n"
      "author Bob\n"
      "author-mail <bob@x.test>\n"
      "author-time 0\n"
      "author-tz -0530\n"
      "boundary\n"
      "filename f.txt\n"
      "\tx\n";
  std::vector<BlameLine> lines;
  ASSERT_TRUE(ParseBlamePorcelain(text, &lines).ok());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].line, 3);
  EXPECT_EQ(lines[0].commit.hash, a);
  EXPECT_EQ(lines[0].commit.author_name, "Ann Author");
  EXPECT_EQ(lines[0].commit.author_email, "ann@x.test");
  EXPECT_EQ(lines[0].commit.date, "2020-01-02T04:04:05+01:00");
  EXPECT_EQ(lines[1].line, 4);
  EXPECT_EQ(lines[1].commit.hash, a);
  EXPECT_EQ(lines[1].commit.author_name, "Ann Author");
  EXPECT_EQ(lines[2].line, 9);
  EXPECT_EQ(lines[2].commit.author_name, "Bob");
  EXPECT_EQ(lines[2].commit.date, "1969-12-31T18:30:00-05:30");

  std::vector<BlameLine> bad;
  EXPECT_FALSE(ParseBlamePorcelain("not blame\n", &bad).ok());
}

TEST(FormatGitDate, OffsetsAndDefaults) {
  EXPECT_EQ(FormatGitDate(0, "+0000"), "1970-01-01T00:00:00+00:00");
  EXPECT_EQ(FormatGitDate(1577836800, "+0230"), "2020-01-01T02:30:00+02:30");
  EXPECT_EQ(FormatGitDate(1577836800, "garbage"), "2020-01-01T00:00:00+00:00");
}

}  // namespace
}  // namespace keylint
