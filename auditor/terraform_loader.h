// Terraform JSON (`terraform show -json plan.out`, or of the state) ->
// resource model. Resources come from planned_values (or values) and every
// child module below it; references between resources (a rotation or a
// policy naming its secret) are followed through the `configuration`
// section when the plan does not know the ARN yet.
//
// Read types: aws_secretsmanager_secret, _secret_rotation, _secret_version,
// _secret_policy; aws_ssm_parameter; aws_lambda_function;
// aws_ecs_task_definition; aws_iam_policy, aws_iam_role_policy,
// aws_iam_user_policy, aws_iam_group_policy and aws_iam_role inline
// policies. Other types and data sources are ignored.
//
// A value counts as written in the configuration (SourceValue::constant)
// when the configuration records it as a constant_value.
//
// Thread-safety: re-entrant.
#ifndef KEYLINT_AUDITOR_TERRAFORM_LOADER_H_
#define KEYLINT_AUDITOR_TERRAFORM_LOADER_H_

#include <string>
#include <vector>

#include "auditor/aws_shapes.h"
#include "auditor/doc.h"
#include "rules/report.h"

namespace keylint {

// True for `terraform show -json` output: format_version plus
// planned_values or values.
bool IsTerraformJson(const DocNode& doc);

void LoadTerraformJson(const DocNode& doc, const std::string& path,
                       InventoryBuilder* builder,
                       std::vector<InputError>* errors);

// "module.a[0].aws_x.y[\"k\"]" -> "module.a.aws_x.y" (for tests too).
std::string StripAddressIndices(std::string_view address);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_TERRAFORM_LOADER_H_
