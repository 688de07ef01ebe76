// Encoded secrets: a scanner stage that decodes the parts of a file that
// look encoded (base64, base64url, hex, percent-encoding, JSON/YAML string
// escapes) and runs the engine over what they decode to, nested up to a
// depth (default 2: a base64 value inside a percent-encoded URL).
//
// Cost is bounded by a cheap gate before any decoding: base64/hex runs are
// found from a bit mask of alphabet bytes computed 64 bytes at a time (AVX2
// where the CPU has it, SSE2 otherwise; a run shorter than kMinBase64Run is
// never looked at, nor one whose first byte or quantum cannot start
// printable text),
// percent and escape spans by memchr for '%' and '\'. The carriers'
// literals come from the engine's own Hyperscan pass (MarkerHits) when the
// caller has them, and each carrier's regex runs on the lines around them.
// A candidate is decoded only while its output stays printable text, so a
// random token, a hash or an embedded image is dropped after a few bytes.
// All decoded spans of one file and depth are scanned in one engine pass.
//
// Known carriers are decoded whatever the gate says: Kubernetes Secret
// `data:` values, Docker config `auths.*.auth`, `.npmrc` `_auth` and
// `_password`, `Authorization: Basic` headers and kubeconfig
// `client-key-data`. A user:password pair from a basic-auth carrier is a
// finding of its own (`encoded-basic-auth-credentials`) when the engine
// names nothing more specific inside it.
//
// A finding from decoded text points at the outermost encoded span in the
// original file and lists the decoders it went through (Finding::decoders);
// its fingerprint and preview are of the decoded secret, so an encoded and a
// plain copy of one secret share a fingerprint. A decoded secret already
// found as plain text in the same file is not reported twice.
//
// Thread-safety: ScanDecoded may run concurrently with distinct scratch
// objects and Matchers; the RulesDatabase is shared read-only.
#ifndef KEYLINT_SCANNER_DECODE_H_
#define KEYLINT_SCANNER_DECODE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/engine.h"
#include "rules/finding.h"
#include "rules/report.h"
#include "rules/secret_sink.h"
#include "rules/severity.h"

namespace keylint {

enum class Decoder : uint8_t { kBase64, kBase64Url, kHex, kPercent, kEscape };

// "base64", "base64url", "hex", "percent", "escape".
std::string_view DecoderName(Decoder decoder);

// What a span is known to hold.
enum class Carrier : uint8_t {
  kNone,       // found by the generic gate: scan the decoded text
  kValue,      // a credential store's value: scan it, whatever its length
  kBasicPair,  // "user:password" (basic auth): a finding by itself
  kPassword,   // a password (npm _password): a finding by itself
};

// One span of a text that decodes to printable text.
struct EncodedSpan {
  size_t begin = 0, end = 0;  // in the text it was found in
  Decoder decoder = Decoder::kBase64;
  Carrier carrier = Carrier::kNone;
  std::string decoded;
};

// Shortest base64/base64url run and hex run the generic gate decodes.
inline constexpr size_t kMinBase64Run = 20;
inline constexpr size_t kMinHexRun = 32;

// Appends the spans of `text` that look encoded (the generic gate) and the
// known carriers, each with its decoded text. Spans may overlap (a carrier
// inside a longer run).
// `markers`, when valid, are the engine's hits for AddCarrierMarkers'
// literals in `text` (the carriers are then not looked for again).
void FindEncodedSpans(std::string_view text, std::vector<EncodedSpan>* out,
                      const MarkerHits* markers = nullptr);

// The known carriers' literals, for EngineOptions::markers: carrier k's
// literals in group kCarrierMarkerGroup + k.
inline constexpr int kCarrierMarkerGroup = 0;
inline constexpr int kCarrierMarkerGroups = 6;
void AddCarrierMarkers(std::vector<Marker>* out);

// Appends the maximal runs [begin, end) of base64/base64url alphabet bytes
// (A-Z a-z 0-9 + / - _) at least kMinBase64Run long whose first byte can
// start the base64 or hex of printable text (0 2-7 C D I-Z a-f), in order:
// the generic gate's first step, exposed for tests. Reads the text 64 bytes at a time,
// with the widest vector instructions the CPU has (kBest), or those named.
enum class AlphabetRunsImpl { kBest, kPortable, kSse2, kAvx2 };
void FindAlphabetRuns(std::string_view text,
                      std::vector<std::pair<size_t, size_t>>* runs,
                      AlphabetRunsImpl impl = AlphabetRunsImpl::kBest);
// The implementations this build and CPU can run, the best last.
std::vector<AlphabetRunsImpl> AvailableAlphabetRunsImpls();

// Plain decoders, exposed for tests. Each returns false when `in` is not
// valid input for it.
bool DecodeBase64(std::string_view in, bool url, std::string* out);
bool DecodeHex(std::string_view in, std::string* out);
bool DecodePercent(std::string_view in, std::string* out);
bool DecodeEscapes(std::string_view in, std::string* out);

struct DecodeScanOptions {
  int max_depth = 2;
  Severity threshold = Severity::kInfo;
  SecretSink* secrets = nullptr;  // offered decoded secrets (--verify)
  // The engine's marker hits for the file (see FindEncodedSpans), or null.
  const MarkerHits* markers = nullptr;
};

// Reused buffers of one worker thread.
struct DecodeScratch {
  std::vector<EncodedSpan> spans;
  std::string buffer;
  std::vector<Match> matches;
  std::vector<Finding> found;
};

// Decodes `text` (a file at `path`) and appends the findings in what it
// decodes to. `plain` are the engine's matches in `text` itself: their
// secrets are masked in the context and not reported again.
void ScanDecoded(const RulesDatabase& db, Matcher& matcher,
                 std::string_view path, std::string_view text,
                 const std::vector<Match>& plain,
                 const DecodeScanOptions& options, DecodeScratch* scratch,
                 std::vector<Finding>* out);

// The rule catalogue of this stage (encoded-basic-auth-credentials), for
// `rules list` and SARIF.
const std::vector<RuleInfo>& DecodeRules();

}  // namespace keylint

#endif  // KEYLINT_SCANNER_DECODE_H_
