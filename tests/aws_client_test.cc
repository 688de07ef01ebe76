// The AWS client against a fake loopback HTTP server: wire format of the
// three protocols, the operation allowlist, retries with full-jitter
// backoff (sleep injected, nothing waits), throttling, 5xx, timeouts,
// dropped connections, garbage answers, credential redaction in messages
// and --debug lines, and the credential chain (environment, shared files,
// credential_process, container and instance metadata endpoints).
#include "auditor/aws_client.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "auditor/aws_credentials.h"
#include "tests/fake_http_server.h"
#include "tests/test_util.h"

namespace keylint {
namespace {

using testing_util::FakeHttpServer;
using testing_util::FakeRequest;
using testing_util::FakeResponse;

// Dummy credentials shaped like real ones, so that leaks would be visible.
const AwsCredentials kCreds{
    "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "FwoGZXIvYXdzEXAMPLESESSIONTOKEN", std::nullopt, "test"};

struct Harness {
  explicit Harness(FakeHttpServer::Handler h, int attempts = 3)
      : server(std::move(h)) {
    AwsClientOptions o;
    o.endpoint_url = server.url();
    o.max_attempts = attempts;
    o.timeout_ms = 300;
    o.sleep = [this](int64_t ms) { sleeps.push_back(ms); };
    o.random = [] { return 0.999; };
    o.now = [] { return int64_t{1700000000}; };
    o.debug = [this](const std::string& line) { debug.push_back(line); };
    client = std::make_unique<AwsClient>(
        kCreds, o, std::make_shared<CurlTransport>(CurlTransportOptions{}));
  }
  FakeHttpServer server;
  std::vector<int64_t> sleeps;
  std::vector<std::string> debug;
  std::unique_ptr<AwsClient> client;
};

FakeResponse Json(int status, std::string body) {
  FakeResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

void ExpectNoCredentials(const std::string& text) {
  for (const std::string* s : {&kCreds.access_key_id, &kCreds.secret_access_key,
                               &kCreds.session_token}) {
    EXPECT_EQ(text.find(*s), std::string::npos) << text;
  }
}

TEST(AwsClientTest, Json11RequestShapeAndSignature) {
  Harness h([](const FakeRequest&, int) {
    return Json(200, R"({"SecretList":[]})");
  });
  AwsResult r = h.client->Call("secretsmanager", "ListSecrets", "eu-west-1",
                               AwsRequest{R"({"MaxResults":100})", {}});
  ASSERT_TRUE(r.ok()) << r.code << " " << r.message;
  EXPECT_EQ(r.body, R"({"SecretList":[]})");
  auto reqs = h.server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].target, "/");
  EXPECT_EQ(reqs[0].Header("x-amz-target"), "secretsmanager.ListSecrets");
  EXPECT_EQ(reqs[0].Header("content-type"), "application/x-amz-json-1.1");
  EXPECT_EQ(reqs[0].Header("x-amz-date"), "20231114T221320Z");
  EXPECT_EQ(reqs[0].Header("x-amz-security-token"), kCreds.session_token);
  std::string auth = reqs[0].Header("authorization");
  EXPECT_TRUE(
      auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/"
                       "20231114/eu-west-1/secretsmanager/aws4_request, "
                       "SignedHeaders=content-type;host;x-amz-date;"
                       "x-amz-security-token;x-amz-target, Signature="))
      << auth;
  EXPECT_EQ(reqs[0].body, R"({"MaxResults":100})");
}

TEST(AwsClientTest, RestAndQueryProtocols) {
  Harness h([](const FakeRequest& req, int) {
    if (req.method == "GET") return Json(200, R"({"Functions":[]})");
    return Json(200,
                "<GetCallerIdentityResponse><GetCallerIdentityResult>"
                "<Account>123456789012</Account></GetCallerIdentityResult>"
                "</GetCallerIdentityResponse>");
  });
  AwsRequest list;
  list.params = {{"MaxItems", "50"}, {"Marker", "a b/c"}};
  ASSERT_TRUE(
      h.client->Call("lambda", "ListFunctions", "us-east-1", list).ok());
  AwsResult id = h.client->Call("sts", "GetCallerIdentity", "us-east-1", {});
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(XmlText(id.body, "Account"), "123456789012");
  auto reqs = h.server.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].target,
            "/2015-03-31/functions/?MaxItems=50&Marker=a%20b%2Fc");
  EXPECT_EQ(reqs[1].body, "Action=GetCallerIdentity&Version=2011-06-15");
}

