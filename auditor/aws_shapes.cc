#include "auditor/aws_shapes.h"

#include "auditor/aws_time.h"
#include "auditor/text_util.h"

namespace keylint {
namespace {

template <typename T>
void Fill(T* into, const T& from) {
  if (into->empty()) *into = from;
}

template <typename T>
void Fill(std::optional<T>* into, const std::optional<T>& from) {
  if (!into->has_value()) *into = from;
}

void MergeSecret(Secret* into, const Secret& from) {
  Fill(&into->name, from.name);
  Fill(&into->arn, from.arn);
  Fill(&into->region, from.region);
  Fill(&into->description, from.description);
  Fill(&into->kms_key_id, from.kms_key_id);
  Fill(&into->rotation_enabled, from.rotation_enabled);
  Fill(&into->rotation_rules.automatically_after_days,
       from.rotation_rules.automatically_after_days);
  Fill(&into->rotation_rules.schedule_expression,
       from.rotation_rules.schedule_expression);
  Fill(&into->rotation_rules.duration, from.rotation_rules.duration);
  Fill(&into->rotation_lambda_arn, from.rotation_lambda_arn);
  into->hosted_rotation = into->hosted_rotation || from.hosted_rotation;
  Fill(&into->created, from.created);
  Fill(&into->last_changed, from.last_changed);
  Fill(&into->last_rotated, from.last_rotated);
  Fill(&into->last_accessed, from.last_accessed);
  Fill(&into->next_rotation, from.next_rotation);
  Fill(&into->deleted, from.deleted);
  Fill(&into->tags, from.tags);
  Fill(&into->owning_service, from.owning_service);
  if (into->value.kind == SourceValue::Kind::kAbsent) into->value = from.value;
}

void MergeParameter(Parameter* into, const Parameter& from) {
  Fill(&into->name, from.name);
  Fill(&into->arn, from.arn);
  Fill(&into->region, from.region);
  Fill(&into->type, from.type);
  Fill(&into->tier, from.tier);
  Fill(&into->key_id, from.key_id);
  Fill(&into->data_type, from.data_type);
  Fill(&into->description, from.description);
  Fill(&into->policies, from.policies);
  Fill(&into->tags, from.tags);
  Fill(&into->value_size, from.value_size);
  Fill(&into->last_modified, from.last_modified);
  if (into->value.kind == SourceValue::Kind::kAbsent) into->value = from.value;
}

bool Mergeable(const ResourceOrigin& o) {
  return o.format == SourceFormat::kAwsExport ||
         o.format == SourceFormat::kAwsApi;
}

// Finds the entry an export describes, by ARN first, then by name (an
// entry that knows only the name, or one whose ARN agrees).
template <typename R>
std::optional<size_t> FindMergeTarget(
    const std::vector<R>& list,
    const std::unordered_map<std::string, size_t>& by_arn,
    const std::unordered_map<std::string, size_t>& by_name,
    const std::string& arn, const std::string& name) {
  if (!arn.empty()) {
    if (auto it = by_arn.find(arn); it != by_arn.end()) return it->second;
  }
  if (!name.empty()) {
    if (auto it = by_name.find(name); it != by_name.end()) {
      const R& existing = list[it->second];
      if (arn.empty() || existing.arn.empty()) return it->second;
    }
  }
  return std::nullopt;
}

std::string Str(const DocNode& n, std::string_view key) {
  return std::string(n.GetStr(key));
}

std::vector<EnvVar> EnvFromMap(const DocNode* vars, const std::string& path) {
  std::vector<EnvVar> env;
  if (vars == nullptr || !vars->IsObject()) return env;
  for (size_t i = 0; i < vars->keys.size(); ++i) {
    EnvVar v;
    v.name = vars->keys[i];
    const DocNode& value = vars->items[i];
    v.value.where = LocationOf(value, path);
    if (value.IsScalar()) {
      v.value.kind = SourceValue::Kind::kLiteral;
      v.value.literal = value.text;
    }
    env.push_back(std::move(v));
  }
  return env;
}

}  // namespace

SourceLocation LocationOf(const DocNode& node, const std::string& path) {
  return SourceLocation{path, node.line, node.column};
}

Tags TagsFromApi(const DocNode& list) {
  Tags tags;
  if (list.IsObject()) {  // Lambda and SSM templates use a plain map
    for (size_t i = 0; i < list.keys.size(); ++i) {
      if (list.items[i].IsScalar()) {
        tags.emplace_back(list.keys[i], list.items[i].text);
      }
    }
    return tags;
  }
  if (!list.IsArray()) return tags;
  for (const DocNode& t : list.items) {
    std::string_view k = t.GetStr("Key");
    std::string_view v = t.GetStr("Value");
    if (k.empty()) {
      k = t.GetStr("key");
      v = t.GetStr("value");
    }
    if (!k.empty()) tags.emplace_back(std::string(k), std::string(v));
  }
  return tags;
}

Secret SecretFromApi(const DocNode& e, const SourceLocation& where) {
  Secret s;
  s.origin.format = SourceFormat::kAwsExport;
  s.origin.where = where;
  s.name = Str(e, "Name");
  s.arn = Str(e, "ARN");
  s.region = ArnRegion(s.arn);
  if (s.region.empty()) s.region = Str(e, "PrimaryRegion");
  s.description = Str(e, "Description");
  s.kms_key_id = Str(e, "KmsKeyId");
  if (const DocNode* r = e.Get("RotationEnabled")) s.rotation_enabled = r->AsBool();
  if (const DocNode* rules = e.Get("RotationRules"); rules && rules->IsObject()) {
    if (const DocNode* d = rules->Get("AutomaticallyAfterDays")) {
      s.rotation_rules.automatically_after_days = d->AsInt();
    }
    s.rotation_rules.schedule_expression = Str(*rules, "ScheduleExpression");
    s.rotation_rules.duration = Str(*rules, "Duration");
  }
  s.rotation_lambda_arn = Str(e, "RotationLambdaARN");
  s.created = AwsTimestamp(e.Get("CreatedDate"));
  s.last_changed = AwsTimestamp(e.Get("LastChangedDate"));
  s.last_rotated = AwsTimestamp(e.Get("LastRotatedDate"));
  s.last_accessed = AwsTimestamp(e.Get("LastAccessedDate"));
  s.next_rotation = AwsTimestamp(e.Get("NextRotationDate"));
  s.deleted = AwsTimestamp(e.Get("DeletedDate"));
  if (const DocNode* t = e.Get("Tags")) s.tags = TagsFromApi(*t);
  s.owning_service = Str(e, "OwningService");
  return s;
}

Parameter ParameterFromApi(const DocNode& e, const SourceLocation& where) {
  Parameter p;
  p.origin.format = SourceFormat::kAwsExport;
  p.origin.where = where;
  p.name = Str(e, "Name");
  p.arn = Str(e, "ARN");
  p.region = ArnRegion(p.arn);
  p.type = Str(e, "Type");
  p.tier = Str(e, "Tier");
  p.key_id = Str(e, "KeyId");
  p.data_type = Str(e, "DataType");
  p.description = Str(e, "Description");
  if (const DocNode* pol = e.Get("Policies"); pol && pol->IsArray()) {
    for (const DocNode& item : pol->items) {
      std::string_view text = item.GetStr("PolicyText");
      if (!text.empty()) p.policies.emplace_back(text);
    }
  }
  p.last_modified = AwsTimestamp(e.Get("LastModifiedDate"));
  if (const DocNode* v = e.Get("Value"); v && v->IsScalar()) {
    p.value.kind = SourceValue::Kind::kLiteral;
    p.value.literal = v->text;
    p.value.where = LocationOf(*v, where.path);
    p.value_size = static_cast<int64_t>(v->text.size());
  }
  return p;
}

LambdaFunction FunctionFromApi(const DocNode& c, const SourceLocation& where) {
  LambdaFunction f;
  f.origin.format = SourceFormat::kAwsExport;
  f.origin.where = where;
  f.name = Str(c, "FunctionName");
  f.arn = Str(c, "FunctionArn");
  f.region = ArnRegion(f.arn);
  if (const DocNode* env = c.Get("Environment")) {
    f.environment = EnvFromMap(env->Get("Variables"), where.path);
  }
  return f;
}

EcsTaskDefinition TaskDefinitionFromApi(const DocNode& td,
                                        const SourceLocation& where) {
  EcsTaskDefinition t;
  t.origin.format = SourceFormat::kAwsExport;
  t.origin.where = where;
  t.family = Str(td, "family");
  t.arn = Str(td, "taskDefinitionArn");
  const DocNode* defs = td.Get("containerDefinitions");
  if (defs == nullptr || !defs->IsArray()) return t;
  for (const DocNode& d : defs->items) {
    ContainerDefinition c;
    c.name = Str(d, "name");
    if (const DocNode* env = d.Get("environment"); env && env->IsArray()) {
      for (const DocNode& kv : env->items) {
        EnvVar v;
        v.name = Str(kv, "name");
        if (const DocNode* value = kv.Get("value"); value && value->IsScalar()) {
          v.value.kind = SourceValue::Kind::kLiteral;
          v.value.literal = value->text;
          v.value.where = LocationOf(*value, where.path);
        }
        c.environment.push_back(std::move(v));
      }
    }
    if (const DocNode* sec = d.Get("secrets"); sec && sec->IsArray()) {
      for (const DocNode& kv : sec->items) {
        c.secrets.emplace_back(Str(kv, "name"), Str(kv, "valueFrom"));
      }
    }
    t.containers.push_back(std::move(c));
  }
  return t;
}

bool PolicyDocumentFromApi(const DocNode& doc, const SourceLocation& where,
                           PolicyDocument* out, std::string* error) {
  if (doc.IsString()) {
    return ParsePolicyText(doc.text, doc.line > 0 ? doc.line : where.line,
                           doc.line > 0 ? doc.column : where.column, out,
                           error);
  }
  return ParsePolicyDocument(doc, where.line, where.column, out, error);
}

bool ResourcePolicyFromApi(const DocNode& r, const SourceLocation& where,
                           ResourcePolicy* out, std::string* error) {
  ResourcePolicy p;
  p.origin.format = SourceFormat::kAwsExport;
  p.origin.where = where;
  p.secret = Str(r, "ARN");
  p.secret_name = Str(r, "Name");
  if (p.secret.empty()) p.secret = p.secret_name;
  if (auto account = ArnAccount(p.secret)) p.owner_account = *account;
  const DocNode* doc = r.Get("ResourcePolicy");
  if (doc == nullptr || doc->IsNull()) {
    *out = std::move(p);  // a secret without a policy
    return true;
  }
  SourceLocation at = LocationOf(*doc, where.path);
  if (!PolicyDocumentFromApi(*doc, at, &p.document, error)) return false;
  p.origin.where = at;
  *out = std::move(p);
  return true;
}

void InventoryBuilder::AddSecret(Secret s) {
  if (Mergeable(s.origin)) {
    if (auto i = FindMergeTarget(inventory_.secrets, secret_by_arn_,
                                 secret_by_name_, s.arn, s.name)) {
      Secret& existing = inventory_.secrets[*i];
      MergeSecret(&existing, s);
      if (!existing.arn.empty()) secret_by_arn_.emplace(existing.arn, *i);
      return;
    }
    size_t index = inventory_.secrets.size();
    if (!s.arn.empty()) secret_by_arn_.emplace(s.arn, index);
    if (!s.name.empty()) secret_by_name_.emplace(s.name, index);
  }
  inventory_.secrets.push_back(std::move(s));
}

void InventoryBuilder::AddParameter(Parameter p) {
  if (Mergeable(p.origin)) {
    if (auto i = FindMergeTarget(inventory_.parameters, parameter_by_arn_,
                                 parameter_by_name_, p.arn, p.name)) {
      Parameter& existing = inventory_.parameters[*i];
      MergeParameter(&existing, p);
      if (!existing.arn.empty()) parameter_by_arn_.emplace(existing.arn, *i);
      return;
    }
    size_t index = inventory_.parameters.size();
    if (!p.arn.empty()) parameter_by_arn_.emplace(p.arn, index);
    if (!p.name.empty()) parameter_by_name_.emplace(p.name, index);
  }
  inventory_.parameters.push_back(std::move(p));
}

void InventoryBuilder::AddParameterTags(std::string resource_id, Tags tags,
                                        SourceLocation where) {
  pending_tags_.push_back(
      {std::move(resource_id), std::move(tags), std::move(where)});
}

void InventoryBuilder::AddResourcePolicy(ResourcePolicy p) {
  inventory_.resource_policies.push_back(std::move(p));
}

void InventoryBuilder::AddIdentityPolicy(IdentityPolicy p) {
  inventory_.identity_policies.push_back(std::move(p));
}

void InventoryBuilder::AddFunction(LambdaFunction f) {
  inventory_.functions.push_back(std::move(f));
}

void InventoryBuilder::AddTaskDefinition(EcsTaskDefinition t) {
  inventory_.task_definitions.push_back(std::move(t));
}

Inventory InventoryBuilder::Finish(
    std::vector<std::pair<std::string, SourceLocation>>* unmatched) {
  for (PendingTags& pt : pending_tags_) {
    std::optional<size_t> i;
    if (auto it = parameter_by_arn_.find(pt.resource_id);
        it != parameter_by_arn_.end()) {
      i = it->second;
    } else if (auto it2 = parameter_by_name_.find(pt.resource_id);
               it2 != parameter_by_name_.end()) {
      i = it2->second;
    }
    if (!i) {
      if (unmatched) unmatched->emplace_back(pt.resource_id, pt.where);
      continue;
    }
    Tags& tags = inventory_.parameters[*i].tags;
    for (auto& [k, v] : pt.tags) {
      bool replaced = false;
      for (auto& [ek, ev] : tags) {
        if (ek == k) {
          ev = v;
          replaced = true;
        }
      }
      if (!replaced) tags.emplace_back(k, v);
    }
  }
  pending_tags_.clear();
  // Exports omit RotationEnabled when rotation was never turned on.
  for (Secret& s : inventory_.secrets) {
    if (Mergeable(s.origin) && !s.rotation_enabled) s.rotation_enabled = false;
  }
  secret_by_arn_.clear();
  secret_by_name_.clear();
  parameter_by_arn_.clear();
  parameter_by_name_.clear();
  return std::move(inventory_);
}

}  // namespace keylint
