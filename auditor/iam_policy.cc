#include "auditor/iam_policy.h"

#include <fmt/format.h>

#include <cctype>

#include "auditor/text_util.h"

namespace keylint {
namespace {

// A string or a list of strings. Non-string scalars (numbers for account
// ids written without quotes) are taken as text.
bool StringOrList(const DocNode& n, std::vector<std::string>* out) {
  if (n.IsScalar()) {
    out->push_back(n.text);
    return true;
  }
  if (!n.IsArray()) return false;
  for (const DocNode& item : n.items) {
    if (!item.IsScalar()) return false;
    out->push_back(item.text);
  }
  return true;
}

bool ParsePrincipal(const DocNode& n, PolicyPrincipal* p) {
  if (n.IsScalar()) {
    if (n.text != "*") return false;
    p->wildcard = true;
    return true;
  }
  if (!n.IsObject()) return false;
  for (size_t i = 0; i < n.keys.size(); ++i) {
    std::vector<std::string> values;
    if (!StringOrList(n.items[i], &values)) return false;
    for (std::string& v : values) {
      if (n.keys[i] == "AWS" && v == "*") p->wildcard = true;
      p->entries.emplace_back(n.keys[i], std::move(v));
    }
  }
  return true;
}

bool ParseStatement(const DocNode& n, int index, int line, int column,
                    PolicyStatement* s, std::string* error) {
  if (!n.IsObject()) {
    *error = fmt::format("statement {} is not an object", index + 1);
    return false;
  }
  s->index = index;
  s->line = n.line > 0 ? n.line : line;
  s->column = n.line > 0 ? n.column : column;
  s->sid = std::string(n.GetStr("Sid"));
  std::string_view effect = n.GetStr("Effect");
  if (effect == "Allow") {
    s->allow = true;
  } else if (effect == "Deny") {
    s->allow = false;
  } else {
    *error = fmt::format("statement {}: Effect must be Allow or Deny",
                         index + 1);
    return false;
  }
  if (const DocNode* p = n.Get("Principal")) {
    s->has_principal = true;
    if (!ParsePrincipal(*p, &s->principal)) {
      *error = fmt::format("statement {}: Principal is not \"*\" or a map",
                           index + 1);
      return false;
    }
  }
  if (const DocNode* p = n.Get("NotPrincipal")) {
    s->has_not_principal = true;
    if (!ParsePrincipal(*p, &s->not_principal)) {
      *error = fmt::format(
          "statement {}: NotPrincipal is not \"*\" or a map", index + 1);
      return false;
    }
  }
  const DocNode* action = n.Get("Action");
  const DocNode* not_action = n.Get("NotAction");
  if (action != nullptr && not_action != nullptr) {
    *error = fmt::format("statement {}: both Action and NotAction", index + 1);
    return false;
  }
  if (action != nullptr || not_action != nullptr) {
    s->not_action = not_action != nullptr;
    if (!StringOrList(action ? *action : *not_action, &s->actions)) {
      *error = fmt::format("statement {}: {} must be a string or a list",
                           index + 1, action ? "Action" : "NotAction");
      return false;
    }
  }
  const DocNode* resource = n.Get("Resource");
  const DocNode* not_resource = n.Get("NotResource");
  if (resource != nullptr || not_resource != nullptr) {
    s->not_resource = resource == nullptr;
    if (!StringOrList(resource ? *resource : *not_resource, &s->resources)) {
      *error = fmt::format("statement {}: {} must be a string or a list",
                           index + 1, resource ? "Resource" : "NotResource");
      return false;
    }
  }
  if (const DocNode* c = n.Get("Condition")) {
    if (!c->IsObject()) {
      *error = fmt::format("statement {}: Condition must be a map", index + 1);
      return false;
    }
    for (size_t i = 0; i < c->keys.size(); ++i) {
      const DocNode& block = c->items[i];
      if (!block.IsObject()) {
        *error = fmt::format(
            "statement {}: Condition operator {} must map keys to values",
            index + 1, c->keys[i]);
        return false;
      }
      for (size_t k = 0; k < block.keys.size(); ++k) {
        PolicyCondition cond;
        cond.op = c->keys[i];
        cond.key = block.keys[k];
        if (!StringOrList(block.items[k], &cond.values)) {
          *error = fmt::format(
              "statement {}: Condition {} values must be strings", index + 1,
              cond.key);
          return false;
        }
        s->conditions.push_back(std::move(cond));
      }
    }
  }
  return true;
}

}  // namespace

bool ParsePolicyDocument(const DocNode& doc, int line, int column,
                         PolicyDocument* out, std::string* error) {
  if (!doc.IsObject()) {
    *error = "the policy is not a JSON object";
    return false;
  }
  const DocNode* st = doc.Get("Statement");
  if (st == nullptr) {
    *error = "the policy has no Statement";
    return false;
  }
  PolicyDocument result;
  if (st->IsObject()) {
    PolicyStatement s;
    if (!ParseStatement(*st, 0, line, column, &s, error)) return false;
    result.statements.push_back(std::move(s));
  } else if (st->IsArray()) {
    for (size_t i = 0; i < st->items.size(); ++i) {
      PolicyStatement s;
      if (!ParseStatement(st->items[i], static_cast<int>(i), line, column, &s,
                          error)) {
        return false;
      }
      result.statements.push_back(std::move(s));
    }
  } else {
    *error = "Statement must be an object or a list";
    return false;
  }
  *out = std::move(result);
  return true;
}

bool ParsePolicyText(std::string_view text, int line, int column,
                     PolicyDocument* out, std::string* error) {
  std::string decoded;
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '%') {
    decoded = PercentDecode(text);
    text = decoded;
  }
  DocNode doc;
  DocParseError perr;
  if (!ParseJsonDocument(text, &doc, &perr)) {
    *error = "the policy is not valid JSON: " + perr.cause;
    return false;
  }
  SetPositions(&doc, line, column);
  return ParsePolicyDocument(doc, line, column, out, error);
}

