// End-to-end tests of `keylint scan` on the planted-secret tree and the
// bundled examples, run through the real binary.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <set>

#include "tests/test_util.h"

namespace keylint {
namespace {

using testing_util::ReadFile;
using testing_util::RunKeylint;
using testing_util::ShellQuote;
using testing_util::SourcePath;

nlohmann::json Manifest() {
  return nlohmann::json::parse(
      ReadFile(SourcePath("tests/data/planted-manifest.json")));
}

std::string Planted() { return ShellQuote(SourcePath("tests/data/planted")); }

TEST(CliScan, PlantedTreeFindsWhatItShouldAndNothingElse) {
  auto r = RunKeylint("scan " + Planted() + " --format json");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto report = nlohmann::json::parse(r.out);
  ASSERT_TRUE(report["findings"].is_array());
  for (const auto& entry : Manifest()) {
    std::string path = entry["path"];
    int line = entry["line"];
    std::string expect = entry["expect"];
    int lines = entry["lines"];
    bool found = false;
    for (const auto& f : report["findings"]) {
      int fl = f["line"].get<int>();
      if (f["path"] == path && fl >= line && fl < line + lines) found = true;
    }
    if (expect == "found") {
      EXPECT_TRUE(found) << "missed planted secret at " << path << ":" << line;
    } else {
      EXPECT_FALSE(found) << expect << " secret reported at " << path << ":"
                          << line;
    }
  }
  for (const auto& f : report["findings"]) {
    for (const char* key : {"rule_id", "category", "severity", "message",
                            "path", "line", "column", "fingerprint",
                            "redacted"}) {
      EXPECT_TRUE(f.contains(key)) << key;
    }
    // The engine's findings, plus the env detector's on planted secrets
    // that sit in environment blocks (decoy lines are checked above).
    EXPECT_TRUE(f["category"] == "hardcoded" || f["category"] == "env")
        << f["category"];
    EXPECT_EQ(f["fingerprint"].get<std::string>().size(), 64u);
  }
}

TEST(CliScan, NoPlantedSecretInAnyOutputFormat) {
  std::vector<std::string> secrets;
  for (const auto& entry : Manifest()) secrets.push_back(entry["secret"]);
  std::string out_file = ::testing::TempDir() + "/keylint-report.out";
  for (std::string format :
       {"text", "json", "sarif", "junit", "markdown", "html", "csv"}) {
    for (std::string extra : {"", " --stats --color always"}) {
      auto r = RunKeylint("scan " + Planted() + " --format " + format + extra);
      auto w = RunKeylint("scan " + Planted() + " --format " + format +
                          " --output " + ShellQuote(out_file) + extra);
      std::string written = ReadFile(out_file);
      ASSERT_EQ(r.exit_code, 1) << format << r.err;
      ASSERT_FALSE(written.empty());
      for (const auto& s : secrets) {
        for (const std::string* text : {&r.out, &r.err, &w.out, &w.err, &written}) {
          EXPECT_EQ(text->find(s), std::string::npos)
              << "secret leaked in " << format << extra;
          // Not even a long prefix of it.
          EXPECT_EQ(text->find(s.substr(0, 12)), std::string::npos)
              << "secret prefix leaked in " << format << extra;
        }
      }
    }
  }
}

std::string FindingsOnly(const std::string& json) {
  auto j = nlohmann::json::parse(json);
  return j["findings"].dump() + j["errors"].dump();
}

TEST(CliScan, OutputIsIdenticalWhateverTheThreadCount) {
  auto one = RunKeylint("scan " + Planted() + " --format json -j 1");
  auto two = RunKeylint("scan " + Planted() + " --format json -j 2");
  auto eight = RunKeylint("scan " + Planted() + " --format json -j 8");
  EXPECT_EQ(FindingsOnly(one.out), FindingsOnly(two.out));
  EXPECT_EQ(FindingsOnly(one.out), FindingsOnly(eight.out));
  auto sarif1 = RunKeylint("scan " + Planted() + " --format sarif -j 1");
  auto sarif2 = RunKeylint("scan " + Planted() + " --format sarif -j 2");
  EXPECT_EQ(sarif1.out, sarif2.out);
}

TEST(CliScan, ReferenceEngineFindsTheSame) {
  for (std::string dir : {"tests/data/planted", "examples"}) {
    auto fast = RunKeylint("scan " + ShellQuote(SourcePath(dir)) + " --format json");
    auto ref = RunKeylint("scan " + ShellQuote(SourcePath(dir)) +
                          " --format json --reference-engine");
    EXPECT_EQ(FindingsOnly(fast.out), FindingsOnly(ref.out)) << dir;
  }
}

TEST(CliScan, ExamplesDirectoryGivesExactlyTheExpectedFindings) {
  auto r = RunKeylint("scan " + ShellQuote(SourcePath("examples")) + " --format json");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  std::string got;
  auto parsed1 = nlohmann::json::parse(r.out);
  for (const auto& f : parsed1["findings"]) {
    got += f["path"].get<std::string>() + ":" + std::to_string(f["line"].get<int>()) +
           " " + f["rule_id"].get<std::string>() + "\n";
  }
  EXPECT_EQ(got, ReadFile(SourcePath("tests/data/examples-expected.txt")));
}

class TempTree : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/keylint-e2e-" + std::to_string(getpid()) +
           "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& rel, const std::string& content) {
    std::filesystem::path p = std::filesystem::path(dir_) / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  std::string dir_;
};

TEST_F(TempTree, ExitCodes) {
  Write("clean.py", "print('hello')\n");
  EXPECT_EQ(RunKeylint("scan " + ShellQuote(dir_)).exit_code, 0);

  Write("leak.py", "stripe = \"sk_live_Zq8vL2pX9mKw4RtY7bNcQ1aS\"\n");
  auto r = RunKeylint("scan " + ShellQuote(dir_));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  // --fail-on above every finding's severity: reported, but exit 0.
  std::filesystem::remove(dir_ + "/leak.py");
  Write("weak.py", "password = \"Tr0ub4dor-3xyzQ\"\n");
  auto weak = RunKeylint("scan " + ShellQuote(dir_) + " --format json");
  EXPECT_EQ(weak.exit_code, 1) << weak.out;
  ASSERT_FALSE(nlohmann::json::parse(weak.out)["findings"].empty());
  auto crit = RunKeylint("scan " + ShellQuote(dir_) + " --format json --fail-on critical");
  EXPECT_EQ(crit.exit_code, 0) << crit.out;
  EXPECT_FALSE(nlohmann::json::parse(crit.out)["findings"].empty());

  auto missing = RunKeylint("scan " + ShellQuote(dir_ + "/nope"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope: no such file or directory"), std::string::npos)
      << missing.err;

  auto bad_format = RunKeylint("scan " + ShellQuote(dir_) + " --format xml");
  EXPECT_EQ(bad_format.exit_code, 2);

  auto typo = RunKeylint("scna " + ShellQuote(dir_));
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("did you mean 'scan'?"), std::string::npos) << typo.err;
}

TEST_F(TempTree, BadConfigAndRulesetNameFileAndLine) {
  Write("a.py", "x = 1\n");
  Write(".keylint.yaml", "exclude: [a]\nseverity_threshold: loud\n");
  auto r = RunKeylint("scan " + ShellQuote(dir_));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(".keylint.yaml:2:21: unknown severity 'loud'"),
            std::string::npos)
      << r.err;
  std::filesystem::remove(dir_ + "/.keylint.yaml");

  Write("rules.yaml", "rules:\n  - id: x\n    description: d\n    severity: low\n"
                      "    regex: '(unclosed'\n    examples: [a]\n"
                      "    negative_examples: [b]\n");
  auto rr = RunKeylint("scan " + ShellQuote(dir_) + " --rules " +
                       ShellQuote(dir_ + "/rules.yaml"));
  EXPECT_EQ(rr.exit_code, 2);
  EXPECT_NE(rr.err.find("rules.yaml:5:12: rule 'x': invalid regex"),
            std::string::npos)
      << rr.err;
  EXPECT_EQ(std::count(rr.err.begin(), rr.err.end(), '\n'), 1) << rr.err;
}

TEST_F(TempTree, ConfigExcludeDisableAllowAndThreshold) {
  const std::string token = "ghp_R8s7Tq2LkP0vW3nX5yZ1aB4cD6eF8gH0iJ2k";
  Write("vendor/lib.js", "t = \"" + token + "\"\n");
  Write("src/app.js", "t = \"" + token + "\"\n");
  auto all = RunKeylint("scan " + ShellQuote(dir_) + " --format json");
  EXPECT_EQ(nlohmann::json::parse(all.out)["findings"].size(), 2u);

  Write(".keylint.yaml", "exclude: ['vendor/']\n");
  auto excluded = RunKeylint("scan " + ShellQuote(dir_) + " --format json");
  auto findings = nlohmann::json::parse(excluded.out)["findings"];
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0]["path"], "src/app.js");
  std::string rule = findings[0]["rule_id"];

  Write(".keylint.yaml", "disable: [" + rule + "]\n");
  auto disabled = RunKeylint("scan " + ShellQuote(dir_) + " --format json");
  auto parsed2 = nlohmann::json::parse(disabled.out);
  ASSERT_TRUE(parsed2["findings"].is_array());
  for (const auto& f : parsed2["findings"])
    EXPECT_NE(f["rule_id"], rule);

  Write(".keylint.yaml", "allow: ['^ghp_R8s7']\n");
  auto allowed = RunKeylint("scan " + ShellQuote(dir_) + " --format json");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out;

  Write(".keylint.yaml", "severity_threshold: critical\n");
  Write("src/weak.py", "password = \"Tr0ub4dor&3xyz\"\n");
  auto thr = RunKeylint("scan " + ShellQuote(dir_) + " --format json");
  auto parsed3 = nlohmann::json::parse(thr.out);
  // The critical token is reported, the lower-severity password is not.
  ASSERT_FALSE(parsed3["findings"].empty());
  for (const auto& f : parsed3["findings"]) {
    EXPECT_EQ(f["severity"], "critical");
    EXPECT_NE(f["path"], "src/weak.py");
  }
  Write(".keylint.yaml", "severity_threshold: info\n");
  auto all_sev = RunKeylint("scan " + ShellQuote(dir_) + " --format json");
  auto parsed4 = nlohmann::json::parse(all_sev.out);
  bool weak_found = false;
  for (const auto& f : parsed4["findings"]) weak_found |= f["path"] == "src/weak.py";
  EXPECT_TRUE(weak_found);
}

