// TextSink: the human-readable report `keylint scan` prints by default.
//
//   path:line:column: severity rule_id: message
//       <masked context line>
//     fingerprint: <first 16 hex>  redacted: <preview>
//
// followed by the input errors (`error: path:line: message`), a summary line
// and, when SinkOptions::show_stats is set, a statistics block.
//
// Everything that comes from the scanned tree (paths, context lines, previews)
// and every message passes through EscapeForTerminal, so a hostile file name
// cannot forge report lines or smuggle terminal escape sequences. The only
// ESC bytes in the output are the sink's own colour codes, and only when
// SinkOptions::color is set.
//
// Thread-safety: a TextSink is used by one thread at a time.
#ifndef KEYLINT_REPORTS_TEXT_SINK_H_
#define KEYLINT_REPORTS_TEXT_SINK_H_

#include <ostream>
#include <string>
#include <string_view>

#include "reports/sink.h"
#include "rules/report.h"
#include "rules/status.h"

namespace keylint {

class TextSink : public FindingSink {
 public:
  explicit TextSink(const SinkOptions& options) : options_(options) {}

  // Writes the report to `out`. Fails only when `out` does.
  Status Write(const Report& report, std::ostream& out) override;

 private:
  SinkOptions options_;
};

// How EscapeForTerminal treats characters that are harmless to a terminal
// but would make the escaped text ambiguous.
enum class EscapeStyle {
  // Paths, ids, messages: '\\' becomes "\\\\" and tab becomes "\\t", so the
  // escaped text reads back unambiguously.
  kField,
  // A source line: tab and '\\' are kept as they are so code reads naturally.
  kCode,
};

// Returns `text` with everything that could move the cursor, end a line,
// start a terminal escape sequence or reorder the display replaced by a
// visible escape:
//   - C0 controls and DEL: "\\n", "\\r", "\\t", otherwise "\\xNN";
//   - C1 controls (U+0080..U+009F) and the Unicode line/paragraph separators
//     and bidirectional controls (U+061C, U+200E, U+200F, U+2028..U+202E,
//     U+2066..U+2069): "\\u{XXXX}";
//   - bytes that are not part of valid UTF-8: "\\xNN".
// Valid printable UTF-8 passes through unchanged.
std::string EscapeForTerminal(std::string_view text,
                              EscapeStyle style = EscapeStyle::kField);

}  // namespace keylint

#endif  // KEYLINT_REPORTS_TEXT_SINK_H_
