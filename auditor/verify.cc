#include "auditor/verify.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <re2/re2.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>

#include "auditor/aws_client.h"
#include "rules/base64.h"

namespace keylint {
namespace {

using Json = nlohmann::json;

// ---------------------------------------------------------------------------
// Request helpers: how each provider wants the credential.

void AddHeader(SignableRequest* r, std::string name, std::string value) {
  r->headers.emplace_back(std::move(name), std::move(value));
}

void Bearer(const VerifyCandidate& c, SignableRequest* r) {
  AddHeader(r, "Authorization", "Bearer " + c.secret);
}

void GithubAuth(const VerifyCandidate& c, SignableRequest* r) {
  Bearer(c, r);
  AddHeader(r, "Accept", "application/vnd.github+json");
  AddHeader(r, "X-GitHub-Api-Version", "2022-11-28");
}

void GitlabAuth(const VerifyCandidate& c, SignableRequest* r) {
  AddHeader(r, "PRIVATE-TOKEN", c.secret);
}

void AnthropicAuth(const VerifyCandidate& c, SignableRequest* r) {
  AddHeader(r, "x-api-key", c.secret);
  AddHeader(r, "anthropic-version", "2023-06-01");
}

void DatadogAuth(const VerifyCandidate& c, SignableRequest* r) {
  AddHeader(r, "DD-API-KEY", c.secret);
}

// Twilio: HTTP basic auth, account SID as user and auth token as password.
void TwilioAuth(const VerifyCandidate& c, SignableRequest* r) {
  std::string pair = c.companion + ":" + c.secret;
  AddHeader(r, "Authorization", "Basic " + EncodeBase64(pair));
  OPENSSL_cleanse(pair.data(), pair.size());
}

// ---------------------------------------------------------------------------
// Answers.

// A top-level string field of a JSON body, or "".
std::string JsonField(const std::string& body, std::initializer_list<const char*> path) {
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded()) return {};
  const Json* cur = &j;
  for (const char* key : path) {
    if (!cur->is_object() || !cur->contains(key)) return {};
    cur = &(*cur)[key];
  }
  if (cur->is_string()) return cur->get<std::string>();
  if (cur->is_number_integer()) return std::to_string(cur->get<int64_t>());
  return {};
}

// Identity strings come from a server: keep them one short printable line.
std::string CleanIdentity(std::string s) {
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7F) out += c;
    if (out.size() >= 128) break;
  }
  return out;
}

VerifyOutcome WithIdentity(const HttpResponse& r,
                           std::initializer_list<const char*> path) {
  VerifyOutcome o = GenericOutcome(r);
  if (o.status == VerifyStatus::kVerified)
    o.identity = CleanIdentity(JsonField(r.body, path));
  return o;
}

VerifyOutcome GithubOutcome(const HttpResponse& r) {
  // 403 is GitHub's rate limit (and abuse) answer as often as a refusal.
  if (r.status == 403 && r.Header("x-ratelimit-remaining") == "0")
    return {VerifyStatus::kUnknown, "rate limited", ""};
  return WithIdentity(r, {"login"});
}
VerifyOutcome GitlabOutcome(const HttpResponse& r) {
  return WithIdentity(r, {"username"});
}
VerifyOutcome NpmOutcome(const HttpResponse& r) {
  return WithIdentity(r, {"username"});
}
VerifyOutcome StripeOutcome(const HttpResponse& r) {
  // A restricted key without the permission to read the account is still
  // a key Stripe accepted.
  if (r.status == 403) return {VerifyStatus::kVerified, "", ""};
  return WithIdentity(r, {"id"});
}
VerifyOutcome TwilioOutcome(const HttpResponse& r) {
  return WithIdentity(r, {"friendly_name"});
}
VerifyOutcome HuggingfaceOutcome(const HttpResponse& r) {
  return WithIdentity(r, {"name"});
}
VerifyOutcome PlainOutcome(const HttpResponse& r) { return GenericOutcome(r); }

