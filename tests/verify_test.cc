// The verifier (auditor/verify.h) over an in-memory transport: what is sent
// where, how answers become outcomes, the per-fingerprint cache, the rate
// limit and the concurrency bound, and that secrets stay out of the debug
// trace. tests/verify_cli_test.cc runs the binary against a real HTTPS fake.
#include "auditor/verify.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace keylint {
namespace {

struct Sent {
  std::string url;
  SignableRequest request;
};

class FakeTransport : public HttpTransport {
 public:
  std::function<HttpResponse(const std::string&, const SignableRequest&)>
      answer = [](const std::string&, const SignableRequest&) {
        HttpResponse r;
        r.status = 200;
        r.body = R"({"login": "octocat", "username": "npmuser"})";
        return r;
      };
  int delay_ms = 0;

  HttpResponse Send(const std::string& url, const SignableRequest& request,
                    int) override {
    int now = ++in_flight_;
    {
      std::lock_guard<std::mutex> lock(mu_);
      max_in_flight_ = std::max(max_in_flight_, now);
      sent_.push_back({url, request});
    }
    if (delay_ms) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    --in_flight_;
    return answer(url, request);
  }
  std::vector<Sent> sent() {
    std::lock_guard<std::mutex> lock(mu_);
    return sent_;
  }
  int max_in_flight() {
    std::lock_guard<std::mutex> lock(mu_);
    return max_in_flight_;
  }

 private:
  std::mutex mu_;
  std::vector<Sent> sent_;
  std::atomic<int> in_flight_{0};
  int max_in_flight_ = 0;
};

constexpr std::string_view kGithub = "ghp_afrSnkw81YeYUJeAEOxrpwBhzXRhwnJlQfLF";
constexpr std::string_view kNpm = "npm_Sa0hjzDdWUIfb0Q7HSHR5qSm0u0FWi4D7lAN";

std::unique_ptr<Verifier> Make(std::shared_ptr<FakeTransport> t,
                               VerifyOptions o = {}) {
  o.requests_per_second = o.requests_per_second == 10 ? 1000 : o.requests_per_second;
  std::unique_ptr<Verifier> v;
  Status s = Verifier::Create(std::move(o), t, &v);
  EXPECT_TRUE(s.ok()) << s.message();
  return v;
}

std::string Header(const SignableRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

TEST(VerifyTest, SendsOneRequestPerFingerprintToTheRightProvider) {
  auto t = std::make_shared<FakeTransport>();
  auto v = Make(t);
  SecretVault vault(v->Rules());
  EXPECT_TRUE(vault.Wants("github-classic-pat"));
  EXPECT_FALSE(vault.Wants("generic-password-assignment"));
  // The same secret offered twice (two files) and a rule with no verifier.
  vault.Offer("github-classic-pat", "fp1", kGithub, "", 0);
  vault.Offer("github-classic-pat", "fp1", kGithub, "", 0);
  vault.Offer("generic-password-assignment", "fp2", "hunter2hunter2", "", 0);
  vault.Offer("npm-access-token", "fp3", kNpm, "", 0);
  auto outcomes = v->Verify(vault.candidates());
  auto sent = t->sent();
  ASSERT_EQ(sent.size(), 2u);
  std::set<std::string> urls = {sent[0].url, sent[1].url};
  EXPECT_EQ(urls, (std::set<std::string>{"https://api.github.com/user",
                                         "https://registry.npmjs.org/-/whoami"}));
  for (const Sent& s : sent) {
    std::string auth = Header(s.request, "Authorization");
    EXPECT_TRUE(auth == "Bearer " + std::string(kGithub) ||
                auth == "Bearer " + std::string(kNpm));
  }
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes["fp1"].status, VerifyStatus::kVerified);
  EXPECT_EQ(outcomes["fp1"].identity, "octocat");
  EXPECT_EQ(outcomes["fp3"].identity, "npmuser");
  EXPECT_EQ(outcomes.count("fp2"), 0u);
  EXPECT_EQ(v->SentByProvider(),
            (std::map<std::string, uint64_t>{{"github", 1}, {"npm", 1}}));
}

TEST(VerifyTest, ProviderSelectionAndEndpointOverrides) {
  auto t = std::make_shared<FakeTransport>();
  VerifyOptions o;
  o.providers = {"npm"};
  o.endpoints = {{"npm", "https://127.0.0.1:9/npm/"}};
  auto v = Make(t, o);
  SecretVault vault(v->Rules());
  EXPECT_FALSE(vault.Wants("github-classic-pat"));
  vault.Offer("github-classic-pat", "fp1", kGithub, "", 0);
  vault.Offer("npm-access-token", "fp3", kNpm, "", 0);
  v->Verify(vault.candidates());
  auto sent = t->sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].url, "https://127.0.0.1:9/npm/-/whoami");

  std::unique_ptr<Verifier> bad;
  VerifyOptions plain;
  plain.endpoints = {{"github", "http://127.0.0.1:9"}};
  Status s = Verifier::Create(plain, t, &bad);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("https"), std::string::npos);
  VerifyOptions unknown;
  unknown.providers = {"gihtub"};
  EXPECT_FALSE(Verifier::Create(unknown, t, &bad).ok());
}

