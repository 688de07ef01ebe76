#include "reports/markup.h"

#include <fmt/format.h>

#include <algorithm>

#include "reports/text_sink.h"

namespace keylint {

std::string EscapeMarkup(std::string_view text, std::string_view also) {
  std::string visible = EscapeForTerminal(text);
  std::string out;
  out.reserve(visible.size());
  for (size_t i = 0; i < visible.size(); ++i) {
    char c = visible[i];
    // U+FFFE / U+FFFF (EF BF BE / EF BF BF) are not XML characters.
    if (c == '\xEF' && i + 2 < visible.size() && visible[i + 1] == '\xBF' &&
        (visible[i + 2] == '\xBE' || visible[i + 2] == '\xBF')) {
      out += visible[i + 2] == '\xBE' ? "\\u{fffe}" : "\\u{ffff}";
      i += 2;
      continue;
    }
    bool special = c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' ||
                   also.find(c) != std::string_view::npos;
    if (special) {
      out += fmt::format("&#{};", static_cast<int>(static_cast<unsigned char>(c)));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

namespace {

constexpr std::string_view kMarkdownPunctuation = "\\`*_{}[]|~@";

}  // namespace

std::string MarkdownText(std::string_view text) {
  return EscapeMarkup(text, kMarkdownPunctuation);
}

std::string MarkdownCode(std::string_view text) {
  if (text.empty()) return "";
  std::string body;
  for (char c : EscapeForTerminal(text, EscapeStyle::kCode)) {
    if (c == '|') body += '\\';
    body += c;
  }
  size_t longest = 0, run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  bool pad = body.front() == '`' || body.back() == '`' ||
             body.front() == ' ' || body.back() == ' ';
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

}  // namespace keylint
