// SecretClassifier: asks the scan engine (rules/engine.h) whether a value a
// source carries (a parameter value, an environment variable, a template's
// SecretString) is a secret. The value is scanned as the assignment
// `NAME = "value"` so that keyword rules (password = "...") apply, and a
// match counts only when the secret lies inside the value; an AWS ARN is a
// reference and never a secret. The value is
// never retained: the scratch buffer is wiped after each call.
//
// Thread-safety: one thread at a time (it owns a Matcher).
#ifndef KEYLINT_AUDITOR_SECRET_CLASSIFIER_H_
#define KEYLINT_AUDITOR_SECRET_CLASSIFIER_H_

#include <memory>
#include <string>
#include <string_view>

#include "rules/engine.h"

namespace keylint {

class SecretClassifier {
 public:
  // `db` may be null: then nothing is a secret. Not owned; must outlive
  // the classifier.
  explicit SecretClassifier(const RulesDatabase* db);
  ~SecretClassifier();
  SecretClassifier(const SecretClassifier&) = delete;
  SecretClassifier& operator=(const SecretClassifier&) = delete;

  // The id of a rule that finds a secret in `value` (assigned to `name`),
  // or "" when none does.
  std::string Classify(std::string_view name, std::string_view value);

 private:
  std::string ScanText(std::string_view text, size_t value_begin,
                       size_t value_end);

  const RulesDatabase* db_;
  std::unique_ptr<Matcher> matcher_;
  std::string buffer_;
};

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_SECRET_CLASSIFIER_H_
