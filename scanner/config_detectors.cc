// The `env` detectors over configuration files (.env, Dockerfile, compose,
// Kubernetes, CI, CloudFormation/SAM/CDK, Terraform) and the `usage`
// detector for secret values written into templates and Terraform.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "rules/filters.h"
#include "scanner/detector_util.h"

namespace keylint {
namespace {

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool Has(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
         c == '-';
}

// Calls fn(line, offset) for every line of `text`.
template <typename Fn>
void ForEachLine(std::string_view text, Fn fn) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    fn(text.substr(pos, end - pos), pos);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
}

// A value as written after '=': quoted ('..' or "..") or bare up to
// whitespace (or " #" comment). Returns the value and its offset in `s`.
struct RawValue {
  std::string_view value;
  size_t offset = 0;
  bool quoted = false;
  bool double_quoted = false;
};
RawValue ParseValue(std::string_view s, bool bare_stops_at_space) {
  RawValue v;
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
    char q = s[i];
    size_t close = s.find(q, i + 1);
    while (q == '"' && close != std::string_view::npos && s[close - 1] == '\\')
      close = s.find(q, close + 1);
    if (close == std::string_view::npos) close = s.size();
    v.value = s.substr(i + 1, close - i - 1);
    v.offset = i + 1;
    v.quoted = true;
    v.double_quoted = q == '"';
    return v;
  }
  size_t end = i;
  while (end < s.size()) {
    if (bare_stops_at_space && (s[end] == ' ' || s[end] == '\t')) break;
    if (s[end] == '#' && end > i && (s[end - 1] == ' ' || s[end - 1] == '\t'))
      break;
    ++end;
  }
  v.value = Trim(s.substr(i, end - i));
  v.offset = i;
  return v;
}

// One NAME=value found at `offset` of the text; checks and reports it.
void CheckAssignment(DetectorContext& ctx, std::string_view rule_id,
                     std::string_view where, std::string_view name,
                     std::string_view value, size_t offset) {
  std::string why;
  if (!ctx.IsSecretValue(name, value, &why)) return;
  ctx.Emit(rule_id, offset, offset + value.size(),
           std::string(where) + " sets " + std::string(name) +
               " to a literal secret (" + why + ")",
           value, name);
}

void Dotenv(DetectorContext& ctx) {
  ForEachLine(ctx.text(), [&](std::string_view line, size_t off) {
    size_t i = line.find_first_not_of(" \t");
    if (i == std::string_view::npos || line[i] == '#') return;
    if (line.substr(i, 7) == "export ") i += 7;
    size_t eq = line.find('=', i);
    if (eq == std::string_view::npos) return;
    std::string_view name = Trim(line.substr(i, eq - i));
    if (name.empty() || !std::all_of(name.begin(), name.end(), IsNameChar))
      return;
    RawValue v = ParseValue(line.substr(eq + 1), false);
    if (v.double_quoted && Has(v.value, "$")) return;  // interpolation
    CheckAssignment(ctx, "env-secret-in-dotenv", ".env file", name, v.value,
                    off + eq + 1 + v.offset);
  });
}

