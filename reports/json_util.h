// What the JSON readers and writers in reports/ share: positions for error
// messages (a JSON parser reports a byte offset; people want line and
// column) and the one way a JSON report is encoded and written.
//
// Thread-safety: pure functions.
#ifndef KEYLINT_REPORTS_JSON_UTIL_H_
#define KEYLINT_REPORTS_JSON_UTIL_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string_view>
#include <utility>

#include "rules/status.h"

namespace keylint {

// 1-based line and column of byte `offset` (0-based) of `text`.
std::pair<size_t, size_t> LineColumn(std::string_view text, size_t offset);

// Writes `doc` indented by two spaces plus a newline. ensure_ascii=false
// keeps UTF-8 readable; invalid UTF-8 (a file name is bytes, not text)
// becomes U+FFFD instead of throwing. `what` names the report in errors
// ("the JSON report").
Status WriteJsonDocument(const nlohmann::ordered_json& doc,
                         std::string_view what, std::ostream& out);

}  // namespace keylint

#endif  // KEYLINT_REPORTS_JSON_UTIL_H_
