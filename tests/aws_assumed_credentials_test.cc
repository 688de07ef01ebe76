// Credentials obtained from STS, and SigV4 signatures checked by an
// independent signer.
//
// AssumedCredentialsTest: the keylint binary with --role-arn (STS
// AssumeRole) and with AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (STS
// AssumeRoleWithWebIdentity) against a fake AWS on loopback: the role's
// credentials sign every later call (key id, session token, and the
// signature itself, recomputed by botocore with the role's secret key), and
// neither the base credentials, the role's nor the web identity token ever
// appear in any output format, --debug trace or message.
//
// BotocoreSigningTest: the requests AwsClient sends in each of the three
// protocols (Lambda's REST-JSON GET included, which moto's IAM
// authentication cannot verify — see MotoAuthTest in aws_live_test.cc) have
// exactly the Authorization header botocore computes for them.
//
// MotoRoleTest / MotoWebIdentityTest: the same against moto's STS. With IAM
// authentication on, moto verifies the signatures made with the role's
// secret key and session token, and only the role may read; without it,
// moto switches to the role's account for the role's access key.
//
// botocore (tests/data/aws-live/botocore_sign.py) and moto are python3
// modules: the parts that need them skip with the reason where they are
// missing.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "auditor/aws_client.h"
#include "tests/fake_http_server.h"
#include "tests/moto_server.h"
#include "tests/test_util.h"