TEST(AwsClientTest, ValueReadingOperationsCannotBeSent) {
  Harness h([](const FakeRequest&, int) { return Json(200, "{}"); });
  const std::pair<const char*, const char*> kForbidden[] = {
      {"secretsmanager", "GetSecretValue"},
      {"secretsmanager", "BatchGetSecretValue"},
      {"ssm", "GetParameter"},
      {"ssm", "GetParameters"},
      {"ssm", "GetParametersByPath"},
      {"ssm", "GetParameterHistory"},
      {"lambda", "GetFunction"},
      {"kms", "Decrypt"}};
  for (const auto& [service, op] : kForbidden) {
    AwsResult r = h.client->Call(
        service, op, "us-east-1",
        AwsRequest{R"({"Name":"/x","WithDecryption":true})", {}});
    EXPECT_EQ(r.code, "OperationNotAllowed") << service << ":" << op;
    EXPECT_EQ(FindAllowedOperation(service, op), nullptr);
  }
  EXPECT_TRUE(h.server.requests().empty());
  // And the allowlist itself holds no operation that returns a value.
  for (const AwsOperation& op : AllowedOperations()) {
    std::string name(op.name);
    EXPECT_FALSE(name.starts_with("GetSecret") ||
                 name.starts_with("BatchGet") ||
                 name.starts_with("GetParameter") || name == "Decrypt")
        << name;
  }
}

TEST(AwsClientTest, IamPolicyGrantsExactlyTheAuditOperations) {
  auto policy = nlohmann::json::parse(
      testing_util::ReadFile(testing_util::SourcePath("docs/iam-policy.json")));
  std::set<std::string> granted;
  for (const auto& st : policy["Statement"]) {
    for (const auto& a : st["Action"]) granted.insert(a.get<std::string>());
  }
  std::set<std::string> needed;
  for (const AwsOperation& op : AllowedOperations()) {
    if (op.audit)
      needed.insert(std::string(op.service) + ":" + std::string(op.name));
  }
  EXPECT_EQ(granted, needed);
}

TEST(AwsClientTest, RetriesThrottlingAnd5xxWithCappedFullJitter) {
  Harness h([](const FakeRequest&, int i) {
    if (i == 0) {
      return Json(400, R"({"__type":"ThrottlingException","message":"slow"})");
    }
    if (i == 1) return Json(503, "<html>unavailable</html>");
    return Json(200, R"({"Parameters":[]})");
  });
  AwsResult r = h.client->Call("ssm", "DescribeParameters", "us-east-1", {});
  EXPECT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(h.server.requests().size(), 3u);
  // random() = 0.999: just under 1 s, then just under 2 s.
  EXPECT_EQ(h.sleeps, (std::vector<int64_t>{999, 1998}));
}

TEST(AwsClientTest, BackoffIsCappedAt20Seconds) {
  Harness h([](const FakeRequest&, int) { return Json(500, "{}"); }, 10);
  AwsResult r = h.client->Call("ssm", "DescribeParameters", "us-east-1", {});
  EXPECT_EQ(r.code, "InternalFailure");
  EXPECT_EQ(r.attempts, 10);
  EXPECT_NE(r.message.find("after 10 attempts"), std::string::npos);
  ASSERT_EQ(h.sleeps.size(), 9u);
  EXPECT_EQ(h.sleeps.back(), 19980);
  for (int64_t s : h.sleeps) EXPECT_LE(s, 20000);
}

