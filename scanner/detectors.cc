#include "scanner/detectors.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <mutex>
#include <string>

#include "rules/filters.h"
#include "scanner/detector_util.h"
#include "scanner/suppression.h"

namespace keylint {
namespace {

constexpr size_t kMaxContext = 160;

RuleInfo Info(std::string id, Severity sev, std::string category,
              std::string description, std::string help) {
  RuleInfo r;
  r.id = std::move(id);
  r.severity = sev;
  r.category = std::move(category);
  r.description = std::move(description);
  r.tags = {"detector", r.category};
  r.help = std::move(help);
  return r;
}

std::vector<RuleInfo> BuildDetectorRules() {
  const std::string env_help =
      "Environment variables are visible to anyone who can read the image, "
      "template, manifest or pipeline definition. Reference the secret "
      "instead (Secrets Manager, SSM SecureString, valueFrom/secretKeyRef, "
      "ECS Secrets, ${{ secrets.X }}) and rotate the exposed value.";
  const std::string log_help =
      "Log lines and exception messages are copied to log stores, "
      "dashboards and error trackers with far wider access than the secret. "
      "Log the secret's name, a masked value or its length instead, and "
      "rotate the secret if the line has already run.";
  std::vector<RuleInfo> r = {
      Info("env-secret-in-dotenv", Severity::kHigh, "env",
           "A .env file assigns a literal secret to an environment variable",
           env_help + " Commit a .env.example with placeholders instead."),
      Info("env-secret-in-dockerfile", Severity::kHigh, "env",
           "A Dockerfile ENV or ARG sets a literal secret (kept in the image "
           "and its history)",
           env_help + " Use build secrets (RUN --mount=type=secret)."),
      Info("env-secret-in-compose", Severity::kHigh, "env",
           "A docker-compose service environment holds a literal secret",
           env_help),
      Info("env-secret-in-kubernetes", Severity::kHigh, "env",
           "A Kubernetes container env value holds a literal secret",
           env_help),
      Info("env-secret-in-ci", Severity::kHigh, "env",
           "A CI pipeline (GitHub Actions, GitLab CI) env/variables block "
           "holds a literal secret",
           env_help),
      Info("env-secret-in-cloudformation", Severity::kHigh, "env",
           "A CloudFormation/SAM/CDK template puts a literal secret in a "
           "Lambda or ECS environment",
           env_help),
      Info("env-secret-in-terraform", Severity::kHigh, "env",
           "Terraform puts a literal secret in a Lambda or ECS environment",
           env_help),
      Info("env-secret-set-in-code", Severity::kHigh, "env",
           "Code puts a secret into the process environment", env_help),
      Info("env-secret-exported-in-shell", Severity::kHigh, "env",
           "A shell script exports a literal secret", env_help),
      Info("log-secret-in-log-call", Severity::kHigh, "log",
           "A secret value reaches a log or print call", log_help),
      Info("log-secret-in-exception", Severity::kHigh, "log",
           "A secret value is put into an exception or error message",
           log_help),
      Info("usage-hardcoded-secret-name", Severity::kLow, "usage",
           "A hardcoded secret name or ARN is passed to Secrets Manager",
           "Read the secret's name or ARN from configuration (an environment "
           "variable set by the deployment) so one build runs in every "
           "environment."),
      Info("usage-secret-fetched-per-request", Severity::kMedium, "usage",
           "A secret is fetched inside a request or Lambda handler on every "
           "call, with no cache",
           "Fetch once per container (module scope) or use a cache "
           "(aws-secretsmanager-caching, Powertools parameters, the "
           "Parameters and Secrets Lambda extension): every call costs "
           "latency, API quota and $0.05 per 10,000 API calls."),
      Info("usage-non-sensitive-config-in-secrets-manager", Severity::kLow,
           "usage",
           "Secrets Manager holds plainly non-sensitive configuration",
           "Secrets Manager costs $0.40 per secret per month plus API calls; "
           "keep URLs, endpoints, timeouts, regions and feature flags in "
           "Parameter Store (String), AppConfig or environment variables."),
      Info("usage-secret-value-in-infrastructure-code", Severity::kHigh,
           "usage",
           "A secret value is written into infrastructure code and ends up "
           "in the synthesised template or state",
           "Let Secrets Manager generate the value (GenerateSecretString / "
           "generate_secret_string) or set it out of band; rotate the "
           "exposed value."),
      Info("usage-parameter-without-decryption", Severity::kMedium, "usage",
           "A secret-named SSM parameter is read without decryption",
           "Store secrets as SecureString and read them with "
           "WithDecryption=True; a plain String parameter is readable by "
           "anyone with ssm:GetParameter and is shown in the console."),
  };
  std::sort(r.begin(), r.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  return r;
}

// Words (lower-cased) of an identifier: split at non-alphanumerics and at
// camelCase boundaries ("APIKey" -> api, key; "dbPassword" -> db, password).
std::vector<std::string> Words(std::string_view name) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(cur);
    cur.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (!std::isalnum(c)) {
      flush();
      continue;
    }
    if (std::isupper(c) && !cur.empty()) {
      unsigned char prev = static_cast<unsigned char>(name[i - 1]);
      bool next_lower = i + 1 < name.size() &&
                        std::islower(static_cast<unsigned char>(name[i + 1]));
      if (std::islower(prev) || std::isdigit(prev) ||
          (std::isupper(prev) && next_lower))
        flush();
    }
    cur.push_back(static_cast<char>(std::tolower(c)));
  }
  flush();
  return words;
}

bool In(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

// The pre-check's words. Strong words (Secrets Manager / SSM calls) send the
// whole file to the code detectors; weak words (secret-named names) only
// the lines around them; a file with neither has nothing for the detectors.
constexpr const char* kStrongWords[] = {
    "secretsmanager", "secret_value", "secretvalue", "secretstring",
    "secret_string",  "get_secret",   "getsecret",   "get_parameter",
    "getparameter",   "parameters.",  "plaintext",   "plain_text",
    "from_token",     "fromtoken",    "withdecryption"};
// A bare "token" or "pwd" is too common (lexers, pagination, shells) to
// look at; compound names (api_token, accessToken) are.
constexpr const char* kWeakWords[] = {
    "secret",      "passw",          "passphrase",     "credential",
    "_pass",       "_token",         "token_",         "accesstoken",
    "authtoken",   "apitoken",       "refreshtoken",   "bearertoken",
    "api_key",     "apikey",         "api-key",        "private_key",
    "privatekey",  "private-key",    "signing_key",    "signingkey",
    "encryption_key", "encryptionkey", "master_key",   "masterkey",
    "access_key",  "accesskey",      "license_key",    "hmac_key",
    "webhook_key", "session_key",    "client_key",     "app_key",
    "auth_key",    "service_key",    "jwt_key"};

// The pre-check's verdict for a file, from the engine's hits of the words
// (AddPreCheckMarkers).
struct PreCheck {
  struct Hits {
    bool strong = false;
    std::vector<size_t> weak;  // end offsets, ascending
  };
  // Strong: a strong word, or more weak ones than MarkerHits::kMaxPerGroup
  // (the whole file is analysed); an engine that could not look counts as
  // strong.
  static void FromMarkers(const MarkerHits& m, Hits* hits) {
    hits->strong = !m.valid || m.Any(kStrongWordGroup) ||
                   m.Overflowed(kWeakWordGroup);
    if (!hits->strong) hits->weak = m.ends[kWeakWordGroup];
  }
};

// For a caller whose Matcher pass did not look for the words (the reference
// engine, tests): one pass of their own.
const MarkerLocator& PreCheckLocator() {
  static const MarkerLocator* locator = [] {
    std::vector<Marker> words;
    AddPreCheckMarkers(&words);
    return new MarkerLocator(std::move(words));
  }();
  return *locator;
}

}  // namespace

const std::vector<RuleInfo>& DetectorRules() {
  static const std::vector<RuleInfo>* rules =
      new std::vector<RuleInfo>(BuildDetectorRules());
  return *rules;
}

bool IsSecretName(std::string_view name) {
  std::vector<std::string> w = Words(name);
  if (w.empty()) return false;
  const std::string& last = w.back();
  // What the value is about rather than the secret itself.
  if (In(last, {"name",    "names",    "id",       "ids",       "arn",
                "arns",    "path",     "paths",    "file",      "filename",
                "dir",     "url",      "uri",      "endpoint",  "length",
                "len",     "count",    "size",     "type",      "hash",
                "hashed",  "digest",   "sha",      "sha256",    "md5",
                "masked",  "mask",     "redacted", "field",     "header",
                "prefix",  "suffix",   "expiry",   "expires",   "expiration",
                "ttl",     "policy",   "manager",  "rotation",  "version",
                "label",   "kind",     "required", "enabled",   "valid",
                "regex",   "pattern",  "ref",      "source",    "provider",
                "store",   "client",   "service",  "env",       "var",
                "location", "format",  "hint",     "reset",     "placeholder",
                "mode",    "key_id",   "region",   "timeout",   "seconds",
                "minutes", "hours",    "days",     "at",        "key",
                "keys",    "param",    "parameter", "secrets",  "tokens",
                "passwords", "limit",  "max",      "min",       "generator",
                "cache",   "fetcher",  "loader",   "response",  "result",
                "request", "input",    "prompt",   "arg",       "attempts",
                "error",   "err",      "exception", "str",      "string",
                "text",    "json",     "object",   "obj",       "dict",
                "map",     "config",   "settings", "options",   "opts",
                "value_from", "from",  "fn",       "func",      "callback",
                "handler", "method",   "class",    "module",    "lib",
                "util",    "utils",    "helper",   "test",      "tests",
                "spec",    "mock",     "dummy",    "fake",      "example",
                "sample",  "template", "schema",   "validator", "strength",
                "policy",  "changed",  "updated",  "created",   "exists",
                "set",     "present",  "missing",  "ok",        "is",
                "fingerprint", "fingerprints", "thumbprint", "checksum",
                "invalid", "expired"})) {
    // ...except a key that really is one: API_KEY, PRIVATE_KEY, apiKey.
    if (last != "key" && last != "keys") return false;
  }
  static const std::initializer_list<std::string_view> kNonSecretQualifiers =
      {"next", "page", "pagination", "continuation", "cancel",
       "cancellation", "sync", "idempotency", "max", "min", "num", "total",
       "is", "has", "use", "get", "fetch", "load", "read", "set", "show",
       "verify", "validate", "check", "reset", "forgot", "invalid", "expired",
       "bad", "unknown", "missing", "no"};
  for (size_t i = 0; i < w.size(); ++i) {
    const std::string& x = w[i];
    bool secretish =
        In(x, {"password", "passwd", "pwd", "passphrase", "pass", "secret",
               "token", "credentials", "credential", "creds", "apikey",
               "privatekey", "secretkey", "accesstoken", "authtoken",
               "bearer"}) ||
        (x == "key" && i > 0 &&
         In(w[i - 1], {"api", "private", "secret", "signing", "encryption",
                       "master", "access", "auth", "license", "app", "client",
                       "webhook", "hmac", "jwt", "session", "service"}));
    if (!secretish) continue;
    if (i > 0 && In(w[i - 1], kNonSecretQualifiers)) return false;
    if (w[0] != x && In(w[0], kNonSecretQualifiers)) return false;
    return true;
  }
  return false;
}

const char* NotSecretLiteralReason(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
    value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
    value.remove_suffix(1);
  // The cheap tests first: most values in config files are short words,
  // numbers or text, and callers only ask whether there is a reason.
  if (value.empty()) return "empty value";
  if (value.size() < 8) return "too short";  // as GenericReason says
  if (value.find_first_of(" \t") != std::string_view::npos) return "text";
  if (std::all_of(value.begin(), value.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == '.' ||
               c == '-';
      }))
    return "number";
  if (value.substr(0, 4) == "arn:") return "ARN";
  // (true, false, null, none and nil are all "too short".)
  static constexpr std::array<std::string_view, 9> kRefs = {
      "resolve:", "secretsmanager:", "ssm:", "vault:", "ssm-secure",
      "projects/", "keyvault", "secretref:", "valuefrom"};
  std::string lower(value);
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto r : kRefs)
    if (lower.find(r) != std::string::npos) return "reference";
  if ((lower.substr(0, 7) == "http://" || lower.substr(0, 8) == "https://") &&
      value.find('@') == std::string_view::npos)
    return "url";
  // Host names, paths and identifiers (GenericReason) are the common case.
  if (const char* why = GenericReason(value, "")) return why;
  if (const char* why = PlaceholderReason(value)) return why;
  return nullptr;
}

