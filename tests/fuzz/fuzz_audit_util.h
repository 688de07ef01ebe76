// Shared by the audit fuzz targets: runs every registered audit check over
// what a loader built from fuzzed input, with the built-in policy and the
// built-in rules as the secret classifier, and checks the report contract
// (one-line messages and errors; no audit finding carries a preview).
//
// Thread-safety: single-threaded, like the fuzz targets.
#ifndef KEYLINT_TESTS_FUZZ_FUZZ_AUDIT_UTIL_H_
#define KEYLINT_TESTS_FUZZ_FUZZ_AUDIT_UTIL_H_

#include <vector>

#include "auditor/audit.h"
#include "auditor/checks.h"
#include "auditor/secret_classifier.h"
#include "tests/fuzz/fuzz_util.h"

namespace keylint::fuzz {

inline void CheckErrors(const std::vector<InputError>& errors) {
  for (const InputError& e : errors) {
    FUZZ_CHECK(IsOneLine(e.message), "one-line input error");
    FUZZ_CHECK(e.line >= 0, "error line");
  }
}

struct AuditState {
  AuditPolicy policy;
  CheckRegistry registry;
  SecretClassifier classifier{&BuiltinDatabase()};
};

// Built on first use (LLVMFuzzerInitialize below).
inline AuditState& Audit() {
  static AuditState* state = [] {
    auto* s = new AuditState;
    FUZZ_CHECK(LoadAuditPolicy("", &s->policy).ok(), "built-in audit policy");
    RegisterAllChecks(&s->registry);
    return s;
  }();
  return *state;
}

inline void AuditAndCheck(InventoryBuilder* builder,
                          std::vector<InputError>* errors) {
  AuditState& audit = Audit();
  Inventory inventory = builder->Finish();
  std::vector<Finding> findings;
  // A fixed clock: the same input must behave the same on every run.
  AuditInventory(inventory, audit.registry, audit.policy, &audit.classifier,
                 /*now=*/1767225600, &findings, errors);
  for (const Finding& f : findings) {
    // Messages may hold any byte of a resource name (an ARN with a CR in
    // an export): every sink escapes them, as for scan findings; what
    // must be one line are the input errors (CheckErrors).
    FUZZ_CHECK(f.redacted.empty(), "audit findings carry no preview");
    FUZZ_CHECK(f.fingerprint.size() == 64, "fingerprint is hex SHA-256");
  }
  CheckErrors(*errors);
}

}  // namespace keylint::fuzz

// Every audit target includes this header once: build the audit state
// before the first input, so that compiling the built-in rules does not
// count against its -timeout.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  keylint::fuzz::Audit();
  return 0;
}

#endif  // KEYLINT_TESTS_FUZZ_FUZZ_AUDIT_UTIL_H_
