// Severity of a finding, ordered from least to most severe so that
// `a >= b` reads "a is at least as severe as b".
#ifndef KEYLINT_RULES_SEVERITY_H_
#define KEYLINT_RULES_SEVERITY_H_

#include <optional>
#include <string_view>

namespace keylint {

enum class Severity { kInfo = 0, kLow = 1, kMedium = 2, kHigh = 3, kCritical = 4 };

// "critical", "high", "medium", "low", "info".
std::string_view SeverityName(Severity s);

// Parses a severity name (case-insensitive). nullopt when unknown.
std::optional<Severity> ParseSeverity(std::string_view name);

}  // namespace keylint

#endif  // KEYLINT_RULES_SEVERITY_H_