TEST_F(TempTree, SkipsSpecialFilesAndKeepsGoing) {
  Write("a.py", "t = \"ghp_R8s7Tq2LkP0vW3nX5yZ1aB4cD6eF8gH0iJ2k\"\n");
  ASSERT_EQ(mkfifo((dir_ + "/pipe").c_str(), 0600), 0);
  std::filesystem::create_symlink("/etc/passwd", dir_ + "/link");
  std::filesystem::create_directory_symlink(dir_, dir_ + "/loop");
  Write("big.txt", std::string(2 << 20, 'a'));
  auto r = RunKeylint("scan " + ShellQuote(dir_) + " --format json --max-file-size 1MiB");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["findings"].size(), 1u);
  EXPECT_EQ(j["stats"]["files_scanned"], 1);
}

TEST_F(TempTree, KeystoreFilesAreFoundByName) {
  // Binary content: the content scan skips it, the file-name rule does not.
  Write("certs/client.p12", std::string("\x30\x82\x0a\x00\x00\x01", 6));
  Write("android/release.keystore", "not really a keystore\n");
  Write("docs/p12-howto.md", "How to make a .p12 file\n");
  auto r = RunKeylint("scan " + ShellQuote(dir_) + " --format json");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto findings = nlohmann::json::parse(r.out)["findings"];
  std::set<std::pair<std::string, std::string>> got;
  for (const auto& f : findings) {
    got.insert({f["path"].get<std::string>(), f["rule_id"].get<std::string>()});
    EXPECT_EQ(f["line"], 0);
    EXPECT_EQ(f["redacted"], "(whole file)");
  }
  EXPECT_EQ(got, (std::set<std::pair<std::string, std::string>>{
                     {"certs/client.p12", "pkcs12-keystore-file"},
                     {"android/release.keystore", "java-keystore-file"}}));
  // SARIF stays valid with a whole-file finding (no region).
  auto sarif = RunKeylint("scan " + ShellQuote(dir_) + " --format sarif");
  auto doc = nlohmann::json::parse(sarif.out);
  for (const auto& res : doc["runs"][0]["results"]) {
    EXPECT_FALSE(res["locations"][0]["physicalLocation"].contains("region"));
  }
}

TEST(CliScan, UnreadableInputWithNoFindingsExitsThree) {
  // /proc/self/mem opens as a regular file but every read at offset 0 fails
  // with EIO, even for root, so it stands in for an unreadable file.
  if (!std::filesystem::exists("/proc/self/mem")) GTEST_SKIP() << "no procfs";
  auto r = RunKeylint("scan /proc/self/mem --format json");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(r.err, "keylint: /proc/self/mem: input/output error\n");
}

}  // namespace
}  // namespace keylint
