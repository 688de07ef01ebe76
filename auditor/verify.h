// Live verification of found secrets (`keylint scan --verify`): for the
// providers that document a read-only identity call, send the found
// credential to that call once and record whether the provider accepts it
// (verified, with the identity it names), refuses it (invalid) or gives no
// answer either way (unknown, with the reason). docs/verification.md lists
// what is sent where.
//
// Where secret values live: the scanner offers each confirmed secret of a
// verifiable rule to a SecretVault (rules/secret_sink.h), in memory only;
// the Verifier reads them to build one request per distinct fingerprint,
// and the vault wipes them (OPENSSL_cleanse) when destroyed. Nothing here
// writes a value to disk, to a log or to the --debug trace: debug lines
// name the provider, method, URL, status and identity, never a header or a
// body.
//
// Requests: HTTPS only (an endpoint override that is not https:// is
// refused before the scan starts), TLS verification always on (the
// transport, auditor/aws_http.h; a CA bundle may replace the system store),
// no redirects, a timeout per request, a global rate limit shared by all
// workers, a bounded number of concurrent requests, and at most one request
// per fingerprint per run. A provider not selected (--verify-provider) or
// for which nothing was found receives nothing.
//
// Thread-safety: SecretVault is thread-safe (scan threads offer to it). A
// Verifier's Verify() runs its own worker threads; call it from one thread.
#ifndef KEYLINT_AUDITOR_VERIFY_H_
#define KEYLINT_AUDITOR_VERIFY_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "auditor/aws_http.h"
#include "rules/finding.h"
#include "rules/secret_sink.h"
#include "rules/status.h"

namespace keylint {

enum class VerifyStatus { kVerified, kInvalid, kUnknown };

// "verified", "invalid", "unknown".
std::string_view VerifyStatusName(VerifyStatus status);

struct VerifyOutcome {
  VerifyStatus status = VerifyStatus::kUnknown;
  std::string reason;    // "HTTP 401", "timeout", "rate limited", ...
  std::string identity;  // user name, account id; never the secret
};

// A credential to check. Held in memory for the run only; never copied
// into a Finding, a message or a log.
struct VerifyCandidate {
  std::string rule_id;
  std::string fingerprint;
  std::string secret;
  // A non-secret identifier the call needs besides the secret, found next
  // to it in the file (an AWS access key id, a Twilio account SID); empty
  // when the provider needs none or none was found.
  std::string companion;
};

// One provider's documented read-only identity call.
struct VerifyProvider {
  std::string_view name;  // "github": --verify-provider, endpoint keys
  std::vector<std::string_view> rules;  // rule ids whose secrets it checks
  std::string_view default_base;        // "https://api.github.com"
  std::string_view method;              // "GET"
  // Path after the base; "{companion}" is replaced by the companion.
  std::string_view path;
  // What is sent, for docs and `--verify` help.
  std::string_view sends;
  // RE2 whose group 1 is the companion to look for next to the secret;
  // empty when none is needed.
  std::string_view companion_regex;
  // AWS: STS GetCallerIdentity signed with SigV4 (auditor/aws_client.h)
  // instead of `authorize`.
  bool aws_sts = false;
  // Adds the credential to the request (headers or body).
  void (*authorize)(const VerifyCandidate& c, SignableRequest* request);
  // Turns the answer into an outcome.
  VerifyOutcome (*interpret)(const HttpResponse& response);
};

// Every provider, sorted by name.
const std::vector<VerifyProvider>& VerifyProviders();
const VerifyProvider* FindVerifyProvider(std::string_view name);

// The outcome every provider shares for an answer it has no special
// meaning for: 2xx verified, 401/403 invalid, 429 rate limited, no answer
// timeout / network refused / TLS error / network error, else HTTP n.
VerifyOutcome GenericOutcome(const HttpResponse& response);

// Provider name -> base URL from KEYLINT_VERIFY_ENDPOINT_<NAME> variables
// (NAME upper-case), for the providers that have one set.
std::map<std::string, std::string> EndpointOverridesFromEnv();

struct VerifyOptions {
  // Providers to use; empty: all. Unknown names are an error.
  std::set<std::string> providers;
  // Provider name -> base URL (https:// only) replacing default_base.
  std::map<std::string, std::string> endpoints;
  int timeout_ms = 10000;
  int concurrency = 4;               // requests in flight at most
  double requests_per_second = 10;   // over all providers
  // --debug: one line per request (provider, method, URL, status, outcome).
  std::function<void(const std::string&)> debug;
};

// Keeps the secrets a Verifier wants, one per fingerprint, in memory only,
// and wipes them when destroyed.
class SecretVault : public SecretSink {
 public:
  // `rules`: rule id -> its provider (the only rules whose values are kept).
  explicit SecretVault(std::map<std::string, const VerifyProvider*> rules);
  ~SecretVault() override;
  SecretVault(const SecretVault&) = delete;
  SecretVault& operator=(const SecretVault&) = delete;

  bool Wants(std::string_view rule_id) const override;
  void Offer(std::string_view rule_id, std::string_view fingerprint,
             std::string_view secret, std::string_view text,
             size_t offset) override;

  // The candidates offered so far, by fingerprint. The vault keeps owning
  // them; valid until the vault is destroyed.
  const std::map<std::string, VerifyCandidate>& candidates() const {
    return candidates_;
  }

 private:
  std::map<std::string, const VerifyProvider*, std::less<>> rules_;
  mutable std::mutex mu_;
  std::map<std::string, VerifyCandidate> candidates_;  // guarded by mu_
};

class Verifier {
 public:
  // Checks the options (provider names, https endpoints); InvalidArgument
  // naming the bad value otherwise.
  static Status Create(VerifyOptions options,
                       std::shared_ptr<HttpTransport> transport,
                       std::unique_ptr<Verifier>* out);

  // Rule id -> provider, for the selected providers (SecretVault's input).
  std::map<std::string, const VerifyProvider*> Rules() const;

  // One request per candidate (the vault already holds one per
  // fingerprint); outcomes by fingerprint.
  std::map<std::string, VerifyOutcome> Verify(
      const std::map<std::string, VerifyCandidate>& candidates);

  // Requests sent so far, by provider name.
  std::map<std::string, uint64_t> SentByProvider() const;

 private:
  Verifier(VerifyOptions options, std::shared_ptr<HttpTransport> transport);
  VerifyOutcome VerifyOne(const VerifyProvider& provider,
                          const VerifyCandidate& candidate);
  VerifyOutcome VerifyAws(const VerifyProvider& provider,
                          const VerifyCandidate& candidate,
                          const std::string& base);
  std::string BaseUrl(const VerifyProvider& provider) const;
  void WaitForRateLimit();

  VerifyOptions options_;
  std::shared_ptr<HttpTransport> transport_;
  std::vector<const VerifyProvider*> selected_;
  mutable std::mutex mu_;
  std::map<std::string, uint64_t> sent_;  // guarded by mu_
  int64_t next_slot_us_ = 0;              // guarded by mu_
};

// Sets verification/reason/identity on every finding whose fingerprint has
// an outcome.
void ApplyVerification(const std::map<std::string, VerifyOutcome>& outcomes,
                       std::vector<Finding>* findings);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_VERIFY_H_
