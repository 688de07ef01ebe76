// Shared pieces of the libFuzzer targets in tests/fuzz/ (built with
// -DKEYLINT_FUZZ=ON, run with `make fuzz`; see docs/security.md).
//
// Every target feeds untrusted bytes to one production entry point and, on
// top of the sanitizers' memory and undefined-behaviour checks, asserts the
// contracts the callers rely on (offsets inside the input, one-line error
// messages that never quote the input, no secret in a finding). A broken
// contract aborts with FUZZ_CHECK's message, which libFuzzer reports as a
// crash with the input that caused it.
//
// Thread-safety: fuzz targets are single-threaded; the lazily built shared
// state below is not meant for concurrent use.
#ifndef KEYLINT_TESTS_FUZZ_FUZZ_UTIL_H_
#define KEYLINT_TESTS_FUZZ_FUZZ_UTIL_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/engine.h"
#include "rules/ruleset_loader.h"

#define FUZZ_CHECK(cond, msg)                                           \
  do {                                                                  \
    if (!(cond)) {                                                      \
      std::fprintf(stderr, "%s:%d: contract broken: %s (%s)\n",         \
                   __FILE__, __LINE__, msg, #cond);                     \
      std::abort();                                                     \
    }                                                                   \
  } while (0)

namespace keylint::fuzz {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The built-in rules compiled once per process (no cache directory: a fuzz
// run must not depend on, or write to, the user's cache).
inline const RulesDatabase& BuiltinDatabase() {
  static const RulesDatabase* db = [] {
    std::vector<Rule> rules;
    Status st = LoadBuiltinRules(&rules);
    FUZZ_CHECK(st.ok(), "built-in rules load");
    std::unique_ptr<RulesDatabase> out;
    st = RulesDatabase::Compile(std::move(rules), EngineOptions{}, &out);
    FUZZ_CHECK(st.ok(), "built-in rules compile");
    return out.release();
  }();
  return *db;
}

// A message meant for one line of a report: no line break in it.
inline bool IsOneLine(std::string_view message) {
  return message.find('\n') == std::string_view::npos &&
         message.find('\r') == std::string_view::npos;
}

// True when `haystack` holds `needle`, a value that must not leak. Values
// shorter than `min_len` are too common to mean anything when found.
inline bool Leaks(std::string_view haystack, std::string_view needle,
                  size_t min_len = 12) {
  return needle.size() >= min_len &&
         haystack.find(needle) != std::string_view::npos;
}

// True when `haystack` holds any `min_len`-byte piece of `secret`.
inline bool HasPiece(std::string_view haystack, std::string_view secret,
                     size_t min_len) {
  for (size_t i = 0; i + min_len <= secret.size(); ++i) {
    if (haystack.find(secret.substr(i, min_len)) != std::string_view::npos)
      return true;
  }
  return false;
}

}  // namespace keylint::fuzz

#endif  // KEYLINT_TESTS_FUZZ_FUZZ_UTIL_H_