bool MayBeSecretLiteral(std::string_view value) {
  thread_local ShortStringMemo memo;
  return memo.Get(value, [](std::string_view v) -> uint16_t {
    return NotSecretLiteralReason(v) == nullptr;
  });
}

const LineIndex& DetectorContext::lines() {
  if (!lines_) lines_ = std::make_unique<LineIndex>(text_);
  return *lines_;
}

std::string DetectorContext::EngineRuleFor(std::string_view value) {
  scratch_.clear();
  if (!matcher_.Scan(value, path_, &scratch_).ok()) return {};
  std::string generic;
  for (const auto& m : scratch_) {
    const Rule& r = db_.rules()[static_cast<size_t>(m.rule)];
    if (!r.HasTag("generic")) return r.id;
    if (generic.empty()) generic = r.id;
  }
  return generic;
}

bool DetectorContext::IsSecretValue(std::string_view name,
                                    std::string_view value, std::string* why) {
  if (value.empty()) return false;
  // Numbers, words, paths, URLs without credentials, references: neither
  // the name nor an engine rule makes them secrets (and the engine is the
  // expensive part, so it only sees real-looking literals).
  if (!MayBeSecretLiteral(value)) return false;
  // NotSecretLiteralReason tested the value without surrounding blanks;
  // the value as written must not be a placeholder either.
  bool blanks = value.front() == ' ' || value.front() == '\t' ||
                value.back() == ' ' || value.back() == '\t';
  if (blanks && PlaceholderReason(value) != nullptr) return false;
  if (IsSecretName(name)) {
    if (why) *why = "the name says it holds a secret";
    return true;
  }
  std::string rule = EngineRuleFor(value);
  if (!rule.empty()) {
    if (why) *why = "the value matches rule " + rule;
    return true;
  }
  return false;
}

