#include "auditor/export_loader.h"

#include <fmt/format.h>

#include <filesystem>

#include "auditor/text_util.h"

namespace keylint {
namespace {

bool IsSecretArn(std::string_view arn) {
  return arn.starts_with("arn:") &&
         arn.find(":secretsmanager:") != std::string_view::npos;
}

// Where an entry is: its Name (or other identifying key) when present, so
// that a finding points at the line people search for.
SourceLocation EntryLocation(const DocNode& entry, const std::string& path,
                             std::string_view name_key) {
  if (const DocNode* n = entry.Get(name_key)) return LocationOf(*n, path);
  return LocationOf(entry, path);
}

void AddError(std::vector<InputError>* errors, const SourceLocation& where,
              std::string message) {
  errors->push_back({where.path, where.line, std::move(message)});
}

// The parameter a list-tags-for-resource document belongs to.
std::string TagsResourceId(const DocNode& doc, const std::string& path) {
  for (std::string_view key : {"ResourceId", "ResourceARN", "ResourceArn"}) {
    std::string_view v = doc.GetStr(key);
    if (!v.empty()) return std::string(v);
  }
  std::string stem = std::filesystem::path(path).filename().string();
  for (std::string_view ext : {".json", ".yaml", ".yml"}) {
    if (stem.ends_with(ext)) {
      stem.erase(stem.size() - ext.size());
      break;
    }
  }
  if (stem.ends_with(".tags")) stem.erase(stem.size() - 5);
  return PercentDecode(stem);
}

void LoadIdentityPolicy(const DocNode& doc_node, IdentityPolicy p,
                        const std::string& path, InventoryBuilder* builder,
                        std::vector<InputError>* errors) {
  std::string error;
  SourceLocation at = LocationOf(doc_node, path);
  if (!PolicyDocumentFromApi(doc_node, at, &p.document, &error)) {
    AddError(errors, at, fmt::format("policy {}: {}", p.name, error));
    return;
  }
  builder->AddIdentityPolicy(std::move(p));
}

// get-account-authorization-details: inline policies of users, groups and
// roles, and the default version of each managed policy.
void LoadAuthorizationDetails(const DocNode& doc, const std::string& path,
                              InventoryBuilder* builder,
                              std::vector<InputError>* errors) {
  struct Principal {
    const char* list;
    const char* name_key;
    const char* policies_key;
    IdentityPolicy::Kind kind;
  };
  for (const Principal& pr :
       {Principal{"UserDetailList", "UserName", "UserPolicyList",
                  IdentityPolicy::Kind::kUserInline},
        Principal{"GroupDetailList", "GroupName", "GroupPolicyList",
                  IdentityPolicy::Kind::kGroupInline},
        Principal{"RoleDetailList", "RoleName", "RolePolicyList",
                  IdentityPolicy::Kind::kRoleInline}}) {
    const DocNode* list = doc.Get(pr.list);
    if (list == nullptr || !list->IsArray()) continue;
    for (const DocNode& who : list->items) {
      const DocNode* policies = who.Get(pr.policies_key);
      if (policies == nullptr || !policies->IsArray()) continue;
      for (const DocNode& pol : policies->items) {
        const DocNode* document = pol.Get("PolicyDocument");
        if (document == nullptr) continue;
        IdentityPolicy p;
        p.origin.format = SourceFormat::kAwsExport;
        p.origin.where = EntryLocation(pol, path, "PolicyName");
        p.kind = pr.kind;
        p.name = std::string(pol.GetStr("PolicyName"));
        p.owner = std::string(who.GetStr(pr.name_key));
        LoadIdentityPolicy(*document, std::move(p), path, builder, errors);
      }
    }
  }
  const DocNode* managed = doc.Get("Policies");
  if (managed == nullptr || !managed->IsArray()) return;
  for (const DocNode& pol : managed->items) {
    const DocNode* versions = pol.Get("PolicyVersionList");
    if (versions == nullptr || !versions->IsArray()) continue;
    for (const DocNode& v : versions->items) {
      const DocNode* is_default = v.Get("IsDefaultVersion");
      if (is_default == nullptr || is_default->AsBool() != true) continue;
      const DocNode* document = v.Get("Document");
      if (document == nullptr) continue;
      IdentityPolicy p;
      p.origin.format = SourceFormat::kAwsExport;
      p.origin.where = EntryLocation(pol, path, "PolicyName");
      p.kind = IdentityPolicy::Kind::kManaged;
      p.name = std::string(pol.GetStr("PolicyName"));
      p.arn = std::string(pol.GetStr("Arn"));
      LoadIdentityPolicy(*document, std::move(p), path, builder, errors);
    }
  }
}

}  // namespace

bool IsAwsExport(const DocNode& doc) {
  if (!doc.IsObject()) return false;
  for (std::string_view key :
       {"SecretList", "Functions", "TagList", "taskDefinition", "Configuration",
        "UserDetailList", "RoleDetailList", "GroupDetailList"}) {
    if (doc.Get(key) != nullptr) return true;
  }
  if (const DocNode* p = doc.Get("Parameters"); p && p->IsArray()) return true;
  if (!doc.GetStr("FunctionName").empty() && doc.Get("FunctionArn")) {
    return true;
  }
  if (!doc.GetStr("PolicyName").empty() && doc.Get("PolicyDocument")) {
    return true;
  }
  return IsSecretArn(doc.GetStr("ARN")) && doc.Get("Name") != nullptr;
}

void LoadAwsExport(const DocNode& doc, const std::string& path,
                   InventoryBuilder* builder, std::vector<InputError>* errors) {
  if (const DocNode* list = doc.Get("SecretList"); list && list->IsArray()) {
    for (const DocNode& e : list->items) {
      builder->AddSecret(SecretFromApi(e, EntryLocation(e, path, "Name")));
    }
  }
  if (const DocNode* list = doc.Get("Parameters"); list && list->IsArray()) {
    for (const DocNode& e : list->items) {
      builder->AddParameter(
          ParameterFromApi(e, EntryLocation(e, path, "Name")));
    }
  }
  if (const DocNode* list = doc.Get("Functions"); list && list->IsArray()) {
    for (const DocNode& e : list->items) {
      builder->AddFunction(
          FunctionFromApi(e, EntryLocation(e, path, "FunctionName")));
    }
  }
  if (const DocNode* c = doc.Get("Configuration"); c && c->IsObject()) {
    builder->AddFunction(
        FunctionFromApi(*c, EntryLocation(*c, path, "FunctionName")));
  }
  if (!doc.GetStr("FunctionName").empty() && doc.Get("FunctionArn")) {
    builder->AddFunction(
        FunctionFromApi(doc, EntryLocation(doc, path, "FunctionName")));
  }
  if (const DocNode* td = doc.Get("taskDefinition"); td && td->IsObject()) {
    builder->AddTaskDefinition(
        TaskDefinitionFromApi(*td, EntryLocation(*td, path, "family")));
  }
  if (const DocNode* tags = doc.Get("TagList")) {
    builder->AddParameterTags(TagsResourceId(doc, path), TagsFromApi(*tags),
                              LocationOf(*tags, path));
  }
  if (doc.Get("UserDetailList") || doc.Get("RoleDetailList") ||
      doc.Get("GroupDetailList")) {
    LoadAuthorizationDetails(doc, path, builder, errors);
  }
  if (!doc.GetStr("PolicyName").empty()) {
    if (const DocNode* document = doc.Get("PolicyDocument")) {
      IdentityPolicy p;
      p.origin.format = SourceFormat::kAwsExport;
      p.origin.where = EntryLocation(doc, path, "PolicyName");
      p.name = std::string(doc.GetStr("PolicyName"));
      if (!doc.GetStr("RoleName").empty()) {
        p.kind = IdentityPolicy::Kind::kRoleInline;
        p.owner = std::string(doc.GetStr("RoleName"));
      } else if (!doc.GetStr("UserName").empty()) {
        p.kind = IdentityPolicy::Kind::kUserInline;
        p.owner = std::string(doc.GetStr("UserName"));
      } else if (!doc.GetStr("GroupName").empty()) {
        p.kind = IdentityPolicy::Kind::kGroupInline;
        p.owner = std::string(doc.GetStr("GroupName"));
      }
      LoadIdentityPolicy(*document, std::move(p), path, builder, errors);
    }
  }
  if (IsSecretArn(doc.GetStr("ARN")) && doc.Get("Name") != nullptr) {
    SourceLocation where = EntryLocation(doc, path, "Name");
    if (doc.Get("ResourcePolicy") != nullptr) {
      ResourcePolicy p;
      std::string error;
      if (ResourcePolicyFromApi(doc, where, &p, &error)) {
        if (!p.document.statements.empty()) {
          builder->AddResourcePolicy(std::move(p));
        }
      } else {
        AddError(errors, LocationOf(*doc.Get("ResourcePolicy"), path),
                 fmt::format("ResourcePolicy of {}: {}", doc.GetStr("Name"),
                             error));
      }
    } else {
      builder->AddSecret(SecretFromApi(doc, where));
    }
  }
}

bool ExportStreamer::Take(std::string_view key, const DocNode& entry) {
  if (key == "SecretList") {
    secrets_.push_back(SecretFromApi(entry, EntryLocation(entry, path_, "Name")));
  } else if (key == "Parameters") {
    parameters_.push_back(
        ParameterFromApi(entry, EntryLocation(entry, path_, "Name")));
  } else if (key == "Functions") {
    functions_.push_back(
        FunctionFromApi(entry, EntryLocation(entry, path_, "FunctionName")));
  } else {
    return false;
  }
  return true;
}

void ExportStreamer::Commit(InventoryBuilder* builder) {
  for (Secret& s : secrets_) builder->AddSecret(std::move(s));
  for (Parameter& p : parameters_) builder->AddParameter(std::move(p));
  for (LambdaFunction& f : functions_) builder->AddFunction(std::move(f));
  secrets_.clear();
  parameters_.clear();
  functions_.clear();
}

}  // namespace keylint
