#include "auditor/cfn_loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "auditor/text_util.h"

namespace keylint {
namespace {

bool IsDynamicSecretReference(std::string_view s) {
  return s.find("{{resolve:secretsmanager:") != std::string_view::npos ||
         s.find("{{resolve:ssm-secure:") != std::string_view::npos;
}

bool IsIntrinsicKey(std::string_view k) {
  return k == "Ref" || k == "Condition" || k.starts_with("Fn::");
}

// What a template value evaluates to, as far as the template says.
struct Eval {
  enum Kind { kLiteral, kPlaceholder, kUnknown, kSecretRef };  // by rank
  Kind kind = kLiteral;
  std::string text;
  std::string reference;  // kSecretRef: what it resolves

  void Absorb(const Eval& part) {
    if (part.kind > kind) {
      kind = part.kind;
      if (part.kind == kSecretRef) reference = part.reference;
    }
  }
};

class Template {
 public:
  Template(const DocNode& doc, const std::string& path)
      : path_(path),
        parameters_(doc.Get("Parameters")),
        resources_(doc.Get("Resources")) {}

  const std::string& path() const { return path_; }
  const DocNode* resources() const { return resources_; }

  Eval Evaluate(const DocNode& v) const { return Evaluate(v, 0); }

  // The text of a value when the template fixes it (defaults included).
  std::string Name(const DocNode* v) const {
    if (v == nullptr) return {};
    Eval e = Evaluate(*v);
    if (e.kind == Eval::kLiteral) return e.text;
    if (e.kind == Eval::kPlaceholder &&
        e.text.find("${") == std::string::npos) {
      return e.text;
    }
    return {};
  }

  // The text with placeholders, or "" when not even that is known.
  std::string Render(const DocNode* v) const {
    if (v == nullptr) return {};
    Eval e = Evaluate(*v);
    return e.kind == Eval::kUnknown ? std::string() : e.text;
  }

  SourceValue Value(const DocNode& v) const {
    SourceValue out;
    out.where = LocationOf(v, path_);
    Eval e = Evaluate(v);
    switch (e.kind) {
      case Eval::kLiteral:
        out.kind = SourceValue::Kind::kLiteral;
        out.literal = std::move(e.text);
        out.constant = true;
        break;
      case Eval::kSecretRef:
        out.kind = SourceValue::Kind::kSecretReference;
        out.reference = std::move(e.reference);
        break;
      default:
        out.kind = SourceValue::Kind::kComputed;
    }
    return out;
  }

  // A copy of `v` with every intrinsic function replaced by its rendered
  // text ("${?}" when unknown), for policy documents.
  DocNode RenderTree(const DocNode& v) const {
    if (v.IsObject() && v.keys.size() == 1 && IsIntrinsicKey(v.keys[0])) {
      DocNode s;
      s.kind = DocNode::Kind::kString;
      s.line = v.line;
      s.column = v.column;
      Eval e = Evaluate(v);
      s.text = e.kind == Eval::kUnknown ? "${?}" : e.text;
      return s;
    }
    DocNode copy;
    copy.kind = v.kind;
    copy.line = v.line;
    copy.column = v.column;
    copy.text = v.text;
    copy.keys = v.keys;
    copy.items.reserve(v.items.size());
    for (const DocNode& item : v.items) copy.items.push_back(RenderTree(item));
    return copy;
  }

  // The logical id a value refers to with Ref (or GetAtt), else "".
  static std::string RefTarget(const DocNode* v) {
    if (v == nullptr || !v->IsObject() || v->keys.size() != 1) return {};
    const DocNode& arg = v->items[0];
    if (v->keys[0] == "Ref" && arg.IsScalar()) return arg.text;
    if (v->keys[0] == "Fn::GetAtt") {
      if (arg.IsArray() && !arg.items.empty()) return arg.items[0].text;
      if (arg.IsScalar()) return arg.text.substr(0, arg.text.find('.'));
    }
    return {};
  }

 private:
  Eval Placeholder(std::string text) const {
    return Eval{Eval::kPlaceholder, std::move(text), {}};
  }