void DetectorContext::Emit(std::string_view rule_id, size_t begin, size_t end,
                           std::string message, std::string_view secret,
                           std::string_view description) {
  const std::vector<RuleInfo>& rules = DetectorRules();
  auto it = std::find_if(rules.begin(), rules.end(),
                         [&](const RuleInfo& r) { return r.id == rule_id; });
  if (it == rules.end() || it->severity < threshold_) return;
  begin = std::min(begin, text_.size());
  end = std::clamp(end, begin, text_.size());
  const LineIndex& li = lines();
  std::string_view line = li.LineAt(begin);
  if (LineAllows(line, rule_id) ||
      PreviousLineAllows(li.PreviousLine(begin), rule_id))
    return;
  Finding f;
  f.rule_id = it->id;
  f.category = it->category;
  f.severity = it->severity;
  f.message = std::move(message);
  f.path = std::string(path_);
  f.line = li.Line(begin);
  f.column = li.Column(begin);
  size_t last = end > begin ? end - 1 : begin;
  f.end_line = li.Line(last);
  f.end_column = li.Column(last) + (end > begin ? 1 : 0);
  if (!secret.empty()) {
    f.redacted = Redact(secret);
    f.fingerprint = Fingerprint(it->id, secret);
  } else {
    f.fingerprint =
        Fingerprint(it->id, std::string(path_) + "\n" + std::string(description));
  }
  // The shown line: our span and every engine match on it masked.
  size_t line_begin = li.LineStart(begin);
  std::vector<std::pair<size_t, size_t>> spans;
  if (!secret.empty() && end > begin) {
    size_t e = std::min(end, line_begin + line.size());
    spans.push_back({begin - line_begin, e - line_begin});
  }
  scratch_.clear();
  if (matcher_.Scan(line, path_, &scratch_).ok()) {
    for (const auto& m : scratch_) spans.push_back({m.secret_begin, m.secret_end});
  } else {
    line = {};  // cannot check the line: show none of it
  }
  // Every other copy of a masked value on the line too (`X = "v"  # was
  // "v"`), and of every secret the engine found in the file, as for the
  // engine's findings (scan_driver.cc): both found by fuzz_scan.
  if (engine_matches_ != nullptr && !line.empty()) {
    for (const Match& m : *engine_matches_) {
      if (m.secret_end > text_.size() || m.secret_end - m.secret_begin < 8)
        continue;
      std::string_view value =
          text_.substr(m.secret_begin, m.secret_end - m.secret_begin);
      for (size_t at = line.find(value); at != std::string_view::npos;
           at = line.find(value, at + 1)) {
        spans.push_back({at, at + value.size()});
      }
    }
  }
  for (size_t i = 0, n = spans.size(); i < n; ++i) {
    auto [b, e] = spans[i];
    if (e > line.size() || e - b < 8) continue;
    std::string_view value = line.substr(b, e - b);
    for (size_t at = line.find(value); at != std::string_view::npos;
         at = line.find(value, at + 1)) {
      spans.push_back({at, at + value.size()});
    }
  }
  std::sort(spans.begin(), spans.end());
  std::string ctx;
  size_t pos = 0;
  for (auto [b, e] : spans) {
    if (b < pos) {
      pos = std::max(pos, e);
      continue;
    }
    ctx.append(line.substr(pos, b - pos));
    ctx.append("***");
    pos = e;
  }
  if (pos < line.size()) ctx.append(line.substr(pos));
  size_t lead = ctx.find_first_not_of(" \t");
  ctx = lead == std::string::npos ? std::string() : ctx.substr(lead);
  if (ctx.size() > kMaxContext) ctx = ctx.substr(0, kMaxContext) + "…";
  f.context = std::move(ctx);
  out_->push_back(std::move(f));
}