void Dockerfile(DetectorContext& ctx) {
  bool continuing = false;  // inside a multi-line ENV/ARG
  ForEachLine(ctx.text(), [&](std::string_view line, size_t off) {
    std::string_view t = Trim(line);
    bool was_continuing = continuing;
    continuing = !t.empty() && t.back() == '\\';
    if (continuing) t = Trim(t.substr(0, t.size() - 1));
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos) return;
    std::string_view body;
    std::string_view instr;
    if (!was_continuing) {
      size_t sp = t.find_first_of(" \t");
      if (sp == std::string_view::npos) {
        continuing = false;
        return;
      }
      instr = t.substr(0, sp);
      std::string upper(instr);
      for (auto& c : upper) c = static_cast<char>(std::toupper(c));
      if (upper != "ENV" && upper != "ARG") {
        continuing = false;
        return;
      }
      body = Trim(t.substr(sp));
    } else {
      body = t;
    }
    size_t body_off = off + static_cast<size_t>(body.data() - line.data());
    // Legacy "ENV NAME value" form: one pair, the rest of the line.
    size_t first_space = body.find_first_of(" \t");
    size_t first_eq = body.find('=');
    if (!was_continuing && first_space != std::string_view::npos &&
        (first_eq == std::string_view::npos || first_space < first_eq)) {
      std::string_view name = body.substr(0, first_space);
      RawValue v = ParseValue(body.substr(first_space), false);
      if (v.double_quoted && Has(v.value, "$")) return;
      if (!v.quoted && !v.value.empty() && v.value.front() == '$') return;
      CheckAssignment(ctx, "env-secret-in-dockerfile", "Dockerfile ENV", name,
                      v.value, body_off + first_space + v.offset);
      return;
    }
    // NAME=value NAME2="value 2" ...
    size_t i = 0;
    while (i < body.size()) {
      while (i < body.size() && (body[i] == ' ' || body[i] == '\t')) ++i;
      size_t eq = body.find('=', i);
      if (eq == std::string_view::npos) break;
      std::string_view name = body.substr(i, eq - i);
      RawValue v = ParseValue(body.substr(eq + 1), true);
      size_t consumed = v.offset + v.value.size() + (v.quoted ? 1 : 0);
      bool reference = (v.double_quoted && Has(v.value, "$")) ||
                       (!v.quoted && !v.value.empty() && v.value[0] == '$');
      if (!reference && std::all_of(name.begin(), name.end(), IsNameChar)) {
        CheckAssignment(ctx, "env-secret-in-dockerfile",
                        instr == "ARG" || instr == "arg" ? "Dockerfile ARG"
                                                         : "Dockerfile ENV",
                        name, v.value, body_off + eq + 1 + v.offset);
      }
      i = eq + 1 + consumed;
    }
  });
}

// ---- YAML / JSON -----------------------------------------------------------

enum class YamlKind { kNone, kCompose, kKubernetes, kCi, kCloudFormation };

YamlKind ClassifyYaml(std::string_view path, std::string_view text,
                      bool json) {
  size_t slash = path.rfind('/');
  std::string_view base =
      slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (Has(text, "AWSTemplateFormatVersion") || Has(text, "AWS::"))
    return YamlKind::kCloudFormation;
  if (json) return YamlKind::kNone;
  if (Has(path, ".github/workflows/") || Has(path, ".gitea/workflows/") ||
      base == ".gitlab-ci.yml" || base == ".gitlab-ci.yaml" ||
      Has(path, ".gitlab/ci/"))
    return YamlKind::kCi;
  if (base.substr(0, 14) == "docker-compose" || base.substr(0, 8) == "compose")
    return YamlKind::kCompose;
  if (Has(text, "apiVersion") && Has(text, "kind")) return YamlKind::kKubernetes;
  return YamlKind::kNone;
}

// A scalar written as a plain or quoted literal (no !Ref/!Sub/... tag).
bool IsLiteral(const YAML::Node& n) {
  if (!n.IsScalar()) return false;
  const std::string& tag = n.Tag();
  return tag.empty() || tag == "?" || tag == "!" ||
         tag == "tag:yaml.org,2002:str";
}

class YamlEnvWalker {
 public:
  YamlEnvWalker(DetectorContext& ctx, YamlKind kind) : ctx_(ctx), kind_(kind) {
    switch (kind) {
      case YamlKind::kCompose:
        rule_ = "env-secret-in-compose";
        where_ = "compose environment";
        break;
      case YamlKind::kKubernetes:
        rule_ = "env-secret-in-kubernetes";
        where_ = "Kubernetes env";
        break;
      case YamlKind::kCi:
        rule_ = "env-secret-in-ci";
        where_ = "CI env";
        break;
      case YamlKind::kCloudFormation:
        rule_ = "env-secret-in-cloudformation";
        where_ = "template environment";
        break;
      case YamlKind::kNone:
        break;
    }
  }