  Eval RefTo(std::string_view name) const {
    if (name.starts_with("AWS::")) {
      return Placeholder(fmt::format("${{{}}}", name));
    }
    if (parameters_ != nullptr) {
      if (const DocNode* p = parameters_->Get(name); p && p->IsObject()) {
        if (const DocNode* ne = p->Get("NoEcho"); ne && ne->AsBool() == true) {
          return Eval{Eval::kSecretRef, fmt::format("${{{}}}", name),
                      fmt::format("the NoEcho parameter {}", name)};
        }
        if (const DocNode* d = p->Get("Default"); d && d->IsScalar()) {
          return Placeholder(d->text);
        }
      }
    }
    return Placeholder(fmt::format("${{{}}}", name));
  }

  Eval Sub(const DocNode& arg, int depth) const {
    const DocNode* tmpl = &arg;
    const DocNode* vars = nullptr;
    if (arg.IsArray() && !arg.items.empty()) {
      tmpl = &arg.items[0];
      if (arg.items.size() > 1) vars = &arg.items[1];
    }
    if (!tmpl->IsScalar()) return Eval{Eval::kUnknown, {}, {}};
    Eval out;
    if (IsDynamicSecretReference(tmpl->text)) {
      out.kind = Eval::kSecretRef;
      out.reference = "a {{resolve:...}} dynamic reference";
    }
    const std::string& s = tmpl->text;
    size_t i = 0;
    while (i < s.size()) {
      size_t open = s.find("${", i);
      if (open == std::string::npos) {
        out.text.append(s, i, std::string::npos);
        break;
      }
      out.text.append(s, i, open - i);
      size_t close = s.find('}', open);
      if (close == std::string::npos) {
        out.text.append(s, open, std::string::npos);
        break;
      }
      std::string name = s.substr(open + 2, close - open - 2);
      i = close + 1;
      if (!name.empty() && name[0] == '!') {  // ${!Literal}
        out.text += "${" + name.substr(1) + "}";
        continue;
      }
      Eval part;
      const DocNode* var = vars != nullptr ? vars->Get(name) : nullptr;
      if (var != nullptr) {
        part = Evaluate(*var, depth + 1);
      } else if (name.find('.') != std::string::npos) {
        part = Placeholder("${" + name + "}");  // ${Resource.Attribute}
      } else {
        part = RefTo(name);
      }
      out.Absorb(part);
      out.text += part.kind == Eval::kUnknown ? "${?}" : part.text;
    }
    return out;
  }

  Eval Evaluate(const DocNode& v, int depth) const {
    if (depth > 20) return Eval{Eval::kUnknown, {}, {}};
    if (v.IsScalar()) {
      if (IsDynamicSecretReference(v.text)) {
        return Eval{Eval::kSecretRef, v.text,
                    "a {{resolve:...}} dynamic reference"};
      }
      return Eval{Eval::kLiteral, v.text, {}};
    }
    if (!v.IsObject() || v.keys.size() != 1) return Eval{Eval::kUnknown, {}, {}};
    const std::string& fn = v.keys[0];
    const DocNode& arg = v.items[0];
    if (fn == "Ref" && arg.IsScalar()) return RefTo(arg.text);
    if (fn == "Fn::GetAtt") {
      std::string target;
      if (arg.IsArray()) {
        for (const DocNode& p : arg.items) {
          if (!target.empty()) target.push_back('.');
          target += p.text;
        }
      } else {
        target = arg.text;
      }
      return Placeholder("${" + target + "}");
    }
    if (fn == "Fn::Sub") return Sub(arg, depth);
    if (fn == "Fn::Join" && arg.IsArray() && arg.items.size() == 2 &&
        arg.items[0].IsScalar() && arg.items[1].IsArray()) {
      Eval out;
      bool first = true;
      for (const DocNode& part : arg.items[1].items) {
        Eval e = Evaluate(part, depth + 1);
        out.Absorb(e);
        if (!first) out.text += arg.items[0].text;
        first = false;
        out.text += e.kind == Eval::kUnknown ? "${?}" : e.text;
      }
      return out;
    }
    if (fn == "Fn::Select" && arg.IsArray() && arg.items.size() == 2 &&
        arg.items[1].IsArray()) {
      std::optional<int64_t> index = arg.items[0].AsInt();
      if (index && *index >= 0 &&
          *index < static_cast<int64_t>(arg.items[1].items.size())) {
        return Evaluate(arg.items[1].items[*index], depth + 1);
      }
    }
    if (fn == "Fn::ImportValue") {
      Eval e = Evaluate(arg, depth + 1);
      return Placeholder("${Import:" + e.text + "}");
    }
    return Eval{Eval::kUnknown, {}, {}};
  }

