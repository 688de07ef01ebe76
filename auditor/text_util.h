// Small text helpers shared by the auditor's loaders and checks. Pure
// functions; thread-safe.
#ifndef KEYLINT_AUDITOR_TEXT_UTIL_H_
#define KEYLINT_AUDITOR_TEXT_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

namespace keylint {

std::string ToLower(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// `*` matches any run (including '/'), `?` one byte.
bool GlobMatch(std::string_view pattern, std::string_view text,
               bool ignore_case = false);

// Splits on `sep`, keeping empty fields.
std::vector<std::string> Split(std::string_view s, char sep);

// Lower-case words of an identifier: split at non-alphanumerics and at
// camelCase boundaries. "dbPassword_v2" -> {"db", "password", "v2"}.
std::vector<std::string> Words(std::string_view s);

// Quotes `arg` for a POSIX shell when it needs quoting.
std::string ShellArg(std::string_view arg);

// Percent-decodes "%2Fprod%2Fdb" -> "/prod/db" ('+' is kept).
std::string PercentDecode(std::string_view s);

// "1 day", "3 days".
std::string Days(long long n);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_TEXT_UTIL_H_
