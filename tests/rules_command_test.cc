// `keylint rules check` after a warm start: the parsed-rules cache keeps no
// examples, so the check must read them from the rulesets themselves.
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace keylint {
namespace {

using testing_util::RunKeylint;

TEST(RulesCommand, CheckRunsEveryExampleAfterAWarmStart) {
  ASSERT_EQ(RunKeylint("rules list").exit_code, 0);  // warms the cache
  auto r = RunKeylint("rules check");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      r.out, m, std::regex(R"((\d+) rules, (\d+) examples, (\d+) negative)")))
      << r.out;
  int rules = std::stoi(m[1]), examples = std::stoi(m[2]),
      negatives = std::stoi(m[3]);
  EXPECT_GE(rules, 150);
  EXPECT_GE(examples, rules);  // every rule has at least one of each
  EXPECT_GE(negatives, rules);
}

}  // namespace
}  // namespace keylint