  // Visits at most about one node per byte of the file: an alias is a
  // reference to its anchor's node, so a walk that follows aliases could
  // otherwise visit nine levels of nine aliases ("billion laughs") 9^9
  // times.
  void Walk(const YAML::Node& n, int depth = 0) {
    if (depth > 64 || ++visited_ > ctx_.text().size() + 1000) return;
    if (n.IsSequence()) {
      for (const auto& item : n) Walk(item, depth + 1);
      return;
    }
    if (!n.IsMap()) return;
    for (const auto& kv : n) {
      if (!kv.first.IsScalar()) continue;
      const std::string key = kv.first.Scalar();
      const YAML::Node& v = kv.second;
      OnEntry(key, v);
      Walk(v, depth + 1);
    }
  }

 private:
  // Text offset of a scalar's value (after an opening quote).
  size_t ValueOffset(const YAML::Node& n) {
    size_t pos = static_cast<size_t>(std::max(0, n.Mark().pos));
    std::string_view t = ctx_.text();
    if (pos < t.size() && (t[pos] == '"' || t[pos] == '\'')) ++pos;
    return pos;
  }

  void Check(const std::string& name, const YAML::Node& value) {
    if (!IsLiteral(value)) return;  // !Ref, !Sub, {Ref: ..}, valueFrom, ...
    const std::string& v = value.Scalar();
    size_t off = ValueOffset(value);
    // Point at the value in the file when the scalar reads as written.
    std::string_view t = ctx_.text();
    if (t.substr(off, v.size()) != v) {
      size_t found = t.find(v, off);
      if (found != std::string_view::npos) off = found;
    }
    std::string why;
    if (!ctx_.IsSecretValue(name, v, &why)) return;
    ctx_.Emit(rule_, off, off + v.size(),
              where_ + " sets " + name + " to a literal secret (" + why + ")",
              v, name);
  }

  // NAME: value mapping (compose, GitHub Actions env, GitLab variables,
  // Lambda Variables).
  void MapBlock(const YAML::Node& m) {
    if (!m.IsMap()) return;
    for (const auto& kv : m) {
      if (!kv.first.IsScalar()) continue;
      const YAML::Node& v = kv.second;
      if (v.IsMap() && v["value"] && kind_ == YamlKind::kCi) {
        Check(kv.first.Scalar(), v["value"]);  // GitLab {value:, description:}
      } else {
        Check(kv.first.Scalar(), v);
      }
    }
  }

  // - {name: X, value: Y} list (Kubernetes, ECS).
  void NameValueList(const YAML::Node& s, const char* name_key,
                     const char* value_key) {
    for (const auto& item : s) {
      if (!item.IsMap()) continue;
      YAML::Node n = item[name_key], v = item[value_key];
      if (!n || !v || !n.IsScalar()) continue;
      Check(n.Scalar(), v);
    }
  }

  // - NAME=value list (compose).
  void AssignmentList(const YAML::Node& s) {
    for (const auto& item : s) {
      if (!IsLiteral(item)) continue;
      const std::string& a = item.Scalar();
      size_t eq = a.find('=');
      if (eq == std::string::npos) continue;
      std::string name = a.substr(0, eq), value = a.substr(eq + 1);
      std::string why;
      if (!ctx_.IsSecretValue(name, value, &why)) continue;
      size_t off = ValueOffset(item) + eq + 1;
      ctx_.Emit(rule_, off, off + value.size(),
                where_ + " sets " + name + " to a literal secret (" + why +
                    ")",
                value, name);
    }
  }

  void OnEntry(const std::string& key, const YAML::Node& v) {
    switch (kind_) {
      case YamlKind::kCompose:
        if (key == "environment") {
          if (v.IsMap()) MapBlock(v);
          if (v.IsSequence()) AssignmentList(v);
        }
        break;
      case YamlKind::kKubernetes:
        if (key == "env" && v.IsSequence()) NameValueList(v, "name", "value");
        break;
      case YamlKind::kCi:
        if ((key == "env" || key == "variables") && v.IsMap()) MapBlock(v);
        break;
      case YamlKind::kCloudFormation:
        if (key == "Environment") {
          if (v.IsMap() && v["Variables"]) MapBlock(v["Variables"]);
          if (v.IsSequence()) NameValueList(v, "Name", "Value");
        }
        if (key == "SecretString" && IsLiteral(v)) SecretString(v);
        break;
      case YamlKind::kNone:
        break;
    }
  }

