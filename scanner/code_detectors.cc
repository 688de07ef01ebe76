// The detectors over source code: secrets put into the process environment
// (`env`), secret values reaching log calls and exception messages (`log`),
// and Secrets Manager / Parameter Store misuse (`usage`). One pass over the
// statements of a file tracks, per function, which names hold secrets.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rules/filters.h"
#include "scanner/detector_util.h"

namespace keylint {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool In(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

bool Contains(std::string_view h, std::string_view n) {
  return h.find(n) != std::string_view::npos;
}

bool IsBraceLang(Lang l) {
  return l == Lang::kJavaScript || l == Lang::kGo || l == Lang::kJava ||
         l == Lang::kKotlin || l == Lang::kCSharp || l == Lang::kPhp;
}

// Calls that return a secret value.
bool IsSecretFetchCall(std::string_view id) {
  return In(id, {"get_secret_value", "GetSecretValue", "getSecretValue",
                 "GetSecretValueCommand", "GetSecretValueRequest",
                 "GetSecretValueAsync", "GetSecretValueWithContext"});
}

bool IsParameterCall(std::string_view id) {
  return In(id, {"get_parameter", "GetParameter", "getParameter",
                 "GetParameterCommand", "GetParameterInput",
                 "GetParameterRequest", "GetParameterAsync"});
}

// Calls whose result is (a transform of) their argument, so a secret passed
// in comes back out: parsers, encoders, string conversions and formatting,
// containers. The result of any other call is something else (a return code,
// a response, a connection, a realm list), even when a secret went in.
bool PassesArgumentOn(std::string_view callee) {
  return In(callee,
            {// parse and serialise
             "loads", "load", "safe_load", "literal_eval", "parse",
             "dumps", "dump", "stringify", "json_decode", "json_encode",
             "fromJson", "toJson", "readValue", "writeValueAsString",
             // encode and decode
             "b64decode", "b64encode", "urlsafe_b64decode",
             "urlsafe_b64encode", "standard_b64decode", "decodebytes",
             "encodebytes", "unhexlify", "hexlify", "atob", "btoa",
             "base64_decode", "base64_encode", "decode64", "encode64",
             "strict_decode64", "strict_encode64", "urlsafe_decode64",
             "urlsafe_encode64", "DecodeString", "EncodeToString",
             "FromBase64String", "ToBase64String", "GetString", "GetBytes",
             "getDecoder", "getEncoder", "decode", "encode", "from",
             "quote", "quote_plus", "urlencode", "rawurlencode",
             "encodeURIComponent", "encodeURI", "escape", "unescape",
             // conversions
             "str", "repr", "bytes", "bytearray", "String", "string", "byte",
             "valueOf", "toString", "to_s", "strval", "StringValue",
             "ToString", "char", "rune",
             // formatting and string operations
             "format", "Sprintf", "sprintf", "Sprint", "Sprintln", "vsprintf",
             "join", "implode", "concat", "Join", "Concat", "strip", "lstrip",
             "rstrip", "trim", "TrimSpace", "Trim", "ljust", "rjust",
             "replace", "Replace", "lower", "upper", "toLowerCase",
             "toUpperCase",
             // containers and field access (a method on a secret-holding
             // receiver, creds.get("password"), is judged by the receiver)
             "dict", "list", "tuple", "frozenset", "Map", "of", "assign",
             "getattr"});
}

// A call whose name says it hands out a secret: a producing verb first, a
// secret noun last (create_token, getAccessToken, decrypt_password,
// load_credentials; not validate_token, get_token_count, get_secret_name,
// BuildCredentialHelperRegistries).
bool ReturnsSecretByName(std::string_view callee) {
  size_t cut = 0;
  while (cut < callee.size() && callee[cut] != '_' &&
         !(cut > 0 && std::isupper(static_cast<unsigned char>(callee[cut]))))
    ++cut;
  if (cut == 0 || cut >= callee.size()) return false;
  std::string verb = Lower(callee.substr(0, cut));
  std::string_view rest = callee.substr(callee[cut] == '_' ? cut + 1 : cut);
  // The last word of rest: after the last '_', or from its last capital in
  // camelCase (an ALL_CAPS name splits at '_' only).
  bool camel = std::any_of(rest.begin(), rest.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c));
  });
  size_t last = rest.size();
  while (last > 0 && rest[last - 1] != '_') {
    --last;
    if (camel && std::isupper(static_cast<unsigned char>(rest[last]))) break;
  }
  std::string noun = Lower(rest.substr(last));
  return In(verb, {"get", "fetch", "create", "generate", "gen", "issue",
                   "make", "new", "build", "load", "read", "decrypt",
                   "retrieve", "obtain", "mint", "refresh", "lookup"}) &&
         In(noun, {"token", "password", "passwd", "passphrase", "secret",
                   "credential", "credentials", "creds", "key", "apikey"}) &&
         IsSecretName(rest);
}

// A value that is about the secret rather than the secret: its name,
// length, a hash or a masked form.
bool IsSafeWrapper(std::string_view callee) {
  std::string l = Lower(callee);
  for (std::string_view w : {"len", "hash", "sha", "md5", "mask", "redact",
                             "type", "bool", "isinstance", "count", "size",
                             "bcrypt", "digest", "obfuscat", "fingerprint",
                             "censor", "scrub", "sanitiz", "anonymi"})
    if (Contains(l, w)) return true;
  return false;
}

bool IsMetaField(std::string_view field) {
  std::string l = Lower(field);
  return In(l, {"name", "arn", "id", "length", "len", "size", "count",
                "versionid", "version_id", "version", "createddate", "keys",
                "type", "__class__", "secretid", "secret_id", "secretname",
                "secret_name", "versionstages", "names"}) ||
         (!IsSecretName(field) &&
          (Contains(l, "name") || Contains(l, "arn") || Contains(l, "expir") ||
           Contains(l, "time") || Contains(l, "date") ||
           (l.size() > 3 && (l.ends_with("_id") || field.ends_with("Id")))));
}

