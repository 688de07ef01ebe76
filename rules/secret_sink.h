// SecretSink: the one channel through which a detected secret value leaves
// the scanner, for live verification (--verify) only. Findings never hold a
// value (rules/finding.h); when verification is asked for, the scan driver
// also offers each confirmed secret to a SecretSink, which keeps it in
// memory for the duration of the run and nowhere else. Without --verify no
// SecretSink exists and no value is kept.
//
// Thread-safety: Wants() and Offer() are called concurrently from scan
// threads; implementations synchronise.
#ifndef KEYLINT_RULES_SECRET_SINK_H_
#define KEYLINT_RULES_SECRET_SINK_H_

#include <cstddef>
#include <string_view>

namespace keylint {

class SecretSink {
 public:
  virtual ~SecretSink() = default;
  // Cheap: whether secrets of `rule_id` are wanted at all (a verifier
  // exists for the rule). Values of other rules are never offered.
  virtual bool Wants(std::string_view rule_id) const = 0;
  // A confirmed secret of `rule_id` with the finding's fingerprint. `text`
  // is the text it was found in and `offset` where, so that a verifier can
  // look for a non-secret companion next to it (an AWS access key id next
  // to its secret key, a Twilio account SID next to its auth token).
  virtual void Offer(std::string_view rule_id, std::string_view fingerprint,
                     std::string_view secret, std::string_view text,
                     size_t offset) = 0;
};

}  // namespace keylint

#endif  // KEYLINT_RULES_SECRET_SINK_H_
