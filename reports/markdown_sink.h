// MarkdownSink: a short report for people reading a pull request: a
// pull-request comment or GitHub's $GITHUB_STEP_SUMMARY.
//
//   ### keylint: 2 secrets found
//
//   2 findings (1 critical, 1 high) in 2 files.
//
//   | Severity | Rule | Finding | Location | Preview | Commit |
//   | --- | --- | --- | --- | --- | --- |
//   | critical | aws-access-key-id | AWS access key ID | <code>a.py:3:9</code> | ... |
//
//   followed by the input errors and a folded "What to do" section.
//
// The Commit column appears only when a finding carries one (git sources).
// At most kMaxMarkdownRows findings are listed (GitHub caps a comment at
// 65,536 characters); a last line counts the rest. Values from the scanned
// tree (locations, previews, commits) are code spans, which GitHub shows
// literally, with '|' escaped and control characters made visible; other
// text passes through EscapeMarkup (reports/markup.h) with the Markdown
// punctuation escaped too. Either way a file name can neither break the
// table nor inject links, HTML or @-mentions. The same Report always gives
// byte-identical output.
//
// Thread-safety: a MarkdownSink is used by one thread at a time.
#ifndef KEYLINT_REPORTS_MARKDOWN_SINK_H_
#define KEYLINT_REPORTS_MARKDOWN_SINK_H_

#include <cstddef>
#include <ostream>

#include "reports/sink.h"
#include "rules/report.h"
#include "rules/status.h"

namespace keylint {

inline constexpr size_t kMaxMarkdownRows = 200;

class MarkdownSink : public FindingSink {
 public:
  MarkdownSink() = default;

  // Writes the report to `out`. Fails only when `out` does.
  Status Write(const Report& report, std::ostream& out) override;
};

}  // namespace keylint

#endif  // KEYLINT_REPORTS_MARKDOWN_SINK_H_
