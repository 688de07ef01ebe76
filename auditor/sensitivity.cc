#include "auditor/sensitivity.h"

#include <algorithm>

#include "auditor/text_util.h"

namespace keylint {
namespace {

bool WordMatches(const std::string& word, const std::string& keyword) {
  if (word == keyword || word == keyword + "s") return true;
  return keyword.size() >= 5 && word.find(keyword) != std::string::npos;
}

bool EndsInReference(const std::vector<std::string>& words,
                     const AuditPolicy& p) {
  if (words.empty()) return false;
  const std::string& last = words.back();
  return std::find(p.reference_words.begin(), p.reference_words.end(),
                   last) != p.reference_words.end();
}

}  // namespace

std::string FindKeyword(const std::vector<std::string>& words,
                        const std::vector<std::string>& keywords) {
  for (const std::string& k : keywords) {
    std::string key = ToLower(k);
    for (const std::string& w : words) {
      if (WordMatches(w, key)) return key;
    }
  }
  return {};
}

std::string_view LeafName(std::string_view name) {
  while (!name.empty() && name.back() == '/') name.remove_suffix(1);
  size_t slash = name.rfind('/');
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

std::string SensitiveNameWord(std::string_view name, const AuditPolicy& p) {
  std::vector<std::string> words = Words(LeafName(name));
  if (EndsInReference(words, p)) return {};
  return FindKeyword(words, p.sensitive_keywords);
}

std::string SensitiveTagReason(const Tags& tags, const AuditPolicy& p) {
  for (const auto& [k, v] : tags) {
    std::vector<std::string> words = Words(k);
    std::vector<std::string> vw = Words(v);
    words.insert(words.end(), vw.begin(), vw.end());
    if (!FindKeyword(words, p.sensitive_keywords).empty()) {
      return "tag " + k + "=" + v;
    }
  }
  return {};
}

std::string ConfigNameWord(std::string_view name, const AuditPolicy& p) {
  return FindKeyword(Words(LeafName(name)), p.config_keywords);
}

NameParts SplitName(std::string_view name) {
  NameParts parts;
  parts.leading_slash = name.starts_with('/');
  if (parts.leading_slash) name.remove_prefix(1);
  parts.segments = Split(name, '/');
  if (parts.segments.size() >= 3) {
    parts.env = parts.segments[0];
    parts.scope = parts.segments[2];
  } else if (!parts.segments.empty()) {
    parts.env = parts.segments[0];
  }
  return parts;
}

}  // namespace keylint