  std::string path_;
  const DocNode* parameters_;
  const DocNode* resources_;
};

Tags TemplateTags(const Template& t, const DocNode* tags) {
  Tags out;
  if (tags == nullptr) return out;
  if (tags->IsObject()) {  // AWS::SSM::Parameter: a plain map
    for (size_t i = 0; i < tags->keys.size(); ++i) {
      out.emplace_back(tags->keys[i], t.Render(&tags->items[i]));
    }
  } else if (tags->IsArray()) {
    for (const DocNode& tag : tags->items) {
      std::string key = t.Render(tag.Get("Key"));
      if (!key.empty()) out.emplace_back(key, t.Render(tag.Get("Value")));
    }
  }
  return out;
}

void AddError(std::vector<InputError>* errors, const std::string& path,
              const DocNode& at, std::string message) {
  errors->push_back({path, at.line, std::move(message)});
}

std::vector<CheckSkip> ReadSkips(const DocNode& resource,
                                 const std::string& logical_id,
                                 const std::string& path,
                                 std::vector<InputError>* errors) {
  std::vector<CheckSkip> skips;
  const DocNode* meta = resource.Get("Metadata");
  const DocNode* kl = meta != nullptr ? meta->Get("keylint") : nullptr;
  if (kl == nullptr) return skips;
  const DocNode* skip = kl->Get("skip");
  if (skip == nullptr) return skips;
  std::string shared_reason(kl->GetStr("reason"));
  std::vector<const DocNode*> entries;
  if (skip->IsArray()) {
    for (const DocNode& e : skip->items) entries.push_back(&e);
  } else {
    entries.push_back(skip);
  }
  for (const DocNode* e : entries) {
    CheckSkip s;
    s.where = LocationOf(*e, path);
    if (e->IsScalar()) {
      s.check = e->text;
      s.reason = shared_reason;
    } else if (e->IsObject()) {
      s.check = std::string(e->GetStr("id"));
      s.reason = std::string(e->GetStr("reason"));
      if (s.reason.empty()) s.reason = shared_reason;
    }
    if (s.check.empty()) {
      AddError(errors, path, *e,
               fmt::format("{}: a keylint skip entry needs a check id",
                           logical_id));
      continue;
    }
    if (s.reason.find_first_not_of(" \t") == std::string::npos) {
      AddError(errors, path, *e,
               fmt::format("{}: keylint skip of {} needs a reason; not applied",
                           logical_id, s.check));
      continue;
    }
    skips.push_back(std::move(s));
  }
  return skips;
}

bool ParseTemplatePolicy(const Template& t, const DocNode& doc,
                         PolicyDocument* out, std::string* error) {
  if (doc.IsString()) return ParsePolicyText(doc.text, doc.line, doc.column,
                                             out, error);
  DocNode rendered = t.RenderTree(doc);
  return ParsePolicyDocument(rendered, doc.line, doc.column, out, error);
}

std::vector<EnvVar> TemplateEnv(const Template& t, const DocNode* environment) {
  std::vector<EnvVar> env;
  const DocNode* vars =
      environment != nullptr ? environment->Get("Variables") : nullptr;
  if (vars == nullptr || !vars->IsObject()) return env;
  for (size_t i = 0; i < vars->keys.size(); ++i) {
    env.push_back({vars->keys[i], t.Value(vars->items[i])});
  }
  return env;
}

struct RotationSpec {
  std::string secret_ref;   // logical id
  std::string secret_name;  // literal SecretId
  RotationRules rules;
  std::string lambda_arn;
  bool hosted = false;
};

class CfnReader {
 public:
  CfnReader(const DocNode& doc, const std::string& path,
            InventoryBuilder* builder, std::vector<InputError>* errors)
      : t_(doc, path), doc_(doc), builder_(builder), errors_(errors) {}