TEST(AwsClientTest, AccessDeniedIsNotRetried) {
  Harness h([](const FakeRequest&, int) {
    FakeResponse r = Json(400, R"({"Message":"User x is not authorized"})");
    r.headers = {{"x-amzn-ErrorType", "AccessDeniedException:http://internal"}};
    return r;
  });
  AwsResult r = h.client->Call("lambda", "ListFunctions", "us-east-1", {});
  EXPECT_EQ(r.code, "AccessDeniedException");
  EXPECT_EQ(r.message, "User x is not authorized");
  EXPECT_EQ(h.server.requests().size(), 1u);
  EXPECT_TRUE(h.sleeps.empty());
}

TEST(AwsClientTest, TimeoutsAndDroppedConnectionsAreRetried) {
  Harness slow([](const FakeRequest&, int i) {
    FakeResponse r = Json(200, "{}");
    if (i == 0) r.delay_ms = 1000;  // over the 300 ms timeout
    return r;
  });
  AwsResult r = slow.client->Call("ssm", "DescribeParameters", "us-east-1", {});
  EXPECT_TRUE(r.ok()) << r.code;
  EXPECT_EQ(r.attempts, 2);

  Harness dropped([](const FakeRequest&, int) {
    FakeResponse r;
    r.drop = true;
    return r;
  });
  r = dropped.client->Call("ssm", "DescribeParameters", "us-east-1", {});
  EXPECT_EQ(r.code, "ConnectionError");
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(dropped.server.requests().size(), 3u);
}

// A transport that answers after `ms`, for the wait accounting.
class SlowTransport : public HttpTransport {
 public:
  explicit SlowTransport(int ms) : ms_(ms) {}
  HttpResponse Send(const std::string&, const SignableRequest&, int) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms_));
    HttpResponse r;
    r.status = 200;
    r.body = "{}";
    return r;
  }

 private:
  int ms_;
};

TEST(AwsClientTest, OutstandingTimeCountsConcurrentRequestsOnce) {
  AwsClientOptions o;
  o.endpoint_url = "http://127.0.0.1:9";
  AwsClient client(kCreds, o, std::make_shared<SlowTransport>(150));
  EXPECT_EQ(client.seconds_outstanding(), 0.0);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      EXPECT_TRUE(
          client.Call("ssm", "DescribeParameters", "us-east-1", {}).ok());
    });
  }
  for (std::thread& t : threads) t.join();
  // Four requests of 150 ms at once: 0.6 s summed, about 0.15 s of wall
  // time with one outstanding.
  EXPECT_GE(client.seconds_waiting(), 0.6);
  EXPECT_GE(client.seconds_outstanding(), 0.15);
  EXPECT_LT(client.seconds_outstanding(), 0.45);
  // One more on its own adds its whole time to both.
  double before = client.seconds_outstanding();
  ASSERT_TRUE(client.Call("ssm", "DescribeParameters", "us-east-1", {}).ok());
  EXPECT_GE(client.seconds_outstanding() - before, 0.15);
}

TEST(AwsClientTest, GarbageAnswerIsOneClearError) {
  Harness h([](const FakeRequest&, int) { return Json(200, "\x01{not json"); });
  AwsResult r =
      h.client->Call("secretsmanager", "ListSecrets", "us-east-1", {});
  EXPECT_EQ(r.code, "InvalidResponse");
  EXPECT_EQ(r.message.find('\n'), std::string::npos);
  EXPECT_EQ(r.message.find("not json"), std::string::npos);  // body not quoted
}

TEST(AwsClientTest, ExpiredCredentialsSayWhereTheyCameFrom) {
  Harness h([](const FakeRequest&, int) {
    return Json(400, R"({"__type":"ExpiredTokenException","message":"x"})");
  });
  AwsResult r = h.client->Call("ssm", "DescribeParameters", "us-east-1", {});
  EXPECT_EQ(r.code, "ExpiredTokenException");
  EXPECT_NE(r.message.find("from test have expired"), std::string::npos);
  EXPECT_EQ(h.server.requests().size(), 1u);

  AwsCredentials old = kCreds;
  old.expiration = 1600000000;
  AwsClientOptions o;
  o.endpoint_url = h.server.url();
  AwsClient client(old, o,
                   std::make_shared<CurlTransport>(CurlTransportOptions{}));
  EXPECT_EQ(client.Call("ssm", "DescribeParameters", "us-east-1", {}).code,
            "ExpiredCredentials");
  EXPECT_EQ(h.server.requests().size(), 1u);  // nothing sent
}

