#include "auditor/terraform_loader.h"

#include <fmt/format.h>

#include <map>

#include "auditor/text_util.h"

namespace keylint {
namespace {

// Splits an address at the dots that are outside brackets and quotes.
std::vector<std::string> AddressParts(std::string_view address) {
  std::vector<std::string> parts;
  std::string cur;
  int depth = 0;
  bool quoted = false;
  for (size_t i = 0; i < address.size(); ++i) {
    char c = address[i];
    if (quoted) {
      if (c == '\\' && i + 1 < address.size()) {
        cur.push_back(c);
        c = address[++i];
      } else if (c == '"') {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '[') {
      ++depth;
    } else if (c == ']') {
      --depth;
    } else if (c == '.' && depth == 0) {
      parts.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    cur.push_back(c);
  }
  parts.push_back(std::move(cur));
  return parts;
}

struct TfResource {
  std::string address;         // as planned, with indices
  std::string config_address;  // without indices
  std::string module_prefix;   // "module.a[0]." or ""
  std::string index;           // "[0]" / "[\"k\"]" or ""
  std::string type;
  const DocNode* node = nullptr;
  const DocNode* values = nullptr;
  const DocNode* expressions = nullptr;  // from `configuration`
};

const DocNode kNullNode;

class TerraformReader {
 public:
  TerraformReader(const DocNode& doc, const std::string& path,
                  InventoryBuilder* builder, std::vector<InputError>* errors)
      : doc_(doc), path_(path), builder_(builder), errors_(errors) {}

  void Run() {
    const DocNode* values = doc_.Get("planned_values");
    if (values == nullptr) values = doc_.Get("values");
    if (values == nullptr) return;
    if (const DocNode* cfg = doc_.Get("configuration")) {
      if (const DocNode* root = cfg->Get("root_module")) IndexConfig(*root, "");
    }
    if (const DocNode* root = values->Get("root_module")) CollectModule(*root);
    FindCallerAccount();
    // Secrets first, so that rotations, versions and policies can find them.
    for (const TfResource& r : resources_) {
      if (r.type == "aws_secretsmanager_secret") ReadSecret(r);
    }
    for (const TfResource& r : resources_) Read(r);
    for (auto& [r, s] : secrets_) builder_->AddSecret(std::move(s));
  }

 private:
  void IndexConfig(const DocNode& module, const std::string& prefix) {
    if (const DocNode* rs = module.Get("resources"); rs && rs->IsArray()) {
      for (const DocNode& r : rs->items) {
        std::string_view addr = r.GetStr("address");
        if (!addr.empty()) config_[prefix + std::string(addr)] = r.Get("expressions");
      }
    }
    if (const DocNode* calls = module.Get("module_calls");
        calls && calls->IsObject()) {
      for (size_t i = 0; i < calls->keys.size(); ++i) {
        if (const DocNode* m = calls->items[i].Get("module")) {
          IndexConfig(*m, prefix + "module." + calls->keys[i] + ".");
        }
      }
    }
  }

  void CollectModule(const DocNode& module) {
    if (const DocNode* rs = module.Get("resources"); rs && rs->IsArray()) {
      for (const DocNode& r : rs->items) {
        if (r.GetStr("mode") != "managed") continue;
        TfResource res;
        res.address = std::string(r.GetStr("address"));
        res.type = std::string(r.GetStr("type"));
        res.node = &r;
        res.values = r.Get("values");
        if (res.values == nullptr) res.values = &kNullNode;
        std::vector<std::string> parts = AddressParts(res.address);
        if (parts.size() >= 2) {
          for (size_t i = 0; i + 2 < parts.size(); ++i) {
            res.module_prefix += parts[i] + ".";
          }
          const std::string& last = parts.back();
          if (size_t b = last.find('['); b != std::string::npos) {
            res.index = last.substr(b);
          }
        }
        res.config_address = StripAddressIndices(res.address);
        if (auto it = config_.find(res.config_address); it != config_.end()) {
          res.expressions = it->second;
        }
        resources_.push_back(std::move(res));
      }
    }
    if (const DocNode* cm = module.Get("child_modules"); cm && cm->IsArray()) {
      for (const DocNode& child : cm->items) CollectModule(child);
    }
  }

  // data.aws_caller_identity, read during the plan, names the account the
  // plan applies to: the owner of the secrets it creates.
  void FindCallerAccount() {
    const DocNode* prior = doc_.Get("prior_state");
    const DocNode* values = prior != nullptr ? prior->Get("values") : nullptr;
    if (values == nullptr) values = doc_.Get("values");
    const DocNode* root = values != nullptr ? values->Get("root_module") : nullptr;
    if (root != nullptr) FindCallerAccountIn(*root);
  }

  void FindCallerAccountIn(const DocNode& module) {
    if (const DocNode* rs = module.Get("resources"); rs && rs->IsArray()) {
      for (const DocNode& r : rs->items) {
        if (r.GetStr("mode") != "data" ||
            r.GetStr("type") != "aws_caller_identity") {
          continue;
        }
        const DocNode* v = r.Get("values");
        if (v != nullptr && !v->GetStr("account_id").empty()) {
          caller_account_ = std::string(v->GetStr("account_id"));
          return;
        }
      }
    }
    if (const DocNode* cm = module.Get("child_modules"); cm && cm->IsArray()) {
      for (const DocNode& child : cm->items) FindCallerAccountIn(child);
    }
  }

  // The account that owns `s`: its ARN's, else the plan's caller identity,
  // else that of its KMS key.
  std::string OwnerAccount(const Secret& s) const {
    if (auto a = ArnAccount(s.arn)) return *a;
    if (!caller_account_.empty()) return caller_account_;
    if (auto a = ArnAccount(s.kms_key_id)) return *a;
    return {};
  }

  ResourceOrigin Origin(const TfResource& r) const {
    ResourceOrigin o;
    o.format = SourceFormat::kTerraform;
    const DocNode* at = r.node->Get("address");
    o.where = LocationOf(at != nullptr ? *at : *r.node, path_);
    o.logical_id = r.address;
    return o;
  }

  std::string Str(const TfResource& r, std::string_view key) const {
    return std::string(r.values->GetStr(key));
  }

  bool IsConstant(const TfResource& r, std::string_view attr) const {
    if (r.expressions == nullptr) return false;
    const DocNode* e = r.expressions->Get(attr);
    return e != nullptr && e->Get("constant_value") != nullptr;
  }

  // The first block of a nested-block attribute (`environment`,
  // `rotation_rules`): a list of one object in JSON.
  static const DocNode* Block(const DocNode* list) {
    if (list == nullptr) return nullptr;
    if (list->IsObject()) return list;
    if (list->IsArray() && !list->items.empty() && list->items[0].IsObject()) {
      return &list->items[0];
    }
    return nullptr;
  }

  SourceValue Literal(const TfResource& r, std::string_view attr) const {
    SourceValue v;
    const DocNode* n = r.values->Get(attr);
    if (n == nullptr || !n->IsScalar()) return v;
    v.kind = SourceValue::Kind::kLiteral;
    v.literal = n->text;
    v.constant = IsConstant(r, attr);
    v.where = LocationOf(*n, path_);
    return v;
  }

  // The secret `r` refers to through `attr` (secret_id, secret_arn).
  Secret* LinkedSecret(const TfResource& r, std::string_view attr) {
    std::string known = Str(r, attr);
    if (!known.empty()) {
      for (auto& [res, s] : secrets_) {
        if (s.arn == known || s.name == known || Str(*res, "id") == known) {
          return &s;
        }
      }
    }
    if (r.expressions == nullptr) return nullptr;
    const DocNode* e = r.expressions->Get(attr);
    const DocNode* refs = e != nullptr ? e->Get("references") : nullptr;
    if (refs == nullptr || !refs->IsArray()) return nullptr;
    for (const DocNode& ref : refs->items) {
      std::vector<std::string> parts =
          AddressParts(StripAddressIndices(ref.text));
      if (parts.size() < 2 || parts[0] != "aws_secretsmanager_secret") continue;
      std::string target = StripAddressIndices(r.module_prefix) + parts[0] +
                           "." + parts[1];
      Secret* best = nullptr;
      int best_score = -1;
      for (auto& [res, s] : secrets_) {
        if (res->config_address != target) continue;
        int score = (res->module_prefix == r.module_prefix ? 2 : 0) +
                    (res->index == r.index ? 1 : 0);
        if (score > best_score) {
          best = &s;
          best_score = score;
        }
      }
      if (best != nullptr) return best;
    }
    return nullptr;
  }

  bool ParsePolicy(const TfResource& r, std::string_view attr,
                   PolicyDocument* out) {
    const DocNode* n = r.values->Get(attr);
    if (n == nullptr || !n->IsString() || n->text.empty()) return false;
    std::string error;
    if (!ParsePolicyText(n->text, n->line, n->column, out, &error)) {
      errors_->push_back(
          {path_, n->line, fmt::format("{}: {}: {}", r.address, attr, error)});
      return false;
    }
    return true;
  }

  void ReadSecret(const TfResource& r) {
    Secret s;
    s.origin = Origin(r);
    s.name = Str(r, "name");
    s.arn = Str(r, "arn");
    s.region = ArnRegion(s.arn);
    s.description = Str(r, "description");
    s.kms_key_id = Str(r, "kms_key_id");
    if (const DocNode* t = r.values->Get("tags")) s.tags = TagsFromApi(*t);
    s.rotation_enabled = false;  // until a rotation resource names it
    // The deprecated inline `policy` argument.
    ResourcePolicy rp;
    if (ParsePolicy(r, "policy", &rp.document)) {
      rp.origin = Origin(r);
      rp.secret = s.arn.empty() ? "${" + r.address + "}" : s.arn;
      rp.secret_name = s.name;
      rp.owner_account = OwnerAccount(s);
      builder_->AddResourcePolicy(std::move(rp));
    }
    secrets_.emplace_back(&r, std::move(s));
  }

  void Read(const TfResource& r) {
    const std::string& t = r.type;
    if (t == "aws_secretsmanager_secret_rotation") {
      Secret* s = LinkedSecret(r, "secret_id");
      if (s == nullptr) return;
      s->rotation_enabled = true;
      s->rotation_lambda_arn = Str(r, "rotation_lambda_arn");
      if (const DocNode* rules = Block(r.values->Get("rotation_rules"))) {
        if (const DocNode* d = rules->Get("automatically_after_days");
            d && !d->IsNull()) {
          s->rotation_rules.automatically_after_days = d->AsInt();
        }
        s->rotation_rules.schedule_expression =
            std::string(rules->GetStr("schedule_expression"));
        s->rotation_rules.duration = std::string(rules->GetStr("duration"));
      }
    } else if (t == "aws_secretsmanager_secret_version") {
      Secret* s = LinkedSecret(r, "secret_id");
      SourceValue v = Literal(r, "secret_string");
      if (s != nullptr && v.kind != SourceValue::Kind::kAbsent) {
        s->value = std::move(v);
      }
    } else if (t == "aws_secretsmanager_secret_policy") {
      ResourcePolicy rp;
      if (!ParsePolicy(r, "policy", &rp.document)) return;
      rp.origin = Origin(r);
      Secret* s = LinkedSecret(r, "secret_arn");
      rp.secret = Str(r, "secret_arn");
      if (s != nullptr) {
        rp.secret_name = s->name;
        if (rp.secret.empty()) rp.secret = s->arn;
        if (rp.secret.empty()) rp.secret = "${" + s->origin.logical_id + "}";
      }
      if (auto account = ArnAccount(rp.secret)) {
        rp.owner_account = *account;
      } else if (s != nullptr) {
        rp.owner_account = OwnerAccount(*s);
      } else {
        rp.owner_account = caller_account_;
      }
      if (const DocNode* b = r.values->Get("block_public_policy")) {
        rp.block_public_policy = b->AsBool();
      }
      builder_->AddResourcePolicy(std::move(rp));
    } else if (t == "aws_ssm_parameter") {
      ReadParameter(r);
    } else if (t == "aws_lambda_function") {
      LambdaFunction f;
      f.origin = Origin(r);
      f.name = Str(r, "function_name");
      f.arn = Str(r, "arn");
      f.region = ArnRegion(f.arn);
      if (const DocNode* env = Block(r.values->Get("environment"))) {
        const DocNode* vars = env->Get("variables");
        if (vars != nullptr && vars->IsObject()) {
          for (size_t i = 0; i < vars->keys.size(); ++i) {
            EnvVar v;
            v.name = vars->keys[i];
            v.value.where = LocationOf(vars->items[i], path_);
            if (vars->items[i].IsScalar()) {
              v.value.kind = SourceValue::Kind::kLiteral;
              v.value.literal = vars->items[i].text;
            }
            f.environment.push_back(std::move(v));
          }
        }
      }
      builder_->AddFunction(std::move(f));
    } else if (t == "aws_ecs_task_definition") {
      ReadTaskDefinition(r);
    } else if (t == "aws_iam_policy" || t == "aws_iam_role_policy" ||
               t == "aws_iam_user_policy" || t == "aws_iam_group_policy") {
      IdentityPolicy ip;
      if (!ParsePolicy(r, "policy", &ip.document)) return;
      ip.origin = Origin(r);
      ip.name = Str(r, "name");
      ip.arn = Str(r, "arn");
      if (t == "aws_iam_policy") {
        ip.kind = IdentityPolicy::Kind::kManaged;
      } else if (t == "aws_iam_role_policy") {
        ip.kind = IdentityPolicy::Kind::kRoleInline;
        ip.owner = Str(r, "role");
      } else if (t == "aws_iam_user_policy") {
        ip.kind = IdentityPolicy::Kind::kUserInline;
        ip.owner = Str(r, "user");
      } else {
        ip.kind = IdentityPolicy::Kind::kGroupInline;
        ip.owner = Str(r, "group");
      }
      builder_->AddIdentityPolicy(std::move(ip));
    } else if (t == "aws_iam_role") {
      const DocNode* inline_policies = r.values->Get("inline_policy");
      if (inline_policies == nullptr || !inline_policies->IsArray()) return;
      for (const DocNode& block : inline_policies->items) {
        const DocNode* text = block.Get("policy");
        if (text == nullptr || !text->IsString() || text->text.empty()) {
          continue;
        }
        IdentityPolicy ip;
        ip.origin = Origin(r);
        ip.kind = IdentityPolicy::Kind::kRoleInline;
        ip.owner = Str(r, "name");
        ip.name = std::string(block.GetStr("name"));
        std::string error;
        if (!ParsePolicyText(text->text, text->line, text->column,
                             &ip.document, &error)) {
          errors_->push_back({path_, text->line,
                              fmt::format("{}: inline_policy: {}", r.address,
                                          error)});
          continue;
        }
        builder_->AddIdentityPolicy(std::move(ip));
      }
    }
  }

  void ReadParameter(const TfResource& r) {
    Parameter p;
    p.origin = Origin(r);
    p.name = Str(r, "name");
    p.arn = Str(r, "arn");
    p.region = ArnRegion(p.arn);
    p.type = Str(r, "type");
    p.tier = Str(r, "tier");
    p.key_id = Str(r, "key_id");
    p.data_type = Str(r, "data_type");
    p.description = Str(r, "description");
    if (const DocNode* t = r.values->Get("tags")) p.tags = TagsFromApi(*t);
    p.value = Literal(r, "value");
    if (p.value.kind == SourceValue::Kind::kAbsent) {
      p.value = Literal(r, "insecure_value");
    }
    if (p.value.kind == SourceValue::Kind::kLiteral) {
      p.value_size = static_cast<int64_t>(p.value.literal.size());
    }
    builder_->AddParameter(std::move(p));
  }

  void ReadTaskDefinition(const TfResource& r) {
    EcsTaskDefinition td;
    td.origin = Origin(r);
    td.family = Str(r, "family");
    td.arn = Str(r, "arn");
    const DocNode* defs = r.values->Get("container_definitions");
    if (defs != nullptr && defs->IsString() && !defs->text.empty()) {
      DocNode parsed;
      DocParseError perr;
      if (!ParseJsonDocument(defs->text, &parsed, &perr)) {
        errors_->push_back(
            {path_, defs->line,
             fmt::format("{}: container_definitions is not valid JSON: {}",
                         r.address, perr.cause)});
        return;
      }
      SetPositions(&parsed, defs->line, defs->column);
      DocNode wrapper;
      wrapper.kind = DocNode::Kind::kObject;
      wrapper.keys.push_back("containerDefinitions");
      wrapper.items.push_back(std::move(parsed));
      EcsTaskDefinition shaped = TaskDefinitionFromApi(wrapper, td.origin.where);
      td.containers = std::move(shaped.containers);
    }
    builder_->AddTaskDefinition(std::move(td));
  }

  const DocNode& doc_;
  std::string path_;
  InventoryBuilder* builder_;
  std::vector<InputError>* errors_;
  std::map<std::string, const DocNode*> config_;  // address -> expressions
  std::vector<TfResource> resources_;
  std::vector<std::pair<const TfResource*, Secret>> secrets_;
  std::string caller_account_;
};

}  // namespace

std::string StripAddressIndices(std::string_view address) {
  std::string out;
  int depth = 0;
  bool quoted = false;
  for (size_t i = 0; i < address.size(); ++i) {
    char c = address[i];
    if (depth > 0) {
      if (quoted) {
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '[') {
        ++depth;
      } else if (c == ']') {
        --depth;
      }
      continue;
    }
    if (c == '[') {
      depth = 1;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

bool IsTerraformJson(const DocNode& doc) {
  return doc.IsObject() && doc.Get("format_version") != nullptr &&
         (doc.Get("planned_values") != nullptr || doc.Get("values") != nullptr);
}

void LoadTerraformJson(const DocNode& doc, const std::string& path,
                       InventoryBuilder* builder,
                       std::vector<InputError>* errors) {
  TerraformReader(doc, path, builder, errors).Run();
}

}  // namespace keylint