// What an identifier can mean to the detectors, computed once per distinct
// name in a file so that the statement passes test bits, not strings.
enum Role : uint16_t {
  kSecretNamed = 1 << 0,  // IsSecretName
  kSource = 1 << 1,       // fetch/parameter/env-read/SecretString names
  kSink = 1 << 2,         // log objects, bare sinks, raise/throw, fmt...
  kEnvSet = 1 << 3,       // environ/env/ENV (subscript set), putenv, ...
  kUsage = 1 << 4,        // secret/parameter calls, CDK plain-text calls
};

class CodeAnalyzer {
 public:
  // What the analyzers of one file share: whether the file caches anything
  // (looked up once, not per window).
  struct FileFacts {
    explicit FileFacts(std::string_view t) : text(t) {}
    // Looked up on first use: only a fetch inside a handler asks.
    bool HasCache() {
      if (has_cache < 0)
        has_cache = Contains(text, "cache") || Contains(text, "Cache") ||
                    Contains(text, "CACHE") || Contains(text, "sync.Once") ||
                    Contains(text, "once.Do");
      return has_cache > 0;
    }
    std::string_view text;
    int has_cache = -1;  // unknown
  };

  // Analyses the tokens of [emit_from, end) of the file (the whole of it by
  // default), lexed from `begin` (a line start at or before emit_from).
  CodeAnalyzer(DetectorContext& ctx, Lang lang, FileFacts* facts,
               size_t begin = 0, size_t end = std::string_view::npos,
               size_t emit_from = 0)
      : ctx_(ctx), lang_(lang), facts_(facts) {
    Lex(lang,
        ctx.text().substr(begin, end == std::string_view::npos
                                     ? std::string_view::npos
                                     : end - begin),
        &lexed_, emit_from > begin ? emit_from - begin : 0);
    for (auto& t : lexed_.tokens) t.offset += static_cast<uint32_t>(begin);
    ComputeRoles();
  }

  void Run() {
    const auto& toks = lexed_.tokens;
    size_t i = 0;
    int brace_depth = 0;
    while (i < toks.size()) {
      // One statement: up to a newline/';' at bracket depth 0, or (brace
      // languages) a '{' ending a line / a '}' starting one.
      size_t b = i;
      int paren = 0;
      bool opens_block = false;
      if (IsBraceLang(lang_) && IsPunct(i, "}")) {
        brace_depth = std::max(0, brace_depth - 1);
        ++i;
        if (i < toks.size() && toks[i].kind == TokKind::kNewline) ++i;
        // `} else {` continues as a new statement at this depth.
        CloseFunctions(brace_depth);
        continue;
      }
      while (i < toks.size()) {
        const Token& t = toks[i];
        if (t.kind == TokKind::kNewline && paren == 0) break;
        if (t.kind == TokKind::kPunct) {
          char c = t.text[0];
          if (t.text.size() == 1 && (c == '(' || c == '['))
            ++paren;
          else if (t.text.size() == 1 && (c == ')' || c == ']'))
            paren = std::max(0, paren - 1);
          else if (t.text == ";" && paren == 0)
            break;
          else if (t.text == "{" && paren == 0 && IsBraceLang(lang_) &&
                   (i + 1 >= toks.size() ||
                    toks[i + 1].kind == TokKind::kNewline)) {
            opens_block = true;
            break;
          }
        }
        ++i;
      }
      size_t e = i;
      if (i < toks.size()) ++i;  // the terminator
      if (e > b) {
        int depth = IsBraceLang(lang_) ? brace_depth : Indent(toks[b].offset);
        Statement(b, e, depth, opens_block);
      }
      if (opens_block) ++brace_depth;
    }
  }

 private:
  struct Taint {
    int fn = 0;
    std::string what;  // description of the source, no value
  };
  struct Function {
    int id;
    int depth;
    bool handler;
    bool reported_fetch = false;
  };

  const Token& Tok(size_t i) const { return lexed_.tokens[i]; }

