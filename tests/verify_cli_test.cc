// `keylint scan --verify` end to end: the binary against a fake of every
// provider's identity endpoint, served over HTTPS on loopback with a
// self-signed certificate made here with openssl and trusted through
// --verify-ca-bundle. Every provider's endpoint override points at the fake
// (each under its own path), so the fake's request log shows exactly which
// providers were asked. Skips with a reason when python3 or openssl is
// missing.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "auditor/verify.h"
#include "rules/base64.h"
#include "test_util.h"

namespace keylint {
namespace {

namespace fs = std::filesystem;
using testing_util::ReadFile;
using testing_util::RunKeylint;
using testing_util::RunResult;
using testing_util::ShellQuote;

constexpr std::string_view kGoodGithub = "ghp_afrSnkw81YeYUJeAEOxrpwBhzXRhwnJlQfLF";
constexpr std::string_view kBadGithub = "ghp_SgLm9Td7hGSIdKXjYDA3KRxokvB2PpPDruLe";
constexpr std::string_view kSlack =
    "xoxb-214248876277-2502677761844-CjZu66Qj46Wd3lSuedzIntty";
constexpr std::string_view kAwsId = "AKIAQYLPMN5HFIQR7XYZ";
constexpr std::string_view kAwsSecret = "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";

bool Have(const char* tool) {
  return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1")
                         .c_str()) == 0;
}

class VerifyCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Have("python3") || !Have("openssl"))
      GTEST_SKIP() << "python3 and openssl are needed for the fake HTTPS "
                      "providers";
    dir_ = fs::path(::testing::TempDir()) /
           ("keylint-verify-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "tree");
    std::string cmd =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1"
        " -addext subjectAltName=IP:127.0.0.1 -keyout " +
        ShellQuote((dir_ / "key.pem").string()) + " -out " +
        ShellQuote((dir_ / "cert.pem").string()) + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl req failed";
    nlohmann::json accounts = {
        {std::string(kGoodGithub), {{"identity", "octocat"}}},
        {std::string(kSlack), {{"identity", "deploy-bot"}}},
        {std::string(kAwsId), {{"identity", "arn:aws:iam::123456789012:user/ci"}}},
    };
    std::ofstream(dir_ / "accounts.json") << accounts.dump();
    log_ = (dir_ / "requests.log").string();
    std::ofstream(log_).close();
    pid_ = fork();
    if (pid_ == 0) {
      std::string script = testing_util::SourcePath(
          "tests/data/verify/fake_providers.py");
      execlp("python3", "python3", script.c_str(),
             (dir_ / "cert.pem").c_str(), (dir_ / "key.pem").c_str(),
             (dir_ / "accounts.json").c_str(), log_.c_str(),
             (dir_ / "port").c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 200 && !fs::exists(dir_ / "port"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    ASSERT_TRUE(fs::exists(dir_ / "port")) << "fake provider did not start";
    port_ = ReadFile((dir_ / "port").string());
  }

  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  void Write(const std::string& rel, const std::string& text) {
    fs::create_directories((dir_ / "tree" / rel).parent_path());
    std::ofstream(dir_ / "tree" / rel, std::ios::binary) << text;
  }

  // Every provider pointed at the fake, each under its own path.
  std::string Env(bool with_ca = true) const {
    std::string env;
    for (const VerifyProvider& p : VerifyProviders()) {
      std::string upper(p.name);
      for (char& c : upper) c = static_cast<char>(std::toupper(c));
      env += "KEYLINT_VERIFY_ENDPOINT_" + upper + "=https://127.0.0.1:" +
             port_ + "/" + std::string(p.name) + " ";
    }
    if (with_ca)
      env += "KEYLINT_VERIFY_CA_BUNDLE=" +
             ShellQuote((dir_ / "cert.pem").string()) + " ";
    return env;
  }

  RunResult Scan(const std::string& flags, bool with_ca = true) {
    return RunKeylint("scan " + ShellQuote((dir_ / "tree").string()) +
                          " " + flags,
                      Env(with_ca));
  }

  // Providers the fake was asked, request count each.
  std::map<std::string, int> Asked() const {
    std::map<std::string, int> out;
    std::ifstream in(log_);
    std::string line;
    while (std::getline(in, line)) {
      ++out[nlohmann::json::parse(line)["provider"].get<std::string>()];
    }
    return out;
  }

  void PlantTokens() {
    Write("app/config.py", "GITHUB_TOKEN = \"" + std::string(kGoodGithub) +
                               "\"\nSLACK = \"" + std::string(kSlack) + "\"\n");
    Write("ci/old.sh", "export GH=" + std::string(kBadGithub) + "\n");
    // The same good token again, base64-encoded: one request, two findings.
    Write("k8s/secret.yaml", "apiVersion: v1\nkind: Secret\ndata:\n  token: " +
                                 EncodeBase64(kGoodGithub) + "\n");
  }

  static nlohmann::json Findings(const RunResult& r) {
    return nlohmann::json::parse(r.out)["findings"];
  }

  fs::path dir_;
  std::string log_, port_;
  pid_t pid_ = -1;
};

TEST_F(VerifyCliTest, WithoutVerifyNothingIsSent) {
  PlantTokens();
  RunResult r = Scan("--format json");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Asked().empty());
  for (const auto& f : Findings(r)) EXPECT_FALSE(f.contains("verification"));
}

TEST_F(VerifyCliTest, VerifiesOncePerSecretAndOnlyFoundProviders) {
  PlantTokens();
  RunResult r = Scan("--format json --verify");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  // github: the good token (found twice) and the bad one; slack: one.
  EXPECT_EQ(Asked(), (std::map<std::string, int>{{"github", 2}, {"slack", 1}}));
  std::map<std::string, std::string> by_path;
  for (const auto& f : Findings(r)) {
    if (!f.contains("verification")) continue;
    std::string v = f["verification"]["status"].get<std::string>();
    if (f["verification"].contains("identity"))
      v += ":" + f["verification"]["identity"].get<std::string>();
    by_path[f["path"].get<std::string>() + " " + f["rule_id"].get<std::string>()] = v;
  }
  EXPECT_EQ(by_path["app/config.py github-classic-pat"], "verified:octocat");
  EXPECT_EQ(by_path["app/config.py slack-bot-token"], "verified:deploy-bot @ T");
  EXPECT_EQ(by_path["ci/old.sh github-classic-pat"], "invalid");
  EXPECT_EQ(by_path["k8s/secret.yaml github-classic-pat"], "verified:octocat");
}

TEST_F(VerifyCliTest, ProviderSelectionKeepsOthersUnasked) {
  PlantTokens();
  RunResult r = Scan("--format json --verify --verify-provider slack");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(Asked(), (std::map<std::string, int>{{"slack", 1}}));
  r = Scan("--verify --verify-provider nosuch");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown provider 'nosuch'"), std::string::npos) << r.err;
}

TEST_F(VerifyCliTest, OnlyVerifiedAndFailOnVerified) {
  Write("ci/old.sh", "export GH=" + std::string(kBadGithub) + "\n");
  RunResult r = Scan("--format json --verify --fail-on-verified");
  EXPECT_EQ(r.exit_code, 0) << r.err;  // findings, but none verified
  ASSERT_FALSE(Findings(r).empty());
  for (const auto& f : Findings(r)) {
    if (f["rule_id"] == "github-classic-pat") {
      EXPECT_EQ(f["verification"]["status"], "invalid");
    }
  }
  r = Scan("--format json --verify --only-verified");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Findings(r).empty());
  Write("app/config.py", "T = \"" + std::string(kGoodGithub) + "\"\n");
  r = Scan("--format json --verify --only-verified --fail-on-verified");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  ASSERT_EQ(Findings(r).size(), 1u);
  EXPECT_EQ(Findings(r)[0]["path"], "app/config.py");
  EXPECT_EQ(Findings(r)[0]["verification"]["status"], "verified");
  r = Scan("--only-verified");
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(VerifyCliTest, AwsKeyPairThroughStsGetCallerIdentity) {
  Write("creds.csv", "Access key ID,Secret access key\n" + std::string(kAwsId) +
                         "," + std::string(kAwsSecret) + "\n");
  RunResult r = Scan("--format json --verify --verify-provider aws");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(Asked(), (std::map<std::string, int>{{"aws", 1}}));
  bool verified = false;
  for (const auto& f : Findings(r)) {
    if (!f.contains("verification")) continue;
    EXPECT_EQ(f["verification"]["status"], "verified");
    EXPECT_EQ(f["verification"]["identity"], "arn:aws:iam::123456789012:user/ci");
    verified = true;
  }
  EXPECT_TRUE(verified);
}

TEST_F(VerifyCliTest, TlsVerificationStaysOn) {
  // The fake's certificate is not in the system store: without the CA
  // bundle nothing is accepted, and the finding says why.
  Write("app/config.py", "T = \"" + std::string(kGoodGithub) + "\"\n");
  RunResult r = Scan("--format json --verify", /*with_ca=*/false);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto f = Findings(r)[0];
  EXPECT_EQ(f["verification"]["status"], "unknown");
  EXPECT_EQ(f["verification"]["reason"], "TLS error");
  // A plain-http endpoint is refused before anything is scanned or sent.
  r = RunKeylint("scan " + ShellQuote((dir_ / "tree").string()) + " --verify",
                 "KEYLINT_VERIFY_ENDPOINT_GITHUB=http://127.0.0.1:" + port_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not an https:// URL"), std::string::npos) << r.err;
}

TEST_F(VerifyCliTest, NoSecretInAnyFormatOrDebugTrace) {
  PlantTokens();
  for (const char* format : {"text", "json", "sarif", "junit", "markdown"}) {
    RunResult r = Scan(std::string("--verify --debug --format ") + format);
    ASSERT_EQ(r.exit_code, 1) << format << r.err;
    for (std::string_view secret : {kGoodGithub, kBadGithub, kSlack}) {
      EXPECT_EQ(r.out.find(secret), std::string::npos) << format;
      EXPECT_EQ(r.err.find(secret), std::string::npos) << format;
      EXPECT_EQ(r.out.find(secret.substr(8)), std::string::npos) << format;
      EXPECT_EQ(r.err.find(secret.substr(8)), std::string::npos) << format;
    }
    EXPECT_NE(r.err.find("keylint: debug: verify: github GET"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.out.find("verified"), std::string::npos) << format;
  }
}

}  // namespace
}  // namespace keylint
