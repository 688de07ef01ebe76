// Shared helpers for the detector tests: one compiled built-in rules
// database, and fixtures under tests/data/detectors/<category>/ whose
// expected findings are written on the flagged lines as
// `expect: rule-a,rule-b` (or, for files without comments such as JSON, in
// a sidecar `<file>.expect` holding "LINE RULE" lines).
#ifndef KEYLINT_TESTS_DETECTOR_FIXTURES_H_
#define KEYLINT_TESTS_DETECTOR_FIXTURES_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "rules/engine.h"
#include "rules/ruleset_loader.h"
#include "scanner/detectors.h"
#include "tests/builtin_rules.h"

namespace keylint::detector_testing {

inline const RulesDatabase& BuiltinDb() {
  return testing_util::BuiltinRulesDatabase();
}

inline std::vector<Finding> Detect(std::string_view path,
                                   std::string_view text,
                                   Severity threshold = Severity::kInfo) {
  Matcher matcher(&BuiltinDb());
  std::vector<Finding> out;
  RunDetectors(BuiltinDb(), matcher, path, text, threshold, &out);
  return out;
}

inline std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

using LineRule = std::pair<int, std::string>;

// Expected (line, rule) pairs of a fixture file.
inline std::set<LineRule> Expected(const std::filesystem::path& p,
                                   const std::string& text) {
  std::set<LineRule> out;
  std::istringstream lines(text);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    ++n;
    size_t at = line.find("expect: ");
    if (at == std::string::npos) continue;
    std::string ids = line.substr(at + 8);
    std::stringstream ss(ids);
    std::string id;
    while (std::getline(ss, id, ',')) {
      while (!id.empty() && (id.back() == ' ' || id.back() == '\r'))
        id.pop_back();
      if (!id.empty()) out.insert({n, id});
    }
  }
  std::filesystem::path side = p;
  side += ".expect";
  if (std::filesystem::exists(side)) {
    std::istringstream in(Slurp(side));
    int l;
    std::string id;
    while (in >> l >> id) out.insert({l, id});
  }
  return out;
}

// Runs every fixture under tests/data/detectors/<category> and compares
// the findings of that category with the expectations.
inline void CheckCategory(const std::string& category) {
  std::filesystem::path dir = std::filesystem::path(KEYLINT_SOURCE_DIR) /
                              "tests/data/detectors" / category;
  int files = 0, expected_total = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().extension() == ".expect") continue;
    ++files;
    std::string text = Slurp(e.path());
    std::string rel =
        std::filesystem::relative(e.path(), dir.parent_path()).string();
    std::set<LineRule> want = Expected(e.path(), text);
    expected_total += static_cast<int>(want.size());
    std::set<LineRule> got;
    for (const Finding& f : Detect(rel, text)) got.insert({f.line, f.rule_id});
    EXPECT_EQ(got, want) << "fixture " << rel;
  }
  EXPECT_GT(files, 3);
  EXPECT_GT(expected_total, 3);
}

}  // namespace keylint::detector_testing

#endif  // KEYLINT_TESTS_DETECTOR_FIXTURES_H_
