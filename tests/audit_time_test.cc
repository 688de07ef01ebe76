// Timestamps as AWS writes them, and the longest gap a rotation schedule
// allows.
#include "auditor/aws_time.h"

#include <gtest/gtest.h>

#include <cmath>

namespace keylint {
namespace {

double Gap(const std::string& schedule, std::optional<int64_t> days = {}) {
  RotationRules r;
  r.schedule_expression = schedule;
  r.automatically_after_days = days;
  std::string error;
  std::optional<double> gap = LongestRotationGapDays(r, &error);
  EXPECT_TRUE(gap.has_value()) << schedule << ": " << error;
  return gap.value_or(-1);
}

std::string GapError(const std::string& schedule) {
  RotationRules r;
  r.schedule_expression = schedule;
  std::string error;
  EXPECT_FALSE(LongestRotationGapDays(r, &error).has_value()) << schedule;
  return error;
}

TEST(AuditTime, ParsesCliAndApiTimestamps) {
  EXPECT_EQ(ParseAwsTimestamp("2024-06-01T00:00:00Z"), 1717200000);
  EXPECT_EQ(ParseAwsTimestamp("2024-06-01T02:00:00.123000+02:00"), 1717200000);
  EXPECT_EQ(ParseAwsTimestamp("2024-05-31T19:30:00-0430"), 1717200000);
  EXPECT_EQ(ParseAwsTimestamp("2024-06-01"), 1717200000);
  EXPECT_EQ(ParseAwsTimestamp("1717200000.713"), 1717200000);
  EXPECT_EQ(ParseAwsTimestamp("1.7172E9"), 1717200000);
  EXPECT_FALSE(ParseAwsTimestamp("yesterday").has_value());
  EXPECT_FALSE(ParseAwsTimestamp("2024-13-01").has_value());
  EXPECT_FALSE(ParseAwsTimestamp("2024-06-01T00:00").has_value());
  EXPECT_EQ(FormatDate(1717200000 + 86399), "2024-06-01");
  EXPECT_EQ(FormatDate(0), "1970-01-01");
}

TEST(AuditTime, DaysAndRates) {
  EXPECT_EQ(Gap("", 45), 45);
  EXPECT_EQ(Gap("rate(30 days)"), 30);
  EXPECT_EQ(Gap("rate(1 day)"), 1);
  EXPECT_DOUBLE_EQ(Gap("rate(12 hours)"), 0.5);
  // A schedule expression wins over AutomaticallyAfterDays.
  EXPECT_EQ(Gap("rate(10 days)", 400), 10);
  RotationRules none;
  std::string error;
  EXPECT_FALSE(LongestRotationGapDays(none, &error).has_value());
  EXPECT_TRUE(error.empty());
}

TEST(AuditTime, CronLongestGap) {
  EXPECT_DOUBLE_EQ(Gap("cron(0 4 1 * ? *)"), 31);           // monthly
  EXPECT_DOUBLE_EQ(Gap("cron(0 4 1 */3 ? *)"), 92);         // quarterly
  EXPECT_DOUBLE_EQ(Gap("cron(0 4 ? * SUN *)"), 7);          // weekly
  EXPECT_DOUBLE_EQ(Gap("cron(0 4 ? * MON-FRI *)"), 3);      // weekdays
  EXPECT_DOUBLE_EQ(Gap("cron(0 */8 * * ? *)"), 8.0 / 24);   // every 8 hours
  EXPECT_DOUBLE_EQ(Gap("cron(0 4 ? * 2#1 *)"), 35);         // first Monday
  EXPECT_DOUBLE_EQ(Gap("cron(0 4 L * ? *)"), 31);           // last day
  EXPECT_DOUBLE_EQ(Gap("cron(0 4 ? * 6L *)"), 35);          // last Friday
  double near15 = Gap("cron(0 4 15W * ? *)");  // weekday nearest the 15th
  EXPECT_GE(near15, 30);
  EXPECT_LE(near15, 33);
  EXPECT_DOUBLE_EQ(Gap("cron(0 4 1 JAN,JUL ? *)"), 184);    // twice a year
  EXPECT_DOUBLE_EQ(Gap("cron(0 0 29 2 ? *)"), 4 * 365 + 1);  // leap days
  // Windows inside a day: 04:00 and 16:00, the longest gap is 12 hours.
  EXPECT_DOUBLE_EQ(Gap("cron(0 4,16 * * ? *)"), 0.5);
  // Limited to years that end: the schedule stops rotating.
  EXPECT_TRUE(std::isinf(Gap("cron(0 4 1 * ? 2024)")));
}

TEST(AuditTime, UnreadableSchedulesSayWhy) {
  EXPECT_NE(GapError("cron(0 4 1 * ?)").find("six fields"), std::string::npos);
  EXPECT_NE(GapError("cron(0 25 1 * ? *)").find("hours"), std::string::npos);
  EXPECT_NE(GapError("rate(3 weeks)").find("unit"), std::string::npos);
  EXPECT_NE(GapError("rate(days)").find("number"), std::string::npos);
  EXPECT_NE(GapError("every tuesday").find("neither"), std::string::npos);
  EXPECT_NE(GapError("cron(0 4 31 2 ? *)").find("never"), std::string::npos);
}

}  // namespace
}  // namespace keylint
