#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace keylint