TEST(AwsClientTest, NoCredentialInMessagesOrDebugLines) {
  // A hostile server echoing the request's headers in its error message.
  Harness h([](const FakeRequest& req, int) {
    std::string echo = req.Header("authorization") + " " +
                       req.Header("x-amz-security-token") +
                       " wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    return Json(400, nlohmann::json{{"__type", "ValidationException"},
                                    {"message", echo}}
                         .dump());
  });
  AwsResult r = h.client->Call("ssm", "DescribeParameters", "us-east-1", {});
  EXPECT_EQ(r.code, "ValidationException");
  ExpectNoCredentials(r.message);
  ASSERT_FALSE(h.debug.empty());
  for (const std::string& line : h.debug) {
    ExpectNoCredentials(line);
    EXPECT_NE(line.find("Authorization: <redacted>"), std::string::npos);
    EXPECT_EQ(line.find("Signature="), std::string::npos);
  }
  EXPECT_EQ(RedactCredentials("key AKIAABCDEFGHIJKLMNOP end", {}),
            "key <redacted> end");
}

TEST(AwsClientTest, EndpointUrlPolicy) {
  EXPECT_TRUE(ValidateEndpointUrl("https://secretsmanager.example.com").ok());
  EXPECT_TRUE(ValidateEndpointUrl("http://127.0.0.1:5000").ok());
  EXPECT_TRUE(ValidateEndpointUrl("http://localhost:4566/").ok());
  EXPECT_TRUE(ValidateEndpointUrl("http://[::1]:4566").ok());
  EXPECT_FALSE(ValidateEndpointUrl("http://moto.internal:5000").ok());
  EXPECT_FALSE(ValidateEndpointUrl("http://127.0.0.1.evil.com").ok());
  EXPECT_FALSE(ValidateEndpointUrl("ftp://127.0.0.1").ok());
  EXPECT_FALSE(ValidateEndpointUrl("127.0.0.1:5000").ok());
}

// --- The credential chain ---------------------------------------------------

class CredentialChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("keylint-creds-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_ / ".aws");
    env_["HOME"] = dir_.string();
    env_["AWS_EC2_METADATA_DISABLED"] = "true";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& rel, const std::string& text) {
    std::ofstream(dir_ / rel) << text;
  }
  Status Resolve(AwsCredentials* out, const std::string& profile = "") {
    CredentialOptions o;
    o.profile = profile;
    o.getenv = [this](const char* name) -> const char* {
      auto it = env_.find(name);
      return it == env_.end() ? nullptr : it->second.c_str();
    };
    return ResolveAwsCredentials(
        o, std::make_shared<CurlTransport>(CurlTransportOptions{}), out);
  }

  std::filesystem::path dir_;
  std::map<std::string, std::string> env_;
};

TEST_F(CredentialChainTest, EnvironmentFirstThenProfiles) {
  Write(".aws/credentials",
        "[default]\naws_access_key_id = AKIADEFAULTPROFILE01\n"
        "aws_secret_access_key = s1\n[other]\n"
        "aws_access_key_id=AKIAOTHERPROFILE0001\naws_secret_access_key=s2\n");
  env_["AWS_ACCESS_KEY_ID"] = "AKIAFROMENVIRONMENT1";
  env_["AWS_SECRET_ACCESS_KEY"] = "s0";
  env_["AWS_SESSION_TOKEN"] = "t0";
  AwsCredentials c;
  ASSERT_TRUE(Resolve(&c).ok());
  EXPECT_EQ(c.access_key_id, "AKIAFROMENVIRONMENT1");
  EXPECT_EQ(c.session_token, "t0");
  EXPECT_EQ(c.source, "environment variables");
  // --profile wins over the environment, as in the AWS CLI.
  ASSERT_TRUE(Resolve(&c, "other").ok());
  EXPECT_EQ(c.access_key_id, "AKIAOTHERPROFILE0001");
  env_.erase("AWS_ACCESS_KEY_ID");
  env_.erase("AWS_SECRET_ACCESS_KEY");
  ASSERT_TRUE(Resolve(&c).ok());
  EXPECT_EQ(c.source, "profile default");
  env_["AWS_PROFILE"] = "missing";
  Status s = Resolve(&c);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("profile 'missing'"), std::string::npos);
}