  // AWS::SecretsManager::Secret SecretString written as a literal.
  void SecretString(const YAML::Node& v) {
    const std::string& s = v.Scalar();
    if (s.empty() || PlaceholderReason(s) != nullptr) return;
    size_t off = ValueOffset(v);
    ctx_.Emit("usage-secret-value-in-infrastructure-code", off,
              off + s.size(),
              "SecretString is a literal in the template: the secret value "
              "is stored in the template and its stack history",
              s, "SecretString");
  }

  DetectorContext& ctx_;
  YamlKind kind_;
  std::string rule_, where_;
  size_t visited_ = 0;
};

// Whether `word` (a YAML key, quotes stripped) names a block the walker
// reads values from: env, environment, variables (Environment, Variables).
bool IsEnvBlockKey(std::string_view word) {
  auto equals = [&](std::string_view w) {
    if (word.size() != w.size()) return false;
    for (size_t i = 0; i < w.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(word[i])) != w[i])
        return false;
    return true;
  };
  return equals("env") || equals("environment") || equals("variables");
}

// Whether one whitespace-separated piece of a YAML line could be, or hold,
// a scalar that IsSecretValue accepts. The scalar the parser reads from a
// plain or quoted single-line value is the piece without its quotes, flow
// brackets and commas (or the part after '=' or ':' inside it): each of
// those is tried. A scalar with whitespace inside is never a secret
// (NotSecretLiteralReason says "text"), so it need not be put together
// from several pieces.
bool PieceMayBeSecret(std::string_view piece) {
  auto strip = [](std::string_view v) {
    constexpr std::string_view kEdge = "\"'{}[],";
    while (!v.empty() && kEdge.find(v.front()) != kEdge.npos)
      v.remove_prefix(1);
    while (!v.empty() && kEdge.find(v.back()) != kEdge.npos) v.remove_suffix(1);
    return v;
  };
  auto may = [](std::string_view v) {
    return !v.empty() && MayBeSecretLiteral(v);
  };
  // `KEY:` (a mapping key, not a quoted value ending in ':').
  if (piece.size() > 1 && piece.back() == ':') piece.remove_suffix(1);
  std::string_view whole = strip(piece);
  if (may(whole)) return true;
  for (char sep : {'=', ':'}) {
    size_t at = whole.find(sep);
    if (at != std::string_view::npos && may(strip(whole.substr(at + 1))))
      return true;
  }
  return false;
}

// Whether the YAML parse could find a literal secret in an environment
// block, judged from the lines alone; false proves it cannot, and the
// (slow) parse is skipped. A block starts at a line whose key is
// IsEnvBlockKey and holds the lines indented deeper than that key (and a
// sequence at the key's own indentation). Inside a block every piece of
// every line must fail PieceMayBeSecret; anything the line view cannot
// read the way the parser does says "may": block scalars (| >), aliases
// (*x, a `<<: *x` merge), escapes, quotes or flow brackets left open at the
// end of a line, continuation lines of a multi-line scalar, tabs, complex
// keys; and, outside blocks, a flow mapping that mentions env/variables.
}  // namespace

