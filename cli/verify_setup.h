// `keylint scan --verify`: the flags, and the session that lives around one
// scan — a Verifier built from the flags, the project config's `verify:`
// section and KEYLINT_VERIFY_* variables, and the SecretVault the scan
// offers secrets to. The vault (and every secret in it) is wiped when the
// session ends, before any report is written.
#ifndef KEYLINT_CLI_VERIFY_SETUP_H_
#define KEYLINT_CLI_VERIFY_SETUP_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "rules/project_config.h"
#include "rules/report.h"
#include "rules/secret_sink.h"

namespace keylint {

class Verifier;
class SecretVault;

struct VerifyFlags {
  bool verify = false;
  bool only_verified = false;
  bool fail_on_verified = false;
  std::vector<std::string> providers;
  std::string ca_bundle;
  int timeout_ms = 10000;
  int concurrency = 4;
  double rate = 10;
  bool debug = false;
};

void AddVerifyOptions(CLI::App* app, VerifyFlags* flags);

class VerifySession {
 public:
  VerifySession();
  ~VerifySession();
  VerifySession(const VerifySession&) = delete;
  VerifySession& operator=(const VerifySession&) = delete;

  // Builds the verifier when flags.verify; otherwise does nothing and
  // secrets() stays null. False (message printed, exit code set) on a bad
  // option: unknown provider, endpoint not https://.
  bool Start(const VerifyFlags& flags, const ProjectConfig& config,
             int* exit_code);
  // Where the scan offers secrets: null without --verify.
  SecretSink* secrets() const;
  // Verifies what the scan offered, writes the outcomes into the findings,
  // and wipes the secrets.
  void Finish(Report* report);

 private:
  std::unique_ptr<Verifier> verifier_;
  std::unique_ptr<SecretVault> vault_;
};

// --only-verified and --fail-on-verified need --verify; false (message
// printed, exit code set) otherwise.
bool CheckVerifyFlags(const VerifyFlags& flags, int* exit_code);

// Keeps only verified findings (--only-verified).
void KeepOnlyVerified(Report* report);

}  // namespace keylint

#endif  // KEYLINT_CLI_VERIFY_SETUP_H_
