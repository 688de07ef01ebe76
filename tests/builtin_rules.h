// The built-in rules compiled once per test process, for the tests that
// need "the production rules" rather than the compile step itself
// (detector fixtures, the decode stage, the audit checks).
//
// ctest runs every test in its own process, so compiling the Hyperscan
// database in each one cost about 2 s of CPU per test (7 s under ASan,
// whose allocator intercepts Hyperscan's many allocations): most of the
// time of those tests. The database goes through the engine's own cache,
// as the CLI's does (EngineOptions::cache_dir), in a directory private to
// this build of the test binary: its key covers the rules and the
// Hyperscan version but not engine.cc, so a cache shared across builds
// could serve a database compiled by older engine code. The compile path
// itself is tested by engine_test.cc, without a cache.
#ifndef KEYLINT_TESTS_BUILTIN_RULES_H_
#define KEYLINT_TESTS_BUILTIN_RULES_H_

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <memory>
#include <string>
#include <vector>

#include "rules/engine.h"
#include "rules/ruleset_loader.h"

namespace keylint::testing_util {

// Cache directory for this build of the running test binary.
inline std::string TestBinaryCacheDir() {
  struct stat st {};
  stat("/proc/self/exe", &st);
  return ::testing::TempDir() + "/keylint-test-db-" +
         std::to_string(static_cast<long long>(st.st_mtime)) + "-" +
         std::to_string(static_cast<unsigned long long>(st.st_ino));
}

inline const RulesDatabase& BuiltinRulesDatabase() {
  static const std::unique_ptr<RulesDatabase> db = [] {
    std::vector<Rule> rules;
    Status s = LoadBuiltinRules(&rules);
    EXPECT_TRUE(s.ok()) << s.message();
    EngineOptions options;
    options.cache_dir = TestBinaryCacheDir();
    std::unique_ptr<RulesDatabase> out;
    s = RulesDatabase::Compile(std::move(rules), options, &out);
    EXPECT_TRUE(s.ok()) << s.message();
    return out;
  }();
  return *db;
}

}  // namespace keylint::testing_util

#endif  // KEYLINT_TESTS_BUILTIN_RULES_H_
