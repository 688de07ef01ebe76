#include "rules/filters.h"

#include <array>
#include <cctype>
#include <cmath>
#include <string>

namespace keylint {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

bool IsHex(std::string_view s) {
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}

// "aaaaaaa", "1111-1111".
bool AllOneCharacter(std::string_view s) {
  char first = 0;
  int distinct_alnum = 0;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) continue;
    if (distinct_alnum == 0) {
      first = c;
      distinct_alnum = 1;
    } else if (c != first) {
      return false;
    }
  }
  return distinct_alnum == 1 && s.size() >= 4;
}

// A secret whose alphanumeric characters almost all step by one: "abcdefgh",
// "123456789", "0123456789abcdef". Values that merely contain such runs
// ("12345678-ABCD-ABCD-...") are left to the entropy and placeholder checks.
bool MostlySequential(std::string_view s) {
  // Every adjacent pair is a step; a separator between two runs is a step
  // that is not sequential, so "1234-ABCD-5678" does not count.
  int steps = 0, sequential = 0;
  char prev = 0;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      if (prev) ++steps;
      prev = 0;
      continue;
    }
    char lc = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (prev) {
      ++steps;
      int d = lc - prev;
      if (d == 1 || d == -1 || (prev == '9' && (lc == 'a' || lc == '0')) ||
          (prev == 'z' && lc == '0'))
        ++sequential;
    }
    prev = lc;
  }
  return steps >= 6 && sequential * 10 >= steps * 9;
}

// Longest run of one repeated character, e.g. "xxxxxxxx" in a token.
size_t LongestRepeat(std::string_view s, char c) {
  size_t best = 0, cur = 0;
  for (char ch : s) {
    cur = (ch == c) ? cur + 1 : 0;
    if (cur > best) best = cur;
  }
  return best;
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

// Identifiers and words: letters (and at most a few separators) with no
// digits and few case changes, e.g. "password", "myPassword", "db_password",
// "SecretKeyRef". Real secrets mix digits and cases.
bool LooksLikeIdentifier(std::string_view s) {
  int digits = 0, upper = 0, lower = 0, other = 0;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isdigit(u)) ++digits;
    else if (std::isupper(u)) ++upper;
    else if (std::islower(u)) ++lower;
    else if (c == '_' || c == '-' || c == '.') ;
    else ++other;
  }
  if (other > 0 || digits > 0) return false;
  // all lower, all upper, or camel/Pascal case with few capitals.
  return upper == 0 || lower == 0 || upper * 4 <= lower;
}

bool LooksLikePath(std::string_view s) {
  if (StartsWith(s, "/") || StartsWith(s, "./") || StartsWith(s, "../") ||
      StartsWith(s, "~/") || StartsWith(s, "file://"))
    return true;
  if (s.size() > 2 && std::isalpha(static_cast<unsigned char>(s[0])) &&
      s[1] == ':' && (s[2] == '\\' || s[2] == '/'))
    return true;
  static const std::array<std::string_view, 14> kExt = {
      ".pem", ".key", ".json", ".yaml", ".yml", ".txt", ".crt", ".p12",
      ".pfx", ".jks", ".env", ".conf", ".ini", ".properties"};
  std::string lower = Lower(s);
  for (auto e : kExt)
    if (EndsWith(lower, e)) return true;
  return false;
}

// Letters, digits and underscores only, starting with a letter.
bool IsIdentifierWord(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

// "us-east-1", "eu-central-2", "us-gov-west-1", "ap-southeast-4".
bool IsAwsRegion(std::string_view s) {
  size_t i = 0;
  auto letters = [&](size_t min) {
    size_t start = i;
    while (i < s.size() && s[i] >= 'a' && s[i] <= 'z') ++i;
    return i - start >= min;
  };
  if (!letters(2) || i >= s.size() || s[i++] != '-') return false;
  if (s.substr(i, 4) == "gov-") i += 4;
  if (!letters(4) || i >= s.size() || s[i++] != '-') return false;
  size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    ++i;
    ++digits;
  }
  return digits >= 1 && digits <= 2 && i == s.size();
}

// Lower-case dotted names with a letters-only last label, optionally with
// a port: "db.internal", "api.example.com:8443", "loyalty.us-west-2.internal".
bool LooksLikeHostname(std::string_view s) {
  // An optional ":port" suffix.
  if (size_t colon = s.rfind(':'); colon != std::string_view::npos) {
    std::string_view port = s.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string_view::npos)
      return false;
    s = s.substr(0, colon);
  }
  if (s.find('.') == std::string_view::npos) return false;
  size_t last_dot = s.rfind('.');
  std::string_view tld = s.substr(last_dot + 1);
  if (tld.size() < 2) return false;
  for (char c : tld)
    if (c < 'a' || c > 'z') return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

