#include "reports/markup.h"

#include <fmt/format.h>

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

}  // namespace keylint