TEST(VerifyTest, AnswersBecomeOutcomes) {
  auto t = std::make_shared<FakeTransport>();
  HttpResponse canned;
  t->answer = [&](const std::string&, const SignableRequest&) { return canned; };
  auto v = Make(t);
  SecretVault vault(v->Rules());
  vault.Offer("github-classic-pat", "fp1", kGithub, "", 0);
  auto outcome = [&] { return v->Verify(vault.candidates())["fp1"]; };

  canned = HttpResponse{};
  canned.status = 401;
  EXPECT_EQ(outcome().status, VerifyStatus::kInvalid);
  EXPECT_EQ(outcome().reason, "HTTP 401");
  canned.status = 429;
  EXPECT_EQ(outcome().status, VerifyStatus::kUnknown);
  EXPECT_EQ(outcome().reason, "rate limited");
  canned.status = 403;
  canned.headers = {{"X-RateLimit-Remaining", "0"}};
  EXPECT_EQ(outcome().reason, "rate limited");
  canned = HttpResponse{};
  canned.timed_out = true;
  canned.error = "Operation timed out after 10000 milliseconds";
  EXPECT_EQ(outcome().reason, "timeout");
  canned = HttpResponse{};
  canned.error = "Failed to connect to 127.0.0.1 port 9: Connection refused";
  EXPECT_EQ(outcome().reason, "network refused");
  canned.error = "SSL certificate problem: self-signed certificate";
  EXPECT_EQ(outcome().reason, "TLS error");
}

TEST(VerifyTest, SlackAndDatadogReadTheirBodies) {
  auto t = std::make_shared<FakeTransport>();
  std::string body;
  t->answer = [&](const std::string&, const SignableRequest&) {
    HttpResponse r;
    r.status = 200;
    r.body = body;
    return r;
  };
  auto v = Make(t);
  SecretVault vault(v->Rules());
  vault.Offer("slack-bot-token", "s",
              "xoxb-214248876277-2502677761844-CjZu66Qj46Wd3lSuedzIntty", "", 0);
  body = R"({"ok": false, "error": "invalid_auth"})";
  auto o = v->Verify(vault.candidates())["s"];
  EXPECT_EQ(o.status, VerifyStatus::kInvalid);
  EXPECT_EQ(o.reason, "invalid_auth");
  body = R"({"ok": true, "user": "bot", "team": "Acme"})";
  o = v->Verify(vault.candidates())["s"];
  EXPECT_EQ(o.status, VerifyStatus::kVerified);
  EXPECT_EQ(o.identity, "bot @ Acme");
  EXPECT_EQ(t->sent().back().request.method, "POST");
}

TEST(VerifyTest, TwilioNeedsTheAccountSidNextToTheToken) {
  auto t = std::make_shared<FakeTransport>();
  auto v = Make(t);
  SecretVault vault(v->Rules());
  std::string token = "6avx8W6lAkaDg9x0kDMaiSd6kVFD1gJZ";
  std::string text = "twilio:\n  api_secret: " + token +
                     "\n  account_sid: ACc19e3fe79e81eba80cda02600d843bf0\n";
  vault.Offer("twilio-auth-token", "tw", token, text, text.find(token));
  vault.Offer("twilio-auth-token", "alone", "7bvx8W6lAkaDg9x0kDMaiSd6kVFD1gJZ",
              "no sid here", 0);
  auto out = v->Verify(vault.candidates());
  auto sent = t->sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].url,
            "https://api.twilio.com/2010-04-01/Accounts/"
            "ACc19e3fe79e81eba80cda02600d843bf0.json");
  EXPECT_EQ(Header(sent[0].request, "Authorization").rfind("Basic ", 0), 0u);
  EXPECT_EQ(out["alone"].status, VerifyStatus::kUnknown);
}

