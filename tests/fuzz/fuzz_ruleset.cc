// Fuzz target: ruleset YAML (rules/ruleset_loader.h) through to the
// compiled engine. A scanned repository's .keylint.yaml can name rulesets,
// so a ruleset is untrusted input.
//
// A ruleset that parses is compiled (RE2 and Hyperscan both see its
// regexes; a regex either rejects must come back as a Status, never a
// crash) and the compiled database scans the input itself. Errors must
// name the ruleset (they may quote it: the CLI escapes what it prints).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rules/engine.h"
#include "rules/ruleset_loader.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keylint;
  std::string_view text = fuzz::AsText(data, size);
  std::vector<Rule> rules;
  Status st = ParseRuleset(text, "fuzz.yaml", &rules);
  if (!st.ok()) {
    FUZZ_CHECK(!st.message().empty(), "a failure says why");
    FUZZ_CHECK(st.message().find("fuzz.yaml") != std::string::npos,
               "error names the ruleset");
    FUZZ_CHECK(rules.empty(), "nothing appended on failure");
    return 0;
  }
  if (!CheckUniqueIds(rules).ok()) return 0;
  // Compiling many or long regexes is Hyperscan's job, not the loader's;
  // keep each run short so the fuzzer explores the loader.
  size_t regex_bytes = 0;
  for (const Rule& r : rules) regex_bytes += r.regex.size() + r.path_regex.size();
  if (rules.empty() || rules.size() > 4 || regex_bytes > 256) return 0;

  std::unique_ptr<RulesDatabase> db;
  st = RulesDatabase::Compile(std::move(rules), EngineOptions{}, &db);
  if (!st.ok()) {
    FUZZ_CHECK(!st.message().empty(), "a failure says why");
    return 0;
  }
  Matcher matcher(db.get());
  std::vector<Match> matches;
  st = matcher.Scan(text, "fuzz.yaml", &matches);
  FUZZ_CHECK(st.ok(), "scan with a compiled database");
  for (const Match& m : matches) {
    FUZZ_CHECK(m.end <= text.size() && m.secret_end <= m.end &&
                   m.begin <= m.secret_begin,
               "match inside text");
  }
  std::vector<int> path_hits;
  db->MatchPath(text.substr(0, 200), &path_hits);
  return 0;
}
