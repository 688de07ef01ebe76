// JsonSink: the machine-readable report, documented in docs/json-format.md.
//
// One JSON object, 2-space indented, keys in a fixed documented order,
// followed by a newline: the same Report always gives byte-identical output.
// Non-ASCII text is written as UTF-8; control characters are escaped by the
// JSON encoder; bytes that are not valid UTF-8 (possible in file names) are
// replaced by U+FFFD instead of failing the write.
//
// Thread-safety: a JsonSink is used by one thread at a time.
#ifndef KEYLINT_REPORTS_JSON_SINK_H_
#define KEYLINT_REPORTS_JSON_SINK_H_

#include <nlohmann/json.hpp>
#include <ostream>

#include "reports/sink.h"
#include "rules/report.h"
#include "rules/status.h"

namespace keylint {

// The `audit` object of docs/json-format.md#audit (source, started_at,
// accounts, regions, resource_counts, unreadable), for every JSON writer
// that reports an audit.
nlohmann::ordered_json AuditRunInfoJson(const AuditRunInfo& audit);

class JsonSink : public FindingSink {
 public:
  JsonSink() = default;

  // Writes the report to `out`. Fails only when `out` does.
  Status Write(const Report& report, std::ostream& out) override;
};

}  // namespace keylint

#endif  // KEYLINT_REPORTS_JSON_SINK_H_
