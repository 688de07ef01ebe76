#include "scanner/suppression.h"

namespace keylint {
namespace {

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

// Finds `marker` in `line` not followed by "-next-line" (when `marker` is
// the same-line form) and checks its optional "=id,id" list.
bool Allows(std::string_view line, std::string_view marker,
            bool same_line_form, std::string_view rule_id) {
  size_t pos = 0;
  while ((pos = line.find(marker, pos)) != std::string_view::npos) {
    size_t after = pos + marker.size();
    pos = after;
    if (same_line_form && line.substr(after, 10) == "-next-line") continue;
    if (after < line.size() && IsIdChar(line[after])) continue;  // other word
    if (after >= line.size() || line[after] != '=') return true;  // all rules
    // "=a,b,c"
    size_t i = after + 1;
    while (i < line.size()) {
      size_t start = i;
      while (i < line.size() && IsIdChar(line[i])) ++i;
      if (line.substr(start, i - start) == rule_id) return true;
      if (i < line.size() && line[i] == ',') {
        ++i;
        continue;
      }
      break;
    }
  }
  return false;
}

}  // namespace

bool LineAllows(std::string_view line, std::string_view rule_id) {
  return Allows(line, "keylint:allow", true, rule_id);
}

bool PreviousLineAllows(std::string_view previous_line,
                        std::string_view rule_id) {
  return Allows(previous_line, "keylint:allow-next-line", false, rule_id);
}

}  // namespace keylint