  static uint16_t RoleOf(std::string_view v) {
    // Exact names with a fixed role, looked up once per distinct name.
    static const auto* kExact =
        new std::unordered_map<std::string_view, uint16_t>([] {
          std::unordered_map<std::string_view, uint16_t> m;
          auto add = [&](std::initializer_list<std::string_view> names,
                         uint16_t role) {
            for (auto n : names) m[n] |= role;
          };
          add({"get_secret_value", "GetSecretValue", "getSecretValue",
               "GetSecretValueCommand", "GetSecretValueRequest",
               "GetSecretValueAsync", "GetSecretValueWithContext",
               "get_parameter", "GetParameter", "getParameter",
               "GetParameterCommand", "GetParameterInput",
               "GetParameterRequest", "GetParameterAsync", "get_secret",
               "getSecret"},
              kSource | kUsage);
          add({"SecretString", "SecretBinary", "secretString", "secret_string",
               "environ", "getenv", "Getenv", "LookupEnv", "ENV", "_ENV",
               "GetEnvironmentVariable", "env"},
              kSource);
          add({"environ", "ENV", "_ENV", "env", "putenv", "Setenv",
               "setProperty", "setdefault", "SetEnvironmentVariable"},
              kEnvSet);
          add({"secretId", "unsafe_plain_text", "unsafePlainText",
               "plain_text", "plainText", "from_token", "fromToken",
               "UnsafePlainText", "PlainText"},
              kUsage);
          add({"raise", "throw", "System", "fmt", "Console", "errors", "print",
               "println", "panic", "puts", "p", "pp", "warn", "echo",
               "error_log", "var_dump", "print_r", "printf", "die", "logger",
               "console", "slog", "zap", "sugar", "warnings"},
              kSink);
          return m;
        }());
    uint16_t r = 0;
    if (auto it = kExact->find(v); it != kExact->end()) r = it->second;
    if (v.size() > 64) return r;
    char lower[64];
    for (size_t i = 0; i < v.size(); ++i)
      lower[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(v[i])));
    std::string_view l(lower, v.size());
    if (Contains(l, "log")) r |= kSink;  // logger, LOG, _log, slog ...
    // A bare `token` (lexers, pagination, CSRF) or `pwd` (the shell
    // command) says too little in code; it counts once a secret flows in.
    if (l == "token" || l == "pwd") return r;
    // IsSecretName needs one of these words; most names have none.
    for (std::string_view w : {"pass", "pwd", "secret", "token", "cred",
                               "key", "bearer"}) {
      if (Contains(l, w)) {
        if (IsSecretName(v)) r |= kSecretNamed;
        break;
      }
    }
    return r;
  }

  void ComputeRoles() {
    roles_.assign(Size(), 0);
    // Names repeat across the files of a tree (keywords, common
    // identifiers): each distinct one is classified once per thread.
    thread_local ShortStringMemo cache;
    for (size_t i = 0; i < Size(); ++i) {
      if (Tok(i).kind == TokKind::kString && Tok(i).interpolated) {
        // An interpolating string matters when a secret-ish word is in it.
        if (MentionsSecretWord(Tok(i).value)) roles_[i] = kSecretNamed;
        continue;
      }
      if (Tok(i).kind != TokKind::kIdent || Tok(i).value.empty()) continue;
      roles_[i] = cache.Get(Tok(i).value, RoleOf);
    }
  }

  // Whether `v` holds pass, pwd, secret, token, cred, key, bearer or env
  // (so getenv too), in any case. Asked for every interpolating string: one
  // pass over its bytes, comparing only where a word's first letter is,
  // without tolower() calls.
  static bool MentionsSecretWord(std::string_view v) {
    // ASCII case-insensitive `word` (lower-case letters) at v[i].
    auto at = [&](size_t i, std::string_view word) {
      if (v.size() - i < word.size()) return false;
      for (size_t j = 0; j < word.size(); ++j)
        if ((v[i + j] | 0x20) != word[j]) return false;
      return true;
    };
    static constexpr std::string_view kWords[] = {
        "pass", "pwd", "secret", "token", "cred", "key", "bearer", "env"};
    static constexpr std::array<bool, 256> kFirst = [] {
      std::array<bool, 256> t{};
      for (std::string_view w : kWords) {
        t[static_cast<unsigned char>(w[0])] = true;
        t[static_cast<unsigned char>(w[0] - 0x20)] = true;  // upper case
      }
      return t;
    }();
    for (size_t i = 0; i < v.size(); ++i) {
      if (!kFirst[static_cast<unsigned char>(v[i])]) continue;
      char c = static_cast<char>(v[i] | 0x20);
      for (std::string_view w : kWords)
        if (w[0] == c && at(i, w)) return true;
    }
    return false;
  }

  // The visible taint of `name`, or nullptr. Root analyzer only.
  const Taint* FindTaint(std::string_view name) const {
    if (taint_.empty()) return nullptr;
    auto it = taint_.find(name);
    return it != taint_.end() && Visible(it->second) ? &it->second : nullptr;
  }
  size_t Size() const { return lexed_.tokens.size(); }
  bool IsPunct(size_t i, std::string_view p) const {
    if (i >= Size() || Tok(i).kind != TokKind::kPunct) return false;
    std::string_view t = Tok(i).text;
    return t.size() == p.size() && t[0] == p[0] && t == p;
  }
  bool IsIdent(size_t i) const {
    return i < Size() && Tok(i).kind == TokKind::kIdent;
  }
  bool IdentIs(size_t i, std::string_view v) const {
    return IsIdent(i) && Tok(i).value == v;
  }

  int Indent(size_t offset) const {
    std::string_view t = ctx_.text();
    size_t ls = t.rfind('\n', offset == 0 ? 0 : offset - 1);
    ls = ls == std::string_view::npos || offset == 0 ? 0 : ls + 1;
    return static_cast<int>(offset - ls);
  }

  // Index just past the bracket closing the one at `open`, over the whole
  // token stream (calls may span statements).
  size_t Close(size_t open) const {
    int depth = 0;
    for (size_t j = open; j < Size(); ++j) {
      if (Tok(j).kind != TokKind::kPunct || Tok(j).text.size() != 1) continue;
      char c = Tok(j).text[0];
      if (c == '(' || c == '[' || c == '{') ++depth;
      if ((c == ')' || c == ']' || c == '}') && --depth == 0) return j + 1;
    }
    return Size();
  }

  void CloseFunctions(int depth) {
    while (!fns_.empty() && fns_.back().depth >= depth) fns_.pop_back();
  }

  bool Visible(const Taint& t) const {
    if (t.fn == 0) return true;
    for (const auto& f : fns_)
      if (f.id == t.fn) return true;
    return false;
  }

  int CurrentFn() const { return fns_.empty() ? 0 : fns_.back().id; }

  // ---- statements ---------------------------------------------------------

  void Statement(size_t b, size_t e, int depth, bool opens_block) {
    if (!IsBraceLang(lang_)) CloseFunctions(depth);
    if (IsPunct(b, "@")) {  // decorator
      decorator_ = Lower(ctx_.text().substr(
          Tok(b).offset, Tok(e - 1).offset + Tok(e - 1).text.size() -
                             Tok(b).offset));
      return;
    }
    if (FunctionHeader(b, e, depth, opens_block)) return;
    // Most statements hold nothing the passes look for: skip them on the
    // roles alone (a tainted name or an interpolating string may matter).
    uint16_t roles = 0;
    bool tainted_or_interp = false;
    for (size_t i = b; i < e; ++i) {
      roles |= roles_[i];
      if (!tainted_or_interp && !taint_.empty() &&
          Tok(i).kind == TokKind::kIdent && FindTaint(Tok(i).value))
        tainted_or_interp = true;
      if (Tok(i).kind == TokKind::kString && Tok(i).interpolated &&
          !taint_.empty())
        tainted_or_interp = true;
    }
    if (roles & kEnvSet) EnvInCode(b, e);
    if (roles & kUsage) Usage(b, e);
    if (roles & kSink) Sinks(b, e);
    if ((roles & (kSource | kSecretNamed)) || tainted_or_interp)
      Assignment(b, e);
  }

  bool FunctionHeader(size_t b, size_t e, int depth, bool opens_block) {
    size_t k = b;
    if (IdentIs(k, "async") || IdentIs(k, "export") || IdentIs(k, "public") ||
        IdentIs(k, "private") || IdentIs(k, "static"))
      ++k;
    bool header = false;
    std::string name;
    if ((IdentIs(k, "def") || IdentIs(k, "func") || IdentIs(k, "function") ||
         IdentIs(k, "fun")) &&
        (opens_block || !IsBraceLang(lang_))) {
      header = true;
      for (size_t j = k + 1; j < e; ++j) {
        if (IsIdent(j) && IsPunct(j + 1, "(")) {
          name = std::string(Tok(j).value);
          break;
        }
      }
    } else if (IsBraceLang(lang_) && opens_block) {
      // `name(params) {` methods, `x = async (event) => {` arrows.
      bool arrow = false;
      for (size_t j = b; j < e; ++j)
        if (IsPunct(j, "=>")) arrow = true;
      bool ends_call = e > b && IsPunct(e - 1, ")");
      bool kw = IsIdent(b) && In(Tok(b).value,
                                 {"if", "for", "while", "switch", "catch",
                                  "else", "do", "try", "synchronized", "using",
                                  "foreach", "lock", "when", "return", "new"});
      if ((arrow || ends_call) && !kw) {
        header = true;
        for (size_t j = b; j < e; ++j) {
          if (IsIdent(j) && (IsPunct(j + 1, "(") || IsPunct(j + 1, "=")) &&
              name.empty())
            name = std::string(Tok(j).value);
        }
      }
    } else if (lang_ == Lang::kShell && IsIdent(b) && IsPunct(b + 1, "(") &&
               IsPunct(b + 2, ")")) {
      header = true;
      name = std::string(Tok(b).value);
    }
    if (!header) return false;
    bool handler = false;
    std::string lname = Lower(name);
    if (Contains(lname, "handler") || In(lname, {"handle", "handlerequest",
                                                  "handle_request", "invoke"}))
      handler = true;
    bool has_event = false, has_context = false, has_req = false;
    for (size_t j = b; j < e; ++j) {
      if (!IsIdent(j)) continue;
      std::string_view v = Tok(j).value;
      if (v == "event") has_event = true;
      if (v == "context" || v == "ctx") has_context = true;
      if (v == "req" || v == "request" || v == "ResponseWriter" ||
          v == "HttpServletRequest")
        has_req = true;
    }
    if ((has_event && has_context) || has_req) handler = true;
    if (Contains(decorator_, "route") || Contains(decorator_, ".get(") ||
        Contains(decorator_, ".post(") || Contains(decorator_, "api_view") ||
        Contains(decorator_, "handler"))
      handler = true;
    bool cached = Contains(decorator_, "cache");
    decorator_.clear();
    fns_.push_back({++next_fn_, depth, handler && !cached});
    // Arrow functions and one-line bodies hold code after the header.
    for (size_t j = b; j < e; ++j) {
      if (IsPunct(j, "=>") || IsPunct(j, ":")) {
        if (j + 1 < e) {
          EnvInCode(j + 1, e);
          Usage(j + 1, e);
          Sinks(j + 1, e);
        }
        break;
      }
    }
    return true;
  }

  // ---- taint ----------------------------------------------------------------

  // Describes the first secret value in tokens [b, e) (a source call, an env
  // read of a secret-named variable, a tainted or secret-named name), or
  // returns empty. Never includes a value.
  // With `opaque_calls` (a value being stored: an assignment, an
  // environment variable), the arguments of a call count only when the call
  // passes them on (PassesArgumentOn): `rc, out = run(cmd, password)` stores
  // a return code. A log or exception call's own arguments are always read.
  std::string TaintedExpr(size_t b, size_t e, int nest = 0,
                          bool opaque_calls = false) const {
    for (size_t i = b; i < e; ++i) {
      const Token& t = Tok(i);
      if (t.kind == TokKind::kString) {
        if (!t.interpolated || nest > 2) continue;
        if (roles_[i] == 0 && root_->taint_.empty()) continue;
        for (std::string_view expr : InterpolatedExprs(lang_, t)) {
          std::string d = TaintedText(expr, nest + 1);
          if (!d.empty()) return d;
        }
        continue;
      }
      if (t.kind != TokKind::kIdent) continue;
      std::string_view v = t.value;
      if (opaque_calls && IsPunct(i + 1, "(") && !(roles_[i] & kSource) &&
          !PassesArgumentOn(v)) {
        if (ReturnsSecretByName(v))
          return "the result of " + std::string(v) + "()";
        size_t close = std::max(i, Close(i + 1) - 1);
        // A fetch handed to a client call is what the call returns:
        // client.send(new GetSecretValueCommand(...)).
        for (size_t j = i + 2; j < close && j < e; ++j)
          if (roles_[j] & kSource)
            if (const char* fetched = FetchedSecret(j, e)) return fetched;
        i = close;  // neither the call nor its arguments
        continue;
      }
      if (roles_[i] == 0 && root_->taint_.empty()) continue;
      if (roles_[i] & kSource) {
        if (const char* fetched = FetchedSecret(i, e)) return fetched;
        if (In(v, {"environ", "getenv", "Getenv", "LookupEnv", "ENV", "_ENV",
                   "GetEnvironmentVariable"}) ||
            (v == "env" && IsPunct(i - 1, "."))) {
          for (size_t j = i + 1; j < e && j < i + 6; ++j) {
            if ((Tok(j).kind == TokKind::kString ||
                 (Tok(j).kind == TokKind::kIdent && IsPunct(j - 1, "."))) &&
                IsSecretName(Tok(j).value)) {
              if (IsSafeContext(b, i, j, e)) break;
              return "the environment variable " + std::string(Tok(j).value);
            }
          }
          continue;
        }
      }
      if (IsPunct(i + 1, "(")) continue;  // a call, not a value
      // Keyword argument / object key names are not values.
      if ((IsPunct(i + 1, "=") || IsPunct(i + 1, ":")) &&
          !IsPunct(i - 1, ".") && lang_ != Lang::kShell)
        continue;
      const Taint* taint = root_->FindTaint(v);
      bool tainted = taint != nullptr;
      bool named = (roles_[i] & kSecretNamed) != 0;
      if (!tainted && !named) continue;
      // A dotted chain is judged by its last field: config.db_password is a
      // secret, secret.name is not.
      size_t last = i;
      while (IsPunct(last + 1, ".") && IsIdent(last + 2)) last += 2;
      if (last != i) {
        std::string_view field = Tok(last).value;
        if (IsMetaField(field)) {
          i = last;
          continue;
        }
        if (!tainted && !IsSecretName(field)) {
          i = last;
          continue;
        }
      }
      // secret['name'], secret["ARN"]
      if (IsPunct(last + 1, "[") && last + 2 < e &&
          Tok(last + 2).kind == TokKind::kString &&
          IsMetaField(Tok(last + 2).value))
        continue;
      // secret[:4] shows a part only: masked.
      if (IsPunct(last + 1, "[") &&
          (IsPunct(last + 2, ":") || IsPunct(last + 3, ":")))
        continue;
      if (IsSafeContext(b, i, last, e)) {
        i = last;
        continue;
      }
      if (tainted) return std::string(v) + " (" + taint->what + ")";
      return std::string(v);
    }
    return {};
  }

  // What token i (a source) fetches when it is a Secrets Manager read or an
  // SSM read with decryption (within the call ending before e), or nullptr.
  const char* FetchedSecret(size_t i, size_t e) const {
    std::string_view v = Tok(i).value;
    if (IsSecretFetchCall(v) || v == "SecretString" || v == "SecretBinary" ||
        v == "secretString" || v == "secret_string" ||
        ((v == "get_secret" || v == "getSecret") && IsPunct(i + 1, "(")))
      return "a Secrets Manager secret value";
    if (IsParameterCall(v) && Decrypted(i, e))
      return "a decrypted SSM parameter";
    return nullptr;
  }

  // A value at tokens [i, last] wrapped in len()/hash()/mask() or followed
  // by .length: not the secret itself.
  bool IsSafeContext(size_t b, size_t i, size_t last, size_t e) const {
    if (IsPunct(last + 1, ".") && IsIdent(last + 2) &&
        IsSafeWrapper(Tok(last + 2).value))
      return true;
    int depth = 0;
    for (size_t j = i; j > b; --j) {
      size_t k = j - 1;
      if (IsPunct(k, ")")) ++depth;
      if (IsPunct(k, "(")) {
        if (depth > 0) {
          --depth;
          continue;
        }
        if (k > 0 && IsIdent(k - 1) && IsSafeWrapper(Tok(k - 1).value))
          return true;
      }
    }
    (void)e;
    return false;
  }

  std::string TaintedText(std::string_view expr, int nest) const {
    CodeAnalyzer sub(ctx_, lang_, expr, this);
    return sub.TaintedExpr(0, sub.Size(), nest);
  }

  // Interpolated-expression analyzer sharing the parent's taint.
  CodeAnalyzer(DetectorContext& ctx, Lang lang, std::string_view expr,
               const CodeAnalyzer* parent)
      : ctx_(ctx), lang_(lang) {
    Lex(lang, expr, &lexed_);
    ComputeRoles();
    root_ = parent->root_;
  }

  // `WithDecryption=True` / `decrypt=True` / `WithDecryption: aws.Bool(true)`
  // in the call starting at token i.
  bool Decrypted(size_t i, size_t e) const {
    size_t end = IsPunct(i + 1, "(") || IsPunct(i + 1, "{") ? Close(i + 1) : e;
    for (size_t j = i; j < end; ++j) {
      if (!IsIdent(j)) continue;
      std::string l = Lower(Tok(j).value);
      if (l != "withdecryption" && l != "decrypt" && l != "with_decryption")
        continue;
      for (size_t k = j + 1; k < end && k < j + 6; ++k)
        if (IsIdent(k) && Lower(Tok(k).value) == "true") return true;
      return false;
    }
    return false;
  }

  void Assignment(size_t b, size_t e) {
    size_t eq = e;
    int paren = 0;
    for (size_t i = b; i < e; ++i) {
      if (IsPunct(i, "(") || IsPunct(i, "[")) ++paren;
      if (IsPunct(i, ")") || IsPunct(i, "]")) --paren;
      if (paren == 0 && (IsPunct(i, "=") || IsPunct(i, ":=") ||
                         IsPunct(i, "+="))) {
        eq = i;
        break;
      }
    }
    if (eq == e || eq == b) return;
    std::string what = TaintedExpr(eq + 1, e, 0, /*opaque_calls=*/true);
    bool multi = false;
    for (size_t i = b; i < eq; ++i)
      if (IsPunct(i, ",") || IsPunct(i, "{") || IsPunct(i, "[")) multi = true;
    std::vector<std::string> targets;
    for (size_t i = b; i < eq; ++i) {
      if (!IsIdent(i) || IsPunct(i + 1, "(")) continue;
      std::string_view v = Tok(i).value;
      if (In(v, {"const", "let", "var", "val", "final", "err", "_", "error",
                 "ok", "e", "self", "this", "auto", "String", "string",
                 "local", "export", "readonly", "declare"}))
        continue;
      // Subscript keys and object fields are not targets.
      if (IsPunct(i - 1, "[")) continue;
      if (multi) {
        targets.push_back(std::string(v));
      } else {
        targets.assign(1, std::string(v));
      }
    }
    for (const auto& t : targets) {
      if (!what.empty()) {
        taint_[t] = {CurrentFn(), what};
      } else if (Mentions(eq + 1, e, t)) {
        // `token = modifier(token)`: derived from its own secret value.
      } else {
        auto it = taint_.find(t);
        if (it != taint_.end() && it->second.fn == CurrentFn())
          taint_.erase(it);  // reassigned to something harmless
      }
    }
  }

  // Whether identifier `name` occurs in tokens [b, e) as a variable (not as
  // a field after '.').
  bool Mentions(size_t b, size_t e, std::string_view name) const {
    for (size_t i = b; i < e && i < Size(); ++i)
      if (IsIdent(i) && Tok(i).value == name && !IsPunct(i - 1, "."))
        return true;
    return false;
  }

  // ---- sinks --------------------------------------------------------------

  void Sinks(size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) {
      if (!IsIdent(i)) continue;
      std::string_view v = Tok(i).value;
      bool exception = false;
      size_t args_b = 0, args_e = 0;
      std::string sink;
      bool dotted = IsPunct(i + 1, ".") || IsPunct(i + 1, "->") ||
                    IsPunct(i + 1, "::");
      if (dotted && IsIdent(i + 2) && IsPunct(i + 3, "(") &&
          IsLoggerObject(v) && IsLogMethod(Tok(i + 2).value)) {
        args_b = i + 4;
        args_e = Close(i + 3) - 1;
        sink = std::string(v) + "." + std::string(Tok(i + 2).value);
      } else if (v == "System" && IsPunct(i + 1, ".") &&
                 (IdentIs(i + 2, "out") || IdentIs(i + 2, "err")) &&
                 IsPunct(i + 5, "(")) {
        args_b = i + 6;
        args_e = Close(i + 5) - 1;
        sink = "System.out";
      } else if ((v == "fmt" || v == "Console") && IsPunct(i + 1, ".") &&
                 IsIdent(i + 2) && IsPunct(i + 3, "(")) {
        std::string_view m = Tok(i + 2).value;
        if (m == "Errorf") {
          exception = true;
        } else if (!(m.substr(0, 5) == "Print" || m.substr(0, 6) == "Fprint" ||
                     m.substr(0, 5) == "Write")) {
          continue;
        }
        args_b = i + 4;
        args_e = Close(i + 3) - 1;
        sink = std::string(v) + "." + std::string(m);
      } else if (v == "errors" && IdentIs(i + 2, "New") && IsPunct(i + 3, "(")) {
        exception = true;
        args_b = i + 4;
        args_e = Close(i + 3) - 1;
        sink = "errors.New";
      } else if (!IsPunct(i - 1, ".") && !IsPunct(i - 1, "->") &&
                 IsBareSink(v)) {
        if (IsPunct(i + 1, "(")) {
          args_b = i + 2;
          args_e = Close(i + 1) - 1;
        } else if (lang_ == Lang::kRuby || lang_ == Lang::kShell ||
                   lang_ == Lang::kPhp) {
          args_b = i + 1;
          args_e = e;
        } else {
          continue;
        }
        exception = v == "panic" || v == "die";
        sink = std::string(v);
      } else if ((v == "raise" || v == "throw") && !IsPunct(i - 1, ".")) {
        exception = true;
        args_b = i + 1;
        args_e = e;
        // The exception's type is not part of its message: `raise
        // InvalidToken`, `raise errors.BadToken(msg)`, `throw new
        // TokenError(msg)` look only at what is passed to it.
        size_t j = i + 1;
        if (IdentIs(j, "new")) ++j;
        while (IsIdent(j) && (IsPunct(j + 1, ".") || IsPunct(j + 1, "::")))
          j += 2;
        if (IsIdent(j)) {
          if (IsPunct(j + 1, "(")) {
            args_b = j + 2;
            // throw may span lines: take the whole call.
            args_e = std::max(args_b, Close(j + 1) - 1);
          } else {
            args_b = j + 1;  // bare type, or Ruby's `raise Type, msg`
          }
        }
        sink = std::string(v);
      } else {
        continue;
      }
      args_e = std::min(args_e, Size());
      if (args_b >= args_e) continue;
      std::string what = TaintedExpr(args_b, args_e);
      if (what.empty()) continue;
      std::string var = what.substr(0, what.find(' '));
      ctx_.Emit(exception ? "log-secret-in-exception" : "log-secret-in-log-call",
                Tok(i).offset, Tok(i).offset + Tok(i).text.size(),
                (exception ? "a secret value (" + what +
                                 ") is put into an exception/error message"
                           : "a secret value (" + what + ") reaches " + sink),
                {}, sink + ":" + var);
      i = args_e;
    }
  }

  bool IsLoggerObject(std::string_view v) const {
    std::string l = Lower(v);
    return Contains(l, "log") || l == "console" || l == "slog" ||
           l == "zap" || l == "sugar" || l == "warnings";
  }

  bool IsLogMethod(std::string_view m) const {
    std::string l = Lower(m);
    for (std::string_view p : {"debug", "info", "warn", "error", "exception",
                               "critical", "fatal", "trace", "log", "print",
                               "panic", "notice", "emergency", "alert"})
      if (l.substr(0, p.size()) == p) return l.substr(0, 6) != "logger" ||
                                             l == "log";
    return false;
  }

  bool IsBareSink(std::string_view v) const {
    switch (lang_) {
      case Lang::kPython: return v == "print";
      case Lang::kGo: return v == "println" || v == "print" || v == "panic";
      case Lang::kKotlin: return v == "println" || v == "print";
      case Lang::kRuby: return In(v, {"puts", "p", "print", "pp", "warn"});
      case Lang::kPhp:
        return In(v, {"echo", "print", "error_log", "var_dump", "print_r",
                      "printf", "die"});
      case Lang::kShell: return In(v, {"echo", "printf", "logger"});
      default: return false;
    }
  }

  // ---- env in code ----------------------------------------------------------

  void EnvInCode(size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) {
      if (!IsIdent(i)) continue;
      std::string_view v = Tok(i).value;
      std::string name;
      size_t value_b = 0, value_e = 0, name_tok = 0;
      // os.environ["X"] = v, ENV["X"] = v, $_ENV['X'] = v, process.env["X"] = v
      if ((v == "environ" || v == "ENV" || v == "_ENV" ||
           (v == "env" && IsPunct(i - 1, "."))) &&
          IsPunct(i + 1, "[") && i + 2 < e &&
          Tok(i + 2).kind == TokKind::kString && IsPunct(i + 3, "]") &&
          IsPunct(i + 4, "=")) {
        name_tok = i + 2;
        value_b = i + 5;
        value_e = e;
      } else if (v == "env" && IsPunct(i - 1, ".") && IsPunct(i + 1, ".") &&
                 IsIdent(i + 2) && IsPunct(i + 3, "=")) {  // process.env.X =
        name_tok = i + 2;
        value_b = i + 4;
        value_e = e;
      } else if (In(v, {"putenv", "Setenv", "setProperty", "setdefault",
                        "SetEnvironmentVariable"}) &&
                 IsPunct(i + 1, "(") && i + 2 < e &&
                 Tok(i + 2).kind == TokKind::kString) {
        if (v == "setdefault" && !IdentIs(i - 2, "environ")) continue;
        size_t close = Close(i + 1) - 1;
        if (IsPunct(i + 3, ",")) {
          name_tok = i + 2;
          value_b = i + 4;
          value_e = close;
        } else if (v == "putenv" && IsPunct(i + 3, ")")) {
          // PHP/C putenv("NAME=value")
          std::string_view a = Tok(i + 2).value;
          size_t eq = a.find('=');
          if (eq == std::string_view::npos) continue;
          CheckEnvLiteral(a.substr(0, eq), a.substr(eq + 1),
                          Tok(i + 2).offset + 1 + eq + 1);
          continue;
        } else {
          continue;
        }
      } else {
        continue;
      }
      name = std::string(Tok(name_tok).value);
      if (value_e > value_b + 0 && value_e - value_b == 1 &&
          Tok(value_b).kind == TokKind::kString && !Tok(value_b).interpolated) {
        const Token& s = Tok(value_b);
        CheckEnvLiteral(name, s.value,
                        s.offset + static_cast<size_t>(s.value.data() -
                                                       s.text.data()));
      } else {
        std::string what =
            TaintedExpr(value_b, value_e, 0, /*opaque_calls=*/true);
        if (what.empty()) continue;
        ctx_.Emit("env-secret-set-in-code", Tok(i).offset,
                  Tok(i).offset + Tok(i).text.size(),
                  "code puts a secret value (" + what +
                      ") into the environment variable " + name,
                  {}, "setenv:" + name);
      }
    }
  }

  void CheckEnvLiteral(std::string_view name, std::string_view value,
                       size_t offset) {
    std::string why;
    if (!ctx_.IsSecretValue(name, value, &why)) return;
    ctx_.Emit("env-secret-set-in-code", offset, offset + value.size(),
              "code sets the environment variable " + std::string(name) +
                  " to a literal secret (" + why + ")",
              value, name);
  }

  // ---- usage -------------------------------------------------------------

  // The first string literal argument of the call at `i` that names the
  // secret/parameter: first positional, or after SecretId/Name keys.
  size_t NameArgument(size_t i) const {
    size_t open = i + 1;
    if (!(IsPunct(open, "(") || IsPunct(open, "{"))) return Size();
    size_t close = Close(open);
    for (size_t j = open + 1; j < close; ++j) {
      const Token& t = Tok(j);
      if (t.kind == TokKind::kString && !t.interpolated) {
        bool first = j == open + 1;
        // Walk back over `=`, `:`, `(` and aws.String-style wrappers to the
        // key: SecretId="x", SecretId: aws.String("x"), .secretId("x").
        bool keyed = false;
        for (size_t k = j; k > open && k + 6 > j; --k) {
          const Token& p = Tok(k - 1);
          if (p.kind == TokKind::kPunct &&
              (p.text == "=" || p.text == ":" || p.text == "(" ||
               p.text == "."))
            continue;
          if (p.kind != TokKind::kIdent) break;
          std::string l = Lower(p.value);
          if (l == "secretid" || l == "secret_id" || l == "name" ||
              l == "secretname" || l == "secret_name" || l == "names") {
            keyed = true;
            break;
          }
          if (l != "string" && l != "aws") break;
        }
        if (first || keyed) return j;
      }
    }
    return Size();
  }

  void Usage(size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) {
      if (!IsIdent(i)) continue;
      std::string_view v = Tok(i).value;
      bool fetch = IsSecretFetchCall(v);
      bool get_secret = fetch || v == "get_secret" || v == "getSecret" ||
                        v == "secretId";
      if (get_secret && (IsPunct(i + 1, "(") || IsPunct(i + 1, "{"))) {
        size_t s = NameArgument(i);
        // One finding per name argument, however many wrappers name it.
        if (s < Size() && reported_names_.insert(s).second) {
          std::string_view name = Tok(s).value;
          size_t off = Tok(s).offset + 1;
          if (!name.empty() && PlaceholderReason(name) == nullptr) {
            ctx_.Emit("usage-hardcoded-secret-name", off, off + name.size(),
                      "the secret's name or ARN is hardcoded in the call to " +
                          std::string(v),
                      {}, "name:" + std::string(name));
            if (NonSensitiveName(name)) {
              ctx_.Emit("usage-non-sensitive-config-in-secrets-manager", off,
                        off + name.size(),
                        "a secret whose name says it holds non-sensitive "
                        "configuration: Secrets Manager costs $0.40 per "
                        "secret per month",
                        {}, "config:" + std::string(name));
            }
          }
        }
      }
      if (fetch && !fns_.empty() && fns_.back().handler && !(root_->facts_ && root_->facts_->HasCache()) &&
          !fns_.back().reported_fetch) {
        fns_.back().reported_fetch = true;
        ctx_.Emit("usage-secret-fetched-per-request", Tok(i).offset,
                  Tok(i).offset + Tok(i).text.size(),
                  "the secret is fetched on every call of this handler with "
                  "no cache",
                  {}, "fetch:" + std::to_string(Tok(i).offset / 1024));
      }
      if (IsParameterCall(v) && (IsPunct(i + 1, "(") || IsPunct(i + 1, "{"))) {
        size_t s = NameArgument(i);
        if (s < Size() && reported_names_.insert(s).second) {
          std::string_view name = Tok(s).value;
          std::string_view leaf = name.substr(name.rfind('/') + 1);
          if (IsSecretName(leaf) && !Decrypted(i, e)) {
            size_t off = Tok(s).offset + 1;
            ctx_.Emit("usage-parameter-without-decryption", off,
                      off + name.size(),
                      "the parameter's name says it holds a secret but it is "
                      "read without decryption",
                      {}, "param:" + std::string(name));
          }
        }
      }
      // CDK: SecretValue.unsafe_plain_text("...") / secretStringValue etc.
      if (In(v, {"unsafe_plain_text", "unsafePlainText", "plain_text",
                 "plainText", "from_token", "fromToken", "UnsafePlainText",
                 "PlainText"}) &&
          IsPunct(i + 1, "(") && i + 2 < Size() &&
          Tok(i + 2).kind == TokKind::kString && !Tok(i + 2).interpolated) {
        const Token& s = Tok(i + 2);
        size_t off = s.offset + static_cast<size_t>(s.value.data() -
                                                    s.text.data());
        if (!s.value.empty() && PlaceholderReason(s.value) == nullptr) {
          ctx_.Emit("usage-secret-value-in-infrastructure-code", off,
                    off + s.value.size(),
                    "a secret value is written into CDK code (" +
                        std::string(v) +
                        "): it ends up in the synthesised template",
                    s.value, "cdk");
        }
      }
    }
  }

  static bool NonSensitiveName(std::string_view name) {
    std::string leaf = Lower(name.substr(name.rfind('/') + 1));
    if (IsSecretName(leaf) || Contains(leaf, "key") || Contains(leaf, "cred"))
      return false;
    for (std::string_view w : {"url", "endpoint", "timeout", "region",
                               "feature-flag", "feature_flag", "featureflag",
                               "feature-flags", "hostname", "log-level",
                               "log_level", "base-url", "port"})
      if (Contains(leaf, w)) return true;
    return false;
  }

  DetectorContext& ctx_;
  Lang lang_;
  LexResult lexed_;
  FileFacts* facts_ = nullptr;  // null in interpolated-expression analyzers
  std::map<std::string, Taint, std::less<>> taint_;
  std::vector<uint16_t> roles_;  // parallel to lexed_.tokens
  const CodeAnalyzer* root_ = this;  // holds the taint and the functions
  std::vector<Function> fns_;
  int next_fn_ = 0;
  std::string decorator_;
  std::set<size_t> reported_names_;  // name-argument tokens reported
};