  void Run() {
    const DocNode* resources = t_.resources();
    if (resources == nullptr || !resources->IsObject()) return;
    for (size_t i = 0; i < resources->keys.size(); ++i) {
      const DocNode& res = resources->items[i];
      if (!res.IsObject()) continue;
      ReadResource(resources->keys[i], res);
    }
    ReadSamGlobals();
    for (const RotationSpec& r : rotations_) ApplyRotation(r);
    for (Secret& s : secrets_) builder_->AddSecret(std::move(s));
    for (auto& [ref, p] : policies_) {
      // A policy on a secret of this template shows the secret's name.
      if (auto it = secret_names_.find(ref); it != secret_names_.end()) {
        p.secret_name = it->second;
      }
      builder_->AddResourcePolicy(std::move(p));
    }
  }

 private:
  const std::string& path() const { return t_.path(); }

  ResourceOrigin Origin(const std::string& logical_id, const DocNode& res) {
    ResourceOrigin o;
    o.format = SourceFormat::kCloudFormation;
    o.where = LocationOf(res, path());
    o.logical_id = logical_id;
    o.skips = ReadSkips(res, logical_id, path(), errors_);
    return o;
  }

  void ReadResource(const std::string& id, const DocNode& res) {
    std::string_view type = res.GetStr("Type");
    const DocNode* props = res.Get("Properties");
    static const DocNode kEmpty = [] {
      DocNode n;
      n.kind = DocNode::Kind::kObject;
      return n;
    }();
    const DocNode& p = props != nullptr && props->IsObject() ? *props : kEmpty;
    if (type == "AWS::SecretsManager::Secret") {
      ReadSecret(id, res, p);
    } else if (type == "AWS::SecretsManager::RotationSchedule") {
      ReadRotation(p);
    } else if (type == "AWS::SecretsManager::ResourcePolicy") {
      ReadResourcePolicy(id, res, p);
    } else if (type == "AWS::SSM::Parameter") {
      ReadParameter(id, res, p);
    } else if (type == "AWS::Lambda::Function" ||
               type == "AWS::Serverless::Function") {
      LambdaFunction f;
      f.origin = Origin(id, res);
      f.name = t_.Name(p.Get("FunctionName"));
      f.environment = TemplateEnv(t_, p.Get("Environment"));
      builder_->AddFunction(std::move(f));
    } else if (type == "AWS::ECS::TaskDefinition") {
      ReadTaskDefinition(id, res, p);
    } else if (type == "AWS::IAM::Policy" ||
               type == "AWS::IAM::ManagedPolicy") {
      IdentityPolicy ip;
      ip.origin = Origin(id, res);
      ip.kind = type == "AWS::IAM::Policy" ? IdentityPolicy::Kind::kRoleInline
                                           : IdentityPolicy::Kind::kManaged;
      ip.name = t_.Name(p.Get(type == "AWS::IAM::Policy" ? "PolicyName"
                                                          : "ManagedPolicyName"));
      if (ip.name.empty()) ip.name = id;
      if (const DocNode* roles = p.Get("Roles");
          roles && roles->IsArray() && !roles->items.empty()) {
        ip.owner = PrincipalName(&roles->items[0]);
      } else if (const DocNode* users = p.Get("Users");
                 users && users->IsArray() && !users->items.empty()) {
        ip.kind = IdentityPolicy::Kind::kUserInline;
        ip.owner = PrincipalName(&users->items[0]);
      } else if (const DocNode* groups = p.Get("Groups");
                 groups && groups->IsArray() && !groups->items.empty()) {
        ip.kind = IdentityPolicy::Kind::kGroupInline;
        ip.owner = PrincipalName(&groups->items[0]);
      }
      AddIdentityPolicy(std::move(ip), p.Get("PolicyDocument"), id);
    } else if (type == "AWS::IAM::Role" || type == "AWS::IAM::User" ||
               type == "AWS::IAM::Group") {
      ReadInlinePolicies(id, res, p, type);
    }
  }

  // The name of the user, role or group a value names: literal, else
  // "<name of LogicalId>" for a resource of this template.
  std::string PrincipalName(const DocNode* v) const {
    std::string name = t_.Name(v);
    if (!name.empty()) return name;
    std::string target = Template::RefTarget(v);
    if (!target.empty()) return "<name of " + target + ">";
    return t_.Render(v);
  }

  void AddIdentityPolicy(IdentityPolicy ip, const DocNode* document,
                         const std::string& id) {
    if (document == nullptr) return;
    std::string error;
    if (!ParseTemplatePolicy(t_, *document, &ip.document, &error)) {
      AddError(errors_, path(), *document,
               fmt::format("{}: PolicyDocument: {}", id, error));
      return;
    }
    builder_->AddIdentityPolicy(std::move(ip));
  }

