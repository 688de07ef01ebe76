// FindingSink: renders a Report in one output format. Sinks never search,
// never read files and never see a secret (a Report holds none).
//
// Thread-safety: a sink is used by one thread at a time.
#ifndef KEYLINT_REPORTS_SINK_H_
#define KEYLINT_REPORTS_SINK_H_

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "rules/report.h"
#include "rules/status.h"

namespace keylint {

struct SinkOptions {
  bool color = false;          // text sink: ANSI colours (TTY only)
  bool show_context = true;    // text sink: masked code line
  bool show_stats = false;     // text sink: trailing statistics block
};

class FindingSink {
 public:
  virtual ~FindingSink() = default;
  virtual Status Write(const Report& report, std::ostream& out) = 0;
};

// Names accepted by MakeSink: "text", "json", "sarif", "junit", "markdown",
// "html", "csv".
std::vector<std::string> SinkFormats();

// nullptr when `format` is unknown.
std::unique_ptr<FindingSink> MakeSink(std::string_view format,
                                      const SinkOptions& options);

}  // namespace keylint

#endif  // KEYLINT_REPORTS_SINK_H_