namespace {

// The value written after the first ':' or '=' of `line`, trimmed of
// blanks, quotes and a trailing comma; `*key` gets what stands before it.
std::string_view ValueAfterSeparator(std::string_view line,
                                     std::string_view* key) {
  size_t sep = line.find_first_of(":=");
  if (sep == std::string_view::npos) return {};
  auto trim = [](std::string_view v) {
    while (!v.empty() && std::strchr(" \t\r\"',-", v.front())) v.remove_prefix(1);
    while (!v.empty() && std::strchr(" \t\r\"',", v.back())) v.remove_suffix(1);
    return v;
  };
  *key = trim(line.substr(0, sep));
  return trim(line.substr(sep + 1));
}

// Whether `value`, as written in YAML/JSON, may be a literal: not empty and
// not a reference the CI system or template fills in.
bool MayBeLiteralValue(std::string_view v) {
  if (v.empty() || v == "~" || v == "null") return false;
  for (std::string_view ref : {"${", "$(", "{{"})
    if (v.substr(0, ref.size()) == ref) return false;
  return true;
}

// YAML and JSON are parsed (slow) only when a secret-ish word sits on a
// line that can assign a literal: `NAME: value`, `- NAME=value`, or a
// `name: NAME` line whose next line is `value: ...` (Kubernetes, ECS).
// A hit inside `secretKeyRef:`, `${{ secrets.X }}` or `valueFrom:` blocks
// alone does not need the parse.
bool WeakHitsMayAssignLiterals(std::string_view text,
                               const std::vector<size_t>& hits) {
  size_t last_line = std::string_view::npos;
  for (size_t hit : hits) {
    size_t at = hit == 0 ? 0 : std::min(hit, text.size()) - 1;
    size_t b = text.rfind('\n', at);
    b = b == std::string_view::npos ? 0 : b + 1;
    if (b == last_line) continue;
    last_line = b;
    size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    std::string_view key, value = ValueAfterSeparator(text.substr(b, e - b), &key);
    if (key != "name" && key != "Name") {
      if (MayBeLiteralValue(value)) return true;
      continue;
    }
    // name: X -> the value is on one of the next lines of the item.
    size_t nb = e;
    for (int n = 0; n < 3 && nb < text.size(); ++n) {
      ++nb;
      size_t ne = text.find('\n', nb);
      if (ne == std::string_view::npos) ne = text.size();
      std::string_view nkey,
          nvalue = ValueAfterSeparator(text.substr(nb, ne - nb), &nkey);
      if ((nkey == "value" || nkey == "Value") && MayBeLiteralValue(nvalue))
        return true;
      nb = ne;
    }
  }
  return false;
}

}  // namespace

