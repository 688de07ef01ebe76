// Where the live audit's AWS credentials come from, in the order the AWS
// CLI and SDKs use:
//
//   1. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN),
//      unless a profile was named with --profile;
//   2. the shared files' profile (--profile, else AWS_PROFILE, else
//      "default"): AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials) and
//      AWS_CONFIG_FILE (~/.aws/config, sections "[profile NAME]"), with
//      static keys, credential_process, or role_arn + source_profile /
//      web_identity_token_file;
//   3. web identity: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN through STS
//      AssumeRoleWithWebIdentity;
//   4. the ECS container endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
//      or _FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE]);
//   5. the EC2 instance metadata service, IMDSv2 token first (IMDSv1 only
//      when the token request is refused), unless
//      AWS_EC2_METADATA_DISABLED=true; AWS_EC2_METADATA_SERVICE_ENDPOINT
//      overrides http://169.254.169.254.
//
// Then, with --role-arn, STS AssumeRole turns them into the role's
// temporary credentials (auditing another account).
//
// Errors name the source and the cause, never a key, token or the output
// of a credential_process.
//
// Thread-safety: re-entrant; the environment and the files are read once
// per call.
#ifndef KEYLINT_AUDITOR_AWS_CREDENTIALS_H_
#define KEYLINT_AUDITOR_AWS_CREDENTIALS_H_

#include <functional>
#include <memory>
#include <string>

#include "auditor/aws_client.h"
#include "auditor/aws_http.h"
#include "auditor/sigv4.h"
#include "rules/status.h"

namespace keylint {

struct CredentialOptions {
  std::string profile;   // --profile; empty: AWS_PROFILE or "default"
  std::string role_arn;  // --role-arn
  std::string role_session_name = "keylint-audit";
  std::string sts_region = "us-east-1";  // region of the STS endpoint
  AwsClientOptions client;  // endpoint, retries, debug for STS calls
  // Environment lookup (tests inject one); default std::getenv.
  std::function<const char*(const char*)> getenv;
  int metadata_timeout_ms = 1000;
};

// The profile's `region` from the config file ("" when none), for the
// default region.
std::string ProfileRegion(const CredentialOptions& options);

Status ResolveAwsCredentials(const CredentialOptions& options,
                             std::shared_ptr<HttpTransport> transport,
                             AwsCredentials* out);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_AWS_CREDENTIALS_H_
