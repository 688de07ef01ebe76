#include "auditor/secret_classifier.h"

#include <algorithm>
#include <vector>

namespace keylint {

SecretClassifier::SecretClassifier(const RulesDatabase* db) : db_(db) {
  if (db_ != nullptr) matcher_ = std::make_unique<Matcher>(db_);
}

SecretClassifier::~SecretClassifier() {
  std::fill(buffer_.begin(), buffer_.end(), '\0');
}

std::string SecretClassifier::ScanText(std::string_view text,
                                       size_t value_begin, size_t value_end) {
  std::vector<Match> matches;
  if (!matcher_->Scan(text, "audit-value", &matches).ok()) return {};
  for (const Match& m : matches) {
    if (m.secret_begin >= value_begin && m.secret_end <= value_end &&
        m.secret_end > m.secret_begin) {
      return db_->rules()[m.rule].id;
    }
  }
  return {};
}

namespace {

// An ARN names a resource (a secret's ARN is what an environment should
// hold); keyword rules would otherwise fire on "...:secret:name" inside it.
bool IsArn(std::string_view value) {
  return value.starts_with("arn:aws:") || value.starts_with("arn:aws-cn:") ||
         value.starts_with("arn:aws-us-gov:");
}

}  // namespace

std::string SecretClassifier::Classify(std::string_view name,
                                       std::string_view value) {
  if (matcher_ == nullptr || value.empty() || IsArn(value)) return {};
  std::string rule;
  bool assignable = !name.empty() &&
                    value.find_first_of("\"\n\r") == std::string_view::npos;
  if (assignable) {
    buffer_.assign(name);
    buffer_.append(" = \"");
    size_t begin = buffer_.size();
    buffer_.append(value);
    size_t end = buffer_.size();
    buffer_.append("\"\n");
    rule = ScanText(buffer_, begin, end);
  }
  if (rule.empty()) {
    buffer_.assign(value);
    buffer_.push_back('\n');
    rule = ScanText(buffer_, 0, value.size());
  }
  std::fill(buffer_.begin(), buffer_.end(), '\0');
  return rule;
}

}  // namespace keylint
