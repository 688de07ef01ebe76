// AWS Signature Version 4 for requests signed in the Authorization header,
// implemented from AWS's published description ("Create a signed AWS API
// request") with OpenSSL's HMAC-SHA256, and checked against AWS's SigV4 test
// suite (tests/data/aws-sigv4-testsuite/, see tests/aws_sigv4_test.cc).
//
// The signer is the only code that sees a secret access key. Nothing here
// prints or logs; SigningTrace carries the canonical request and the string
// to sign (which hold no secret: the session token appears in the canonical
// request as a header value, so callers that log a trace must redact it, see
// RedactCredentials in aws_client.h).
//
// Thread-safety: pure functions.
#ifndef KEYLINT_AUDITOR_SIGV4_H_
#define KEYLINT_AUDITOR_SIGV4_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace keylint {

// Credentials for signing. Never print, log or copy these into a message;
// `source` ("environment", "profile default", ...) is what may be shown.
struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;          // temporary credentials only
  std::optional<int64_t> expiration;  // Unix seconds, when temporary
  std::string source;

  bool empty() const {
    return access_key_id.empty() || secret_access_key.empty();
  }
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// A request as it will be sent. `path` is the path before percent-encoding
// ("/", "/2015-03-31/functions/"); `query` is the query string without '?'
// as it goes on the wire (keys and values percent-encoded or not: the
// canonical form decodes and re-encodes them). `headers` must hold Host;
// every header present is signed.
struct SignableRequest {
  std::string method;
  std::string path = "/";
  std::string query;
  HttpHeaders headers;
  std::string body;
};

struct SigningOptions {
  std::string region;
  std::string service;
  int64_t time = 0;  // Unix seconds (X-Amz-Date)
  // Remove "." and ".." segments and repeated slashes from the path before
  // encoding it (every service except S3).
  bool normalize_path = true;
  // Add and sign x-amz-content-sha256 (S3 style); the payload hash is in the
  // canonical request either way.
  bool add_content_sha256 = false;
  // Add X-Amz-Security-Token after signing, unsigned (a few services want
  // that); by default it is added before signing and signed.
  bool omit_session_token = false;
};

// The intermediate values of one signature, for tests and --debug traces.
struct SigningTrace {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;  // hex; not a credential, but useless to log
};

// Adds X-Amz-Date, X-Amz-Security-Token (when the credentials carry one),
// x-amz-content-sha256 (when asked) and Authorization to `request->headers`.
// REQUIRES: !credentials.empty(), request->headers holds Host.
void SignRequest(const AwsCredentials& credentials,
                 const SigningOptions& options, SignableRequest* request,
                 SigningTrace* trace = nullptr);

// RFC 3986 percent-encoding as SigV4 defines it: unreserved characters
// (A-Z a-z 0-9 - _ . ~) stay, everything else becomes %XY (upper-case hex);
// '/' stays too when `keep_slash`.
std::string AwsUriEncode(std::string_view s, bool keep_slash);

// The canonical URI of `path` (see SignableRequest::path).
std::string CanonicalUri(std::string_view path, bool normalize);

// The canonical query string: parameters decoded, re-encoded, sorted by
// name then value, joined with '&'; a parameter without '=' gets "=".
std::string CanonicalQueryString(std::string_view query);

// "20150830T123600Z".
std::string AmzDate(int64_t unix_seconds);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_SIGV4_H_
