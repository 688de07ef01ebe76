#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "tests/detector_fixtures.h"

namespace keylint {
namespace {

using detector_testing::Detect;

TEST(DetectorsUsageTest, FixturesGiveExactlyTheExpectedFindings) {
  detector_testing::CheckCategory("usage");
}

TEST(DetectorsUsageTest, RuleCatalogue) {
  const auto& rules = DetectorRules();
  EXPECT_TRUE(std::is_sorted(
      rules.begin(), rules.end(),
      [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; }));
  std::set<std::string> categories;
  for (const auto& r : rules) {
    categories.insert(r.category);
    EXPECT_EQ(r.id.substr(0, r.category.size() + 1), r.category + "-");
    EXPECT_FALSE(r.help.empty()) << r.id;
  }
  EXPECT_EQ(categories, (std::set<std::string>{"env", "log", "usage"}));
  auto cost = std::find_if(rules.begin(), rules.end(), [](const RuleInfo& r) {
    return r.id == "usage-non-sensitive-config-in-secrets-manager";
  });
  ASSERT_NE(cost, rules.end());
  EXPECT_THAT(cost->help, ::testing::HasSubstr("$0.40 per secret per month"));
  EXPECT_EQ(cost->severity, Severity::kLow);
}

TEST(DetectorsUsageTest, SeveritiesFollowTheIssue) {
  auto found = Detect("h.py",
                      "def handler(event, context):\n"
                      "    sm.get_secret_value(SecretId='prod/db')\n");
  std::set<std::pair<std::string, Severity>> got;
  for (const auto& f : found) got.insert({f.rule_id, f.severity});
  EXPECT_EQ(got, (std::set<std::pair<std::string, Severity>>{
                     {"usage-hardcoded-secret-name", Severity::kLow},
                     {"usage-secret-fetched-per-request", Severity::kMedium}}));
}

TEST(DetectorsUsageTest, InfrastructureValueIsRedacted) {
  auto found = Detect("s.py",
                      "SecretValue.unsafe_plain_text('Vq7rT2mK9pX4sB6c')\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].redacted, Redact("Vq7rT2mK9pX4sB6c"));
  EXPECT_EQ(found[0].context.find("Vq7rT2mK9pX4sB6c"), std::string::npos);
}

}  // namespace
}  // namespace keylint
