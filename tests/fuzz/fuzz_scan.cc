// Fuzz target: the scan engine and the scan detectors on arbitrary bytes.
//
// The first input byte picks the file name the bytes are scanned as (so the
// language lexers and config parsers behind the env/log/usage detectors all
// get their turn); the rest is the file. Checks, beyond the sanitizers:
// matches lie inside the text, sorted, with the secret inside the match;
// every finding has a line inside the file; and no finding field holds a
// secret the engine found in that file.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "rules/severity.h"
#include "scanner/detectors.h"
#include "scanner/scan_driver.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

constexpr const char* kPaths[] = {
    "app.py",      "web/app.js",     "main.go",      "App.java",
    "app.kt",      "App.cs",         "app.rb",       "index.php",
    "deploy.sh",   ".env",           "Dockerfile",   "compose.yaml",
    "template.json", "main.tf",      "notes.txt",    "package-lock.json",
    "bin/tool",    "k8s/deploy.yml", "config.ini",   ".npmrc",
};

}  // namespace

// Compiling the built-in rules takes seconds in a sanitized build: done
// here, it does not count against the first input's -timeout.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  keylint::fuzz::BuiltinDatabase();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keylint;
  if (size == 0) return 0;
  const RulesDatabase& db = fuzz::BuiltinDatabase();
  static Matcher matcher(&db);
  std::string path = kPaths[data[0] % std::size(kPaths)];
  std::string_view text = fuzz::AsText(data + 1, size - 1);

  std::vector<Match> matches;
  Status st = matcher.Scan(text, path, &matches);
  FUZZ_CHECK(st.ok(), "Matcher::Scan fails only on engine errors");
  for (size_t i = 0; i < matches.size(); ++i) {
    const Match& m = matches[i];
    FUZZ_CHECK(m.begin <= m.end && m.end <= text.size(), "match in text");
    FUZZ_CHECK(m.begin <= m.secret_begin && m.secret_begin <= m.secret_end &&
                   m.secret_end <= m.end,
               "secret inside its match");
    FUZZ_CHECK(m.rule >= 0 &&
                   static_cast<size_t>(m.rule) < db.rules().size(),
               "rule index");
    if (i > 0) {
      const Match& p = matches[i - 1];
      FUZZ_CHECK(p.begin < m.begin || (p.begin == m.begin && p.rule <= m.rule),
                 "matches sorted by (begin, rule)");
    }
  }

  std::vector<Finding> findings;
  MatchesToFindings(db, path, text, matches, Severity::kInfo, &findings);
  RunDetectors(db, matcher, path, text, Severity::kInfo, &findings, nullptr,
               &matches);
  int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  for (const Finding& f : findings) {
    FUZZ_CHECK(f.line >= 0 && f.line <= lines, "finding line inside file");
    FUZZ_CHECK(f.fingerprint.size() == 64, "fingerprint is hex SHA-256");
    // (Messages and context may hold any byte: every sink escapes them.)
    for (const Match& m : matches) {
      std::string_view secret =
          text.substr(m.secret_begin, m.secret_end - m.secret_begin);
      FUZZ_CHECK(!fuzz::Leaks(f.message, secret), "secret in message");
      FUZZ_CHECK(!fuzz::Leaks(f.context, secret), "secret in context");
      FUZZ_CHECK(!fuzz::Leaks(f.redacted, secret), "secret in preview");
    }
  }
  return 0;
}
