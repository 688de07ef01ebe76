// Helpers shared by the audit tests: the built-in rules compiled once, the
// default policy, a fixed "now", and running the auditor in-process.
#ifndef KEYLINT_TESTS_AUDIT_TEST_UTIL_H_
#define KEYLINT_TESTS_AUDIT_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "auditor/audit.h"
#include "auditor/aws_time.h"
#include "rules/audit_policy.h"
#include "rules/engine.h"
#include "rules/report.h"
#include "rules/ruleset_loader.h"
#include "tests/builtin_rules.h"
#include "tests/test_util.h"

namespace keylint::audit_test {

// The time the fixtures are judged at (tests/data/audit/make_fixtures.py).
inline int64_t Now() { return *ParseAwsTimestamp("2024-06-01T00:00:00Z"); }

inline std::string Data(const std::string& rel) {
  return testing_util::SourcePath("tests/data/audit/" + rel);
}

// The built-in detector rules, compiled once per test binary.
inline const RulesDatabase* BuiltinRules() {
  return &testing_util::BuiltinRulesDatabase();
}

inline AuditPolicy DefaultPolicy() {
  AuditPolicy p;
  Status s = LoadAuditPolicy("", &p);
  EXPECT_TRUE(s.ok()) << s.message();
  return p;
}

// Audits `paths` with `policy` as of Now().
inline Report Audit(const std::vector<std::string>& paths,
                    const AuditPolicy& policy) {
  Report report;
  AuditOptions options;
  options.now = Now();
  Status s = RunAudit(paths, policy, BuiltinRules(), options, &report);
  EXPECT_TRUE(s.ok()) << s.message();
  return report;
}

inline Report Audit(const std::vector<std::string>& paths) {
  return Audit(paths, DefaultPolicy());
}

inline std::vector<const Finding*> FindingsOf(const Report& r,
                                              const std::string& rule) {
  std::vector<const Finding*> out;
  for (const Finding& f : r.findings) {
    if (f.rule_id == rule) out.push_back(&f);
  }
  return out;
}

inline std::string ErrorsText(const Report& r) {
  std::string out;
  for (const InputError& e : r.errors) {
    out += e.path + ":" + std::to_string(e.line) + ": " + e.message + "\n";
  }
  return out;
}

}  // namespace keylint::audit_test

#endif  // KEYLINT_TESTS_AUDIT_TEST_UTIL_H_
