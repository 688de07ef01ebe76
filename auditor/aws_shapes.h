// AWS API shapes -> resource model. The AWS CLI prints API responses as
// they arrive (timestamps aside, see aws_time.h), so the same functions
// read CLI exports offline and, later, responses fetched over HTTPS.
//
//   SecretListEntry / DescribeSecret   -> Secret
//   GetResourcePolicy                  -> ResourcePolicy
//   ParameterMetadata / Parameter      -> Parameter (Value only if present)
//   ListTagsForResource (SSM)          -> Tags
//   FunctionConfiguration              -> LambdaFunction
//   TaskDefinition                     -> EcsTaskDefinition
//   IAM policy documents               -> IdentityPolicy
//
// InventoryBuilder merges what several calls say about one resource (e.g.
// list-secrets, then describe-secret, then list-tags-for-resource), matching
// by ARN, then name, and hands out the finished Inventory.
//
// Thread-safety: the functions are pure; an InventoryBuilder is used by one
// thread at a time.
#ifndef KEYLINT_AUDITOR_AWS_SHAPES_H_
#define KEYLINT_AUDITOR_AWS_SHAPES_H_

#include <unordered_map>
#include <string>
#include <vector>

#include "auditor/doc.h"
#include "auditor/resource.h"

namespace keylint {

// [{"Key": k, "Value": v}, ...] (and the lower-case ECS spelling).
Tags TagsFromApi(const DocNode& list);

// `where` is the entry's position; `path` the file for member positions.
Secret SecretFromApi(const DocNode& entry, const SourceLocation& where);
Parameter ParameterFromApi(const DocNode& entry, const SourceLocation& where);
LambdaFunction FunctionFromApi(const DocNode& config,
                               const SourceLocation& where);
EcsTaskDefinition TaskDefinitionFromApi(const DocNode& td,
                                        const SourceLocation& where);

// A GetResourcePolicy response. False with a one-line `error` when the
// ResourcePolicy string is not a policy.
bool ResourcePolicyFromApi(const DocNode& response, const SourceLocation& where,
                           ResourcePolicy* out, std::string* error);

// A policy document as IAM returns it: a JSON object, a JSON string, or a
// URL-encoded JSON string.
bool PolicyDocumentFromApi(const DocNode& doc, const SourceLocation& where,
                           PolicyDocument* out, std::string* error);

// The position of `node` within `path`, or `fallback` when it has none.
SourceLocation LocationOf(const DocNode& node, const std::string& path);

class InventoryBuilder {
 public:
  InventoryBuilder() = default;
  InventoryBuilder(const InventoryBuilder&) = delete;
  InventoryBuilder& operator=(const InventoryBuilder&) = delete;

  // Exports and API results are merged into what is already known about
  // the same resource; templates and plans are added as they are.
  void AddSecret(Secret s);
  void AddParameter(Parameter p);
  // Tags of the parameter named or ARN'd `resource_id`, applied in Finish().
  void AddParameterTags(std::string resource_id, Tags tags,
                        SourceLocation where);
  void AddResourcePolicy(ResourcePolicy p);
  void AddIdentityPolicy(IdentityPolicy p);
  void AddFunction(LambdaFunction f);
  void AddTaskDefinition(EcsTaskDefinition t);

  // Tags whose parameter was never seen are reported through `unmatched`
  // (resource id and where the tags were).
  Inventory Finish(std::vector<std::pair<std::string, SourceLocation>>*
                       unmatched = nullptr);

 private:
  struct PendingTags {
    std::string resource_id;
    Tags tags;
    SourceLocation where;
  };
  Inventory inventory_;
  using Index = std::unordered_map<std::string, size_t>;
  Index secret_by_arn_, secret_by_name_;
  Index parameter_by_arn_, parameter_by_name_;
  std::vector<PendingTags> pending_tags_;
};

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_AWS_SHAPES_H_
