#include "rules/ruleset_loader.h"
#include "rules/embedded_rulesets.h"
#include "rules/sha256.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "rules/project_config.h"

namespace keylint {
namespace {

const char kGood[] = R"(
rules:
  - id: demo-token
    description: Demo token
    severity: high
    regex: '\b(?P<secret>demo_[a-z0-9]{8})\b'
    keywords: [demo_]
    entropy: 2.0
    tags: [demo]
    references: [https://example.invalid/docs]
    examples: ['t = "demo_a1b2c3d4"']
    negative_examples: ['t = "demo_"']
)";

TEST(RulesetLoader, ParsesAllFields) {
  std::vector<Rule> rules;
  ASSERT_TRUE(ParseRuleset(kGood, "demo.yaml", &rules).ok());
  ASSERT_EQ(rules.size(), 1u);
  const Rule& r = rules[0];
  EXPECT_EQ(r.id, "demo-token");
  EXPECT_EQ(r.severity, Severity::kHigh);
  EXPECT_EQ(r.category, "hardcoded");
  EXPECT_EQ(r.keywords, std::vector<std::string>{"demo_"});
  EXPECT_DOUBLE_EQ(r.min_entropy, 2.0);
  EXPECT_EQ(r.source_file, "demo.yaml");
  EXPECT_EQ(r.source_line, 3);
  EXPECT_EQ(r.examples.size(), 1u);
}

struct BadCase {
  const char* yaml;
  const char* expect;  // substring of the message
};

TEST(RulesetLoader, ErrorsNameFileLineAndCause) {
  const BadCase cases[] = {
      {"rules:\n  - id: x\n    description: d\n    severity: urgent\n"
       "    regex: 'a'\n    examples: [a]\n    negative_examples: [b]\n",
       "bad.yaml:4:15: rule 'x': unknown severity 'urgent'"},
      {"rules:\n  - id: x\n    description: d\n    severity: low\n"
       "    regex: '(a'\n    examples: [a]\n    negative_examples: [b]\n",
       "bad.yaml:5:12: rule 'x': invalid regex"},
      {"rules:\n  - id: x\n    description: d\n    severity: low\n"
       "    regex: 'a'\n    examples: [a]\n",
       "needs at least one entry"},
      {"rules:\n  - id: x\n    descripton: d\n", "bad.yaml:3:5: unknown field 'descripton'"},
      {"rules:\n  - id: Bad_Id!\n", "must be lower-case kebab-case"},
      {"rules: [\n", "bad.yaml:2:1: invalid YAML"},
      {"rules:\n  - id: x\n    description: d\n    severity: low\n"
       "    regex: 'a'\n    secret_group: nope\n    examples: [a]\n"
       "    negative_examples: [b]\n",
       "secret_group 'nope' is not a group"},
      {"other: 1\n", "a ruleset must be a mapping with a 'rules' list"},
      {"rules:\n  - id: x\n    description: d\n    severity: low\n"
       "    regex: 'a{2000}'\n    examples: [a]\n    negative_examples: [b]\n",
       "invalid regex"},
  };
  for (const auto& c : cases) {
    std::vector<Rule> rules;
    Status s = ParseRuleset(c.yaml, "bad.yaml", &rules);
    ASSERT_FALSE(s.ok()) << c.yaml;
    EXPECT_NE(s.message().find(c.expect), std::string::npos)
        << "message: " << s.message() << "\nexpected: " << c.expect;
    EXPECT_EQ(s.message().find('\n'), std::string::npos) << "one line";
    EXPECT_TRUE(rules.empty());
  }
}

TEST(RulesetLoader, DuplicateIdsAreRejected) {
  std::vector<Rule> rules;
  ASSERT_TRUE(ParseRuleset(kGood, "a.yaml", &rules).ok());
  ASSERT_TRUE(ParseRuleset(kGood, "b.yaml", &rules).ok());
  Status s = CheckUniqueIds(rules);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("b.yaml:3: duplicate rule id 'demo-token' "
                             "(first defined at a.yaml:3)"),
            std::string::npos)
      << s.message();
}

TEST(RulesetLoader, BuiltinRulesLoadWithUniqueIds) {
  std::vector<Rule> rules;
  Status s = LoadBuiltinRules(&rules);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_GE(rules.size(), 150u);
  EXPECT_TRUE(CheckUniqueIds(rules).ok());
}

// The parsed-rules cache serves a warm start the same rules without their
// examples (only `rules check` needs those, and it reads the YAML).
TEST(RulesetLoader, CachedBuiltinRulesMatchParsedOnesWithoutExamples) {
  std::string dir = ::testing::TempDir() + "/keylint-rules-cache-" +
                    std::to_string(getpid());
  std::filesystem::remove_all(dir);
  std::vector<Rule> cold, warm;
  ASSERT_TRUE(LoadBuiltinRules(&cold, dir).ok());
  ASSERT_TRUE(LoadBuiltinRules(&warm, dir).ok());
  ASSERT_EQ(cold.size(), warm.size());
  size_t with_examples = 0;
  for (size_t i = 0; i < cold.size(); ++i) {
    EXPECT_EQ(cold[i].id, warm[i].id);
    EXPECT_EQ(cold[i].description, warm[i].description);
    EXPECT_EQ(cold[i].severity, warm[i].severity);
    EXPECT_EQ(cold[i].category, warm[i].category);
    EXPECT_EQ(cold[i].regex, warm[i].regex);
    EXPECT_EQ(cold[i].path_regex, warm[i].path_regex);
    EXPECT_EQ(cold[i].secret_group, warm[i].secret_group);
    EXPECT_EQ(cold[i].keywords, warm[i].keywords);
    EXPECT_EQ(cold[i].allow, warm[i].allow);
    EXPECT_EQ(cold[i].min_entropy, warm[i].min_entropy);
    EXPECT_EQ(cold[i].tags, warm[i].tags);
    EXPECT_EQ(cold[i].references, warm[i].references);
    EXPECT_EQ(cold[i].source_file, warm[i].source_file);
    EXPECT_EQ(cold[i].source_line, warm[i].source_line);
    EXPECT_TRUE(warm[i].builtin);
    EXPECT_TRUE(warm[i].examples.empty() && warm[i].negative_examples.empty())
        << warm[i].id;
    with_examples += !cold[i].examples.empty();
  }
  EXPECT_EQ(with_examples, cold.size());  // the cold load parsed the YAML
  // A damaged cache file is parsed no further and rebuilt.
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::ofstream(e.path(), std::ios::binary | std::ios::trunc) << "\x93garbage";
    ++files;
  }
  EXPECT_EQ(files, 1u);
  std::vector<Rule> again;
  ASSERT_TRUE(LoadBuiltinRules(&again, dir).ok());
  ASSERT_EQ(again.size(), cold.size());
  EXPECT_EQ(again.back().regex, cold.back().regex);
  // Well-formed MessagePack of another shape is refused too: a rule
  // without a regex, a severity or a line out of range, a rule that is not
  // an object, a bare object. Each warm load still gives every rule whole.
  nlohmann::json rule = {{"id", "x"}, {"description", "d"}, {"severity", 3},
                         {"category", "hardcoded"}, {"regex", "x"},
                         {"path", ""}, {"secret_group", ""},
                         {"keywords", nlohmann::json::array()},
                         {"entropy", 0.0}, {"allow", nlohmann::json::array()},
                         {"tags", nlohmann::json::array()},
                         {"references", nlohmann::json::array()},
                         {"source_file", "f"}, {"source_line", 1}};
  nlohmann::json no_regex = rule, bad_severity = rule, huge_line = rule;
  no_regex.erase("regex");
  bad_severity["severity"] = 9;
  huge_line["source_line"] = std::int64_t{1} << 40;  // no int holds it
  const std::vector<nlohmann::json> wrong = {
      nlohmann::json::array({no_regex}), nlohmann::json::array({bad_severity}),
      nlohmann::json::array({huge_line}), nlohmann::json::array({"not a rule"}),
      rule};
  for (const auto& doc : wrong) {
    const std::vector<std::uint8_t> bytes = nlohmann::json::to_msgpack(doc);
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      std::ofstream(e.path(), std::ios::binary | std::ios::trunc)
          .write(reinterpret_cast<const char*>(bytes.data()),
                 static_cast<std::streamsize>(bytes.size()));
    }
    std::vector<Rule> reloaded;
    ASSERT_TRUE(LoadBuiltinRules(&reloaded, dir).ok()) << doc.dump();
    ASSERT_EQ(reloaded.size(), cold.size()) << doc.dump();
    EXPECT_EQ(reloaded.front().id, cold.front().id) << doc.dump();
  }
  // The same rule, whole, is read back (the shape above is the real one).
  const std::vector<std::uint8_t> one =
      nlohmann::json::to_msgpack(nlohmann::json::array({rule}));
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::ofstream(e.path(), std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(one.data()),
               static_cast<std::streamsize>(one.size()));
  }
  std::vector<Rule> single;
  ASSERT_TRUE(LoadBuiltinRules(&single, dir).ok());
  ASSERT_EQ(single.size(), 1u);
  EXPECT_EQ(single[0].id, "x");
  EXPECT_EQ(single[0].severity, Severity::kHigh);
  EXPECT_EQ(single[0].source_line, 1);
  std::filesystem::remove_all(dir);
}