// `export NAME=literal` lines of a shell script.
void ShellExports(DetectorContext& ctx) {
  std::string_view t = ctx.text();
  size_t pos = 0;
  while ((pos = t.find("export ", pos)) != std::string_view::npos) {
    size_t ls = pos == 0 ? 0 : t.rfind('\n', pos - 1);
    ls = (pos == 0 || ls == std::string_view::npos) ? 0 : ls + 1;
    size_t i = pos + 7;
    pos = i;
    if (t.substr(ls, i - 7 - ls).find_first_not_of(" \t") !=
        std::string_view::npos)
      continue;  // not at the start of the line
    while (i < t.size() && t[i] == ' ') ++i;
    size_t nb = i;
    while (i < t.size() &&
           (std::isalnum(static_cast<unsigned char>(t[i])) || t[i] == '_'))
      ++i;
    if (i == nb || i >= t.size() || t[i] != '=') continue;
    std::string_view name = t.substr(nb, i - nb);
    ++i;
    std::string_view value;
    size_t voff = i;
    if (i < t.size() && (t[i] == '"' || t[i] == '\'')) {
      char q = t[i];
      size_t close = t.find(q, i + 1);
      size_t nl = t.find('\n', i);
      if (close == std::string_view::npos || close > nl) continue;
      value = t.substr(i + 1, close - i - 1);
      voff = i + 1;
      if (q == '"' && (Contains(value, "$") || Contains(value, "`"))) continue;
    } else {
      size_t end = i;
      while (end < t.size() && !std::isspace(static_cast<unsigned char>(t[end])) &&
             t[end] != ';')
        ++end;
      value = t.substr(i, end - i);
      if (Contains(value, "$") || Contains(value, "`")) continue;
    }
    std::string why;
    if (!ctx.IsSecretValue(name, value, &why)) continue;
    ctx.Emit("env-secret-exported-in-shell", voff, voff + value.size(),
             "the script exports " + std::string(name) +
                 " as a literal secret (" + why + ")",
             value, name);
  }
}

}  // namespace

