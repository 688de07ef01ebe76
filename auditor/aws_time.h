// Timestamps as AWS sources write them, and rotation schedules.
//
// Timestamps: the AWS APIs (JSON 1.1 protocol) send Unix seconds as
// numbers (1523477145.713); AWS CLI v2 prints ISO 8601 strings
// ("2024-01-05T10:00:00.123000+00:00"). Both are accepted.
//
// Rotation schedules: Secrets Manager's AutomaticallyAfterDays, rate(N days)
// / rate(N hours), or a six-field cron(minutes hours day-of-month month
// day-of-week year) with , - * ? / L W # as AWS defines them (day-of-week
// 1-7 = SUN-SAT). A cron schedule is judged by its longest gap between two
// rotation windows, found by walking five calendar years (leap years and
// every weekday/month combination included).
//
// Thread-safety: pure functions.
#ifndef KEYLINT_AUDITOR_AWS_TIME_H_
#define KEYLINT_AUDITOR_AWS_TIME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auditor/doc.h"
#include "auditor/resource.h"

namespace keylint {

// Unix seconds from an ISO 8601 date-time (or date), or a number of
// seconds written as text. nullopt when the text is neither.
std::optional<int64_t> ParseAwsTimestamp(std::string_view text);

// The same for a document value (a number or a string).
std::optional<int64_t> AwsTimestamp(const DocNode* node);

// "2024-01-05".
std::string FormatDate(int64_t unix_seconds);

// `unix_seconds` in UTC through strftime's `format`, e.g. "%Y%m%dT%H%M%SZ"
// (SigV4's X-Amz-Date) or "%Y-%m-%dT%H:%M:%SZ" (RFC 3339).
std::string FormatUtc(int64_t unix_seconds, const char* format);

// The longest time, in days, that `rules` allow between two rotations.
// nullopt with a one-line `error` when the schedule is not understood; an
// empty schedule without AutomaticallyAfterDays gives nullopt and no error.
std::optional<double> LongestRotationGapDays(const RotationRules& rules,
                                             std::string* error);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_AWS_TIME_H_