// The cache key is computed when the binary is built: it is the hash of
// exactly what is embedded, so a changed ruleset gets a new cache entry.
TEST(RulesetLoader, EmbeddedHashCoversEveryRulesetPathAndContent) {
  std::string all;
  for (const auto& f : EmbeddedRulesets()) {
    all.append(f.path);
    all.push_back('|');
    all.append(f.content);
    all.push_back('|');
  }
  EXPECT_EQ(EmbeddedRulesetsHash(), Sha256Hex(all));
}

TEST(ProjectConfig, ParsesAndValidates) {
  ProjectConfig cfg;
  Status s = ParseProjectConfig(
      "rulesets: [extra.yaml]\ndisable: [a-b]\nexclude: ['vendor/**']\n"
      "allow: ['^test-']\nseverity_threshold: medium\nmax_file_size: 2MiB\n",
      "/repo/.keylint.yaml", &cfg);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(cfg.rulesets, std::vector<std::string>{"/repo/extra.yaml"});
  EXPECT_EQ(cfg.disable, std::vector<std::string>{"a-b"});
  EXPECT_EQ(cfg.severity_threshold, Severity::kMedium);
  EXPECT_EQ(cfg.max_file_size, 2u * 1024 * 1024);

  s = ParseProjectConfig("severity_threshold: huge\n", "c.yaml", &cfg);
  EXPECT_NE(s.message().find("c.yaml:1:21: unknown severity 'huge'"),
            std::string::npos)
      << s.message();
  s = ParseProjectConfig("exclud: [x]\n", "c.yaml", &cfg);
  EXPECT_NE(s.message().find("c.yaml:1:1: unknown field 'exclud'"),
            std::string::npos)
      << s.message();
  s = ParseProjectConfig("max_file_size: lots\n", "c.yaml", &cfg);
  EXPECT_FALSE(s.ok());
}

TEST(ProjectConfig, ByteSizes) {
  EXPECT_EQ(ParseByteSize("10"), 10u);
  EXPECT_EQ(ParseByteSize("10MiB"), 10u << 20);
  EXPECT_EQ(ParseByteSize("512 KiB"), 512u << 10);
  EXPECT_EQ(ParseByteSize("1gb"), 1ull << 30);
  EXPECT_FALSE(ParseByteSize("ten"));
  EXPECT_FALSE(ParseByteSize("10 parsecs"));
}

}  // namespace
}  // namespace keylint