  void ReadSecret(const std::string& id, const DocNode& res,
                  const DocNode& p) {
    Secret s;
    s.origin = Origin(id, res);
    s.name = t_.Name(p.Get("Name"));
    s.description = t_.Render(p.Get("Description"));
    s.kms_key_id = t_.Render(p.Get("KmsKeyId"));
    if (p.Get("KmsKeyId") != nullptr && s.kms_key_id.empty()) {
      s.kms_key_id = "${?}";  // some key, computed
    }
    s.tags = TemplateTags(t_, p.Get("Tags"));
    s.rotation_enabled = false;  // until a RotationSchedule names it
    if (const DocNode* v = p.Get("SecretString")) s.value = t_.Value(*v);
    secret_names_[id] = s.name;
    secrets_.push_back(std::move(s));
  }

  void ReadRotation(const DocNode& p) {
    RotationSpec r;
    const DocNode* target = p.Get("SecretId");
    r.secret_ref = Template::RefTarget(target);
    if (r.secret_ref.empty()) r.secret_name = t_.Name(target);
    r.lambda_arn = t_.Render(p.Get("RotationLambdaARN"));
    r.hosted = p.Get("HostedRotationLambda") != nullptr;
    if (const DocNode* rules = p.Get("RotationRules"); rules && rules->IsObject()) {
      if (const DocNode* d = rules->Get("AutomaticallyAfterDays")) {
        r.rules.automatically_after_days = d->AsInt();
      }
      r.rules.schedule_expression = t_.Render(rules->Get("ScheduleExpression"));
      r.rules.duration = t_.Render(rules->Get("Duration"));
    }
    rotations_.push_back(std::move(r));
  }

  void ApplyRotation(const RotationSpec& r) {
    for (Secret& s : secrets_) {
      bool match = !r.secret_ref.empty()
                       ? s.origin.logical_id == r.secret_ref
                       : (!r.secret_name.empty() &&
                          (s.name == r.secret_name || s.arn == r.secret_name));
      if (!match) continue;
      s.rotation_enabled = true;
      s.rotation_rules = r.rules;
      s.rotation_lambda_arn = r.lambda_arn;
      s.hosted_rotation = r.hosted;
    }
  }

  void ReadResourcePolicy(const std::string& id, const DocNode& res,
                          const DocNode& p) {
    ResourcePolicy rp;
    rp.origin = Origin(id, res);
    const DocNode* target = p.Get("SecretId");
    std::string ref = Template::RefTarget(target);
    rp.secret = !ref.empty() ? "${" + ref + "}" : t_.Render(target);
    rp.secret_name = ref.empty() ? t_.Name(target) : std::string();
    if (auto account = ArnAccount(rp.secret)) rp.owner_account = *account;
    if (const DocNode* b = p.Get("BlockPublicPolicy")) {
      rp.block_public_policy = b->AsBool();
    }
    const DocNode* doc = p.Get("ResourcePolicy");
    if (doc == nullptr) return;
    std::string error;
    if (!ParseTemplatePolicy(t_, *doc, &rp.document, &error)) {
      AddError(errors_, path(), *doc,
               fmt::format("{}: ResourcePolicy: {}", id, error));
      return;
    }
    policies_.emplace_back(ref, std::move(rp));
  }

  void ReadParameter(const std::string& id, const DocNode& res,
                     const DocNode& p) {
    Parameter param;
    param.origin = Origin(id, res);
    param.name = t_.Name(p.Get("Name"));
    param.type = t_.Name(p.Get("Type"));
    param.tier = t_.Name(p.Get("Tier"));
    param.data_type = t_.Name(p.Get("DataType"));
    param.description = t_.Render(p.Get("Description"));
    param.tags = TemplateTags(t_, p.Get("Tags"));
    if (const DocNode* v = p.Get("Value")) {
      param.value = t_.Value(*v);
      if (param.value.kind == SourceValue::Kind::kLiteral) {
        param.value_size = static_cast<int64_t>(param.value.literal.size());
      }
    }
    if (const DocNode* pol = p.Get("Policies"); pol && pol->IsScalar()) {
      param.policies.push_back(pol->text);
    }
    builder_->AddParameter(std::move(param));
  }

