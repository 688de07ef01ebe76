// The AWS API client the live audit (and STS verification) uses: SigV4
// signed requests over HttpTransport, for the three wire protocols the
// audited services speak — JSON 1.1 (Secrets Manager, SSM: POST /,
// X-Amz-Target, application/x-amz-json-1.1), REST-JSON (Lambda) and Query
// (STS, EC2: form-encoded POST, XML answer).
//
// Allowlist: the client sends only the operations in AllowedOperations()
// (aws_client.cc, one table). Anything else — GetSecretValue,
// BatchGetSecretValue, GetParameter(s)(ByPath) — is refused before a byte
// is sent, so no code path of keylint can read a secret value from AWS.
// docs/iam-policy.json grants exactly the table's audit operations (tested).
//
// Retries follow AWS's "standard" mode: up to `max_attempts` attempts (3),
// on throttling error codes, 5xx, timeouts and connection errors, waiting
// a random time in [0, min(20 s, 1 s * 2^(attempt-1))) ("full jitter")
// between attempts. The sleep and the random source are injectable.
//
// Credentials never leave this file in any message: errors and --debug
// trace lines go through RedactCredentials, the trace never holds a
// response body (a Lambda environment may hold secret values), and the
// Authorization and X-Amz-Security-Token headers are masked.
//
// Thread-safety: Call may run from several threads at once.
#ifndef KEYLINT_AUDITOR_AWS_CLIENT_H_
#define KEYLINT_AUDITOR_AWS_CLIENT_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auditor/aws_http.h"
#include "auditor/sigv4.h"
#include "rules/status.h"

namespace keylint {

enum class AwsProtocol { kJson11, kRestJson, kQuery };

struct AwsOperation {
  std::string_view service;  // endpoint prefix and signing name
  std::string_view name;     // "ListSecrets"
  AwsProtocol protocol;
  std::string_view target;     // JSON 1.1: X-Amz-Target prefix; Query: Version
  std::string_view http_path;  // REST-JSON: the fixed request path
  bool sign = true;            // AssumeRoleWithWebIdentity is unsigned
  // Part of the audit itself (needs a permission in docs/iam-policy.json),
  // as opposed to obtaining credentials.
  bool audit = true;
};

// The allowlist, in one place.
const std::vector<AwsOperation>& AllowedOperations();
// nullptr when `service`:`name` is not allowed.
const AwsOperation* FindAllowedOperation(std::string_view service,
                                         std::string_view name);

// https:// anywhere; http:// only for a loopback host (127.0.0.0/8,
// localhost, [::1]) such as a local moto or LocalStack. Anything else is
// an InvalidArgument naming the URL.
Status ValidateEndpointUrl(const std::string& url);

// Replaces the access key id, secret key and session token of `creds`, and
// anything shaped like an AWS access key id, with "<redacted>".
std::string RedactCredentials(std::string_view text,
                              const AwsCredentials& creds);

struct AwsClientOptions {
  // "https://host[:port]" for every service (moto, LocalStack); empty: the
  // AWS endpoint https://{service}.{region}.amazonaws.com.
  std::string endpoint_url;
  int max_attempts = 3;
  int timeout_ms = 20000;  // per attempt
  int64_t max_backoff_ms = 20000;
  int64_t base_backoff_ms = 1000;
  // Injectable for tests.
  std::function<void(int64_t ms)> sleep;  // default: sleeps
  std::function<double()> random;         // [0, 1); default: std::mt19937
  std::function<int64_t()> now;           // Unix seconds, for signing
  // --debug: one line per attempt (method, URL, target, redacted headers,
  // status, time). Never a body.
  std::function<void(const std::string&)> debug;
};

// Parameters of one call; which fields count depends on the protocol.
struct AwsRequest {
  std::string json_body = "{}";                             // JSON 1.1
  std::vector<std::pair<std::string, std::string>> params;  // Query / REST
};

struct AwsResult {
  bool ok() const { return code.empty(); }
  int http_status = 0;
  // AWS error code ("AccessDeniedException"), or keylint's own:
  // "OperationNotAllowed", "ConnectionError", "RequestTimeout",
  // "InvalidResponse", "ExpiredCredentials".
  std::string code;
  std::string message;  // one line, credentials redacted
  std::string body;     // the response body when ok(); never log it
  int attempts = 0;
};

class AwsClient {
 public:
  AwsClient(AwsCredentials credentials, AwsClientOptions options,
            std::shared_ptr<HttpTransport> transport);
  AwsClient(const AwsClient&) = delete;
  AwsClient& operator=(const AwsClient&) = delete;

  AwsResult Call(std::string_view service, std::string_view operation,
                 const std::string& region, const AwsRequest& request);

  // Operations sent so far (service:Name -> requests including retries).
  std::map<std::string, uint64_t> SentOperations() const;
  uint64_t requests_sent() const { return requests_sent_.load(); }
  // Wall time spent inside the transport, summed over threads.
  double seconds_waiting() const {
    return static_cast<double>(micros_waiting_.load()) / 1e6;
  }
  // Wall time during which at least one request was in the transport: the
  // time keylint spent waiting on the server, counted once however many
  // requests were outstanding (the rest of the wall time is keylint's own).
  double seconds_outstanding() const;
  const AwsCredentials& credentials() const { return credentials_; }

 private:
  AwsResult Attempt(const AwsOperation& op, const std::string& region,
                    const AwsRequest& request, int attempt);
  std::string Redact(std::string_view text) const {
    return RedactCredentials(text, credentials_);
  }

  AwsCredentials credentials_;
  AwsClientOptions options_;
  std::shared_ptr<HttpTransport> transport_;
  mutable std::mutex mu_;
  std::map<std::string, uint64_t> sent_;
  std::atomic<uint64_t> requests_sent_{0};
  std::atomic<uint64_t> micros_waiting_{0};
  // Guarded by mu_: requests in the transport, since when one has been,
  // and the closed spans' total.
  int in_flight_ = 0;
  std::chrono::steady_clock::time_point outstanding_since_;
  std::chrono::steady_clock::duration outstanding_{};
};

// True for the error codes AWS's standard retry mode retries (throttling
// and transient errors), and for keylint's ConnectionError/RequestTimeout.
bool IsRetryableAwsError(std::string_view code, int http_status);

// The text of the first <tag>...</tag> in an XML answer (entities decoded),
// and of every one, for the Query protocol's small responses.
std::string XmlText(std::string_view xml, std::string_view tag);
std::vector<std::string> XmlTexts(std::string_view xml, std::string_view tag);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_AWS_CLIENT_H_
