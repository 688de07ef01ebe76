#include "reports/json_util.h"

#include <algorithm>
#include <string>

namespace keylint {

std::pair<size_t, size_t> LineColumn(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

Status WriteJsonDocument(const nlohmann::ordered_json& doc,
                         std::string_view what, std::ostream& out) {
  std::string text;
  try {
    text = doc.dump(2, ' ', false,
                    nlohmann::ordered_json::error_handler_t::replace);
  } catch (const nlohmann::ordered_json::exception& e) {
    return Status::Internal("cannot encode " + std::string(what) + ": " +
                            e.what());
  }
  out << text << '\n';
  out.flush();
  if (!out) return Status::IoError("cannot write " + std::string(what));
  return Status::Ok();
}

}  // namespace keylint
