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

}  // namespace
}  // namespace keylint
