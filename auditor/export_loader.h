// Inventory exports as the AWS CLI writes them (JSON, or YAML with
// `--output yaml`), recognised by their top-level keys:
//
//   aws secretsmanager list-secrets          {"SecretList": [...]}
//   aws secretsmanager describe-secret       {"ARN", "Name", ...}
//   aws secretsmanager get-resource-policy   {"ARN", "Name", "ResourcePolicy"}
//   aws ssm describe-parameters              {"Parameters": [...]}
//   aws ssm get-parameters(-by-path)         {"Parameters": [{..., "Value"}]}
//   aws ssm list-tags-for-resource           {"TagList": [...]}
//   aws lambda list-functions                {"Functions": [...]}
//   aws lambda get-function(-configuration)  {"Configuration": {...}} / {...}
//   aws ecs describe-task-definition         {"taskDefinition": {...}}
//   aws iam get-account-authorization-details
//   aws iam get-role-policy / get-user-policy / get-group-policy
//
// list-tags-for-resource output does not say whose tags it lists: the
// parameter is named by a "ResourceId" field added to the document, else
// by the file name (the URL-encoded parameter name, optionally followed by
// ".tags"), e.g. "%2Fprod%2Fpayments%2Fconfig%2Fdb-host.tags.json".
//
// Thread-safety: re-entrant.
#ifndef KEYLINT_AUDITOR_EXPORT_LOADER_H_
#define KEYLINT_AUDITOR_EXPORT_LOADER_H_

#include <string>
#include <vector>

#include "auditor/aws_shapes.h"
#include "auditor/doc.h"
#include "rules/report.h"

namespace keylint {

// True when `doc` has the shape of one of the exports above.
bool IsAwsExport(const DocNode& doc);

// Adds the resources of one export document read from `path`. Problems
// inside it (a policy that is not JSON) are appended to `errors`; the rest
// of the document is still loaded.
void LoadAwsExport(const DocNode& doc, const std::string& path,
                   InventoryBuilder* builder, std::vector<InputError>* errors);

// Converts the entries of an export's top-level lists (SecretList,
// Parameters, Functions) while the JSON parser completes them (see
// DocElementHandler), so that a 50,000-parameter export is never held as a
// tree. The converted resources wait in the streamer until Commit(), which
// the caller runs only when the whole file parsed: a malformed file adds
// nothing.
class ExportStreamer {
 public:
  explicit ExportStreamer(std::string path) : path_(std::move(path)) {}
  ExportStreamer(const ExportStreamer&) = delete;
  ExportStreamer& operator=(const ExportStreamer&) = delete;

  // True when the entry was taken (a list this streamer knows).
  bool Take(std::string_view key, const DocNode& entry);
  void Commit(InventoryBuilder* builder);

 private:
  std::string path_;
  std::vector<Secret> secrets_;
  std::vector<Parameter> parameters_;
  std::vector<LambdaFunction> functions_;
};

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_EXPORT_LOADER_H_
