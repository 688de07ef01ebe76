// Escaping for the markup formats (JUnit XML, HTML, Markdown with inline
// HTML).
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

// Markdown inline text: EscapeMarkup with the Markdown punctuation that
// could start emphasis, code, links, strikeout or a mention, or end a table
// cell, escaped too (the text is never at the start of a line, so '#', '-',
// '+' need no escape).
std::string MarkdownText(std::string_view text);

// A Markdown code span: shown literally (no emphasis, links, HTML or
// mentions), with a backtick fence longer than any run of backticks inside
// and control characters made visible. '|' is escaped because GitHub's
// tables split cells on it even inside code spans. "" for empty text.
std::string MarkdownCode(std::string_view text);

}  // namespace keylint

#endif  // KEYLINT_REPORTS_MARKUP_H_
