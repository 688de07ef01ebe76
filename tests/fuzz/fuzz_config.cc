// Fuzz target: the project configuration (.keylint.yaml, found at the root
// of the scanned tree, so written by whoever wrote the tree), its `audit:`
// section layered over the built-in audit policy, a policy file given with
// --policy, and the size and date parsers behind them.
#include <cstdint>
#include <string>

#include "rules/audit_policy.h"
#include "rules/project_config.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keylint;
  std::string text(fuzz::AsText(data, size));

  static const AuditPolicy defaults = [] {
    AuditPolicy p;
    FUZZ_CHECK(LoadAuditPolicy("", &p).ok(), "built-in audit policy");
    return p;
  }();

  ProjectConfig config;
  Status st = ParseProjectConfig(text, ".keylint.yaml", &config);
  if (!st.ok()) {
    FUZZ_CHECK(!st.message().empty(), "a failure says why");
  } else if (config.audit) {
    AuditPolicy policy = defaults;
    st = ApplyAuditPolicyYaml(config.audit, ".keylint.yaml", &policy);
    if (!st.ok()) FUZZ_CHECK(!st.message().empty(), "a failure says why");
  }

  AuditPolicy policy = defaults;
  st = ParseAuditPolicy(text, "policy.yaml", &policy);
  if (!st.ok()) FUZZ_CHECK(!st.message().empty(), "a failure says why");

  std::string first_line = text.substr(0, text.find('\n'));
  ParseByteSize(first_line);
  ParseExpiryDate(first_line);
  return 0;
}