bool YamlEnvBlocksMayHoldSecret(std::string_view text) {
  bool in_block = false, may = false;
  size_t block_indent = 0;
  ForEachLine(text, [&](std::string_view line, size_t) {
    if (may) return;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t indent = line.find_first_not_of(' ');
    if (indent == std::string_view::npos) return;  // blank
    std::string_view body = line.substr(indent);
    if (body[0] == '#') return;
    if (body[0] == '\t' || body[0] == '?') {
      may = true;
      return;
    }
    bool dash = body[0] == '-' && (body.size() == 1 || body[1] == ' ');
    if (in_block &&
        (indent < block_indent || (indent == block_indent && !dash)))
      in_block = false;
    // The key after any "- " sequence indicators.
    size_t key_col = indent;
    while (body.size() >= 2 && body[0] == '-' && body[1] == ' ') {
      size_t skip = body.find_first_not_of(' ', 1);
      if (skip == std::string_view::npos) skip = body.size();
      body.remove_prefix(skip);
      key_col += skip;
    }
    std::string_view key;
    size_t colon = body.find(':');
    while (colon != std::string_view::npos && colon + 1 < body.size() &&
           body[colon + 1] != ' ')
      colon = body.find(':', colon + 1);
    if (colon != std::string_view::npos) {
      key = Trim(body.substr(0, colon));
      if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'') &&
          key.back() == key.front())
        key = key.substr(1, key.size() - 1 - 1);
    }
    bool opens = !key.empty() && IsEnvBlockKey(key);
    if (!in_block && !opens) {
      // A flow mapping can hold an environment block inside one line.
      if (body.find('{') != std::string_view::npos) {
        std::string lower(body);
        for (auto& c : lower)
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (Has(lower, "env") || Has(lower, "variables")) may = true;
      }
      return;
    }
    if (!in_block) {
      in_block = true;
      block_indent = key_col;
      body = body.substr(colon + 1);  // the key's own inline value
    } else if (colon == std::string_view::npos && !dash) {
      may = true;  // a continuation line of a multi-line scalar
      return;
    }
    // Constructs the piece view does not read as the parser would.
    auto count = [&](char c) {
      return std::count(body.begin(), body.end(), c);
    };
    if (Has(body, "\\") || Has(body, "''") || count('"') % 2 != 0 ||
        count('\'') % 2 != 0 || count('{') != count('}') ||
        count('[') != count(']') || body.find('\t') != std::string_view::npos) {
      may = true;
      return;
    }
    size_t i = 0;
    while (i < body.size() && !may) {
      while (i < body.size() && body[i] == ' ') ++i;
      size_t e = body.find(' ', i);
      if (e == std::string_view::npos) e = body.size();
      std::string_view piece = body.substr(i, e - i);
      i = e;
      if (piece.empty()) continue;
      if (piece[0] == '*' || piece[0] == '|' || piece[0] == '>' ||
          piece == "<<:") {
        may = true;
      } else if (PieceMayBeSecret(piece)) {
        may = true;
      }
    }
  });
  return may;
}

namespace {

void Yaml(DetectorContext& ctx, bool json) {
  YamlKind kind = ClassifyYaml(ctx.path(), ctx.text(), json);
  if (kind == YamlKind::kNone) return;
  std::string_view t = ctx.text();
  // Cheap pre-check: no block this kind of file keeps its environment in,
  // nothing to parse.
  bool relevant = false;
  switch (kind) {
    case YamlKind::kCompose:
      relevant = Has(t, "environment");
      break;
    case YamlKind::kKubernetes:
      relevant = Has(t, "env:");
      break;
    case YamlKind::kCi:
      relevant = Has(t, "env:") || Has(t, "variables:");
      break;
    case YamlKind::kCloudFormation:
      relevant = Has(t, "Environment") || Has(t, "SecretString");
      break;
    case YamlKind::kNone:
      break;
  }
  if (!relevant) return;
  // CloudFormation's SecretString is judged by another test
  // (YamlEnvWalker::SecretString); JSON is one flow collection the line
  // view cannot read.
  if (!json && !(kind == YamlKind::kCloudFormation && Has(t, "SecretString")) &&
      !YamlEnvBlocksMayHoldSecret(t))
    return;
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(std::string(t));
    YamlEnvWalker walker(ctx, kind);
    for (const auto& d : docs) walker.Walk(d);
  } catch (const std::exception&) {
    // Not valid YAML/JSON (or a template language on top of it): the
    // engine's own scan of the file still applies; nothing to add here.
  }
}