void RunShellExports(DetectorContext& ctx) { ShellExports(ctx); }

void RunCodeDetectors(DetectorContext& ctx, Lang lang,
                      const std::vector<size_t>* hits) {
  CodeAnalyzer::FileFacts facts(ctx.text());
  if (hits == nullptr) {
    CodeAnalyzer(ctx, lang, &facts).Run();
    return;
  }
  // Windows of kContextLines lines either side of each hit, merged: a
  // source and its sink further apart than that are not connected. Lines
  // are assumed to be code of a usual width: a side reaches at most
  // kContextBytes from the hit, so that a hit in a minified bundle (one
  // line of a megabyte) costs a window of that size, not the whole bundle.
  constexpr int kContextLines = 5;
  constexpr size_t kContextBytes = 4096;
  std::string_view t = ctx.text();
  // The last '\n' in [floor, pos), or npos (memrchr: the search may cross
  // a long line).
  auto newline_before = [&](size_t floor, size_t pos) -> size_t {
    if (pos <= floor) return std::string_view::npos;
    const void* at = memrchr(t.data() + floor, '\n', pos - floor);
    return at == nullptr
               ? std::string_view::npos
               : static_cast<size_t>(static_cast<const char*>(at) - t.data());
  };
  // The start of the line kContextLines above the hit's, or the point
  // kContextBytes before the hit when that is later.
  auto back = [&](size_t hit) {
    size_t floor = hit > kContextBytes ? hit - kContextBytes : 0;
    size_t pos = hit;
    for (int n = 0; n <= kContextLines; ++n) {
      size_t nl = newline_before(floor, pos);
      if (nl == std::string_view::npos) return floor;
      pos = nl;
    }
    return pos + 1;
  };
  auto forward = [&](size_t hit) {
    size_t ceiling = std::min(t.size(), hit + kContextBytes);
    size_t pos = hit;
    for (int n = 0; n <= kContextLines && pos < ceiling; ++n) {
      size_t nl = t.substr(0, ceiling).find('\n', pos);
      pos = nl == std::string_view::npos ? ceiling : nl + 1;
    }
    return std::min(pos, ceiling);
  };
  // A window clipped inside a line is lexed from that line's start (the
  // lexer's state there is what a window starting at the line would have),
  // and its tokens start at the clip.
  auto analyze = [&](size_t wb, size_t we) {
    size_t nl = newline_before(0, wb);
    size_t line_start = nl == std::string_view::npos ? 0 : nl + 1;
    CodeAnalyzer(ctx, lang, &facts, line_start, we, wb).Run();
  };
  size_t wb = 0, we = 0;
  bool open = false;
  for (size_t hit : *hits) {
    hit = std::min(hit, t.size());
    size_t b = back(hit), e = forward(hit);
    if (open && b <= we) {
      we = std::max(we, e);
      continue;
    }
    if (open) analyze(wb, we);
    wb = b;
    we = e;
    open = true;
  }
  if (open) analyze(wb, we);
}

}  // namespace keylint
