// Inline suppression comments in scanned files:
//   secret = "..."  # keylint:allow
//   secret = "..."  # keylint:allow=rule-a,rule-b
//   # keylint:allow-next-line
//   # keylint:allow-next-line=rule-a
// Pure functions; thread-safe.
#ifndef KEYLINT_SCANNER_SUPPRESSION_H_
#define KEYLINT_SCANNER_SUPPRESSION_H_

#include <string_view>

namespace keylint {

// True when `line` (the finding's line) allows `rule_id` on itself.
bool LineAllows(std::string_view line, std::string_view rule_id);

// True when `previous_line` allows `rule_id` on the line after it.
bool PreviousLineAllows(std::string_view previous_line,
                        std::string_view rule_id);

}  // namespace keylint

#endif  // KEYLINT_SCANNER_SUPPRESSION_H_
