// Audit checks: one class per file (auditor/check_*.cc), registered by name
// with an explicit RegisterAllChecks(registry) call (auditor/checks.h).
//
// A check reads the Inventory and reports what it finds through a
// FindingCollector, giving the resource, the position, a one-line message
// and the AWS CLI command that fixes the problem. It never sees or prints a
// secret value except through the SecretClassifier, which answers only
// "which rule, if any".
//
// Thread-safety: checks are immutable after construction; Run may be called
// from one thread at a time per AuditContext (the classifier is stateful).
#ifndef KEYLINT_AUDITOR_CHECK_H_
#define KEYLINT_AUDITOR_CHECK_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auditor/resource.h"
#include "auditor/secret_classifier.h"
#include "rules/audit_policy.h"
#include "rules/severity.h"

namespace keylint {

// The stable description of a check, shown in the catalogue and in SARIF.
struct CheckInfo {
  std::string_view id;      // stable, kebab-case, starts with the family
  std::string_view family;  // naming | rotation | policy | placement
  Severity severity;        // default; a finding may say otherwise
  std::string_view title;   // one line: what is wrong
  std::string_view rationale;
  std::string_view remediation;
};

struct AuditContext {
  const AuditPolicy* policy = nullptr;
  SecretClassifier* classifier = nullptr;  // may classify nothing
  int64_t now = 0;                          // Unix seconds
};

// One problem as a check reports it, before suppressions and fingerprints.
struct AuditFinding {
  const CheckInfo* check = nullptr;
  Severity severity = Severity::kMedium;
  const ResourceOrigin* origin = nullptr;  // for skips and the resource id
  SourceLocation where;
  std::string resource;  // label shown in messages and matched by suppress
  std::string arn;       // matched by suppress too
  std::string identity;  // fingerprint input, with the check id
  std::string message;   // one line, never a value
  std::string fix;       // the AWS CLI command that fixes it
};

class FindingCollector {
 public:
  // `identity` distinguishes findings of one check on one resource (e.g. a
  // policy statement or an environment variable); ResourceIdentity() plus
  // a suffix.
  void Add(const CheckInfo& check, Severity severity,
           const ResourceOrigin& origin, const SourceLocation& where,
           std::string resource, std::string arn, std::string identity,
           std::string message, std::string fix);

  const std::vector<AuditFinding>& findings() const { return findings_; }
  std::vector<AuditFinding> Take() { return std::move(findings_); }

 private:
  std::vector<AuditFinding> findings_;
};

class Check {
 public:
  virtual ~Check() = default;
  virtual const CheckInfo& info() const = 0;
  virtual void Run(const Inventory& inventory, const AuditContext& ctx,
                   FindingCollector* out) const = 0;
};

class CheckRegistry {
 public:
  CheckRegistry() = default;
  CheckRegistry(const CheckRegistry&) = delete;
  CheckRegistry& operator=(const CheckRegistry&) = delete;

  // REQUIRES: no check with the same id is registered.
  void Add(std::unique_ptr<Check> check);
  const Check* Find(std::string_view id) const;
  // In registration order.
  const std::vector<std::unique_ptr<Check>>& checks() const { return checks_; }

 private:
  std::vector<std::unique_ptr<Check>> checks_;
};

// A check that is one function: most checks are.
using CheckFunction = void (*)(const CheckInfo& info,
                               const Inventory& inventory,
                               const AuditContext& ctx, FindingCollector* out);
std::unique_ptr<Check> MakeCheck(const CheckInfo& info, CheckFunction run);

// Helpers for fix commands: the argument that names a resource on the
// command line (ARN, else name, else a placeholder naming the template's
// logical id), shell-quoted.
std::string SecretIdArg(const Secret& s);
std::string ParameterNameArg(const Parameter& p);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_CHECK_H_
