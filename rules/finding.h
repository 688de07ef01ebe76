// Finding: what every detector and audit check produces, and what every
// sink consumes. A Finding never holds a secret value: only a redacted
// preview (first four characters then "…") and a fingerprint (hex SHA-256
// of rule id + NUL + secret).
#ifndef KEYLINT_RULES_FINDING_H_
#define KEYLINT_RULES_FINDING_H_

#include <string>
#include <string_view>
#include <vector>

#include "rules/severity.h"

namespace keylint {

struct Finding {
  std::string rule_id;
  std::string category;  // hardcoded | env | log | usage | audit families
  Severity severity = Severity::kHigh;
  std::string message;
  std::string path;  // relative to the scan root, '/'-separated
  int line = 0;      // 1-based
  int column = 0;    // 1-based, in bytes
  int end_line = 0;
  int end_column = 0;  // 1-based, exclusive
  std::string redacted;     // e.g. "AKIA…"
  std::string fingerprint;  // hex SHA-256(rule_id + '\0' + secret)
  // The source line with every detected secret on it masked; empty when the
  // sink should show no code. Never contains a secret that was detected.
  std::string context;
  // Git sources only (empty otherwise): the commit that added the secret,
  // its author ("Name <email>") and author date (ISO 8601); for a history
  // scan also the first and last commits that added this secret to this
  // path. Never secrets.
  std::string commit;
  std::string author;
  std::string date;
  std::string first_commit;
  std::string last_commit;
  // Audit findings only: the resource concerned (its name, else ARN, else
  // template logical id), as listed in AuditRunInfo::resources.
  std::string resource;
  // Encoded secrets (scanner/decode.h): the decoders the secret went
  // through, outermost first ("base64", "percent", ...); empty when it was
  // found as plain text. line/column then point at the encoded span.
  std::vector<std::string> decoders;
  // Live verification (--verify): "verified", "invalid" or "unknown"; empty
  // when the finding was not verified. The reason says why it is invalid or
  // unknown ("HTTP 401", "timeout", "rate limited", "network refused"); the
  // identity is what the provider says the credential belongs to (user
  // name, account id). Never the secret.
  std::string verification;
  std::string verification_reason;
  std::string verification_identity;
};

// "base64 > hex": the decoder path of a finding, empty when plain.
std::string DecoderChain(const Finding& f);

// "verified (octocat)", "invalid (HTTP 401)", "unknown (timeout)"; empty
// when the finding was not verified.
std::string VerificationSummary(const Finding& f);

// Hex SHA-256 of `rule_id` + '\0' + `secret`.
std::string Fingerprint(std::string_view rule_id, std::string_view secret);

// First four bytes of `secret` (fewer when the secret is short: at most a
// quarter of it) followed by "…". Never more than four bytes of the secret.
std::string Redact(std::string_view secret);

// Orders findings by path, line, column, rule id, fingerprint: the one order
// every sink emits, whatever the thread count.
void SortFindings(std::vector<Finding>* findings);
bool FindingLess(const Finding& a, const Finding& b);

}  // namespace keylint

#endif  // KEYLINT_RULES_FINDING_H_
