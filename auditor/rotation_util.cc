#include "auditor/rotation_util.h"

#include <fmt/format.h>

#include "auditor/check.h"
#include "auditor/iam_policy.h"
#include "auditor/sensitivity.h"
#include "auditor/text_util.h"

namespace keylint {

std::string CredentialWord(const Secret& s, const AuditPolicy& policy) {
  std::vector<std::string> words = Words(s.name);
  for (const std::string& w : Words(s.description)) words.push_back(w);
  for (const auto& [k, v] : s.tags) {
    for (const std::string& w : Words(k)) words.push_back(w);
    for (const std::string& w : Words(v)) words.push_back(w);
  }
  return FindKeyword(words, policy.credential_keywords);
}

int SuggestedRotationDays(const AuditPolicy& policy) {
  return policy.max_rotation_interval_days > 0
             ? policy.max_rotation_interval_days
             : 30;
}

std::string RotateSecretFix(const Secret& s, const AuditPolicy& policy,
                            bool with_function, bool immediately) {
  std::string cmd = "aws secretsmanager rotate-secret --secret-id " +
                    SecretIdArg(s);
  if (with_function) {
    std::string region = s.region.empty() ? "<region>" : s.region;
    std::string account = ArnAccount(s.arn).value_or("<account>");
    cmd += fmt::format(
        " --rotation-lambda-arn 'arn:aws:lambda:{}:{}:function:<rotation-"
        "function>'",
        region, account);
  }
  cmd += fmt::format(
      " --rotation-rules '{{\"ScheduleExpression\":\"rate({} days)\"}}'",
      SuggestedRotationDays(policy));
  if (!immediately) cmd += " --no-rotate-immediately";
  return cmd;
}

int64_t DaysBetween(int64_t earlier, int64_t later) {
  if (later <= earlier) return 0;
  return (later - earlier) / 86400;
}

}  // namespace keylint
