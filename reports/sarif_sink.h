// SarifSink: the report as a SARIF 2.1.0 log (one run), for GitHub code
// scanning and other SARIF consumers.
//
// - tool.driver.rules holds the active rules (Report::rules), each with help
//   text on removing and rotating the secret, `security-severity` and a
//   default level. A result whose rule is not among them is still written,
//   without `ruleIndex`.
// - Locations are relative URIs under the uriBaseId "%SRCROOT%", percent
//   encoded byte by byte (RFC 3986), so any file name, including one that is
//   not valid UTF-8, round-trips. run.originalUriBaseIds gives %SRCROOT% a
//   file: URI when Report::root is absolute, and only a description
//   otherwise (the sink does not consult the working directory).
// - Region columns are the Finding's byte columns; for ASCII lines they equal
//   the SARIF default of UTF-16 code units.
// - partialFingerprints {"keylint/v1": SHA-256(fingerprint + NUL + path)}
//   depends on the rule, the secret and the file only, so it survives edits
//   that move the line, while one secret in two files stays two alerts.
// - Input errors become invocations[0].toolExecutionNotifications (level
//   "error"); they did not stop the run, so executionSuccessful is true.
// - Rules carry GitHub's `precision` ("high"; "medium" for rules tagged
//   generic) and at most 20 tags, GitHub's limit ("security", "secrets"
//   first). Results of the git sources carry commit, author, date,
//   firstCommit and lastCommit in their properties.
//
// The same Report always gives byte-identical output.
//
// Thread-safety: a SarifSink is used by one thread at a time.
#ifndef KEYLINT_REPORTS_SARIF_SINK_H_
#define KEYLINT_REPORTS_SARIF_SINK_H_

#include <ostream>
#include <string>
#include <string_view>

#include "reports/sink.h"
#include "rules/report.h"
#include "rules/severity.h"
#include "rules/status.h"

namespace keylint {

inline constexpr std::string_view kSarifSchemaUri =
    "https://json.schemastore.org/sarif-2.1.0.json";
inline constexpr std::string_view kSarifVersion = "2.1.0";
// The uriBaseId every result location is relative to.
inline constexpr std::string_view kSarifSourceRootId = "%SRCROOT%";
// The partialFingerprints key; bump the version if the fingerprint's
// definition ever changes.
inline constexpr std::string_view kSarifFingerprintKey = "keylint/v1";

class SarifSink : public FindingSink {
 public:
  SarifSink() = default;

  // Writes the report to `out`. Fails only when `out` does.
  Status Write(const Report& report, std::ostream& out) override;
};

// "error" for critical and high, "warning" for medium, "note" for low and
// info.
std::string_view SarifLevel(Severity s);

// GitHub's `security-severity` score as a string: critical "9.5", high "8.0",
// medium "5.5", low "3.0", info "1.0".
std::string_view SarifSecuritySeverity(Severity s);

// Percent-encodes a '/'-separated path for use as a URI path (RFC 3986):
// every byte except unreserved characters, sub-delims, '@' and '/' becomes
// %XX (upper-case hex), so spaces, '%', '?', '#', ':', control characters
// and every non-ASCII byte are encoded.
std::string PercentEncodePath(std::string_view path);

}  // namespace keylint

#endif  // KEYLINT_REPORTS_SARIF_SINK_H_