TEST_F(CredentialChainTest, CredentialProcessFromConfig) {
  Write(".aws/config",
        "[profile proc]\nregion = eu-central-1\ncredential_process = printf "
        "'{\"Version\": 1, \"AccessKeyId\": \"AKIAPROCESS000000001\", "
        "\"SecretAccessKey\": \"sp\", \"SessionToken\": \"tp\", "
        "\"Expiration\": \"2030-01-01T00:00:00Z\"}'\n"
        "[profile broken]\ncredential_process = sh -c 'echo secretoutput; "
        "exit 3'\n");
  AwsCredentials c;
  ASSERT_TRUE(Resolve(&c, "proc").ok());
  EXPECT_EQ(c.access_key_id, "AKIAPROCESS000000001");
  EXPECT_EQ(c.session_token, "tp");
  ASSERT_TRUE(c.expiration.has_value());
  EXPECT_EQ(*c.expiration, 1893456000);
  Status s = Resolve(&c, "broken");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("exited with status 3"), std::string::npos);
  EXPECT_EQ(s.message().find("secretoutput"), std::string::npos);
}

TEST_F(CredentialChainTest, NothingFoundIsOneClearLine) {
  AwsCredentials c;
  Status s = Resolve(&c);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  EXPECT_NE(s.message().find("no AWS credentials found"), std::string::npos);
}

TEST_F(CredentialChainTest, InstanceMetadataUsesAnImdsV2Token) {
  FakeHttpServer imds([](const FakeRequest& req, int) {
    FakeResponse r;
    if (req.method == "PUT" && req.target == "/latest/api/token") {
      r.body = "imds-session-token";
    } else if (req.Header("x-aws-ec2-metadata-token") != "imds-session-token") {
      r.status = 401;
    } else if (req.target == "/latest/meta-data/iam/security-credentials/") {
      r.body = "audit-role\n";
    } else {
      r.body = R"({"Code":"Success","AccessKeyId":"ASIAINSTANCEROLE0001",)"
               R"("SecretAccessKey":"si","Token":"ti",)"
               R"("Expiration":"2030-01-01T00:00:00Z"})";
    }
    return r;
  });
  env_.erase("AWS_EC2_METADATA_DISABLED");
  env_["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = imds.url();
  AwsCredentials c;
  Status s = Resolve(&c);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(c.access_key_id, "ASIAINSTANCEROLE0001");
  EXPECT_EQ(c.session_token, "ti");
  EXPECT_EQ(c.source, "instance metadata (role audit-role)");
  auto reqs = imds.requests();
  ASSERT_EQ(reqs.size(), 3u);
  EXPECT_EQ(reqs[0].method, "PUT");
  EXPECT_EQ(reqs[0].Header("x-aws-ec2-metadata-token-ttl-seconds"), "21600");
}

TEST_F(CredentialChainTest, ContainerEndpointWithAuthorizationToken) {
  FakeHttpServer ecs([](const FakeRequest& req, int) {
    FakeResponse r;
    if (req.Header("authorization") != "container-token") {
      r.status = 403;
      return r;
    }
    r.body = R"({"AccessKeyId":"ASIACONTAINER0000001","SecretAccessKey":"sc",)"
             R"("Token":"tc","Expiration":"2030-01-01T00:00:00Z"})";
    return r;
  });
  env_["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = ecs.url() + "/creds";
  env_["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "container-token";
  AwsCredentials c;
  Status s = Resolve(&c);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(c.access_key_id, "ASIACONTAINER0000001");
  EXPECT_EQ(c.source, "container credentials endpoint");
}

}  // namespace
}  // namespace keylint