// ---- Terraform -------------------------------------------------------------

// Offset just past the bracket closing the one at `open` ('(' '[' '{').
size_t MatchingClose(std::string_view t, size_t open) {
  int depth = 0;
  bool in_str = false;
  for (size_t i = open; i < t.size(); ++i) {
    char c = t[i];
    if (in_str) {
      if (c == '\\') ++i;
      else if (c == '"') in_str = false;
      continue;
    }
    if (c == '"') in_str = true;
    else if (c == '(' || c == '[' || c == '{') ++depth;
    else if ((c == ')' || c == ']' || c == '}') && --depth == 0) return i + 1;
  }
  return t.size();
}

// The quoted string after `key` ("key" or key, then '=' or ':') inside
// [b, e), or npos.
size_t QuotedAfterKey(std::string_view t, size_t b, size_t e,
                      std::string_view key, std::string_view* value) {
  size_t i = b;
  while ((i = t.find(key, i)) != std::string_view::npos && i < e) {
    size_t k = i;
    i += key.size();
    bool left_ok = k == 0 || !IsNameChar(t[k - 1]) || t[k - 1] == '"';
    if (!left_ok) continue;
    size_t j = i;
    if (j < e && t[j] == '"') ++j;
    if (j < e && IsNameChar(t[j])) continue;  // valueFrom, names
    while (j < e && (t[j] == ' ' || t[j] == '\t')) ++j;
    if (j >= e || (t[j] != '=' && t[j] != ':')) continue;
    ++j;
    while (j < e && (t[j] == ' ' || t[j] == '\t')) ++j;
    if (j >= e || t[j] != '"') return std::string_view::npos;
    size_t close = j + 1;
    while (close < e && t[close] != '"') close += t[close] == '\\' ? 2 : 1;
    if (close >= e) return std::string_view::npos;
    *value = t.substr(j + 1, close - j - 1);
    return j + 1;
  }
  return std::string_view::npos;
}

void TerraformEcs(DetectorContext& ctx) {
  std::string_view t = ctx.text();
  size_t at = 0;
  while ((at = t.find("container_definitions", at)) != std::string_view::npos) {
    size_t line_end = t.find('\n', at);
    if (line_end == std::string_view::npos) line_end = t.size();
    size_t region_b = at, region_e = t.size();
    size_t heredoc = t.substr(at, line_end - at).find("<<");
    size_t paren = t.substr(at, line_end - at).find_first_of("([");
    if (heredoc != std::string_view::npos) {
      size_t nb = at + heredoc + 2;
      if (nb < t.size() && (t[nb] == '-' || t[nb] == '~')) ++nb;
      size_t ne = nb;
      while (ne < t.size() && IsNameChar(t[ne])) ++ne;
      std::string_view marker = t.substr(nb, ne - nb);
      size_t end = marker.empty() ? std::string_view::npos
                                  : t.find(marker, line_end);
      region_b = line_end;
      region_e = end == std::string_view::npos ? t.size() : end;
    } else if (paren != std::string_view::npos) {
      region_b = at + paren;
      region_e = MatchingClose(t, region_b);
    } else {
      at = line_end;
      continue;
    }
    // Each "environment" list of {name, value} objects in the region.
    size_t e = region_b;
    while ((e = t.find("environment", e)) != std::string_view::npos &&
           e < region_e) {
      size_t open = t.find('[', e);
      e += 11;
      if (open == std::string_view::npos || open >= region_e) break;
      size_t close = MatchingClose(t, open);
      size_t obj = open;
      while ((obj = t.find('{', obj + 1)) != std::string_view::npos &&
             obj < close) {
        size_t obj_end = MatchingClose(t, obj);
        std::string_view name, value;
        size_t name_at = QuotedAfterKey(t, obj, obj_end, "name", &name);
        size_t value_at = QuotedAfterKey(t, obj, obj_end, "value", &value);
        if (name_at != std::string_view::npos &&
            value_at != std::string_view::npos) {
          std::string why;
          if (ctx.IsSecretValue(name, value, &why) &&
              !Has(value, "${")) {
            ctx.Emit("env-secret-in-terraform", value_at,
                     value_at + value.size(),
                     "ECS container environment sets " + std::string(name) +
                         " to a literal secret (" + why + ")",
                     value, name);
          }
        }
        obj = obj_end - 1;
      }
      e = close;
    }
    at = region_e;
  }
}

