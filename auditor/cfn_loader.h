// CloudFormation templates (YAML with short-form tags, or JSON, including
// CDK's cdk.out/*.template.json) -> resource model. Findings point at the
// resource's logical id or the property concerned.
//
// Read resource types: AWS::SecretsManager::Secret, ::RotationSchedule,
// ::ResourcePolicy; AWS::SSM::Parameter; AWS::Lambda::Function and
// AWS::Serverless::Function (and SAM Globals); AWS::ECS::TaskDefinition;
// AWS::IAM::Policy, ::ManagedPolicy, and the inline Policies of ::Role,
// ::User and ::Group. Other types are ignored.
//
// Values: Ref and Fn::Sub are resolved against template parameter defaults
// where that gives a name; what stays unknown becomes a "${...}" placeholder
// (pseudo parameters such as ${AWS::AccountId}, resources such as
// ${MyRole.Arn}). A Ref to a NoEcho parameter and a {{resolve:...}}
// dynamic reference to Secrets Manager or a SecureString are secret values
// resolved at deploy time.
//
// `Metadata: {keylint: {skip: [check-id, ...], reason: "..."}}` (or skip
// entries {id, reason}) silences checks on one resource; a skip without a
// reason is reported as an error and not applied.
//
// Thread-safety: re-entrant.
#ifndef KEYLINT_AUDITOR_CFN_LOADER_H_
#define KEYLINT_AUDITOR_CFN_LOADER_H_

#include <string>
#include <vector>

#include "auditor/aws_shapes.h"
#include "auditor/doc.h"
#include "rules/report.h"

namespace keylint {

// True for a template: AWSTemplateFormatVersion, or Resources whose
// entries have a Type.
bool IsCloudFormationTemplate(const DocNode& doc);

void LoadCloudFormation(const DocNode& doc, const std::string& path,
                        InventoryBuilder* builder,
                        std::vector<InputError>* errors);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_CFN_LOADER_H_
