// Fuzz target: SigV4 canonicalisation and signing (auditor/sigv4.h). The
// input is split at NUL bytes into method, path, query, header lines
// ("name: value"), body and a time; the pieces come from endpoints, region
// names, NextTokens and ARNs that AWS (or something posing as AWS) returns.
//
// Checks: percent-encoding emits only unreserved bytes and %XY and decodes
// back to its input; the canonical query string is a fixed point; signing
// never puts the secret access key (or its signing-key derivation input)
// into a header or the trace.
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auditor/sigv4.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

bool IsUpperHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

int HexValue(char c) { return c <= '9' ? c - '0' : c - 'A' + 10; }

// Decodes %XY escapes; nullopt when the text is not made of unreserved
// bytes (and '/' when `keep_slash`) and upper-case %XY escapes only.
std::optional<std::string> DecodeStrict(std::string_view s, bool keep_slash) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out += s[i];
    } else if (c == '%' && i + 2 < s.size() &&
               IsUpperHex(s[i + 1]) && IsUpperHex(s[i + 2])) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keylint;
  std::string_view text = fuzz::AsText(data, size);
  std::vector<std::string_view> parts;
  size_t pos = 0;
  while (parts.size() < 5) {
    size_t nul = text.find('\0', pos);
    if (nul == std::string_view::npos) {
      parts.push_back(text.substr(pos));
      pos = text.size();
      break;
    }
    parts.push_back(text.substr(pos, nul - pos));
    pos = nul + 1;
  }
  while (parts.size() < 5) parts.emplace_back();
  std::string_view rest = text.substr(std::min(pos, text.size()));

  for (bool keep_slash : {false, true}) {
    std::string enc = AwsUriEncode(parts[1], keep_slash);
    std::optional<std::string> back = DecodeStrict(enc, keep_slash);
    FUZZ_CHECK(back.has_value(), "only unreserved bytes and %XY");
    FUZZ_CHECK(*back == parts[1], "encoding decodes back");
  }
  CanonicalUri(parts[1], true);
  CanonicalUri(parts[1], false);
  std::string q = CanonicalQueryString(parts[2]);
  FUZZ_CHECK(CanonicalQueryString(q) == q, "canonical query is a fixed point");

  int64_t time = 0;
  for (size_t i = 0; i < rest.size() && i < 8; ++i)
    time = (time << 8) | static_cast<unsigned char>(rest[i]);
  // Dates AWS could sign: 1970 to 9999.
  time = static_cast<int64_t>(static_cast<uint64_t>(time) % 253402300800ULL);
  std::string date = AmzDate(time);
  FUZZ_CHECK(date.size() == 16 && date[8] == 'T' && date[15] == 'Z',
             "X-Amz-Date shape");

  const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzFUZZKEYzz";
  // libFuzzer learns the strings the target compares against and may put
  // the key into the request itself; then finding it there proves nothing.
  if (fuzz::HasPiece(text, secret, 12)) return 0;
  AwsCredentials creds{"AKIDFUZZEXAMPLE00000", secret, "FwoGZXIvYXdzEFUZZ",
                       std::nullopt, "fuzz"};
  SignableRequest req;
  req.method = std::string(parts[0].substr(0, 16));
  req.path = std::string(parts[1]);
  req.query = std::string(parts[2]);
  req.headers.push_back({"Host", "secretsmanager.us-east-1.amazonaws.com"});
  std::string_view hdrs = parts[3];
  size_t hp = 0;
  while (hp < hdrs.size() && req.headers.size() < 8) {
    size_t nl = hdrs.find('\n', hp);
    if (nl == std::string_view::npos) nl = hdrs.size();
    std::string_view line = hdrs.substr(hp, nl - hp);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos && colon > 0)
      req.headers.push_back({std::string(line.substr(0, colon)),
                             std::string(line.substr(colon + 1))});
    hp = nl + 1;
  }
  req.body = std::string(parts[4]);
  SigningOptions opts;
  opts.region = "us-east-1";
  opts.service = "secretsmanager";
  opts.time = time;
  opts.normalize_path = !rest.empty() && (rest[0] & 1);
  opts.add_content_sha256 = !rest.empty() && (rest[0] & 2);
  opts.omit_session_token = !rest.empty() && (rest[0] & 4);
  SigningTrace trace;
  SignRequest(creds, opts, &req, &trace);
  bool has_auth = false;
  for (const auto& [name, value] : req.headers) {
    FUZZ_CHECK(!fuzz::Leaks(value, secret, 12), "secret key in a header");
    FUZZ_CHECK(!fuzz::Leaks(value, "AWS4" + secret, 12), "signing key input");
    if (name == "Authorization") has_auth = true;
  }
  FUZZ_CHECK(has_auth, "signed");
  FUZZ_CHECK(trace.signature.size() == 64, "hex HMAC-SHA256");
  FUZZ_CHECK(!fuzz::Leaks(trace.canonical_request, secret, 12) &&
                 !fuzz::Leaks(trace.string_to_sign, secret, 12),
             "secret key in the trace");
  return 0;
}