void Terraform(DetectorContext& ctx) {
  std::string_view t = ctx.text();
  if (Has(t, "container_definitions")) TerraformEcs(ctx);
  // The line walk below reports only inside `environment { variables` and
  // at `secret_string =`: a file without those words has nothing for it.
  if (!Has(t, "secret_string") &&
      !(Has(t, "variables") && Has(t, "environment")))
    return;
  // Lambda `environment { variables = { NAME = "value" } }` and
  // `secret_string = "..."` in aws_secretsmanager_secret_version.
  std::vector<std::string> stack;  // open blocks by name
  std::string resource_type;
  ForEachLine(t, [&](std::string_view line, size_t off) {
    std::string_view s = Trim(line);
    if (s.empty() || s[0] == '#' || s.substr(0, 2) == "//") return;
    if (s.substr(0, 9) == "resource ") {
      size_t q = s.find('"');
      size_t q2 = q == std::string_view::npos ? q : s.find('"', q + 1);
      if (q2 != std::string_view::npos)
        resource_type = std::string(s.substr(q + 1, q2 - q - 1));
    }
    bool in_vars = stack.size() >= 2 && stack.back() == "variables" &&
                   stack[stack.size() - 2] == "environment";
    // NAME = "value" (also inline after "variables = {").
    size_t eq = s.find('=');
    std::string_view first;
    if (eq != std::string_view::npos) first = Trim(s.substr(0, eq));
    if (eq != std::string_view::npos && eq + 1 < s.size() && s[eq + 1] != '=' &&
        s[eq + 1] != '>') {
      std::string_view name = first;
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
        name = name.substr(1, name.size() - 2);
      RawValue v = ParseValue(s.substr(eq + 1), false);
      size_t voff = off + static_cast<size_t>(s.data() - line.data()) + eq + 1 +
                    v.offset;
      if (v.quoted && v.double_quoted && !Has(v.value, "${")) {
        if (in_vars) {
          CheckAssignment(ctx, "env-secret-in-terraform",
                          "Lambda environment", name, v.value, voff);
        } else if (name == "secret_string" &&
                   resource_type == "aws_secretsmanager_secret_version" &&
                   PlaceholderReason(v.value) == nullptr) {
          ctx.Emit("usage-secret-value-in-infrastructure-code", voff,
                   voff + v.value.size(),
                   "secret_string is a literal in Terraform: the value is "
                   "stored in the configuration and the state",
                   v.value, name);
        }
      }
    }
    // Block structure, counting braces outside strings.
    bool in_str = false;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (in_str) {
        if (c == '\\') ++i;
        else if (c == '"') in_str = false;
        continue;
      }
      if (c == '"') {
        in_str = true;
      } else if (c == '{') {
        std::string_view head = Trim(s.substr(0, i));
        size_t sp = head.find_first_of(" \t=");
        std::string name(sp == std::string_view::npos ? head : head.substr(0, sp));
        stack.push_back(name);
      } else if (c == '}') {
        if (!stack.empty()) stack.pop_back();
      }
    }
  });
}

}  // namespace

void RunConfigDetectors(DetectorContext& ctx, ConfigKind kind) {
  switch (kind) {
    case ConfigKind::kDotenv:
      Dotenv(ctx);
      break;
    case ConfigKind::kDockerfile:
      Dockerfile(ctx);
      break;
    case ConfigKind::kYaml:
      Yaml(ctx, false);
      break;
    case ConfigKind::kJson:
      Yaml(ctx, true);
      break;
    case ConfigKind::kTerraform:
      Terraform(ctx);
      break;
    case ConfigKind::kNone:
      break;
  }
}

}  // namespace keylint
