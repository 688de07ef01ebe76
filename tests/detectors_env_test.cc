#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "scanner/detector_util.h"
#include "tests/detector_fixtures.h"
#include "tests/test_util.h"

namespace keylint {
namespace {

using detector_testing::Detect;

TEST(DetectorsEnvTest, FixturesGiveExactlyTheExpectedFindings) {
  detector_testing::CheckCategory("env");
}

TEST(DetectorsEnvTest, SecretNames) {
  for (const char* n : {"DB_PASSWORD", "API_TOKEN", "STRIPE_SECRET_KEY",
                        "apiKey", "client_secret", "PRIVATE_KEY_PEM",
                        "AWS_SECRET_ACCESS_KEY", "password", "credentials",
                        "GITHUB_TOKEN", "DB_PASS"})
    EXPECT_TRUE(IsSecretName(n)) << n;
  for (const char* n : {"DB_SECRET_NAME", "SECRET_ARN", "password_hash",
                        "TOKEN_URL", "NextToken", "max_tokens",
                        "PASSWORD_MIN_LENGTH", "AWS_ACCESS_KEY_ID",
                        "secret_id", "region", "secrets", "LOG_LEVEL",
                        "primary_key", "get_secret"})
    EXPECT_FALSE(IsSecretName(n)) << n;
}

TEST(DetectorsEnvTest, LiteralsThatAreNotSecrets) {
  for (const char* v :
       {"", "${DB_PASSWORD}", "{{resolve:ssm-secure:/db/pw:1}}",
        "arn:aws:secretsmanager:us-east-1:1:secret:x", "changeme", "postgres",
        "12345", "true", "/run/secrets/db", "https://auth.internal/token"})
    EXPECT_NE(NotSecretLiteralReason(v), nullptr) << v;
  EXPECT_EQ(NotSecretLiteralReason("Vq7rT2mK9pX4sB6c"), nullptr);
}

TEST(DetectorsEnvTest, FindingsNeverHoldTheValue) {
  const std::string value = "Vq7rT2mK9pX4sB6c";
  auto found = Detect("svc/.env", "DB_PASSWORD=" + value + "\n");
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.rule_id, "env-secret-in-dotenv");
  EXPECT_EQ(f.category, "env");
  EXPECT_EQ(f.line, 1);
  EXPECT_EQ(f.column, 13);
  EXPECT_EQ(f.redacted, Redact(value));
  EXPECT_EQ(f.fingerprint, Fingerprint("env-secret-in-dotenv", value));
  EXPECT_EQ(f.context, "DB_PASSWORD=***");
  EXPECT_EQ(f.message.find(value), std::string::npos);
  EXPECT_THAT(f.message, ::testing::HasSubstr("sets DB_PASSWORD"));
}

TEST(DetectorsEnvTest, InlineSuppressionAndThreshold) {
  EXPECT_TRUE(
      Detect(".env", "DB_PASSWORD=Vq7rT2mK9pX4sB6c # keylint:allow\n").empty());
  EXPECT_TRUE(Detect(".env",
                     "# keylint:allow-next-line=env-secret-in-dotenv\n"
                     "DB_PASSWORD=Vq7rT2mK9pX4sB6c\n")
                  .empty());
  EXPECT_EQ(Detect(".env",
                   "DB_PASSWORD=Vq7rT2mK9pX4sB6c # keylint:allow=other-rule\n")
                .size(),
            1u);
  EXPECT_TRUE(Detect(".env", "DB_PASSWORD=Vq7rT2mK9pX4sB6c\n",
                     Severity::kCritical)
                  .empty());
}

TEST(DetectorsEnvTest, EngineMatchInAnyVariable) {
  // The name says nothing; the engine knows the value.
  auto found = Detect(
      "Dockerfile", "ENV GH=ghp_Q2t8zLw0aX9vR4mK7pN1sB6cD3fG5hJ8kL0q\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_THAT(found[0].message, ::testing::HasSubstr("matches rule"));
}

TEST(DetectorsEnvTest, MalformedYamlIsIgnored) {
  EXPECT_TRUE(Detect("docker-compose.yml",
                     "services:\n  a:\n    environment: [\n  DB_PASSWORD: x\n")
                  .empty());
}

TEST(DetectorsEnvTest, RulesAreListedAndScanned) {
  using testing_util::RunKeylint;
  using testing_util::ShellQuote;
  using testing_util::SourcePath;
  auto list = RunKeylint("rules list");
  EXPECT_EQ(list.exit_code, 0) << list.err;
  for (const auto& r : DetectorRules())
    EXPECT_THAT(list.out, ::testing::HasSubstr(r.id));
  auto scan = RunKeylint(
      "scan --format sarif " +
      ShellQuote(SourcePath("tests/data/detectors/env/Dockerfile.bad")));
  EXPECT_EQ(scan.exit_code, 1) << scan.err;
  EXPECT_THAT(scan.out, ::testing::HasSubstr("env-secret-in-dockerfile"));
  EXPECT_EQ(scan.out.find("Vq7rT2mK9pX4sB6c"), std::string::npos);
}

// The YAML parse is skipped when the lines prove no environment block can
// hold a secret (YamlEnvBlocksMayHoldSecret). Every form below holds one,
// written in a way the line view cannot read as the parser does, and must
// still be found.
TEST(DetectorsEnvTest, YamlFormsTheLineCheckCannotReadAreStillParsed) {
  const std::string pw = "Vq7rT2mK9pX4sB6c";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"docker-compose.yml",
       "services:\n  web:\n    environment: {DB_PASSWORD: " + pw + "}\n"},
      {"docker-compose.yml",
       "services: {web: {image: x, environment: "
       "{DB_PASSWORD: " +
           pw + "}}}\n"},
      {"docker-compose.yml", "x-env: &common\n  DB_PASSWORD: " + pw +
                                 "\nservices:\n  web:\n    environment: "
                                 "*common\n"},
      {"docker-compose.yml",
       "services:\n  web:\n    environment:\n      "
       "DB_PASSWORD: |\n        " +
           pw + "\n"},
      {"docker-compose.yml",
       "services:\n  web:\n    environment:\n      "
       "DB_PASSWORD: \"Vq7rT2mK9p\\x58sB6c\"\n"},
      {"docker-compose.yml",
       "services:\n  web:\n    environment:\n      "
       "- DB_PASSWORD=" +
           pw + "\n"},
      {"docker-compose.yml",
       "services:\n  web:\n    environment:\n      "
       "DB_PASSWORD: !!str " +
           pw + "\n"},
      {"docker-compose.yml",
       "services:\n  web:\n    environment:\n      "
       "DB_PASSWORD: &pw " +
           pw + " # note\n"},
      {"docker-compose.yml",
       "services:\n  web:\n    environment:\n      "
       "\"DB_PASSWORD\": \"" +
           pw + "\"\n"},
      {"k8s.yaml",
       "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - "
       "name: app\n    env:\n    - name: DB_PASSWORD\n      "
       "value: " +
           pw + "\n"},
      {"k8s.yaml",
       "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - "
       "name: app\n    env:\n    - {name: DB_PASSWORD, value: \"" +
           pw + "\"}\n"},
      {"k8s.yaml",
       "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - "
       "name: app\n    env: [{name: DB_PASSWORD,\n      value: " +
           pw + "}]\n"},
  };
  for (const auto& [path, text] : cases) {
    EXPECT_TRUE(YamlEnvBlocksMayHoldSecret(text)) << text;
    auto found = Detect(path, text);
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].category, "env") << text;
  }
}

