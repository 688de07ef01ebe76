// Fuzz target: IAM policy documents as exports and plans carry them (plain
// or URL-encoded JSON in a string, auditor/iam_policy.h), and the matching
// helpers the policy checks apply to every statement.
#include <cstdint>
#include <string>

#include "auditor/iam_policy.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keylint;
  std::string_view text = fuzz::AsText(data, size);
  PolicyDocument policy;
  std::string error;
  if (!ParsePolicyText(text, 3, 7, &policy, &error)) {
    FUZZ_CHECK(fuzz::IsOneLine(error), "one-line policy error");
    FUZZ_CHECK(!error.empty(), "a failure says why");
  }
  for (const PolicyStatement& s : policy.statements) {
    FUZZ_CHECK(s.line >= 0 && s.column >= 0, "statement position");
    StatementAllowsAction(s, "secretsmanager:GetSecretValue");
    for (const std::string& a : s.actions) {
      ActionMatches(a, "secretsmanager:GetSecretValue");
      FUZZ_CHECK(ActionMatches(a, a) || a.find_first_of("*?") != a.npos,
                 "an action without wildcards matches itself");
    }
    for (const std::string& r : s.resources) {
      IsWildcardResource(r);
      if (auto acct = ArnAccount(r)) FUZZ_CHECK(acct->size() == 12, "account");
    }
    for (const auto* p : {&s.principal, &s.not_principal}) {
      for (const auto& [type, value] : p->entries) {
        if (auto acct = PrincipalAccount(value))
          FUZZ_CHECK(acct->size() == 12, "principal account is 12 digits");
      }
    }
    std::vector<std::string> patterns = {"aws:Principal*", "aws:SourceVpc*"};
    for (const PolicyCondition& c : s.conditions) {
      IsMatchingConditionOperator(c.op);
      ConditionKeyIn(c.key, patterns);
    }
  }
  // The text as an action pattern against itself and a fixed action.
  std::string_view pattern = text.substr(0, 128);
  ActionMatches(pattern, "secretsmanager:GetSecretValue");
  return 0;
}