TEST(VerifyTest, ConcurrencyIsBoundedAndRateIsLimited) {
  auto t = std::make_shared<FakeTransport>();
  t->delay_ms = 40;
  VerifyOptions o;
  o.concurrency = 2;
  o.requests_per_second = 1000;
  auto v = Make(t, o);
  SecretVault vault(v->Rules());
  for (int i = 0; i < 8; ++i)
    vault.Offer("npm-access-token", "fp" + std::to_string(i), kNpm, "", 0);
  v->Verify(vault.candidates());
  EXPECT_EQ(t->sent().size(), 8u);
  EXPECT_LE(t->max_in_flight(), 2);
  EXPECT_EQ(t->max_in_flight(), 2);

  auto t2 = std::make_shared<FakeTransport>();
  VerifyOptions slow;
  slow.concurrency = 4;
  slow.requests_per_second = 20;  // one request every 50 ms
  auto v2 = Make(t2, slow);
  SecretVault vault2(v2->Rules());
  for (int i = 0; i < 5; ++i)
    vault2.Offer("npm-access-token", "fp" + std::to_string(i), kNpm, "", 0);
  auto start = std::chrono::steady_clock::now();
  v2->Verify(vault2.candidates());
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - start)
                .count();
  EXPECT_GE(ms, 190);  // 5 requests: 4 intervals of 50 ms at least
}

TEST(VerifyTest, DebugTraceNeverHoldsTheSecret) {
  auto t = std::make_shared<FakeTransport>();
  std::vector<std::string> lines;
  VerifyOptions o;
  o.debug = [&](const std::string& l) { lines.push_back(l); };
  auto v = Make(t, o);
  SecretVault vault(v->Rules());
  vault.Offer("github-classic-pat", "fp1", kGithub, "", 0);
  std::string text = "AKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  vault.Offer("aws-secret-access-key-pair", "aws",
              "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", text, 21);
  v->Verify(vault.candidates());
  ASSERT_EQ(lines.size(), 2u);
  for (const std::string& l : lines) {
    EXPECT_EQ(l.find(kGithub), std::string::npos) << l;
    EXPECT_EQ(l.find("ghp_"), std::string::npos) << l;
    EXPECT_EQ(l.find("wJalrXUtnFEMI"), std::string::npos) << l;
    EXPECT_NE(l.find("verify: "), std::string::npos) << l;
  }
  // The AWS request is SigV4-signed with the key id found next to the
  // secret; the secret key itself is not in the request.
  std::vector<Sent> sent = t->sent();
  for (const Sent& s : sent) {
    if (s.url.find("sts") == std::string::npos) continue;
    std::string auth = Header(s.request, "Authorization");
    EXPECT_NE(auth.find("Credential=AKIAIOSFODNN7EXAMPLE/"), std::string::npos);
    for (const auto& [k, val] : s.request.headers)
      EXPECT_EQ(val.find("wJalrXUtnFEMI"), std::string::npos);
    EXPECT_EQ(s.request.body.find("wJalrXUtnFEMI"), std::string::npos);
  }
}

TEST(VerifyTest, ApplyVerificationSetsFindingFields) {
  std::vector<Finding> fs(2);
  fs[0].fingerprint = "a";
  fs[1].fingerprint = "b";
  ApplyVerification({{"a", {VerifyStatus::kInvalid, "HTTP 401", ""}}}, &fs);
  EXPECT_EQ(fs[0].verification, "invalid");
  EXPECT_EQ(fs[0].verification_reason, "HTTP 401");
  EXPECT_EQ(VerificationSummary(fs[0]), "invalid (HTTP 401)");
  EXPECT_TRUE(fs[1].verification.empty());
}

}  // namespace
}  // namespace keylint
