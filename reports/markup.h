// Escaping for the markup formats (JUnit XML, Markdown with inline HTML).
// Pure functions; thread-safe.
#ifndef KEYLINT_REPORTS_MARKUP_H_
#define KEYLINT_REPORTS_MARKUP_H_

#include <string>
#include <string_view>

namespace keylint {

// `text` made safe as XML/HTML character data or attribute value:
//   - first EscapeForTerminal (reports/text_sink.h): control characters,
//     bidirectional overrides and bytes that are not UTF-8 become visible
//     escapes such as "\n" and "\x1b", so the result is valid UTF-8 holding
//     only characters XML 1.0 allows (U+FFFE and U+FFFF become "\u{fffe}"
//     and "\u{ffff}");
//   - then '&', '<', '>', '"', '\'' and every byte of `also` become numeric
//     character references ("&#60;"), which XML and HTML decode and
//     Markdown leaves alone.
std::string EscapeMarkup(std::string_view text, std::string_view also = {});

}  // namespace keylint

#endif  // KEYLINT_REPORTS_MARKUP_H_
