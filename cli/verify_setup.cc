#include "cli/verify_setup.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <set>

#include "auditor/aws_http.h"
#include "auditor/verify.h"
#include "cli/exit_codes.h"

namespace keylint {

void AddVerifyOptions(CLI::App* app, VerifyFlags* f) {
  const char* group = "Live verification (sends found credentials to their "
                      "provider; see docs/verification.md)";
  app->add_flag("--verify", f->verify,
                "Check each found credential with its provider's read-only "
                "identity call")
      ->group(group);
  app->add_flag("--only-verified", f->only_verified,
                "With --verify: report only findings the provider accepted")
      ->group(group);
  app->add_flag("--fail-on-verified", f->fail_on_verified,
                "With --verify: --fail-on counts only verified findings")
      ->group(group);
  app->add_option("--verify-provider", f->providers,
                  "With --verify: only these providers (repeatable; default "
                  "all)")
      ->group(group);
  app->add_option("--verify-ca-bundle", f->ca_bundle,
                  "PEM CA bundle for verification requests (default: the "
                  "system store; env KEYLINT_VERIFY_CA_BUNDLE)")
      ->group(group);
  app->add_option("--verify-timeout", f->timeout_ms,
                  "Milliseconds per verification request (default 10000)")
      ->check(CLI::Range(100, 120000))
      ->group(group);
  app->add_option("--verify-concurrency", f->concurrency,
                  "Verification requests in flight at most (default 4)")
      ->check(CLI::Range(1, 32))
      ->group(group);
  app->add_option("--verify-rate", f->rate,
                  "Verification requests per second, all providers together "
                  "(default 10)")
      ->check(CLI::Range(0.1, 100.0))
      ->group(group);
  app->add_flag("--debug", f->debug,
                "Print one line per verification request (never a secret)");
}

bool CheckVerifyFlags(const VerifyFlags& f, int* exit_code) {
  if (!f.verify && (f.only_verified || f.fail_on_verified ||
                    !f.providers.empty() || !f.ca_bundle.empty())) {
    std::cerr << "keylint: --only-verified, --fail-on-verified, "
                 "--verify-provider and --verify-ca-bundle need --verify\n";
    *exit_code = kExitUsage;
    return false;
  }
  return true;
}

VerifySession::VerifySession() = default;
VerifySession::~VerifySession() = default;

bool VerifySession::Start(const VerifyFlags& f, const ProjectConfig& config,
                          int* exit_code) {
  if (!f.verify) return true;
  VerifyOptions o;
  o.providers.insert(f.providers.begin(), f.providers.end());
  // Config first, the environment over it.
  o.endpoints = config.verify_endpoints;
  for (auto& [name, url] : EndpointOverridesFromEnv()) o.endpoints[name] = url;
  o.timeout_ms = f.timeout_ms;
  o.concurrency = f.concurrency;
  o.requests_per_second = f.rate;
  if (f.debug) {
    auto mu = std::make_shared<std::mutex>();
    o.debug = [mu](const std::string& line) {
      std::lock_guard<std::mutex> lock(*mu);
      std::cerr << "keylint: debug: " << line << "\n";
    };
  }
  CurlTransportOptions t;
  t.ca_bundle = f.ca_bundle;
  if (t.ca_bundle.empty()) {
    if (const char* env = std::getenv("KEYLINT_VERIFY_CA_BUNDLE"))
      t.ca_bundle = env;
  }
  if (t.ca_bundle.empty()) t.ca_bundle = config.verify_ca_bundle;
  if (Status s = Verifier::Create(std::move(o),
                                  std::make_shared<CurlTransport>(t),
                                  &verifier_);
      !s.ok()) {
    std::cerr << "keylint: " << s.message() << "\n";
    *exit_code = kExitUsage;
    return false;
  }
  vault_ = std::make_unique<SecretVault>(verifier_->Rules());
  return true;
}

SecretSink* VerifySession::secrets() const { return vault_.get(); }

void VerifySession::Finish(Report* report) {
  if (!verifier_) return;
  ApplyVerification(verifier_->Verify(vault_->candidates()), &report->findings);
  vault_.reset();  // wipes every secret
}

void KeepOnlyVerified(Report* report) {
  auto& fs = report->findings;
  fs.erase(std::remove_if(fs.begin(), fs.end(),
                          [](const Finding& f) {
                            return f.verification != "verified";
                          }),
           fs.end());
}

}  // namespace keylint