bool ActionMatches(std::string_view pattern, std::string_view action) {
  return GlobMatch(pattern, action, /*ignore_case=*/true);
}

bool StatementAllowsAction(const PolicyStatement& s, std::string_view action) {
  bool listed = false;
  for (const std::string& a : s.actions) {
    if (ActionMatches(a, action)) {
      listed = true;
      break;
    }
  }
  return s.not_action ? !listed : listed;
}

bool IsWildcardResource(std::string_view r) {
  if (r == "*") return true;
  if (!r.starts_with("arn:")) return false;
  // arn:partition:service:region:account:resource
  size_t pos = 0;
  for (int i = 0; i < 5; ++i) {
    pos = r.find(':', pos);
    if (pos == std::string_view::npos) return false;
    ++pos;
  }
  std::string_view rest = r.substr(pos);
  if (rest == "*") return true;
  // "secret:*", "parameter/*", "parameter*", "key/*": a resource type
  // followed by nothing but a wildcard.
  size_t i = 0;
  while (i < rest.size() &&
         (std::isalnum(static_cast<unsigned char>(rest[i])) ||
          rest[i] == '-' || rest[i] == '_')) {
    ++i;
  }
  if (i == 0) return false;
  std::string_view tail = rest.substr(i);
  return tail == "*" || tail == "/*" || tail == ":*";
}

std::optional<std::string> ArnAccount(std::string_view arn) {
  if (!arn.starts_with("arn:")) return std::nullopt;
  std::vector<std::string> parts = Split(arn, ':');
  if (parts.size() < 6) return std::nullopt;
  const std::string& account = parts[4];
  if (account.size() != 12 ||
      account.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return account;
}

std::optional<std::string> PrincipalAccount(std::string_view value) {
  if (value.size() == 12 &&
      value.find_first_not_of("0123456789") == std::string_view::npos) {
    return std::string(value);
  }
  return ArnAccount(value);
}

bool IsMatchingConditionOperator(std::string_view op) {
  std::string o = ToLower(op);
  // ForAllValues is true when the request has no such key at all.
  if (o.starts_with("forallvalues:")) return false;
  if (o.starts_with("foranyvalue:")) o.erase(0, 12);
  if (o.ends_with("ifexists")) return false;
  if (o.find("not") != std::string::npos) return false;
  if (o == "null") return false;
  return o.starts_with("string") || o.starts_with("arn") ||
         o.starts_with("ipaddress") || o == "bool" ||
         o.starts_with("numeric") || o.starts_with("date");
}

bool ConditionKeyIn(std::string_view key,
                    const std::vector<std::string>& patterns) {
  for (const std::string& p : patterns) {
    if (GlobMatch(p, key, /*ignore_case=*/true)) return true;
  }
  return false;
}

}  // namespace keylint