namespace keylint {
namespace {

using testing_util::FakeHttpServer;
using testing_util::FakeRequest;
using testing_util::FakeResponse;
using testing_util::ReadFile;
using testing_util::RunKeylint;
using testing_util::ShellQuote;
using testing_util::SourcePath;

// Dummy credentials shaped like real ones, so that leaks would be visible.
const AwsCredentials kBase{"AKIABASECREDENTIAL01",
                           "baseSecretKeyBaseSecretKeyBaseSecretKey0", "",
                           std::nullopt, "test"};
const AwsCredentials kRole{
    "ASIAASSUMEDROLEKEY01", "roleSecretKeyRoleSecretKeyRoleSecretKey0",
    "roleSessionTokenRoleSessionTokenRoleSession", std::nullopt, "test"};
const char kRoleArn[] = "arn:aws:iam::444455556666:role/auditor";
const char kWebToken[] = "eyJhbGciOiJSUzI1NiJ9.webIdentityPayload0123.sig456";

// The value of "Name=" in the SigV4 Authorization header `auth`.
std::string AuthField(const std::string& auth, const std::string& name) {
  size_t at = auth.find(name + "=");
  if (at == std::string::npos) return "";
  at += name.size() + 1;
  return auth.substr(at, auth.find_first_of(", ", at) - at);
}

// The Authorization header botocore's SigV4 signer computes for `req` (as
// received, over the headers it names as signed) with `creds`; nullopt
// when botocore cannot be imported.
std::optional<std::string> BotocoreAuthorization(const FakeRequest& req,
                                                 const AwsCredentials& creds) {
  std::string auth = req.Header("authorization");
  std::string scope = AuthField(auth, "Credential");  // KEY/DATE/REGION/SVC/..
  std::vector<std::string> parts;
  for (size_t s = 0, e; s <= scope.size(); s = e + 1) {
    e = scope.find('/', s);
    if (e == std::string::npos) e = scope.size();
    parts.push_back(scope.substr(s, e - s));
  }
  if (parts.size() != 5) return "malformed credential scope: " + auth;
  nlohmann::json headers = nlohmann::json::array();
  std::string signed_headers = AuthField(auth, "SignedHeaders");
  for (const auto& [name, value] : req.headers) {
    if ((";" + signed_headers + ";").find(";" + name + ";") !=
        std::string::npos) {
      headers.push_back({name, value});
    }
  }
  nlohmann::json doc = {{"method", req.method},
                        {"url", "http://" + req.Header("host") + req.target},
                        {"headers", headers},
                        {"body", req.body},
                        {"access_key", creds.access_key_id},
                        {"secret_key", creds.secret_access_key},
                        {"session_token", creds.session_token},
                        {"region", parts[2]},
                        {"service", parts[3]}};
  static int counter = 0;
  std::string base = ::testing::TempDir() + "/keylint-botocore-" +
                     std::to_string(getpid()) + "-" + std::to_string(counter++);
  std::ofstream(base + ".json") << doc.dump();
  std::string cmd =
      "python3 " +
      ShellQuote(SourcePath("tests/data/aws-live/botocore_sign.py")) + " " +
      ShellQuote(base + ".json") + " >" + ShellQuote(base + ".out") + " 2>&1";
  int rc = std::system(cmd.c_str());
  std::string out = ReadFile(base + ".out");
  std::filesystem::remove(base + ".json");
  std::filesystem::remove(base + ".out");
  if (WIFEXITED(rc) && WEXITSTATUS(rc) == 3) return std::nullopt;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

bool BotocoreAvailable() {
  return std::system("python3 -c 'import botocore.auth' >/dev/null 2>&1") == 0;
}

// --- Against a fake AWS ------------------------------------------------------

FakeResponse Xml(std::string body) {
  FakeResponse r;
  r.body = std::move(body);
  return r;
}

FakeResponse FakeStsAndAws(const FakeRequest& req) {
  if (req.body.starts_with("Action=AssumeRole")) {
    return Xml(
        "<AssumeRoleResponse><AssumeRoleResult><Credentials>"
        "<AccessKeyId>" +
        kRole.access_key_id + "</AccessKeyId><SecretAccessKey>" +
        kRole.secret_access_key + "</SecretAccessKey><SessionToken>" +
        kRole.session_token +
        "</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration>"
        "</Credentials></AssumeRoleResult></AssumeRoleResponse>");
  }
  if (req.body.starts_with("Action=GetCallerIdentity")) {
    return Xml("<R><Account>444455556666</Account></R>");
  }
  std::string target = req.Header("x-amz-target");
  if (target == "secretsmanager.ListSecrets") {
    return Xml(R"({"SecretList":[]})");
  }
  if (target == "AmazonSSM.DescribeParameters") {
    return Xml(R"({"Parameters":[]})");
  }
  if (req.target.starts_with("/2015-03-31/functions/")) {
    return Xml(R"({"Functions":[]})");
  }
  FakeResponse r;
  r.status = 404;
  return r;
}

// Every request after the first (the STS call that obtained the role's
// credentials) carries the role's key id and session token, and with
// `recompute` its signature is the one botocore computes with the role's
// secret key (a python3 process per request: once per test is enough).
void ExpectSignedWithTheRole(const std::vector<FakeRequest>& reqs,
                             bool recompute) {
  ASSERT_GE(reqs.size(), 4u);  // STS, GetCallerIdentity, SM, SSM, Lambda
  bool botocore = recompute && BotocoreAvailable();
  for (size_t i = 1; i < reqs.size(); ++i) {
    const FakeRequest& r = reqs[i];
    std::string auth = r.Header("authorization");
    EXPECT_TRUE(
        AuthField(auth, "Credential").starts_with(kRole.access_key_id + "/"))
        << r.target << ": " << auth;
    EXPECT_EQ(r.Header("x-amz-security-token"), kRole.session_token);
    if (botocore) {
      EXPECT_EQ(BotocoreAuthorization(r, kRole), auth) << r.target;
    }
  }
  if (recompute && !botocore) {
    std::cout << "[ NOTE ] botocore not importable by python3: signatures "
                 "not recomputed\n";
  }
}

void ExpectNothingSecretIn(const std::string& text, const std::string& what) {
  for (const std::string& s :
       {kBase.access_key_id, kBase.secret_access_key, kRole.access_key_id,
        kRole.secret_access_key, kRole.session_token, std::string(kWebToken)}) {
    EXPECT_EQ(text.find(s), std::string::npos) << what << " shows " << s;
  }
  // Also the part of the web identity token between its dots.
  EXPECT_EQ(text.find("webIdentityPayload0123"), std::string::npos) << what;
}

const char* const kFormats[] = {"text", "json", "sarif", "junit", "markdown"};

TEST(AssumedCredentialsTest, RoleArnSignsEveryLaterCallWithTheRole) {
  for (const char* format : kFormats) {
    FakeHttpServer server(
        [](const FakeRequest& r, int) { return FakeStsAndAws(r); });
    auto r = RunKeylint("audit --aws --endpoint-url " + server.url() +
                            " --region us-east-1 --role-arn " + kRoleArn +
                            " --debug --stats --format " + format,
                        "env -i PATH=/usr/bin:/bin HOME=/nonexistent "
                        "AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=" +
                            kBase.access_key_id + " AWS_SECRET_ACCESS_KEY=" +
                            kBase.secret_access_key);
    ASSERT_EQ(r.exit_code, 0) << format << ": " << r.err;
    auto reqs = server.requests();
    ASSERT_FALSE(reqs.empty());
    // AssumeRole itself is signed with the base credentials.
    EXPECT_TRUE(reqs[0].body.starts_with("Action=AssumeRole&"));
    EXPECT_NE(reqs[0].body.find("RoleArn=arn%3Aaws%3Aiam%3A%3A444455556666%"
                                "3Arole%2Fauditor"),
              std::string::npos)
        << reqs[0].body;
    EXPECT_TRUE(AuthField(reqs[0].Header("authorization"), "Credential")
                    .starts_with(kBase.access_key_id + "/"));
    bool json = std::string(format) == "json";
    if (json && BotocoreAvailable()) {
      EXPECT_EQ(BotocoreAuthorization(reqs[0], kBase),
                reqs[0].Header("authorization"));
    }
    ExpectSignedWithTheRole(reqs, json);
    ExpectNothingSecretIn(r.out + r.err, format);
    EXPECT_NE(r.err.find("keylint: debug: credentials from assuming role " +
                         std::string(kRoleArn)),
              std::string::npos)
        << r.err;
    if (json) {
      auto doc = nlohmann::json::parse(r.out);
      EXPECT_EQ(doc["audit"]["accounts"],
                nlohmann::json::array({"444455556666"}));
    }
  }
}

TEST(AssumedCredentialsTest, WebIdentityTokenFileAndRoleArn) {
  std::string token_file =
      ::testing::TempDir() + "/keylint-web-token-" + std::to_string(getpid());
  std::ofstream(token_file) << kWebToken << "\n";
  for (const char* format : kFormats) {
    FakeHttpServer server(
        [](const FakeRequest& r, int) { return FakeStsAndAws(r); });
    auto r = RunKeylint(
        "audit --aws --endpoint-url " + server.url() +
            " --region us-east-1 --debug --format " + format,
        "env -i PATH=/usr/bin:/bin HOME=/nonexistent "
        "AWS_EC2_METADATA_DISABLED=true AWS_WEB_IDENTITY_TOKEN_FILE=" +
            ShellQuote(token_file) + " AWS_ROLE_ARN=" + kRoleArn +
            " AWS_ROLE_SESSION_NAME=ci-audit");
    ASSERT_EQ(r.exit_code, 0) << format << ": " << r.err;
    auto reqs = server.requests();
    ASSERT_FALSE(reqs.empty());
    // AssumeRoleWithWebIdentity is unsigned: the token is the proof.
    const FakeRequest& sts = reqs[0];
    EXPECT_TRUE(sts.body.starts_with("Action=AssumeRoleWithWebIdentity&"))
        << sts.body;
    EXPECT_EQ(sts.Header("authorization"), "");
    EXPECT_NE(sts.body.find("RoleSessionName=ci-audit"), std::string::npos);
    EXPECT_NE(sts.body.find("WebIdentityToken=" + std::string(kWebToken)),
              std::string::npos)
        << sts.body;
    ExpectSignedWithTheRole(reqs, std::string(format) == "json");
    ExpectNothingSecretIn(r.out + r.err, format);
    EXPECT_NE(r.err.find("keylint: debug: credentials from web identity for "
                         "role " +
                         std::string(kRoleArn)),
              std::string::npos)
        << r.err;
  }
  std::filesystem::remove(token_file);
}

// --- Each protocol against botocore's signer ---------------------------------

TEST(BotocoreSigningTest, EveryProtocolMatchesBotocoresSigner) {
  if (!BotocoreAvailable()) {
    GTEST_SKIP() << "botocore not importable by python3 (the independent "
                    "SigV4 signer of this test)";
  }
  FakeHttpServer server([](const FakeRequest& req, int) {
    if (req.method == "GET") return Xml(R"({"Functions":[]})");
    if (!req.Header("x-amz-target").empty()) return Xml("{}");
    return Xml("<R><Account>111122223333</Account></R>");
  });
  for (const AwsCredentials* creds : {&kBase, &kRole}) {
    AwsClientOptions o;
    o.endpoint_url = server.url();
    AwsClient client(*creds, o,
                     std::make_shared<CurlTransport>(CurlTransportOptions{}));
    AwsRequest lambda;  // a marker that needs encoding
    lambda.params = {{"MaxItems", "50"}, {"Marker", "a b/c+d=e~f"}};
    ASSERT_TRUE(
        client.Call("lambda", "ListFunctions", "eu-west-2", lambda).ok());
    ASSERT_TRUE(client.Call("lambda", "ListFunctions", "us-east-1", {}).ok());
    ASSERT_TRUE(client
                    .Call("secretsmanager", "GetResourcePolicy", "us-east-1",
                          AwsRequest{R"({"SecretId":"a/b c"})", {}})
                    .ok());
    ASSERT_TRUE(client.Call("sts", "GetCallerIdentity", "us-east-1", {}).ok());
  }
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 8u);
  for (size_t i = 0; i < reqs.size(); ++i) {
    const AwsCredentials& creds = i < 4 ? kBase : kRole;
    EXPECT_EQ(BotocoreAuthorization(reqs[i], creds),
              reqs[i].Header("authorization"))
        << reqs[i].method << " " << reqs[i].target;
  }
  EXPECT_EQ(reqs[0].method, "GET");  // Lambda: an empty payload
}

// --- Against moto's STS -----------------------------------------------------

class MotoRoleTest : public testing_util::MotoTestBase {
 protected:
  // The seed's five IAM calls run unauthenticated; then moto checks every
  // signature and permission. seed_out_: the user's "KEY_ID SECRET_KEY".
  static void SetUpTestSuite() {
    StartSuite({"INITIAL_NO_AUTH_ACTION_COUNT=5"}, {"role"});
  }
  std::string UserEnv() const {
    size_t sp = seed_out_.find(' ');
    return "env -i PATH=/usr/bin:/bin HOME=/nonexistent "
           "AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=" +
           ShellQuote(seed_out_.substr(0, sp)) +
           " AWS_SECRET_ACCESS_KEY=" + ShellQuote(seed_out_.substr(sp + 1));
  }
  std::string Args(const std::string& extra) const {
    return "audit --aws --endpoint-url " + moto_->url() +
           " --region us-east-1 --now 2026-11-24 --format json " + extra;
  }
};

TEST_F(MotoRoleTest, MotoVerifiesTheRolesSignaturesAndOnlyTheRoleMayRead) {
  // The user may only assume the role: on its own key, nothing is readable.
  auto user = RunKeylint(Args(""), UserEnv());
  EXPECT_NE(user.err.find("could not read: secretsmanager ListSecrets "
                          "(us-east-1): AccessDenied"),
            std::string::npos)
      << user.err;

  // Through the role: moto checks the signatures made with the role's
  // secret key and session token, and the role's policy grants the reads.
  auto role = RunKeylint(
      Args("--debug --role-arn arn:aws:iam::123456789012:role/audit-target"),
      UserEnv());
  ASSERT_EQ(role.exit_code, 1) << role.err;
  auto doc = nlohmann::json::parse(role.out);
  bool listed = false;
  for (const auto& f : doc["findings"]) {
    if (std::string(f["message"]).find("role-only-token") !=
        std::string::npos) {
      listed = true;
    }
  }
  EXPECT_TRUE(listed) << role.out;
  // Only Lambda may be unreadable, where moto cannot verify a GET's
  // signature (MotoAuthTest.LambdaSignatureVerifiedByMoto says why).
  for (const auto& u : doc["audit"]["unreadable"]) {
    EXPECT_EQ(u["operation"], "ListFunctions") << u.dump();
    EXPECT_EQ(u["code"], "SignatureDoesNotMatch") << u.dump();
  }
  std::string all = role.out + role.err;
  EXPECT_EQ(all.find(seed_out_.substr(seed_out_.find(' ') + 1)),
            std::string::npos);
  // moto's session tokens begin so; none may be printed.
  EXPECT_EQ(all.find("FQoGZXIvYXdzE"), std::string::npos);
}

class MotoWebIdentityTest : public MotoRoleTest {
 protected:
  // No IAM authentication: AssumeRoleWithWebIdentity is unsigned, which
  // moto's authentication does not allow for.
  static void SetUpTestSuite() { StartSuite({}, {"account", "other-account"}); }
};

TEST_F(MotoWebIdentityTest, TheRolesAccountIsAudited) {
  std::string token_file =
      ::testing::TempDir() + "/keylint-moto-token-" + std::to_string(getpid());
  std::ofstream(token_file) << kWebToken;
  auto r = RunKeylint(
      Args("--debug"),
      "env -i PATH=/usr/bin:/bin HOME=/nonexistent "
      "AWS_EC2_METADATA_DISABLED=true AWS_WEB_IDENTITY_TOKEN_FILE=" +
          ShellQuote(token_file) +
          " AWS_ROLE_ARN=arn:aws:iam::444455556666:role/web-auditor");
  std::filesystem::remove(token_file);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  // moto answers for the account of the access key it issued to the role:
  // the calls after AssumeRoleWithWebIdentity were signed with that key.
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["audit"]["accounts"], nlohmann::json::array({"444455556666"}));
  std::vector<std::string> secrets;
  for (const auto& f : doc["findings"]) {
    std::string msg = f["message"];
    for (const char* name : {"other-account-token", "legacy-api-token"}) {
      if (msg.find(name) != std::string::npos) secrets.push_back(name);
    }
  }
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "other-account-token"),
            secrets.end())
      << r.out;
  // The default account's secrets are not the role's.
  EXPECT_EQ(std::find(secrets.begin(), secrets.end(), "legacy-api-token"),
            secrets.end())
      << r.out;
  std::string all = r.out + r.err;
  EXPECT_EQ(all.find(kWebToken), std::string::npos);
  EXPECT_EQ(all.find("FQoGZXIvYXdzE"), std::string::npos);
}

}  // namespace
}  // namespace keylint
