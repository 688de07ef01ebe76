#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/detector_fixtures.h"

namespace keylint {
namespace {

using detector_testing::Detect;

TEST(DetectorsLogTest, FixturesGiveExactlyTheExpectedFindings) {
  detector_testing::CheckCategory("log");
}

TEST(DetectorsLogTest, TaintFollowsAssignmentsAndStaysInItsFunction) {
  const char* src =
      "def a():\n"
      "    s = client.get_secret_value(SecretId=n)\n"
      "    v = s\n"
      "    logger.info('%s', v)\n"
      "def b():\n"
      "    logger.info('%s', v)\n";
  auto found = Detect("x.py", src);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].line, 4);
  EXPECT_EQ(found[0].rule_id, "log-secret-in-log-call");
  EXPECT_TRUE(found[0].redacted.empty());
  EXPECT_THAT(found[0].message, ::testing::HasSubstr("v ("));
}

TEST(DetectorsLogTest, ReassignmentClearsTaint) {
  auto found = Detect("x.py",
                      "def a():\n"
                      "    v = client.get_secret_value(SecretId=n)\n"
                      "    v = 'done'\n"
                      "    print(v)\n");
  EXPECT_TRUE(found.empty());
}

TEST(DetectorsLogTest, FingerprintIsStableAcrossLineShifts) {
  auto a = Detect("x.js", "console.log(password);\n");
  auto b = Detect("x.js", "\n\nconsole.log(password);\n");
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].fingerprint, b[0].fingerprint);
  EXPECT_NE(a[0].line, b[0].line);
}

TEST(DetectorsLogTest, CommentsAndPlainStringsAreNotSinks) {
  EXPECT_TRUE(Detect("x.py", "# print(password)\nprint('password')\n").empty());
  EXPECT_TRUE(Detect("x.go", "// log.Println(secret)\n").empty());
}

// A minified bundle is one long line: the lines around a secret-ish word
// reach at most a few kilobytes either side of it (RunCodeDetectors).
TEST(DetectorsLogTest, LongLinesAreAnalysedAroundTheHitOnly) {
  std::string filler;
  for (int i = 0; i < 2000; ++i) filler += "var a0=1;";  // 18 KB
  std::string near = filler +
                     "const pw=process.env.DB_PASSWORD;console.log(pw);" +
                     filler + "\n";
  auto found = Detect("app.min.js", near);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule_id, "log-secret-in-log-call");
  EXPECT_EQ(found[0].column, 18034);
  // Source and sink 18 KB apart on one line are not connected.
  EXPECT_TRUE(Detect("app.min.js", "const pw=process.env.DB_PASSWORD;" +
                                       filler + "console.log(pw);\n")
                  .empty());
}

// A window that starts inside a long line is lexed in the state the whole
// line leaves there: here inside a string, so the code-looking text in it
// is no log call (lexed from the clip point it would be one).
TEST(DetectorsLogTest, AClippedWindowKnowsItStartsInsideAString) {
  std::string filler;
  for (int i = 0; i < 2000; ++i) filler += "var a0=1;";
  std::string words;
  for (int i = 0; i < 3000; ++i) words += "x ";  // 6 KB of string
  std::string text = filler + "var s=\"" + words +
                     ";console.log(db_password);\";" + filler + "\n";
  EXPECT_TRUE(Detect("app.min.js", text).empty());
  // The same statement outside the string is found.
  EXPECT_EQ(
      Detect("app.min.js", filler + "var s=\"" + words + "\";" +
                               "console.log(db_password);" + filler + "\n")
          .size(),
      1u);
}

}  // namespace
}  // namespace keylint