  void ReadTaskDefinition(const std::string& id, const DocNode& res,
                          const DocNode& p) {
    EcsTaskDefinition td;
    td.origin = Origin(id, res);
    td.family = t_.Name(p.Get("Family"));
    const DocNode* defs = p.Get("ContainerDefinitions");
    if (defs != nullptr && defs->IsArray()) {
      for (const DocNode& d : defs->items) {
        ContainerDefinition c;
        c.name = t_.Render(d.Get("Name"));
        if (const DocNode* env = d.Get("Environment"); env && env->IsArray()) {
          for (const DocNode& kv : env->items) {
            EnvVar v;
            v.name = t_.Render(kv.Get("Name"));
            if (const DocNode* value = kv.Get("Value")) v.value = t_.Value(*value);
            c.environment.push_back(std::move(v));
          }
        }
        if (const DocNode* sec = d.Get("Secrets"); sec && sec->IsArray()) {
          for (const DocNode& kv : sec->items) {
            c.secrets.emplace_back(t_.Render(kv.Get("Name")),
                                   t_.Render(kv.Get("ValueFrom")));
          }
        }
        td.containers.push_back(std::move(c));
      }
    }
    builder_->AddTaskDefinition(std::move(td));
  }

  void ReadInlinePolicies(const std::string& id, const DocNode& res,
                          const DocNode& p, std::string_view type) {
    const DocNode* policies = p.Get("Policies");
    if (policies == nullptr || !policies->IsArray()) return;
    IdentityPolicy::Kind kind = type == "AWS::IAM::Role"
                                    ? IdentityPolicy::Kind::kRoleInline
                                : type == "AWS::IAM::User"
                                    ? IdentityPolicy::Kind::kUserInline
                                    : IdentityPolicy::Kind::kGroupInline;
    const char* name_key = type == "AWS::IAM::Role"   ? "RoleName"
                           : type == "AWS::IAM::User" ? "UserName"
                                                      : "GroupName";
    std::string owner = t_.Name(p.Get(name_key));
    if (owner.empty()) owner = id;
    for (const DocNode& pol : policies->items) {
      IdentityPolicy ip;
      ip.origin = Origin(id, res);
      ip.origin.where = LocationOf(pol, path());
      ip.kind = kind;
      ip.owner = owner;
      ip.name = t_.Name(pol.Get("PolicyName"));
      AddIdentityPolicy(std::move(ip), pol.Get("PolicyDocument"), id);
    }
  }

  // SAM: Globals.Function.Environment applies to every function.
  void ReadSamGlobals() {
    const DocNode* globals = doc_.Get("Globals");
    const DocNode* fn = globals != nullptr ? globals->Get("Function") : nullptr;
    if (fn == nullptr || fn->Get("Environment") == nullptr) return;
    LambdaFunction f;
    f.origin.format = SourceFormat::kCloudFormation;
    f.origin.where = LocationOf(*fn, path());
    f.origin.logical_id = "Globals.Function";
    f.environment = TemplateEnv(t_, fn->Get("Environment"));
    builder_->AddFunction(std::move(f));
  }

  Template t_;
  const DocNode& doc_;
  InventoryBuilder* builder_;
  std::vector<InputError>* errors_;
  std::vector<Secret> secrets_;
  std::map<std::string, std::string> secret_names_;  // logical id -> name
  std::vector<RotationSpec> rotations_;
  // (logical id of the secret, or "") -> policy
  std::vector<std::pair<std::string, ResourcePolicy>> policies_;
};

}  // namespace

bool IsCloudFormationTemplate(const DocNode& doc) {
  if (!doc.IsObject()) return false;
  if (doc.Get("AWSTemplateFormatVersion") != nullptr) return true;
  const DocNode* resources = doc.Get("Resources");
  if (resources == nullptr || !resources->IsObject() ||
      resources->items.empty()) {
    return false;
  }
  return std::all_of(resources->items.begin(), resources->items.end(),
                     [](const DocNode& r) { return !r.GetStr("Type").empty(); });
}

void LoadCloudFormation(const DocNode& doc, const std::string& path,
                        InventoryBuilder* builder,
                        std::vector<InputError>* errors) {
  CfnReader(doc, path, builder, errors).Run();
}

}  // namespace keylint
