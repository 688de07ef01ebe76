#include "rules/engine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "rules/ruleset_loader.h"

namespace keylint {
namespace {

Rule MakeRule(std::string id, std::string regex) {
  Rule r;
  r.id = std::move(id);
  r.description = "test rule";
  r.regex = std::move(regex);
  r.examples = {"x"};
  r.negative_examples = {"y"};
  return r;
}

std::unique_ptr<RulesDatabase> Compile(std::vector<Rule> rules,
                                       EngineOptions opts = {}) {
  std::unique_ptr<RulesDatabase> db;
  Status s = RulesDatabase::Compile(std::move(rules), opts, &db);
  EXPECT_TRUE(s.ok()) << s.message();
  return db;
}

std::vector<std::string> Secrets(std::string_view text,
                                 const std::vector<Match>& ms) {
  std::vector<std::string> out;
  for (const auto& m : ms)
    out.emplace_back(text.substr(m.secret_begin, m.secret_end - m.secret_begin));
  return out;
}

TEST(Engine, ConfirmsAndExtractsSecretGroup) {
  auto db = Compile({MakeRule("tok", R"(\b(?P<secret>tok_[A-Za-z0-9]{12})\b)")});
  Matcher m(db.get());
  std::string text = "a = 'tok_Ab3dE5gH7jK9' b = tok_short c = xtok_Ab3dE5gH7jK9\n"
                     "tok_Zz9yX8wV7uT6";
  std::vector<Match> out;
  ASSERT_TRUE(m.Scan(text, "f.py", &out).ok());
  EXPECT_EQ(Secrets(text, out),
            (std::vector<std::string>{"tok_Ab3dE5gH7jK9", "tok_Zz9yX8wV7uT6"}));
  EXPECT_EQ(out[0].begin, 5u);
}

TEST(Engine, KeywordsAllowEntropyAndPlaceholders) {
  Rule r = MakeRule("kv", R"re((?i)(?:key|token)\s*=\s*"(?P<secret>[^"\s]{8,64})")re");
  r.keywords = {"token"};
  r.allow = {"^ALLOWED"};
  r.min_entropy = 3.0;
  auto db = Compile({r}, EngineOptions{"", 64 << 20, {"^GLOBAL"}});
  Matcher m(db.get());
  std::string text =
      "key = \"Zq8vL2pX9mKw\"\n"          // no keyword "token" in the match
      "token = \"Zq8vL2pX9mKw\"\n"        // reported
      "token = \"ALLOWEDq8vL2pX\"\n"      // rule allow
      "token = \"GLOBALq8vL2pX\"\n"       // config allow
      "token = \"aabbaabbaabb\"\n"        // low entropy
      "token = \"${API_TOKEN}\"\n";       // placeholder
  std::vector<Match> out;
  std::vector<DroppedMatch> dropped;
  ASSERT_TRUE(m.Scan(text, "f.env", &out, &dropped).ok());
  EXPECT_EQ(Secrets(text, out), std::vector<std::string>{"Zq8vL2pX9mKw"});
  std::vector<std::string> reasons;
  for (const auto& d : dropped) reasons.push_back(d.reason);
  EXPECT_EQ(reasons, (std::vector<std::string>{
                         "no keyword", "allowed by rule", "allowed by config",
                         "low entropy", "template variable"}));
}

TEST(Engine, LineAnchorsAndWordBoundariesAtRegionEdges) {
  auto db = Compile({MakeRule("anch", R"(^pw=(?P<secret>[A-Za-z0-9]{10})$)")});
  Matcher m(db.get());
  std::string text = "pw=Zq8vL2pX9m\n xpw=Zq8vL2pX9m\npw=Zq8vL2pX9mK\npw=Aq8vL2pX9z";
  std::vector<Match> fast, ref;
  ASSERT_TRUE(m.Scan(text, "f", &fast).ok());
  ASSERT_TRUE(m.ScanReference(text, "f", &ref).ok());
  EXPECT_EQ(Secrets(text, fast),
            (std::vector<std::string>{"Zq8vL2pX9m", "Aq8vL2pX9z"}));
  EXPECT_EQ(Secrets(text, fast), Secrets(text, ref));
}

TEST(Engine, RuleHyperscanCannotCompileRunsOnRe2) {
  // Matches the empty string everywhere: Hyperscan refuses it, RE2 runs it.
  auto db = Compile({MakeRule("empty", R"((?P<secret>(?:tok_[0-9]{6}[a-z]{4})?))")});
  EXPECT_EQ(db->re2_only_rule_count(), 1);
  Matcher m(db.get());
  std::string text = "abc tok_482913qzvk def";
  std::vector<Match> out;
  ASSERT_TRUE(m.Scan(text, "f", &out).ok());
  EXPECT_EQ(Secrets(text, out), std::vector<std::string>{"tok_482913qzvk"});
}

TEST(Engine, CacheRoundTripGivesSameResults) {
  std::string dir = ::testing::TempDir() + "/keylint-cache-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  EngineOptions opts;
  opts.cache_dir = dir;
  std::vector<Rule> rules;
  ASSERT_TRUE(LoadBuiltinRules(&rules).ok());
  auto first = Compile(rules, opts);
  EXPECT_FALSE(first->loaded_from_cache());
  auto second = Compile(rules, opts);
  EXPECT_TRUE(second->loaded_from_cache());
  EXPECT_EQ(first->hash(), second->hash());
  Matcher m1(first.get()), m2(second.get());
  std::string text;
  for (const auto& r : rules)
    for (const auto& e : r.examples) text += e + "\n";
  std::vector<Match> a, b;
  ASSERT_TRUE(m1.Scan(text, "f", &a).ok());
  ASSERT_TRUE(m2.Scan(text, "f", &b).ok());
  EXPECT_EQ(Secrets(text, a), Secrets(text, b));
  EXPECT_GT(a.size(), rules.size() / 2);
  // A corrupt cache file is ignored and rebuilt.
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::ofstream(e.path(), std::ios::trunc) << "garbage";
  }
  auto third = Compile(rules, opts);
  EXPECT_FALSE(third->loaded_from_cache());
}

TEST(Engine, LoosenCountedRepeatsRelaxesOnlyWideBounds) {
  EXPECT_EQ(LoosenCountedRepeats(R"(sk-[\w-]{40,300}(?:[^\w-]|$))", 64),
            R"(sk-[\w-]{40,}(?:[^\w-]|$))");
  // Narrow bounds, exact counts, escaped braces, braces in a class (with a
  // POSIX class before them) and \Q..\E are left alone; lazy stays lazy.
  EXPECT_EQ(LoosenCountedRepeats(R"(a{1,12}b{36}c{64,}d\{1,100})", 64),
            R"(a{1,12}b{36}c{64,}d\{1,100})");
  EXPECT_EQ(LoosenCountedRepeats(R"([[:alpha:]{1,100}]x{0,100}?)", 64),
            R"([[:alpha:]{1,100}]x{0,}?)");
  EXPECT_EQ(LoosenCountedRepeats(R"([]{1,99}]{2,99})", 64), R"([]{1,99}]{2,})");
  EXPECT_EQ(LoosenCountedRepeats(R"(\Qa{1,100}\E)", 64), R"(\Qa{1,100}\E)");
}

// The prefilter path finds exactly what the reference path finds.
void ExpectSameMatches(Matcher* m, const std::string& text,
                       const std::string& what) {
  std::vector<Match> fast, ref;
  ASSERT_TRUE(m->Scan(text, what, &fast).ok());
  ASSERT_TRUE(m->ScanReference(text, what, &ref).ok());
  ASSERT_EQ(fast.size(), ref.size()) << what;
  for (size_t i = 0; i < fast.size(); ++i) {
    EXPECT_EQ(fast[i].rule, ref[i].rule) << what;
    EXPECT_EQ(fast[i].begin, ref[i].begin) << what;
    EXPECT_EQ(fast[i].end, ref[i].end) << what;
    EXPECT_EQ(fast[i].secret_begin, ref[i].secret_begin) << what;
    EXPECT_EQ(fast[i].secret_end, ref[i].secret_end) << what;
  }
}

TEST(Engine, WideBoundRulesMatchLikeTheReferenceAtEveryLength) {
  // A rule with a wide counted repetition is confirmed through its relaxed
  // twin: tokens shorter than, at and past the bound, runs glued to other
  // text and several per line find exactly what the rule's own regex finds.
  auto db = Compile(
      {MakeRule("wide", R"(\b(?P<secret>sk-w-[A-Za-z0-9_-]{20,80})(?:[^\w-]|$))"),
       MakeRule("two", R"((?P<secret>[A-Z]{3,70}[0-9]{2,90})#)")});
  Matcher m(db.get());
  std::mt19937 rng(7);
  for (int k = 0; k < 300; ++k) {
    std::string text;
    const int parts = 1 + static_cast<int>(rng() % 4);
    for (int p = 0; p < parts; ++p) {
      const int len = static_cast<int>(rng() % 110);
      if (rng() % 2) {
        text += (rng() % 4 == 0 ? "xsk-w-" : "sk-w-") + std::string(len, 'a' + rng() % 3);
        text += " ;-"[rng() % 3];
      } else {
        text += std::string(len % 80, 'Q') + std::string(rng() % 100, '7') + "#";
        text += "\n";
      }
    }
    ExpectSameMatches(&m, text, "random text " + std::to_string(k));
  }
}

TEST(Engine, WideBoundRuleOnRepeatedPrefixesMatchesTheReference) {
  // Every "sk-w-" starts a match of the relaxed twin that runs to the end
  // of the run, too long for the rule itself until the run's last 80
  // bytes: same matches as the reference, and the twin is not retried per
  // prefix.
  auto db = Compile({MakeRule(
      "wide", R"(\b(?P<secret>sk-w-[A-Za-z0-9_-]{20,80})(?:[^\w-]|$))")});
  Matcher m(db.get());
  std::string text = "x = sk-w-" + std::string(30, 'a') + " ";
  for (int i = 0; i < 20000; ++i) text += "sk-w-";
  text += " y = sk-w-" + std::string(25, 'b') + "\n";
  ExpectSameMatches(&m, text, "repeated prefixes");
  std::vector<Match> fast;
  ASSERT_TRUE(m.Scan(text, "f.txt", &fast).ok());
  ASSERT_EQ(fast.size(), 3u);
  EXPECT_EQ(fast[1].secret_end, text.find(" y = "));  // the run's tail
}

// The prefilter pass alone (bench/prefilter_bench): every candidate end of
// a rule and every marker, nothing confirmed.
TEST(EngineMarkers, CountPrefilterHitsCountsRuleEndsAndMarkers) {
  EngineOptions opts;
  opts.markers = {{"secret", true, 3}};
  auto db = Compile({MakeRule("tok", R"(tok_[a-z]{8})")}, opts);
  Matcher m(db.get());
  EXPECT_EQ(m.CountPrefilterHits("nothing here\n"), 0u);
  EXPECT_EQ(m.CountPrefilterHits("tok_abcdefgh\n"), 1u);
  // A candidate the filters would drop still counts: nothing is confirmed.
  EXPECT_EQ(m.CountPrefilterHits("tok_aaaaaaaa SECRET secret\n"), 3u);
  auto none = Compile({}, {});
  Matcher nm(none.get());
  EXPECT_EQ(nm.CountPrefilterHits("tok_abcdefgh secret\n"), 0u);
}

TEST(EngineMarkers, ReportedPerGroupInOrderCaselessAndCapped) {
  EngineOptions opts;
  opts.markers = {{"Basic ", false, 0}, {"secret", true, 3}, {"passw", true, 3}};
  auto db = Compile({MakeRule("tok", R"(tok_[a-z]{8})")}, opts);
  Matcher m(db.get());
  std::string text = "x SECRET tok_abcdefgh basic y Basic z Passwd secret\n";
  std::vector<Match> out;
  MarkerHits hits;
  ASSERT_TRUE(m.Scan(text, "f", &out, nullptr, &hits).ok());
  EXPECT_TRUE(hits.valid);
  EXPECT_EQ(out.size(), 1u);  // markers are not matches
  // Group 0 is case-sensitive: "basic " is not "Basic ".
  EXPECT_EQ(hits.ends[0], (std::vector<size_t>{text.find("Basic ") + 6}));
  EXPECT_EQ(hits.ends[3],
            (std::vector<size_t>{8, text.find("Passw") + 5, text.size() - 1}));
  EXPECT_EQ(hits.overflow, 0u);
  // A group with more hits than kMaxPerGroup says so; the hits reset per scan.
  std::string many;
  for (size_t i = 0; i <= MarkerHits::kMaxPerGroup; ++i) many += "secret ";
  ASSERT_TRUE(m.Scan(many, "f", &out, nullptr, &hits).ok());
  EXPECT_TRUE(hits.Overflowed(3));
  EXPECT_EQ(hits.ends[3].size(), MarkerHits::kMaxPerGroup);
  EXPECT_TRUE(hits.ends[0].empty());
  // The reference path does not look; neither does a database without
  // markers. Markers change the database's hash (its cache key).
  ASSERT_TRUE(m.ScanReference(text, "f", &out).ok());
  auto plain = Compile({MakeRule("tok", R"(tok_[a-z]{8})")});
  Matcher pm(plain.get());
  ASSERT_TRUE(pm.Scan(text, "f", &out, nullptr, &hits).ok());
  EXPECT_FALSE(hits.valid);
  EXPECT_NE(plain->hash(), db->hash());
  EngineOptions bad;
  bad.markers = {{"x", false, kMaxMarkerGroups}};
  std::unique_ptr<RulesDatabase> none;
  EXPECT_FALSE(RulesDatabase::Compile({MakeRule("tok", "tok")}, bad, &none).ok());
}

// ---- Differential test: prefilter path == reference path -----------------

TEST(EngineDifferential, BuiltinRulesOnCorpora) {
  std::vector<Rule> rules;
  ASSERT_TRUE(LoadBuiltinRules(&rules).ok());
  std::vector<std::string> corpus_texts;
  // 1. Every example and negative example, one file, and shuffled copies.
  std::string all;
  for (const auto& r : rules) {
    for (const auto& e : r.examples) all += e + "\n";
    for (const auto& e : r.negative_examples) all += e + "\n";
  }
  corpus_texts.push_back(all);
  // 2. Examples glued together without separators and embedded in noise.
  std::mt19937 rng(1234);
  const std::string alphabet =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=_-"
      " \n\t\"':;{}()[]@.$";
  for (int round = 0; round < 4; ++round) {
    std::string mixed;
    for (const auto& r : rules) {
      for (const auto& e : r.examples) {
        int noise = static_cast<int>(rng() % 24);
        for (int i = 0; i < noise; ++i)
          mixed.push_back(alphabet[rng() % alphabet.size()]);
        mixed += e;
      }
    }
    corpus_texts.push_back(mixed);
  }
  // 3. The bundled examples and test data trees.
  for (const char* dir : {"examples", "tests/data"}) {
    std::filesystem::path base = std::filesystem::path(KEYLINT_SOURCE_DIR) / dir;
    if (!std::filesystem::exists(base)) continue;
    for (const auto& e : std::filesystem::recursive_directory_iterator(base)) {
      if (!e.is_regular_file() || e.file_size() > (4 << 20)) continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      corpus_texts.push_back(ss.str());
    }
  }
  auto db = Compile(rules);
  Matcher m(db.get());
  for (size_t i = 0; i < corpus_texts.size(); ++i)
    ExpectSameMatches(&m, corpus_texts[i], "corpus " + std::to_string(i));
}

}  // namespace
}  // namespace keylint