void AddPreCheckMarkers(std::vector<Marker>* out) {
  for (const char* w : kStrongWords)
    out->push_back({w, true, kStrongWordGroup});
  for (const char* w : kWeakWords) out->push_back({w, true, kWeakWordGroup});
}

void RunDetectors(const RulesDatabase& db, Matcher& matcher,
                  std::string_view path, std::string_view text,
                  Severity threshold, std::vector<Finding>* out,
                  const MarkerHits* markers,
                  const std::vector<Match>* engine_matches) {
  FileType type = ClassifyFile(path, text);
  if (type.lang == Lang::kNone && type.config == ConfigKind::kNone) return;
  // Every detector rule is at least low; nothing to do above the threshold.
  if (threshold > Severity::kHigh) return;
  // Code is lexed only when it mentions a secret; config files have their
  // own cheaper gates (scanner/config_detectors.cc).
  DetectorContext ctx(db, matcher, path, text, threshold, out);
  ctx.set_engine_matches(engine_matches);
  if (type.lang == Lang::kShell &&
      text.find("export ") != std::string_view::npos)
    RunShellExports(ctx);
  // Code is lexed, and YAML/JSON parsed, only when the file mentions a
  // secret: a value under a neutral name that only an engine rule knows is
  // still reported by the engine itself (category hardcoded).
  bool parsed = type.lang != Lang::kNone || type.config == ConfigKind::kYaml ||
                type.config == ConfigKind::kJson;
  PreCheck::Hits hits;
  if (parsed) {
    if (markers != nullptr && markers->valid) {
      PreCheck::FromMarkers(*markers, &hits);
    } else {
      thread_local MarkerHits own;
      PreCheckLocator().Locate(text, &own);
      PreCheck::FromMarkers(own, &hits);
    }
    if (!hits.strong && hits.weak.empty()) return;
    if (!hits.strong && type.lang == Lang::kNone &&
        !WeakHitsMayAssignLiterals(text, hits.weak))
      return;
  }
  if (type.config != ConfigKind::kNone) {
    RunConfigDetectors(ctx, type.config);
  } else {
    RunCodeDetectors(ctx, type.lang, hits.strong ? nullptr : &hits.weak);
  }
}

}  // namespace keylint
