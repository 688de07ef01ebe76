#include "auditor/naming_convention.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "auditor/check.h"
#include "auditor/sensitivity.h"
#include "auditor/text_util.h"

namespace keylint {
namespace {

// A character-class body such as "a-z0-9._-" as a byte table.
std::array<bool, 256> CharsetTable(std::string_view body) {
  std::array<bool, 256> allowed{};
  if (body.empty()) {
    allowed.fill(true);
    allowed['/'] = false;
    return allowed;
  }
  for (size_t i = 0; i < body.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(body[i]);
    if (i + 2 < body.size() && body[i + 1] == '-') {
      unsigned char hi = static_cast<unsigned char>(body[i + 2]);
      for (unsigned v = c; v <= hi; ++v) allowed[v] = true;
      i += 2;
    } else {
      allowed[c] = true;
    }
  }
  return allowed;
}

bool InList(const std::vector<std::string>& list, std::string_view v) {
  return list.empty() ||
         std::find(list.begin(), list.end(), v) != list.end();
}

std::string ListText(const std::vector<std::string>& list) {
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    out += list[i];
  }
  return out;
}

std::string Placeholder(const NamingLayout& layout) {
  static const char* kParts[] = {"<env>", "<app>", "<scope>", "<name>"};
  std::string out = layout.leading_slash ? "/" : "";
  int depth = layout.depth > 0 ? layout.depth : 4;
  for (int i = 0; i < depth; ++i) {
    if (i > 0) out += "/";
    out += i < 3 ? kParts[i] : (i == depth - 1 ? "<name>" : "<part>");
  }
  return out;
}

}  // namespace

std::string ConventionText(const NamingLayout& layout) {
  return Placeholder(layout);
}

std::vector<std::string> NamingProblems(std::string_view name,
                                        const NamingLayout& layout,
                                        const AuditPolicy& policy) {
  std::vector<std::string> problems;
  NameParts parts = SplitName(name);
  if (layout.leading_slash && !parts.leading_slash) {
    problems.push_back("does not start with '/'");
  } else if (!layout.leading_slash && parts.leading_slash) {
    problems.push_back("starts with '/'");
  }
  size_t depth = parts.segments.size();
  int max_depth = layout.max_depth > 0 ? layout.max_depth : layout.depth;
  if (layout.depth > 0 && (static_cast<int>(depth) < layout.depth ||
                           static_cast<int>(depth) > max_depth)) {
    std::string has = fmt::format("has {} segment{}", depth,
                                  depth == 1 ? "" : "s");
    problems.push_back(
        max_depth == layout.depth
            ? fmt::format("{}, not {}", has, layout.depth)
            : fmt::format("{}, not {} to {}", has, layout.depth, max_depth));
  }
  if (std::any_of(parts.segments.begin(), parts.segments.end(),
                  [](const std::string& s) { return s.empty(); })) {
    problems.push_back("has an empty segment");
  }
  if (!parts.segments.empty() && !parts.segments[0].empty() &&
      !InList(policy.environments, parts.segments[0])) {
    problems.push_back(fmt::format("environment '{}' is not one of {}",
                                   parts.segments[0],
                                   ListText(policy.environments)));
  }
  if (parts.segments.size() >= 3 && !parts.segments[2].empty() &&
      !InList(policy.scopes, parts.segments[2])) {
    problems.push_back(fmt::format("scope '{}' is not one of {}",
                                   parts.segments[2],
                                   ListText(policy.scopes)));
  }
  std::array<bool, 256> allowed = CharsetTable(policy.charset);
  bool bad_char = false, bad_case = false;
  for (const std::string& seg : parts.segments) {
    for (char ch : seg) {
      unsigned char c = static_cast<unsigned char>(ch);
      if (!allowed[c]) bad_char = true;
      if (policy.name_case == "lower" && std::isupper(c)) bad_case = true;
      if (policy.name_case == "upper" && std::islower(c)) bad_case = true;
    }
  }
  if (bad_char) {
    problems.push_back(
        fmt::format("has characters outside [{}]", policy.charset));
  } else if (bad_case) {
    problems.push_back(fmt::format("is not {} case", policy.name_case));
  }
  return problems;
}

std::string SuggestName(std::string_view name, const NamingLayout& layout,
                        const AuditPolicy& policy) {
  std::array<bool, 256> allowed = CharsetTable(policy.charset);
  std::string_view body = name;
  while (!body.empty() && body.front() == '/') body.remove_prefix(1);
  while (!body.empty() && body.back() == '/') body.remove_suffix(1);
  std::string fixed = layout.leading_slash ? "/" : "";
  for (char ch : body) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (policy.name_case == "lower") c = std::tolower(c);
    if (policy.name_case == "upper") c = std::toupper(c);
    if (c != '/' && !allowed[c]) c = '-';
    fixed.push_back(static_cast<char>(c));
  }
  if (NamingProblems(fixed, layout, policy).empty()) return fixed;
  return Placeholder(layout);
}

std::string RenameParameterFix(const Parameter& p, std::string_view new_name) {
  std::string type = p.type.empty() ? "String" : p.type;
  std::string old = ParameterNameArg(p);
  return fmt::format(
      "aws ssm put-parameter --name {} --type {} --value \"$(aws ssm "
      "get-parameter --name {} --with-decryption --query Parameter.Value "
      "--output text)\" && aws ssm delete-parameter --name {}",
      ShellArg(new_name), type, old, old);
}

std::string RenameSecretFix(const Secret& s, std::string_view new_name) {
  std::string old = SecretIdArg(s);
  return fmt::format(
      "aws secretsmanager create-secret --name {} --secret-string \"$(aws "
      "secretsmanager get-secret-value --secret-id {} --query SecretString "
      "--output text)\" && aws secretsmanager delete-secret --secret-id {} "
      "--recovery-window-in-days 30",
      ShellArg(new_name), old, old);
}

}  // namespace keylint