VerifyOutcome SlackOutcome(const HttpResponse& r) {
  if (r.status != 200) return GenericOutcome(r);
  Json j = Json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return {VerifyStatus::kUnknown, "unexpected answer", ""};
  if (j.value("ok", false)) {
    std::string user = j.value("user", ""), team = j.value("team", "");
    std::string id = team.empty() ? user : user + " @ " + team;
    return {VerifyStatus::kVerified, "", CleanIdentity(id)};
  }
  std::string error = j.value("error", "");
  static const std::set<std::string> kRefused = {
      "invalid_auth", "not_authed", "account_inactive", "token_revoked",
      "token_expired", "no_permission"};
  if (kRefused.count(error)) return {VerifyStatus::kInvalid, error, ""};
  if (error == "ratelimited") return {VerifyStatus::kUnknown, "rate limited", ""};
  return {VerifyStatus::kUnknown, CleanIdentity(error), ""};
}

VerifyOutcome DatadogOutcome(const HttpResponse& r) {
  VerifyOutcome o = GenericOutcome(r);
  if (o.status == VerifyStatus::kVerified) {
    Json j = Json::parse(r.body, nullptr, false);
    if (!j.is_object() || !j.value("valid", false))
      return {VerifyStatus::kInvalid, "valid: false", ""};
  }
  return o;
}

constexpr std::string_view kAwsKeyId = R"re(\b((?:AKIA|ASIA)[A-Z2-7]{16})\b)re";