TEST(DetectorsEnvTest, YamlWithoutSecretsInItsEnvironmentIsNotParsed) {
  // References, placeholders, short words, text: the lines prove it.
  EXPECT_FALSE(YamlEnvBlocksMayHoldSecret(
      "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n"
      "    env:\n    - name: DB_PASSWORD\n      value: ${DB_PASSWORD}\n"
      "    - name: LOG_LEVEL\n      value: info\n"
      "    - name: API_TOKEN\n      valueFrom:\n        secretKeyRef:\n"
      "          name: api\n          key: token\n"));
  EXPECT_FALSE(YamlEnvBlocksMayHoldSecret(
      "jobs:\n  build:\n    env:\n      DB_PASSWORD: ${{ secrets.DB }}\n"
      "      API_TOKEN: changeme\n      NOTE: \"see the wiki page\"\n"
      "    steps:\n      - run: echo Vq7rT2mK9pX4sB6c\n"));
  // A secret-looking value outside any environment block needs no parse
  // either: the walker never reads it (the engine reports it).
  EXPECT_FALSE(YamlEnvBlocksMayHoldSecret(
      "config:\n  admin_password: rV-mV3R0tS7aumm95COE6wa\nenv:\n  A: b\n"));
  EXPECT_TRUE(YamlEnvBlocksMayHoldSecret(
      "config:\n  a: b\nenv:\n  admin_password: rV-mV3R0tS7aumm95COE6wa\n"));
}

TEST(ShortStringMemoTest, ComputesEachKeyOnceAndAlwaysAnswersRight) {
  ShortStringMemo memo;
  int calls = 0;
  auto value = [](std::string_view k) {
    uint16_t v = static_cast<uint16_t>(k.size());
    for (char c : k) v = static_cast<uint16_t>(v * 31 + c);
    return v;
  };
  auto compute = [&](std::string_view k) {
    ++calls;
    return value(k);
  };
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 1000; ++i) {
      std::string k = "key_" + std::to_string(i);
      ASSERT_EQ(memo.Get(k, compute), value(k)) << k;
    }
  EXPECT_EQ(calls, 1000);
  // Empty and long keys are computed every time.
  const std::string long_key(100, 'x');
  calls = 0;
  memo.Get("", compute);
  memo.Get("", compute);
  memo.Get(long_key, compute);
  EXPECT_EQ(memo.Get(long_key, compute), value(long_key));
  EXPECT_EQ(calls, 4);
  // Past its limit (2^17 keys) it starts over and still answers right.
  for (int i = 0; i < 300000; ++i) {
    std::string k = std::to_string(int64_t{i} * 7919) + "_v";
    ASSERT_EQ(memo.Get(k, compute), value(k)) << k;
  }
  for (int i = 0; i < 300000; i += 997) {
    std::string k = std::to_string(int64_t{i} * 7919) + "_v";
    ASSERT_EQ(memo.Get(k, compute), value(k)) << k;
  }
}

}  // namespace
}  // namespace keylint
