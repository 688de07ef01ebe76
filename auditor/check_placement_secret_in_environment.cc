// placement-secret-in-environment: a Lambda or ECS environment holding a
// secret value instead of a secret's name or ARN.
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/placement_util.h"
#include "auditor/text_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "placement-secret-in-environment", "placement", Severity::kHigh,
    "Function or container environment holds a secret value",
    "Environment variables are configuration: lambda:GetFunctionConfiguration "
    "and ecs:DescribeTaskDefinition return them in plaintext to anyone who "
    "may read the function or task definition, the console shows them, and "
    "crash reports and debug endpoints print them. A secret there (written "
    "literally, or resolved from a store at deploy time by a {{resolve:...}} "
    "reference or a NoEcho parameter) has left its store. Values are "
    "recognised by the scan engine's rules; names and ARNs of secrets are "
    "fine.",
    "Put the secret's ARN or name in the variable and read the value at run "
    "time (Secrets Manager or Parameter Store API, the Parameters and "
    "Secrets Lambda Extension); for ECS, move it to the container's "
    "`secrets` with valueFrom. Then rotate the exposed value."};

// Why `v` holds a secret, or "".
std::string SecretReason(const EnvVar& v, const AuditContext& ctx) {
  if (v.value.kind == SourceValue::Kind::kSecretReference) {
    return fmt::format("resolves {} into the environment at deploy time",
                       v.value.reference);
  }
  if (v.value.kind != SourceValue::Kind::kLiteral || !ctx.classifier) {
    return {};
  }
  std::string rule = ctx.classifier->Classify(v.name, v.value.literal);
  if (rule.empty()) return {};
  return fmt::format("holds a value matching rule {}", rule);
}

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  for (const LambdaFunction& f : inv.functions) {
    std::string label = ResourceLabel(f.origin, f.name, f.arn);
    for (const EnvVar& v : f.environment) {
      std::string reason = SecretReason(v, ctx);
      if (reason.empty()) continue;
      out->Add(info, info.severity, f.origin, v.value.where, label, f.arn,
               ResourceIdentity("function", f.origin, f.name, f.arn) + "#" +
                   v.name,
               fmt::format("Environment variable {} of function {} {}",
                           v.name, label, reason),
               fmt::format("aws lambda update-function-configuration "
                           "--function-name {} --environment "
                           "file://environment.json",
                           f.name.empty() ? "'<function of " +
                                                f.origin.logical_id + ">'"
                                          : ShellArg(f.name)));
    }
  }
  for (const EcsTaskDefinition& t : inv.task_definitions) {
    std::string label = ResourceLabel(t.origin, t.family, t.arn);
    for (const ContainerDefinition& c : t.containers) {
      for (const EnvVar& v : c.environment) {
        std::string reason = SecretReason(v, ctx);
        if (reason.empty()) continue;
        out->Add(info, info.severity, t.origin, v.value.where, label, t.arn,
                 ResourceIdentity("task-definition", t.origin, t.family,
                                  t.arn) +
                     "#" + c.name + "#" + v.name,
                 fmt::format("Environment variable {} of container {} in "
                             "task definition {} {}",
                             v.name, c.name, label, reason),
                 "aws ecs register-task-definition --cli-input-json "
                 "file://task-definition.json");
      }
    }
  }
}

}  // namespace

std::unique_ptr<Check> NewPlacementSecretInEnvironmentCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
