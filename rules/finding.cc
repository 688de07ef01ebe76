#include "rules/finding.h"

#include <algorithm>
#include <string>
#include <tuple>

#include "rules/sha256.h"

namespace keylint {

std::string Fingerprint(std::string_view rule_id, std::string_view secret) {
  std::string buf;
  buf.reserve(rule_id.size() + 1 + secret.size());
  buf.append(rule_id);
  buf.push_back('\0');
  buf.append(secret);
  return Sha256Hex(buf);
}

std::string Redact(std::string_view secret) {
  // Show at most four bytes, and never more than a quarter of a short
  // secret, so that a preview cannot reveal most of a weak password.
  size_t shown = std::min<size_t>(4, secret.size() / 4);
  // Do not cut a UTF-8 sequence in half.
  while (shown > 0 && shown < secret.size() &&
         (static_cast<unsigned char>(secret[shown]) & 0xC0) == 0x80) {
    --shown;
  }
  std::string out(secret.substr(0, shown));
  out += "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
  return out;
}

std::string DecoderChain(const Finding& f) {
  std::string out;
  for (const std::string& d : f.decoders) {
    if (!out.empty()) out += " > ";
    out += d;
  }
  return out;
}

std::string VerificationSummary(const Finding& f) {
  if (f.verification.empty()) return {};
  const std::string& detail =
      f.verification == "verified" ? f.verification_identity
                                   : f.verification_reason;
  return detail.empty() ? f.verification
                        : f.verification + " (" + detail + ")";
}

bool FindingLess(const Finding& a, const Finding& b) {
  return std::tie(a.path, a.line, a.column, a.rule_id, a.fingerprint,
                  a.end_line, a.end_column) <
         std::tie(b.path, b.line, b.column, b.rule_id, b.fingerprint,
                  b.end_line, b.end_column);
}

void SortFindings(std::vector<Finding>* findings) {
  std::sort(findings->begin(), findings->end(), FindingLess);
}

}  // namespace keylint
