// Offline sources: AWS CLI exports (merged across calls, paginated,
// JSON and YAML), CloudFormation YAML/JSON and CDK output, Terraform plans
// with child modules, and malformed files.
#include "auditor/source_loader.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "auditor/terraform_loader.h"
#include "tests/audit_test_util.h"

namespace keylint {
namespace {

using audit_test::Data;

struct Loaded {
  Inventory inventory;
  std::vector<InputError> errors;
  SourceLoadStats stats;
};

Loaded Load(const std::vector<std::string>& paths) {
  Loaded l;
  Status s = LoadSources(paths, SourceLoadOptions(), &l.inventory, &l.errors,
                         &l.stats);
  EXPECT_TRUE(s.ok()) << s.message();
  return l;
}

template <typename T>
const T* ByName(const std::vector<T>& list, const std::string& name) {
  for (const T& r : list) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

const EnvVar* Var(const std::vector<EnvVar>& env, const std::string& name) {
  for (const EnvVar& v : env) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

TEST(AuditLoader, ExportsAreMergedAcrossCallsAndPages) {
  Loaded l = Load({Data("loaders/exports")});
  EXPECT_TRUE(l.errors.empty()) << l.errors[0].path << ": "
                                << l.errors[0].message;
  EXPECT_EQ(l.stats.files_loaded, 10u);
  EXPECT_EQ(l.stats.files_skipped, 1u);  // unrelated.json
  const Inventory& inv = l.inventory;
  // Two pages of list-secrets, describe-secret and a YAML export: one entry
  // per secret.
  ASSERT_EQ(inv.secrets.size(), 4u);
  const Secret* db = ByName(inv.secrets, "prod/payments/secrets/db-password");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->description, "Primary database password");  // describe-secret
  EXPECT_EQ(db->rotation_rules.schedule_expression, "rate(30 days)");
  EXPECT_EQ(db->rotation_rules.duration, "3h");
  EXPECT_EQ(db->rotation_enabled, true);
  EXPECT_EQ(db->region, "eu-west-1");
  EXPECT_EQ(db->last_rotated, ParseAwsTimestamp("2024-05-10T02:00:00Z"));
  ASSERT_EQ(db->tags.size(), 1u);
  EXPECT_EQ(db->tags[0].second, "prod");
  EXPECT_EQ(db->origin.where.path, "describe-secret.json");
  EXPECT_EQ(db->origin.where.line, 3);

  const Secret* token = ByName(inv.secrets, "prod/payments/secrets/api-token");
  ASSERT_NE(token, nullptr);
  EXPECT_EQ(token->rotation_enabled, false);  // omitted means off
  EXPECT_EQ(token->created, 1704067200);      // epoch seconds from the API
  EXPECT_EQ(token->origin.where.path, "list-secrets.json");
  EXPECT_EQ(token->origin.where.line, 16);

  const Secret* rds = ByName(inv.secrets, "rds!cluster-0a1b2c3d");
  ASSERT_NE(rds, nullptr);  // from the second page
  EXPECT_EQ(rds->owning_service, "rds");
  EXPECT_EQ(rds->origin.where.line, 26);

  const Secret* yaml =
      ByName(inv.secrets, "staging/payments/secrets/db-password");
  ASSERT_NE(yaml, nullptr);
  EXPECT_EQ(yaml->origin.where.path, "list-secrets-output-yaml.yaml");
  EXPECT_EQ(yaml->origin.where.line, 4);

  ASSERT_EQ(inv.resource_policies.size(), 1u);
  const ResourcePolicy& rp = inv.resource_policies[0];
  EXPECT_EQ(rp.secret_name, "prod/payments/secrets/db-password");
  EXPECT_EQ(rp.owner_account, "111122223333");
  ASSERT_EQ(rp.document.statements.size(), 1u);
  EXPECT_EQ(rp.document.statements[0].principal.entries.size(), 2u);
  EXPECT_EQ(rp.document.statements[0].line, 4);  // the ResourcePolicy string

  ASSERT_EQ(inv.parameters.size(), 2u);
  const Parameter* host = ByName(inv.parameters, "/prod/payments/config/db-host");
  ASSERT_NE(host, nullptr);
  // Tags from a list-tags-for-resource file named after the parameter.
  ASSERT_EQ(host->tags.size(), 2u);
  EXPECT_EQ(*FindTag(host->tags, "owner"), "payments");
  EXPECT_EQ(host->value.kind, SourceValue::Kind::kAbsent);
  const Parameter* secure =
      ByName(inv.parameters, "/prod/payments/secrets/api-token");
  ASSERT_NE(secure, nullptr);
  EXPECT_EQ(secure->type, "SecureString");
  EXPECT_EQ(secure->key_id, "alias/aws/ssm");
  EXPECT_EQ(secure->tier, "Advanced");
  EXPECT_EQ(secure->policies.size(), 1u);
  // Tags from a document that names its ResourceId.
  EXPECT_EQ(*FindTag(secure->tags, "Classification"), "restricted");

  ASSERT_EQ(inv.functions.size(), 2u);
  const LambdaFunction* api = ByName(inv.functions, "payments-api");
  ASSERT_NE(api, nullptr);
  ASSERT_EQ(api->environment.size(), 2u);
  const EnvVar* level = Var(api->environment, "LOG_LEVEL");
  ASSERT_NE(level, nullptr);
  EXPECT_EQ(level->value.kind, SourceValue::Kind::kLiteral);
  EXPECT_FALSE(level->value.constant);
  EXPECT_EQ(level->value.where.line, 11);

  ASSERT_EQ(inv.task_definitions.size(), 1u);
  ASSERT_EQ(inv.task_definitions[0].containers.size(), 1u);
  EXPECT_EQ(inv.task_definitions[0].containers[0].environment.size(), 1u);
  EXPECT_EQ(inv.task_definitions[0].containers[0].secrets.size(), 1u);

  // Inline user and role policies (one URL-encoded), and only the default
  // version of the managed policy.
  ASSERT_EQ(inv.identity_policies.size(), 3u);
  const IdentityPolicy* encoded = ByName(inv.identity_policies, "read-config");
  ASSERT_NE(encoded, nullptr);
  EXPECT_EQ(encoded->kind, IdentityPolicy::Kind::kRoleInline);
  EXPECT_EQ(encoded->owner, "payments-api");
  ASSERT_EQ(encoded->document.statements.size(), 1u);
  EXPECT_EQ(encoded->document.statements[0].actions[0],
            "ssm:GetParametersByPath");
  const IdentityPolicy* managed = ByName(inv.identity_policies, "secrets-admin");
  ASSERT_NE(managed, nullptr);
  EXPECT_EQ(managed->kind, IdentityPolicy::Kind::kManaged);
  ASSERT_EQ(managed->document.statements.size(), 1u);
  EXPECT_EQ(managed->document.statements[0].actions[0], "secretsmanager:*");
}

TEST(AuditLoader, TagsForAnUnknownParameterAreReported) {
  InventoryBuilder builder;
  std::vector<InputError> errors;
  SourceLoadStats stats;
  LoadSourceText("{\"ResourceId\": \"/prod/x/config/y\", \"TagList\": []}",
                 "tags.json", true, &builder, &errors, &stats);
  std::vector<std::pair<std::string, SourceLocation>> unmatched;
  Inventory inv = builder.Finish(&unmatched);
  ASSERT_EQ(unmatched.size(), 1u);
  EXPECT_EQ(unmatched[0].first, "/prod/x/config/y");
  EXPECT_EQ(unmatched[0].second.path, "tags.json");
}

TEST(AuditLoader, CloudFormationYamlWithShortFormTags) {
  Loaded l = Load({Data("loaders/cfn/payments.yaml")});
  const Inventory& inv = l.inventory;
  // One error: the skip without a reason, at its line.
  ASSERT_EQ(l.errors.size(), 1u);
  EXPECT_EQ(l.errors[0].line, 67);
  EXPECT_NE(l.errors[0].message.find("needs a reason"), std::string::npos);

  ASSERT_EQ(inv.secrets.size(), 3u);
  // !Sub resolved with the parameter's default.
  const Secret* db = ByName(inv.secrets, "prod/payments/secrets/db-password");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->origin.format, SourceFormat::kCloudFormation);
  EXPECT_EQ(db->origin.logical_id, "DbSecret");
  EXPECT_EQ(db->origin.where.line, 14);
  EXPECT_EQ(db->origin.where.column, 3);
  EXPECT_EQ(db->rotation_enabled, true);  // the RotationSchedule names it
  EXPECT_TRUE(db->hosted_rotation);
  EXPECT_EQ(db->rotation_rules.schedule_expression, "cron(0 4 ? * SUN *)");
  EXPECT_FALSE(db->kms_key_id.empty());  // !ImportValue: some key
  EXPECT_EQ(db->value.kind, SourceValue::Kind::kAbsent);  // generated
  EXPECT_EQ(*FindTag(db->tags, "Environment"), "prod");

  // !Join with a !Ref, and a skip with a shared reason.
  const Secret* legacy =
      ByName(inv.secrets, "prod/payments/secrets/legacy-token");
  ASSERT_NE(legacy, nullptr);
  ASSERT_EQ(legacy->origin.skips.size(), 2u);
  EXPECT_EQ(legacy->origin.skips[0].check, "rotation-disabled");
  EXPECT_NE(legacy->origin.skips[0].reason.find("PAY-1234"),
            std::string::npos);
  // SecretString from a NoEcho parameter: a secret resolved at deploy time,
  // not a literal.
  EXPECT_EQ(legacy->value.kind, SourceValue::Kind::kSecretReference);

  const Secret* unreasoned =
      ByName(inv.secrets, "prod/payments/secrets/unreasoned");  // !Select
  ASSERT_NE(unreasoned, nullptr);
  EXPECT_TRUE(unreasoned->origin.skips.empty());
  EXPECT_EQ(unreasoned->rotation_enabled, false);

  ASSERT_EQ(inv.resource_policies.size(), 1u);
  const ResourcePolicy& rp = inv.resource_policies[0];
  EXPECT_EQ(rp.secret, "${DbSecret}");
  EXPECT_EQ(rp.secret_name, "prod/payments/secrets/db-password");
  EXPECT_EQ(rp.block_public_policy, true);
  ASSERT_EQ(rp.document.statements.size(), 2u);
  EXPECT_EQ(rp.document.statements[0].principal.entries[0].second,
            "${ApiRole.Arn}");
  EXPECT_EQ(rp.document.statements[1].principal.entries[0].second,
            "arn:aws:iam::${AWS::AccountId}:root");
  EXPECT_EQ(rp.document.statements[1].line, 48);

  ASSERT_EQ(inv.parameters.size(), 1u);
  EXPECT_EQ(inv.parameters[0].name, "/prod/payments/config/db-host");
  EXPECT_EQ(inv.parameters[0].value.kind, SourceValue::Kind::kComputed);

  ASSERT_EQ(inv.identity_policies.size(), 1u);
  EXPECT_EQ(inv.identity_policies[0].name, "read-secrets");
  EXPECT_EQ(inv.identity_policies[0].owner, "payments-api");
  EXPECT_EQ(inv.identity_policies[0].document.statements[0].resources[0],
            "${DbSecret}");

  // AWS::Serverless::Function; FunctionName is an !If: unknown.
  ASSERT_EQ(inv.functions.size(), 1u);
  const LambdaFunction& fn = inv.functions[0];
  EXPECT_TRUE(fn.name.empty());
  EXPECT_EQ(fn.origin.logical_id, "ApiFunction");
  EXPECT_EQ(Var(fn.environment, "DB_SECRET_ARN")->value.kind,
            SourceValue::Kind::kComputed);
  EXPECT_EQ(Var(fn.environment, "DB_PASSWORD")->value.kind,
            SourceValue::Kind::kSecretReference);
  EXPECT_EQ(Var(fn.environment, "DB_PASSWORD")->value.where.line, 105);
  EXPECT_EQ(Var(fn.environment, "STAGE")->value.kind,
            SourceValue::Kind::kComputed);
}

TEST(AuditLoader, CdkOutputIsCloudFormationJson) {
  Loaded l = Load({Data("loaders/cfn/cdk.out")});
  EXPECT_TRUE(l.errors.empty());
  EXPECT_EQ(l.stats.files_loaded, 1u);
  EXPECT_EQ(l.stats.files_skipped, 2u);  // manifest.json, tree.json
  ASSERT_EQ(l.inventory.secrets.size(), 1u);
  const Secret& s = l.inventory.secrets[0];
  EXPECT_EQ(s.origin.logical_id, "ApiKeySecretA1B2C3D4");
  EXPECT_EQ(s.origin.where.path, "PaymentsStack.template.json");
  EXPECT_EQ(s.origin.where.line, 3);
  EXPECT_EQ(s.value.kind, SourceValue::Kind::kLiteral);
  EXPECT_TRUE(s.value.constant);
  EXPECT_EQ(s.value.where.line, 7);
  ASSERT_EQ(l.inventory.parameters.size(), 1u);
  // Fn::Join over AWS::Region: computed at deploy time.
  EXPECT_EQ(l.inventory.parameters[0].value.kind,
            SourceValue::Kind::kComputed);
}

TEST(AuditLoader, TerraformPlanWithChildModules) {
  Loaded l = Load({Data("loaders/terraform/plan.json")});
  EXPECT_TRUE(l.errors.empty()) << audit_test::ErrorsText(
      Report{.errors = l.errors});
  const Inventory& inv = l.inventory;
  ASSERT_EQ(inv.secrets.size(), 3u);
  const Secret* primary = ByName(inv.secrets, "prod/payments/secrets/db-primary");
  const Secret* replica = ByName(inv.secrets, "prod/payments/secrets/db-replica");
  ASSERT_NE(primary, nullptr);
  ASSERT_NE(replica, nullptr);
  EXPECT_EQ(primary->origin.logical_id,
            "module.secrets.aws_secretsmanager_secret.this[0]");
  EXPECT_EQ(primary->origin.format, SourceFormat::kTerraform);
  EXPECT_EQ(primary->rotation_enabled, false);
  // The rotation with index [1] belongs to the secret with index [1].
  EXPECT_EQ(replica->rotation_enabled, true);
  EXPECT_EQ(replica->rotation_rules.schedule_expression, "rate(14 days)");
  EXPECT_EQ(replica->rotation_lambda_arn,
            "arn:aws:lambda:eu-west-1:111122223333:function:rotate-db");

  ASSERT_EQ(inv.resource_policies.size(), 1u);
  EXPECT_EQ(inv.resource_policies[0].secret_name,
            "prod/payments/secrets/db-replica");
  // From data.aws_caller_identity in prior_state.
  EXPECT_EQ(inv.resource_policies[0].owner_account, "111122223333");

  ASSERT_EQ(inv.parameters.size(), 2u);
  const Parameter* token = ByName(inv.parameters, "/prod/payments/secrets/api-token");
  ASSERT_NE(token, nullptr);
  EXPECT_EQ(token->origin.logical_id,
            "module.secrets.module.params[\"eu\"].aws_ssm_parameter.value["
            "\"api.token\"]");
  EXPECT_EQ(token->value.kind, SourceValue::Kind::kLiteral);
  EXPECT_FALSE(token->value.constant);  // from a variable, not a constant
  EXPECT_EQ(token->key_id, "alias/payments");

  ASSERT_EQ(inv.functions.size(), 1u);
  EXPECT_EQ(inv.functions[0].environment.size(), 2u);
  ASSERT_EQ(inv.task_definitions.size(), 1u);
  ASSERT_EQ(inv.task_definitions[0].containers.size(), 1u);
  EXPECT_EQ(inv.task_definitions[0].containers[0].secrets.size(), 1u);
  ASSERT_EQ(inv.identity_policies.size(), 1u);
  EXPECT_EQ(inv.identity_policies[0].name, "payments-read");
}

TEST(AuditLoader, TerraformAddresses) {
  EXPECT_EQ(StripAddressIndices("module.a[0].aws_x.y[\"k.z\"]"),
            "module.a.aws_x.y");
  EXPECT_EQ(StripAddressIndices("aws_x.y[\"a]b\"]"), "aws_x.y");
  EXPECT_EQ(StripAddressIndices("aws_x.y"), "aws_x.y");
}

TEST(AuditLoader, TerraformPolicyThatIsNotJsonIsAnError) {
  InventoryBuilder builder;
  std::vector<InputError> errors;
  SourceLoadStats stats;
  std::string plan =
      "{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":"
      "{\"resources\":[\n{\"address\":\"aws_iam_policy.p\",\"mode\":"
      "\"managed\",\"type\":\"aws_iam_policy\",\"name\":\"p\",\n\"values\":"
      "{\"name\":\"p\",\"policy\":\"{not json\"}}]}}}";
  LoadSourceText(plan, "plan.json", true, &builder, &errors, &stats);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "plan.json");
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_NE(errors[0].message.find("aws_iam_policy.p"), std::string::npos);
  EXPECT_NE(errors[0].message.find("not valid JSON"), std::string::npos);
}

TEST(AuditLoader, MalformedFilesAreOneErrorEachAndOthersStillLoad) {
  Loaded l = Load({Data("loaders/malformed")});
  ASSERT_EQ(l.errors.size(), 2u);
  std::sort(l.errors.begin(), l.errors.end(),
            [](const InputError& a, const InputError& b) {
              return a.path < b.path;
            });
  EXPECT_EQ(l.errors[0].path, "broken.json");
  EXPECT_EQ(l.errors[0].line, 6);
  EXPECT_NE(l.errors[0].message.find("invalid JSON"), std::string::npos);
  EXPECT_EQ(l.errors[1].path, "broken.yaml");
  EXPECT_EQ(l.errors[1].line, 5);
  EXPECT_NE(l.errors[1].message.find("invalid YAML"), std::string::npos);
  for (const InputError& e : l.errors) {
    EXPECT_EQ(e.message.find("db-password"), std::string::npos) << e.message;
  }
  ASSERT_EQ(l.inventory.secrets.size(), 1u);
  EXPECT_EQ(l.inventory.secrets[0].origin.where.path, "good.json");
}

TEST(AuditLoader, StreamedEntriesOfAMalformedFileAreNotKept) {
  // The first entry is complete (and converted while parsing) before the
  // syntax error: the file still adds nothing.
  InventoryBuilder builder;
  std::vector<InputError> errors;
  SourceLoadStats stats;
  LoadSourceText(
      "{\"SecretList\": [\n"
      "  {\"Name\": \"prod/app/secrets/a\", \"ARN\": \"arn:aws:"
      "secretsmanager:us-east-1:111122223333:secret:prod/app/secrets/a-x\"},\n"
      "  {\"Name\": \"prod/app/secrets/b\",, }\n"
      "]}\n",
      "export.json", true, &builder, &errors, &stats);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_TRUE(builder.Finish().secrets.empty());
  EXPECT_EQ(stats.files_loaded, 0u);
}

TEST(AuditLoader, PathsAreRelativeToASingleDirectoryElseAsGiven) {
  std::string dir = Data("loaders/malformed");
  Loaded both = Load({dir + "/good.json", Data("loaders/cfn/cdk.out")});
  ASSERT_EQ(both.inventory.secrets.size(), 2u);
  for (const Secret& s : both.inventory.secrets) {
    EXPECT_TRUE(s.origin.where.path.starts_with("/")) << s.origin.where.path;
  }
}

TEST(AuditLoader, NamedFilesOfUnknownShapeAreErrorsAndMissingPathsFail) {
  Loaded l = Load({Data("loaders/exports/unrelated.json")});
  ASSERT_EQ(l.errors.size(), 1u);
  EXPECT_NE(l.errors[0].message.find("not an AWS CLI export"),
            std::string::npos);

  Inventory inv;
  std::vector<InputError> errors;
  SourceLoadStats stats;
  Status s = LoadSources({Data("loaders/no-such-dir")}, SourceLoadOptions(),
                         &inv, &errors, &stats);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace keylint
