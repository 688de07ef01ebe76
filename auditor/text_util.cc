#include "auditor/text_util.h"

#include <cctype>

namespace keylint {
namespace {

char Lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)); }

}  // namespace

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

bool GlobMatch(std::string_view pattern, std::string_view text,
               bool ignore_case) {
  // Iterative matcher with one backtrack point for the last '*'.
  size_t p = 0, t = 0;
  size_t star = std::string_view::npos, resume = 0;
  auto same = [&](char a, char b) {
    return ignore_case ? Lower(a) == Lower(b) : a == b;
  };
  while (t < text.size()) {
    if (p < pattern.size() &&
        (pattern[p] == '?' || (pattern[p] != '*' && same(pattern[p], text[t])))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      return out;
    }
    out.emplace_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(std::move(cur));
    cur.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (!IsAlnum(c)) {
      flush();
      continue;
    }
    bool upper = std::isupper(static_cast<unsigned char>(c));
    if (upper && !cur.empty()) {
      char prev = s[i - 1];
      bool prev_lower = std::islower(static_cast<unsigned char>(prev)) ||
                        std::isdigit(static_cast<unsigned char>(prev));
      bool next_lower = i + 1 < s.size() &&
                        std::islower(static_cast<unsigned char>(s[i + 1]));
      bool prev_upper = std::isupper(static_cast<unsigned char>(prev));
      // "dbPassword" splits before 'P'; "APIKey" splits before 'K'.
      if (prev_lower || (prev_upper && next_lower)) flush();
    }
    cur.push_back(Lower(c));
  }
  flush();
  return words;
}

std::string ShellArg(std::string_view arg) {
  bool plain = !arg.empty();
  for (char c : arg) {
    if (!(IsAlnum(c) || c == '_' || c == '-' || c == '.' || c == '/' ||
          c == ':' || c == '@' || c == '=' || c == ',' || c == '+')) {
      plain = false;
      break;
    }
  }
  if (plain) return std::string(arg);
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  out.push_back('\'');
  return out;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

std::string Days(long long n) {
  return std::to_string(n) + (n == 1 ? " day" : " days");
}

}  // namespace keylint
