// The auditor's resource model: what an organisation stores its secrets in
// and what reads them. Every source fills the same Inventory: AWS CLI
// exports, CloudFormation templates and Terraform plans offline, and the
// AWS APIs over HTTPS (whose responses have the exports' shapes, see
// aws_shapes.h). Checks read only the Inventory.
//
// Values: a parameter's value or an environment variable's value is kept
// only when a source carries it, and only to classify it (is it a secret?)
// and measure it. It is never printed, logged or copied into a finding.
//
// Thread-safety: plain data.
#ifndef KEYLINT_AUDITOR_RESOURCE_H_
#define KEYLINT_AUDITOR_RESOURCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auditor/iam_policy.h"

namespace keylint {

struct SourceLocation {
  std::string path;  // as reported ('/'-separated)
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;
};

enum class SourceFormat { kAwsExport, kAwsApi, kCloudFormation, kTerraform };

std::string_view SourceFormatName(SourceFormat f);

// `Metadata: keylint: skip: [ids]` on a CloudFormation resource.
struct CheckSkip {
  std::string check;
  std::string reason;
  SourceLocation where;
};

// Where a resource came from; common to every resource.
struct ResourceOrigin {
  SourceFormat format = SourceFormat::kAwsExport;
  SourceLocation where;     // the resource's definition
  std::string logical_id;   // CloudFormation logical id / Terraform address
  std::vector<CheckSkip> skips;
};

using Tags = std::vector<std::pair<std::string, std::string>>;

// The value of tag `key` (case-insensitive), or nullptr.
const std::string* FindTag(const Tags& tags, std::string_view key);

// A value as a source carries it.
struct SourceValue {
  enum class Kind {
    kAbsent,    // not carried (exports without values, unknown in a plan)
    kLiteral,   // the value itself is known
    kComputed,  // computed by the template (references, functions)
    // Resolved from a secret store at deploy time: a CloudFormation dynamic
    // reference {{resolve:secretsmanager:...}} / {{resolve:ssm-secure:...}}
    // or a Ref to a NoEcho template parameter.
    kSecretReference,
  };
  Kind kind = Kind::kAbsent;
  std::string literal;  // kLiteral only; never print it
  // kLiteral: written as a constant in the template or configuration itself
  // (not merely known from state or an export).
  bool constant = false;
  std::string reference;  // kSecretReference: what it resolves (a name)
  SourceLocation where;
};

struct RotationRules {
  std::optional<int64_t> automatically_after_days;
  std::string schedule_expression;  // "rate(30 days)", "cron(0 8 1 * ? *)"
  std::string duration;             // the window, e.g. "3h"
};

struct Secret {
  ResourceOrigin origin;
  std::string name;  // empty when the source leaves it to be generated
  std::string arn;
  std::string region;
  std::string description;
  // Empty: the AWS-managed key aws/secretsmanager.
  std::string kms_key_id;
  std::optional<bool> rotation_enabled;
  RotationRules rotation_rules;
  std::string rotation_lambda_arn;
  // CloudFormation HostedRotationLambda: Secrets Manager builds the function.
  bool hosted_rotation = false;
  std::optional<int64_t> created, last_changed, last_rotated, last_accessed,
      next_rotation, deleted;  // Unix seconds
  Tags tags;
  std::string owning_service;  // e.g. "rds" for secrets RDS manages
  // The secret's value when a template writes it (SecretString).
  SourceValue value;
};

struct Parameter {
  ResourceOrigin origin;
  std::string name;
  std::string arn;
  std::string region;
  std::string type;  // String | StringList | SecureString
  std::string tier;  // Standard | Advanced | Intelligent-Tiering
  std::string key_id;  // KMS key of a SecureString; empty: alias/aws/ssm
  std::string data_type;
  std::string description;
  std::vector<std::string> policies;  // parameter policies (JSON text)
  Tags tags;
  std::optional<int64_t> value_size;  // bytes, when known
  std::optional<int64_t> last_modified;
  SourceValue value;
};

// A Secrets Manager resource policy.
struct ResourcePolicy {
  ResourceOrigin origin;
  // The secret it governs: ARN, name or "${LogicalId}" in a template.
  std::string secret;
  std::string secret_name;     // display name when known
  std::string owner_account;   // the secret's account, when known
  std::optional<bool> block_public_policy;
  PolicyDocument document;
};

// A policy attached to a user, group or role (inline) or a managed policy.
struct IdentityPolicy {
  enum class Kind { kManaged, kUserInline, kGroupInline, kRoleInline };
  ResourceOrigin origin;
  Kind kind = Kind::kManaged;
  std::string name;   // policy name
  std::string arn;    // managed policies
  std::string owner;  // user, group or role name for inline policies
  PolicyDocument document;
};

struct EnvVar {
  std::string name;
  SourceValue value;
};

struct LambdaFunction {
  ResourceOrigin origin;
  std::string name;
  std::string arn;
  std::string region;
  std::vector<EnvVar> environment;
};

struct ContainerDefinition {
  std::string name;
  std::vector<EnvVar> environment;
  // `secrets`: (name, valueFrom) pairs, the proper way to pass secrets.
  std::vector<std::pair<std::string, std::string>> secrets;
};

struct EcsTaskDefinition {
  ResourceOrigin origin;
  std::string family;
  std::string arn;
  std::vector<ContainerDefinition> containers;
};

struct Inventory {
  std::vector<Secret> secrets;
  std::vector<Parameter> parameters;
  std::vector<ResourcePolicy> resource_policies;
  std::vector<IdentityPolicy> identity_policies;
  std::vector<LambdaFunction> functions;
  std::vector<EcsTaskDefinition> task_definitions;
};

// A short label for messages: the name, else the ARN, else the template
// logical id.
std::string ResourceLabel(const ResourceOrigin& origin, std::string_view name,
                          std::string_view arn);

// The identity a finding's fingerprint is computed from: the ARN when
// known, else "kind:name", else "kind:path#logical-id". Stable across runs
// and line moves.
std::string ResourceIdentity(std::string_view kind,
                             const ResourceOrigin& origin,
                             std::string_view name, std::string_view arn);

// The region field of an ARN ("" when absent).
std::string ArnRegion(std::string_view arn);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_RESOURCE_H_