std::vector<VerifyProvider> BuildProviders() {
  std::vector<VerifyProvider> p = {
      {"anthropic",
       {"anthropic-api-key"},
       "https://api.anthropic.com",
       "GET",
       "/v1/models",
       "GET /v1/models with the key in x-api-key",
       "",
       false,
       AnthropicAuth,
       PlainOutcome},
      {"aws",
       {"aws-secret-access-key", "aws-secret-access-key-pair"},
       "https://sts.us-east-1.amazonaws.com",
       "POST",
       "/",
       "STS GetCallerIdentity signed with SigV4 (access key id found next "
       "to the secret key); the secret key itself is never sent",
       kAwsKeyId,
       true,
       nullptr,
       nullptr},
      {"datadog",
       {"datadog-api-key"},
       "https://api.datadoghq.com",
       "GET",
       "/api/v1/validate",
       "GET /api/v1/validate with the key in DD-API-KEY",
       "",
       false,
       DatadogAuth,
       DatadogOutcome},
      {"github",
       {"github-classic-pat", "github-fine-grained-pat",
        "github-oauth-access-token", "github-user-to-server-token"},
       "https://api.github.com",
       "GET",
       "/user",
       "GET /user with Authorization: Bearer <token>",
       "",
       false,
       GithubAuth,
       GithubOutcome},
      {"gitlab",
       {"gitlab-personal-access-token"},
       "https://gitlab.com",
       "GET",
       "/api/v4/user",
       "GET /api/v4/user with the token in PRIVATE-TOKEN",
       "",
       false,
       GitlabAuth,
       GitlabOutcome},
      {"huggingface",
       {"huggingface-access-token", "huggingface-organization-token"},
       "https://huggingface.co",
       "GET",
       "/api/whoami-v2",
       "GET /api/whoami-v2 with Authorization: Bearer <token>",
       "",
       false,
       Bearer,
       HuggingfaceOutcome},
      {"npm",
       {"npm-access-token", "npmrc-auth-token"},
       "https://registry.npmjs.org",
       "GET",
       "/-/whoami",
       "GET /-/whoami with Authorization: Bearer <token>",
       "",
       false,
       Bearer,
       NpmOutcome},
      {"openai",
       {"openai-project-key", "openai-service-account-key",
        "openai-legacy-api-key"},
       "https://api.openai.com",
       "GET",
       "/v1/models",
       "GET /v1/models with Authorization: Bearer <key>",
       "",
       false,
       Bearer,
       PlainOutcome},
      {"sendgrid",
       {"sendgrid-api-key"},
       "https://api.sendgrid.com",
       "GET",
       "/v3/scopes",
       "GET /v3/scopes with Authorization: Bearer <key>",
       "",
       false,
       Bearer,
       PlainOutcome},
      {"slack",
       {"slack-bot-token", "slack-user-token", "slack-legacy-token"},
       "https://slack.com",
       "POST",
       "/api/auth.test",
       "POST /api/auth.test with Authorization: Bearer <token>",
       "",
       false,
       Bearer,
       SlackOutcome},
      {"stripe",
       {"stripe-live-secret-key", "stripe-test-secret-key",
        "stripe-restricted-key"},
       "https://api.stripe.com",
       "GET",
       "/v1/account",
       "GET /v1/account with Authorization: Bearer <key>",
       "",
       false,
       Bearer,
       StripeOutcome},
      {"twilio",
       {"twilio-auth-token"},
       "https://api.twilio.com",
       "GET",
       "/2010-04-01/Accounts/{companion}.json",
       "GET /2010-04-01/Accounts/<SID>.json with HTTP basic auth "
       "<account SID>:<auth token> (account SID found next to the token)",
       R"re(\b(AC[0-9a-f]{32})\b)re",
       false,
       TwilioAuth,
       TwilioOutcome},
  };
  return p;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Status ValidateHttpsBase(const std::string& provider, const std::string& url) {
  static const RE2 kHttps(R"re(https://[A-Za-z0-9.\-\[\]:]+(?::\d+)?(?:/[^\s?#]*)?)re");
  if (!RE2::FullMatch(url, kHttps)) {
    return Status::InvalidArgument(fmt::format(
        "verify endpoint for {}: '{}' is not an https:// URL (verification "
        "sends credentials, so only HTTPS is allowed)",
        provider, url));
  }
  return Status::Ok();
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string_view VerifyStatusName(VerifyStatus status) {
  switch (status) {
    case VerifyStatus::kVerified:
      return "verified";
    case VerifyStatus::kInvalid:
      return "invalid";
    case VerifyStatus::kUnknown:
      return "unknown";
  }
  return "unknown";
}

VerifyOutcome GenericOutcome(const HttpResponse& r) {
  if (r.status == 0) {
    std::string e = r.error;
    for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (r.timed_out || e.find("timed out") != std::string::npos ||
        e.find("timeout") != std::string::npos)
      return {VerifyStatus::kUnknown, "timeout", ""};
    if (e.find("ssl") != std::string::npos ||
        e.find("certificate") != std::string::npos ||
        e.find("tls") != std::string::npos)
      return {VerifyStatus::kUnknown, "TLS error", ""};
    if (e.find("refused") != std::string::npos ||
        e.find("connect") != std::string::npos ||
        e.find("resolve") != std::string::npos)
      return {VerifyStatus::kUnknown, "network refused", ""};
    return {VerifyStatus::kUnknown, "network error", ""};
  }
  if (r.status >= 200 && r.status < 300) return {VerifyStatus::kVerified, "", ""};
  if (r.status == 401 || r.status == 403)
    return {VerifyStatus::kInvalid, fmt::format("HTTP {}", r.status), ""};
  if (r.status == 429) return {VerifyStatus::kUnknown, "rate limited", ""};
  return {VerifyStatus::kUnknown, fmt::format("HTTP {}", r.status), ""};
}

const std::vector<VerifyProvider>& VerifyProviders() {
  static const auto* providers = new std::vector<VerifyProvider>(BuildProviders());
  return *providers;
}

const VerifyProvider* FindVerifyProvider(std::string_view name) {
  for (const VerifyProvider& p : VerifyProviders())
    if (p.name == name) return &p;
  return nullptr;
}

std::map<std::string, std::string> EndpointOverridesFromEnv() {
  std::map<std::string, std::string> out;
  for (const VerifyProvider& p : VerifyProviders()) {
    std::string var = "KEYLINT_VERIFY_ENDPOINT_" + Upper(p.name);
    if (const char* v = std::getenv(var.c_str()); v != nullptr && *v != '\0')
      out[std::string(p.name)] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------
// SecretVault

SecretVault::SecretVault(std::map<std::string, const VerifyProvider*> rules)
    : rules_(rules.begin(), rules.end()) {}

SecretVault::~SecretVault() {
  for (auto& [fp, c] : candidates_) {
    OPENSSL_cleanse(c.secret.data(), c.secret.size());
  }
}

bool SecretVault::Wants(std::string_view rule_id) const {
  return rules_.find(rule_id) != rules_.end();
}

void SecretVault::Offer(std::string_view rule_id, std::string_view fingerprint,
                        std::string_view secret, std::string_view text,
                        size_t offset) {
  auto it = rules_.find(rule_id);
  if (it == rules_.end()) return;
  const VerifyProvider& provider = *it->second;
  std::string companion;
  if (!provider.companion_regex.empty()) {
    // The companion nearest to the secret.
    RE2 re(provider.companion_regex);
    re2::StringPiece rest(text.data(), text.size());
    re2::StringPiece hit;
    size_t best = std::string::npos;
    while (RE2::FindAndConsume(&rest, re, &hit)) {
      size_t at = static_cast<size_t>(hit.data() - text.data());
      size_t dist = at > offset ? at - offset : offset - at;
      if (dist < best) {
        best = dist;
        companion.assign(hit.data(), hit.size());
      }
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  std::string fp(fingerprint);
  if (candidates_.count(fp)) return;
  VerifyCandidate& c = candidates_[fp];
  c.rule_id = std::string(rule_id);
  c.fingerprint = fp;
  c.secret = std::string(secret);
  c.companion = std::move(companion);
}

// ---------------------------------------------------------------------------
// Verifier

Verifier::Verifier(VerifyOptions options,
                   std::shared_ptr<HttpTransport> transport)
    : options_(std::move(options)), transport_(std::move(transport)) {}

Status Verifier::Create(VerifyOptions options,
                        std::shared_ptr<HttpTransport> transport,
                        std::unique_ptr<Verifier>* out) {
  for (const std::string& name : options.providers) {
    if (FindVerifyProvider(name) == nullptr) {
      std::string known;
      for (const auto& p : VerifyProviders())
        known += (known.empty() ? "" : ", ") + std::string(p.name);
      return Status::InvalidArgument(fmt::format(
          "--verify-provider: unknown provider '{}' (known: {})", name, known));
    }
  }
  for (auto& [name, url] : options.endpoints) {
    if (FindVerifyProvider(name) == nullptr) {
      return Status::InvalidArgument(
          fmt::format("verify endpoint for unknown provider '{}'", name));
    }
    while (!url.empty() && url.back() == '/') url.pop_back();
    if (Status s = ValidateHttpsBase(name, url); !s.ok()) return s;
  }
  options.concurrency = std::clamp(options.concurrency, 1, 32);
  if (options.requests_per_second <= 0) options.requests_per_second = 1;
  std::unique_ptr<Verifier> v(new Verifier(std::move(options), std::move(transport)));
  for (const VerifyProvider& p : VerifyProviders()) {
    if (v->options_.providers.empty() ||
        v->options_.providers.count(std::string(p.name))) {
      v->selected_.push_back(&p);
    }
  }
  *out = std::move(v);
  return Status::Ok();
}

std::map<std::string, const VerifyProvider*> Verifier::Rules() const {
  std::map<std::string, const VerifyProvider*> out;
  for (const VerifyProvider* p : selected_)
    for (std::string_view r : p->rules) out[std::string(r)] = p;
  return out;
}

std::string Verifier::BaseUrl(const VerifyProvider& provider) const {
  auto it = options_.endpoints.find(std::string(provider.name));
  return it != options_.endpoints.end() ? it->second
                                        : std::string(provider.default_base);
}

void Verifier::WaitForRateLimit() {
  const int64_t interval =
      static_cast<int64_t>(1e6 / options_.requests_per_second);
  int64_t slot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    int64_t now = NowMicros();
    slot = std::max(now, next_slot_us_);
    next_slot_us_ = slot + interval;
  }
  int64_t wait = slot - NowMicros();
  if (wait > 0) std::this_thread::sleep_for(std::chrono::microseconds(wait));
}

VerifyOutcome Verifier::VerifyAws(const VerifyProvider& provider,
                                  const VerifyCandidate& c,
                                  const std::string& base) {
  if (c.companion.empty())
    return {VerifyStatus::kUnknown, "no access key id next to the secret key", ""};
  if (c.companion.rfind("ASIA", 0) == 0)
    return {VerifyStatus::kUnknown,
            "temporary key (ASIA) needs its session token", ""};
  AwsCredentials creds;
  creds.access_key_id = c.companion;
  creds.secret_access_key = c.secret;
  creds.source = "a finding";
  AwsClientOptions o;
  o.endpoint_url = base == provider.default_base ? "" : base;
  o.max_attempts = 1;  // the verifier's own rate limit paces requests
  o.timeout_ms = options_.timeout_ms;
  AwsClient client(std::move(creds), std::move(o), transport_);
  AwsResult r = client.Call("sts", "GetCallerIdentity", "us-east-1", {});
  if (r.ok()) {
    std::string arn = XmlText(r.body, "Arn");
    std::string account = XmlText(r.body, "Account");
    return {VerifyStatus::kVerified, "",
            CleanIdentity(arn.empty() ? account : arn)};
  }
  if (r.code == "InvalidClientTokenId" || r.code == "SignatureDoesNotMatch" ||
      r.code == "ExpiredToken" || r.code == "ExpiredCredentials" ||
      r.code == "AccessDenied") {
    return {VerifyStatus::kInvalid, r.code, ""};
  }
  if (r.code == "RequestTimeout") return {VerifyStatus::kUnknown, "timeout", ""};
  if (r.code == "ConnectionError") {
    HttpResponse fake;
    fake.error = r.message;
    return GenericOutcome(fake);
  }
  if (r.code == "Throttling" || r.http_status == 429)
    return {VerifyStatus::kUnknown, "rate limited", ""};
  return {VerifyStatus::kUnknown,
          r.http_status ? fmt::format("HTTP {}", r.http_status) : r.code, ""};
}

VerifyOutcome Verifier::VerifyOne(const VerifyProvider& provider,
                                  const VerifyCandidate& c) {
  std::string base = BaseUrl(provider);
  if (!provider.companion_regex.empty() && c.companion.empty() &&
      !provider.aws_sts) {
    return {VerifyStatus::kUnknown, "no account id next to the secret", ""};
  }
  WaitForRateLimit();
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++sent_[std::string(provider.name)];
  }
  auto start = std::chrono::steady_clock::now();
  VerifyOutcome outcome;
  std::string url;
  int status = 0;
  if (provider.aws_sts) {
    url = base + "/";
    outcome = VerifyAws(provider, c, base);
  } else {
    std::string path(provider.path);
    if (size_t at = path.find("{companion}"); at != std::string::npos)
      path.replace(at, 11, c.companion);
    url = base + path;
    SignableRequest req;
    req.method = std::string(provider.method);
    req.path = path;
    AddHeader(&req, "User-Agent", "keylint-verify");
    if (req.method == "POST") {
      AddHeader(&req, "Content-Type", "application/x-www-form-urlencoded");
    }
    provider.authorize(c, &req);
    HttpResponse resp = transport_->Send(url, req, options_.timeout_ms);
    // The headers held the secret: wipe them now.
    for (auto& [name, value] : req.headers)
      OPENSSL_cleanse(value.data(), value.size());
    status = resp.status;
    outcome = provider.interpret(resp);
  }
  if (options_.debug) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    std::string result(VerifyStatusName(outcome.status));
    if (!outcome.reason.empty()) result += " (" + outcome.reason + ")";
    if (!outcome.identity.empty()) result += " as " + outcome.identity;
    options_.debug(fmt::format(
        "verify: {} {} {} [{} {}] -> {} in {} ms", provider.name,
        provider.method, url, c.rule_id, c.fingerprint.substr(0, 16),
        status ? fmt::format("HTTP {} {}", status, result) : result, ms));
  }
  return outcome;
}

std::map<std::string, VerifyOutcome> Verifier::Verify(
    const std::map<std::string, VerifyCandidate>& candidates) {
  std::map<std::string, const VerifyProvider*> rules = Rules();
  std::vector<std::pair<const VerifyCandidate*, const VerifyProvider*>> work;
  for (const auto& [fp, c] : candidates) {
    auto it = rules.find(c.rule_id);
    if (it != rules.end()) work.push_back({&c, it->second});
  }
  std::vector<VerifyOutcome> outcomes(work.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < work.size(); i = next++)
      outcomes[i] = VerifyOne(*work[i].second, *work[i].first);
  };
  size_t threads =
      std::min(work.size(), static_cast<size_t>(options_.concurrency));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  if (!work.empty()) worker();
  for (auto& t : pool) t.join();
  std::map<std::string, VerifyOutcome> out;
  for (size_t i = 0; i < work.size(); ++i)
    out[work[i].first->fingerprint] = std::move(outcomes[i]);
  return out;
}

std::map<std::string, uint64_t> Verifier::SentByProvider() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sent_;
}

void ApplyVerification(const std::map<std::string, VerifyOutcome>& outcomes,
                       std::vector<Finding>* findings) {
  for (Finding& f : *findings) {
    auto it = outcomes.find(f.fingerprint);
    if (it == outcomes.end()) continue;
    f.verification = std::string(VerifyStatusName(it->second.status));
    f.verification_reason = it->second.reason;
    f.verification_identity = it->second.identity;
  }
}

}  // namespace keylint
