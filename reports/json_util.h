// What the JSON readers and writers in reports/ share: positions for error
// messages (a JSON parser reports a byte offset; people want line and
// column) and the one way a JSON report is encoded and written.
//
// Thread-safety: pure functions.
#ifndef KEYLINT_REPORTS_JSON_UTIL_H_
#define KEYLINT_REPORTS_JSON_UTIL_H_

#include <fmt/format.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "rules/status.h"

namespace keylint {

// 1-based line and column of byte `offset` (0-based) of `text`.
std::pair<size_t, size_t> LineColumn(std::string_view text, size_t offset);

// Parses `text`, the contents of file `name`, into *doc. Any JSON it
// rejects is one error "NAME:LINE:COLUMN: not valid JSON", never quoting
// the input (nlohmann's messages do; the file may hold a secret). That
// includes a number too large for a double ("1e999"), for which
// nlohmann::json::parse throws out_of_range rather than parse_error: a
// reader catching only parse_error crashed on it (found by fuzz_baseline).
template <typename JsonT>
Status ParseJsonDocument(std::string_view text, std::string_view name,
                         JsonT* doc);

// Writes `doc` indented by two spaces plus a newline. ensure_ascii=false
// keeps UTF-8 readable; invalid UTF-8 (a file name is bytes, not text)
// becomes U+FFFD instead of throwing. `what` names the report in errors
// ("the JSON report").
Status WriteJsonDocument(const nlohmann::ordered_json& doc,
                         std::string_view what, std::ostream& out);

// --- Implementation ----------------------------------------------------------

namespace json_util_internal {

// A SAX consumer that keeps nothing and records where parsing failed.
template <typename JsonT>
class ErrorLocator : public nlohmann::json_sax<JsonT> {
 public:
  using Number = typename JsonT::number_integer_t;
  using Unsigned = typename JsonT::number_unsigned_t;
  using Float = typename JsonT::number_float_t;
  using String = typename JsonT::string_t;
  using Binary = typename JsonT::binary_t;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(Number) override { return true; }
  bool number_unsigned(Unsigned) override { return true; }
  bool number_float(Float, const String&) override { return true; }
  bool string(String&) override { return true; }
  bool binary(Binary&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(String&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception&) override {
    position_ = position;
    return false;
  }
  std::size_t position() const { return position_; }

 private:
  std::size_t position_ = 0;
};

}  // namespace json_util_internal

template <typename JsonT>
Status ParseJsonDocument(std::string_view text, std::string_view name,
                         JsonT* doc) {
  *doc = JsonT::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc->is_discarded()) return Status::Ok();
  // Parse again, only to learn where it failed (the DOM parser without
  // exceptions does not say).
  json_util_internal::ErrorLocator<JsonT> locator;
  JsonT::sax_parse(text, &locator);
  size_t at = locator.position();
  auto [line, column] = LineColumn(text, at > 0 ? at - 1 : 0);
  return Status::InvalidArgument(
      fmt::format("{}:{}:{}: not valid JSON", name, line, column));
}

}  // namespace keylint

#endif  // KEYLINT_REPORTS_JSON_UTIL_H_