double ShannonEntropy(std::string_view s) {
  if (s.empty()) return 0;
  std::array<int, 256> counts{};
  for (unsigned char c : s) ++counts[c];
  double h = 0;
  const double n = static_cast<double>(s.size());
  for (int c : counts) {
    if (c == 0) continue;
    double p = c / n;
    h -= p * std::log2(p);
  }
  return h;
}

const char* PlaceholderReason(std::string_view secret) {
  if (secret.empty()) return "empty value";
  // Template variables and interpolations: ${VAR}, {{ x }}, %(x)s, #{x},
  // $(cmd), <your-key>.
  if (Contains(secret, "${") || Contains(secret, "{{") ||
      Contains(secret, "}}") || Contains(secret, "%(") ||
      Contains(secret, "#{") || Contains(secret, "$(") ||
      Contains(secret, "<%"))
    return "template variable";
  if (secret.front() == '<' && secret.back() == '>') return "placeholder";
  if (secret.front() == '$' && secret.size() > 1 &&
      (std::isupper(static_cast<unsigned char>(secret[1])) || secret[1] == '_'))
    return "variable reference";
  std::string lower = Lower(secret);
  static const std::array<std::string_view, 22> kWords = {
      "example",     "changeme",  "change_me",     "change-me", "placeholder",
      "your_",       "your-",     "yourkey",       "yourtoken", "insert",
      "redacted",    "dummy",     "replace_me",    "replaceme", "replace-me",
      "sample",      "fake",      "notreal",       "not_real",  "not-a-real",
      "todo",        "<",
  };
  for (auto w : kWords)
    if (Contains(lower, w)) return "example value";
  if (LongestRepeat(lower, 'x') >= 4 || LongestRepeat(secret, '*') >= 3 ||
      LongestRepeat(secret, '.') >= 3 || LongestRepeat(secret, '#') >= 4)
    return "masked value";
  if (AllOneCharacter(secret)) return "one repeated character";
  if (MostlySequential(secret)) return "sequential characters";
  return nullptr;
}

const char* GenericReason(std::string_view secret, std::string_view path) {
  if (secret.size() < 8) return "too short";
  std::string lower = Lower(secret);
  static const std::array<std::string_view, 24> kRefs = {
      "os.environ",    "os.getenv",     "getenv(",      "process.env",
      "environ[",      "environ.get",   "get_secret",   "getsecret",
      "secretsmanager", "ssm:",         "parameter_store", "secrets.",
      "vault:",        "env(",          "env.",          "config[",
      "settings.",     "system.getenv", "environment.getenvironmentvariable",
      "config.get",    "params.",       "args.",        "self.",
      "this.",
  };
  for (auto r : kRefs)
    if (Contains(lower, r)) return "reference";
  if (secret.front() == '$') return "reference";
  // %(name)s, %{name}, %NAME% (Windows) and @Value/@env-style references;
  // a password that merely starts with % or @ is still a password.
  if (secret.front() == '%' && secret.size() > 2 &&
      (secret[1] == '(' || secret[1] == '{' || secret.back() == '%'))
    return "reference";
  if (secret.front() == '@' && IsIdentifierWord(secret.substr(1)))
    return "reference";
  if (IsAwsRegion(secret)) return "region name";
  if (LooksLikeHostname(secret)) return "host name";
  if (LooksLikePath(secret)) return "file path";
  if (IsUuid(secret)) return "uuid";
  if (LooksLikeIdentifier(secret)) return "identifier";
  if (IsLockfilePath(path)) return "lockfile";
  if (StartsWith(lower, "sha1-") || StartsWith(lower, "sha256-") ||
      StartsWith(lower, "sha384-") || StartsWith(lower, "sha512-"))
    return "integrity hash";
  // A function call or expression rather than a literal.
  if (secret.back() == ')' && Contains(secret, "(")) return "expression";
  (void)IsHex;
  return nullptr;
}

bool IsLockfilePath(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  static const std::array<std::string_view, 14> kLockfiles = {
      "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml",
      "go.sum",            "Cargo.lock",          "poetry.lock", "Pipfile.lock",
      "composer.lock",     "Gemfile.lock",        "packages.lock.json",
      "gradle.lockfile",   "mix.lock",            "bun.lock"};
  for (auto l : kLockfiles)
    if (base == l) return true;
  return false;
}

}  // namespace keylint
