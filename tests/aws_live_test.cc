// The live audit (`keylint audit --aws`).
//
// LiveSourceTest: LoadLiveAccount against a fake AWS on loopback — every
// service answered from canned pages (an empty SSM page that still carries
// a NextToken included), throttling that clears on retry, AccessDenied on
// one secret's policy (the audit goes on and says what it could not read),
// --all-regions, per-resource calls never more than --concurrency at a
// time; and the operations sent are exactly those docs/iam-policy.json
// grants.
//
// MotoAuditTest / MotoAuthTest: the keylint binary against moto's server,
// an independent AWS implementation, seeded by
// tests/data/aws-live/seed_moto.py. With moto's IAM authentication on
// (INITIAL_NO_AUTH_ACTION_COUNT), moto verifies keylint's signatures and
// denies what the user's policy does not grant. Skipped, with the reason,
// where moto cannot be imported.
//
// MotoFaultTest: the same account through tests/data/aws-live/
// fault_proxy.py (throttling, 5xx, slow answers, dropped and truncated
// connections, empty pages carrying a token): the audit equals the direct
// one, and each fault cost one retry or one page more.
// MotoTransportTest: moto behind that proxy with its faults off, over HTTPS
// with a self-signed certificate (refused unless --ca-bundle trusts it), and
// as the proxy named by http_proxy.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "auditor/aws_client.h"
#include "auditor/live_source.h"
#include "reports/json_sink.h"
#include "tests/fake_http_server.h"
#include "tests/moto_server.h"
#include "tests/test_util.h"

namespace keylint {
namespace {

using testing_util::FakeHttpServer;
using testing_util::FakeRequest;
using testing_util::FakeResponse;
using testing_util::FaultProxy;
using testing_util::RunKeylint;
using testing_util::ShellQuote;

// --- Against a fake AWS --------------------------------------------------

FakeResponse Ok(std::string body) {
  FakeResponse r;
  r.body = std::move(body);
  return r;
}

FakeResponse FakeAws(const FakeRequest& req, std::atomic<int>* throttles) {
  std::string target = req.Header("x-amz-target");
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
  std::string region = req.Header("authorization");
  region = region.substr(region.find('/') + 10);  // after "/YYYYMMDD/"
  region = region.substr(0, region.find('/'));
  std::string acct = "arn:aws:secretsmanager:" + region + ":111122223333:";
  if (req.body.find("Action=GetCallerIdentity") != std::string::npos) {
    return Ok("<R><Account>111122223333</Account></R>");
  }
  if (req.body.find("Action=DescribeRegions") != std::string::npos) {
    return Ok(
        "<R><regionInfo><item><regionName>eu-west-1</regionName></item>"
        "<item><regionName>us-east-1</regionName></item></regionInfo>"
        "</R>");
  }
  if (target == "secretsmanager.ListSecrets") {
    if ((*throttles)++ == 0) {
      FakeResponse r;
      r.status = 400;
      r.body = R"({"__type":"ThrottlingException","message":"Rate exceeded"})";
      return r;
    }
    return Ok(nlohmann::json{
        {"SecretList",
         {{{"Name", "prod/app/secrets/db"},
           {"ARN", acct + "secret:prod/app/secrets/db-AbCdEf"}},
          {{"Name", "legacy"}, {"ARN", acct + "secret:legacy-GhIjKl"}}}}}
                  .dump());
  }
  if (target == "secretsmanager.GetResourcePolicy") {
    std::string id = body.value("SecretId", "");
    if (id.find("legacy") != std::string::npos) {
      FakeResponse r;
      r.status = 400;
      r.body = R"({"__type":"AccessDeniedException","message":"denied"})";
      return r;
    }
    return Ok(
        nlohmann::json{{"ARN", id}, {"Name", "prod/app/secrets/db"}}.dump());
  }
  if (target == "AmazonSSM.DescribeParameters") {
    std::string token = body.value("NextToken", "");
    if (token.empty()) return Ok(R"({"Parameters":[],"NextToken":"t1"})");
    if (token == "t1") {
      return Ok(R"({"Parameters":[{"Name":"/prod/app/secrets/db-password",)"
                R"("Type":"String"}],"NextToken":"t2"})");
    }
    return Ok(R"({"Parameters":[{"Name":"/prod/app/config/host",)"
              R"("Type":"String"}]})");
  }
  if (target == "AmazonSSM.ListTagsForResource") {
    return Ok(R"({"TagList":[{"Key":"environment","Value":"prod"}]})");
  }
  if (req.target.starts_with("/2015-03-31/functions/")) {
    return Ok(R"({"Functions":[{"FunctionName":"f","FunctionArn":)"
              R"("arn:aws:lambda:)" +
              region + R"(:111122223333:function:f"}]})");
  }
  FakeResponse r;
  r.status = 404;
  return r;
}

struct LiveRun {
  Inventory inventory;
  AuditRunInfo info;
  Status status;
  std::map<std::string, uint64_t> sent;
};

// us-east-1 (and with `all_regions`, every region DescribeRegions names),
// `concurrency` requests at a time.
LiveRun RunFake(FakeHttpServer* server, int concurrency,
                bool all_regions = false) {
  LiveAuditOptions options;
  options.regions = {"us-east-1"};
  options.concurrency = concurrency;
  options.all_regions = all_regions;
  AwsClientOptions o;
  o.endpoint_url = server->url();
  o.sleep = [](int64_t) {};
  AwsClient client(AwsCredentials{"AKIAIOSFODNN7EXAMPLE", "secret", "",
                                  std::nullopt, "test"},
                   o, std::make_shared<CurlTransport>(CurlTransportOptions{}));
  LiveRun run;
  LiveAuditStats stats;
  run.status =
      LoadLiveAccount(&client, options, &run.inventory, &run.info, &stats);
  run.sent = client.SentOperations();
  EXPECT_EQ(stats.requests, server->requests().size());
  return run;
}

TEST(LiveSourceTest, ReadsEveryServiceAndSaysWhatItCouldNotRead) {
  std::atomic<int> throttles{0};
  FakeHttpServer server(
      [&](const FakeRequest& r, int) { return FakeAws(r, &throttles); });
  LiveRun run = RunFake(&server, 4);
  ASSERT_TRUE(run.status.ok()) << run.status.message();

  ASSERT_EQ(run.inventory.secrets.size(), 2u);
  EXPECT_EQ(run.inventory.secrets[0].origin.format, SourceFormat::kAwsApi);
  EXPECT_EQ(run.inventory.secrets[0].origin.where.path,
            "aws/us-east-1/secretsmanager");
  // Both parameters, across an empty first page that carried a NextToken.
  ASSERT_EQ(run.inventory.parameters.size(), 2u);
  for (const Parameter& p : run.inventory.parameters) {
    ASSERT_EQ(p.tags.size(), 1u) << p.name;
    EXPECT_EQ(p.region, "us-east-1");
  }
  ASSERT_EQ(run.inventory.functions.size(), 1u);

  EXPECT_EQ(run.info.source, "aws");
  EXPECT_EQ(run.info.accounts, std::vector<std::string>{"111122223333"});
  EXPECT_EQ(run.info.regions, std::vector<std::string>{"us-east-1"});
  EXPECT_FALSE(run.info.started_at.empty());
  ASSERT_EQ(run.info.unreadable.size(), 1u);
  const UnreadableItem& u = run.info.unreadable[0];
  EXPECT_EQ(u.operation, "GetResourcePolicy");
  EXPECT_EQ(u.code, "AccessDeniedException");
  EXPECT_NE(u.resource.find("legacy"), std::string::npos);
  EXPECT_EQ(run.sent["secretsmanager:ListSecrets"], 2u);  // one throttled
  EXPECT_EQ(run.sent["ssm:DescribeParameters"], 3u);
}

TEST(LiveSourceTest, AllRegionsSendsExactlyThePolicysOperations) {
  std::atomic<int> throttles{0};
  FakeHttpServer server(
      [&](const FakeRequest& r, int) { return FakeAws(r, &throttles); });
  LiveRun run = RunFake(&server, 8, /*all_regions=*/true);
  ASSERT_TRUE(run.status.ok()) << run.status.message();
  EXPECT_EQ(run.info.regions,
            (std::vector<std::string>{"eu-west-1", "us-east-1"}));
  EXPECT_EQ(run.inventory.functions.size(), 2u);

  std::set<std::string> sent;
  for (const auto& [op, n] : run.sent) sent.insert(op);
  auto policy = nlohmann::json::parse(
      testing_util::ReadFile(testing_util::SourcePath("docs/iam-policy.json")));
  std::set<std::string> granted;
  for (const auto& st : policy["Statement"]) {
    for (const auto& a : st["Action"]) granted.insert(a.get<std::string>());
  }
  EXPECT_EQ(sent, granted);
}

TEST(LiveSourceTest, PerResourceCallsRunConcurrencyAtATime) {
  std::atomic<int> in_flight{0}, most{0};
  FakeHttpServer server([&](const FakeRequest& req, int) {
    std::string target = req.Header("x-amz-target");
    if (target == "secretsmanager.ListSecrets") {
      nlohmann::json list = nlohmann::json::array();
      for (int i = 0; i < 24; ++i) {
        std::string name = "prod/app/secrets/s" + std::to_string(i);
        list.push_back({{"Name", name},
                        {"ARN",
                         "arn:aws:secretsmanager:us-east-1:"
                         "111122223333:secret:" +
                             name}});
      }
      return Ok(nlohmann::json{{"SecretList", list}}.dump());
    }
    if (target == "secretsmanager.GetResourcePolicy") {
      int now = ++in_flight;
      for (int m = most.load(); now > m && !most.compare_exchange_weak(m, now);)
        ;
      std::this_thread::sleep_for(std::chrono::milliseconds(40));
      --in_flight;
      return Ok("{}");
    }
    if (target == "AmazonSSM.DescribeParameters") {
      return Ok(R"({"Parameters":[]})");
    }
    if (req.target.starts_with("/2015-03-31/functions/")) {
      return Ok(R"({"Functions":[]})");
    }
    return Ok("<R><Account>111122223333</Account></R>");
  });
  LiveRun run = RunFake(&server, 3);
  ASSERT_TRUE(run.status.ok()) << run.status.message();
  EXPECT_EQ(run.inventory.secrets.size(), 24u);
  EXPECT_EQ(run.sent["secretsmanager:GetResourcePolicy"], 24u);
  EXPECT_LE(most.load(), 3);  // the bound
  EXPECT_GE(most.load(), 2);  // and concurrent under it
}

TEST(LiveSourceTest, UnreachableEndpointStopsWithOneLine) {
  AwsClientOptions o;
  o.endpoint_url = "http://127.0.0.1:9";
  o.sleep = [](int64_t) {};
  AwsClient client(AwsCredentials{"AKIAIOSFODNN7EXAMPLE", "secret", "",
                                  std::nullopt, "test"},
                   o, std::make_shared<CurlTransport>(CurlTransportOptions{}));
  LiveAuditOptions options;
  options.regions = {"us-east-1"};
  Inventory inv;
  AuditRunInfo info;
  Status s = LoadLiveAccount(&client, options, &inv, &info, nullptr);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("cannot reach http://127.0.0.1:9"),
            std::string::npos);
  EXPECT_EQ(s.message().find('\n'), std::string::npos);
  EXPECT_EQ(client.requests_sent(), 3u);  // retried
}

TEST(LiveSourceTest, JsonReportCarriesTheAuditContextOnlyForAudits) {
  Report report;
  JsonSink sink;
  std::ostringstream scan;
  ASSERT_TRUE(sink.Write(report, scan).ok());
  EXPECT_FALSE(nlohmann::json::parse(scan.str()).contains("audit"));
  report.audit.source = "aws";
  report.audit.accounts = {"111122223333"};
  report.audit.unreadable.push_back({"ssm", "ListTagsForResource", "us-east-1",
                                     "/p", "AccessDeniedException", "no"});
  std::ostringstream audit;
  ASSERT_TRUE(sink.Write(report, audit).ok());
  auto doc = nlohmann::json::parse(audit.str());
  EXPECT_EQ(doc["audit"]["accounts"][0], "111122223333");
  EXPECT_EQ(doc["audit"]["unreadable"][0]["operation"], "ListTagsForResource");
}

// --- Against moto ----------------------------------------------------------

// What the seeded account must give: (check, resource named in the message).
const std::vector<std::pair<std::string, std::string>> kExpected = {
    {"naming-parameter-path", "/prod/payments/api/key"},
    {"naming-parameter-path", "/prod/payments/db/password"},
    {"naming-scope-mismatch", "/prod/payments/config/feature-flags"},
    {"naming-secret-path", "/prod/payments/config/feature-flags"},
    {"naming-secret-path", "/prod/payments/db/password"},
    {"naming-secret-path", "legacy-api-token"},
    {"placement-plaintext-parameter", "/prod/payments/db/password"},
    {"placement-secret-in-environment", "STRIPE_SECRET_KEY"},
    {"policy-public-principal", "legacy-api-token"},
    {"rotation-disabled", "/prod/payments/config/feature-flags"},
    {"rotation-disabled", "legacy-api-token"},
};

// Values the seed stored: none may ever be printed.
const char* const kSeededValues[] = {
    "51Hx9QvKq8Z7bT2mN4pR6sV1w", "Zq8!vW3#kP9$mL2@xR7", "unused-in-the-audit"};

const char* const kEnvCreds =
    "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE "
    "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY "
    "AWS_SESSION_TOKEN=FwoGZXIvYXdzEXAMPLESESSIONTOKEN HOME=/nonexistent "
    "AWS_PROFILE=";

// Needs no server: each fails before the first request. (ctest runs every
// test in its own process, so a moto fixture here would start moto again.)
TEST(LiveCliTest, CommandLineErrors) {
  auto r = RunKeylint(
      "audit --aws --endpoint-url http://moto.example:5000 "
      "--region us-east-1",
      kEnvCreds);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("use https://"), std::string::npos);
  // A clean environment: no key, no profile, no metadata endpoint.
  r = RunKeylint(
      "audit --aws --region us-east-1 --endpoint-url "
      "http://127.0.0.1:9",
      "env -i PATH=/usr/bin:/bin HOME=/nonexistent "
      "AWS_EC2_METADATA_DISABLED=true");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no AWS credentials found"), std::string::npos);
  r = RunKeylint("audit --aws . --region us-east-1", kEnvCreds);
  EXPECT_EQ(r.exit_code, 2);
}

class MotoAuditTest : public testing_util::MotoTestBase {
 protected:
  static void SetUpTestSuite() { StartSuite({}, {"account"}); }
  std::string Args(const std::string& extra) const {
    return "audit --aws --endpoint-url " + moto_->url() +
           " --region us-east-1 --now 2026-11-24 " + extra;
  }
};

TEST_F(MotoAuditTest, FindingsMatchTheSeededAccount) {
  auto r = RunKeylint(Args("--format json"), kEnvCreds);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& f : doc["findings"]) {
    std::string msg = f["message"];
    std::string id = f["rule_id"];
    for (const auto& [rule, resource] : kExpected) {
      if (rule == id && msg.find(resource) != std::string::npos &&
          std::find(got.begin(), got.end(), std::pair(rule, resource)) ==
              got.end()) {
        got.emplace_back(rule, resource);
        break;
      }
    }
    EXPECT_TRUE(std::string(f["path"]).starts_with("aws/us-east-1/"));
    EXPECT_EQ(f["line"], 0) << id;
  }
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, kExpected);
  EXPECT_EQ(doc["findings"].size(), kExpected.size()) << r.out;
  const auto& audit = doc["audit"];
  EXPECT_EQ(audit["source"], "aws");
  EXPECT_EQ(audit["accounts"], nlohmann::json::array({"123456789012"}));
  EXPECT_EQ(audit["regions"], nlohmann::json::array({"us-east-1"}));
  EXPECT_TRUE(audit["unreadable"].empty()) << audit.dump();
}

TEST_F(MotoAuditTest, NoValueOrCredentialInAnyFormatOrTheDebugTrace) {
  for (const char* format : {"text", "json", "sarif", "junit", "markdown"}) {
    auto r = RunKeylint(Args(std::string("--debug --stats --format ") + format),
                        kEnvCreds);
    ASSERT_EQ(r.exit_code, 1) << format << ": " << r.err;
    std::string all = r.out + r.err;
    for (const char* v : kSeededValues) {
      EXPECT_EQ(all.find(v), std::string::npos) << format << " leaks " << v;
    }
    for (const char* c :
         {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "FwoGZXIvYXdzEXAMPLESESSIONTOKEN"}) {
      EXPECT_EQ(all.find(c), std::string::npos) << format << " leaks " << c;
    }
    EXPECT_NE(r.err.find("keylint: debug: POST"), std::string::npos);
    EXPECT_NE(r.err.find("AWS requests in"), std::string::npos);
  }
}

// The number in "keylint: N AWS requests in ..." of --stats, or -1.
long RequestsSent(const std::string& err) {
  const std::string prefix = "keylint: ";
  size_t at = err.find(" AWS requests in ");
  if (at == std::string::npos) return -1;
  size_t start = err.rfind(prefix, at);
  if (start == std::string::npos) return -1;
  return std::stol(err.substr(start + prefix.size(), at - start));
}

// The same account through tests/data/aws-live/fault_proxy.py: throttling
// (400 and 429), 500, 503, answers slower than --timeout, dropped and
// truncated connections, and empty first pages carrying a NextToken.
class MotoFaultTest : public MotoAuditTest {
 protected:
  static void SetUpTestSuite() {
    MotoAuditTest::SetUpTestSuite();
    if (!skip_.empty() || failed_) return;
    proxy_ = std::make_unique<FaultProxy>();
    if (!proxy_->Start(moto_->url(), {"--slow", "3.5"})) failed_ = true;
  }
  static void TearDownTestSuite() {
    proxy_.reset();
    MotoAuditTest::TearDownTestSuite();
  }
  static inline std::unique_ptr<FaultProxy> proxy_;
};

TEST_F(MotoFaultTest, AuditThroughFaultsEqualsTheDirectAudit) {
  auto direct = RunKeylint(Args("--format json --stats"), kEnvCreds);
  ASSERT_EQ(direct.exit_code, 1) << direct.err;
  long direct_requests = RequestsSent(direct.err);
  ASSERT_GT(direct_requests, 0) << direct.err;

  auto faulty = RunKeylint(
      "audit --aws --endpoint-url " + proxy_->url() +
          " --region us-east-1 --now 2026-11-24 --format json --stats "
          "--debug --timeout 2",  // the proxy's slow answers take 3.5 s
      kEnvCreds);
  ASSERT_EQ(faulty.exit_code, 1) << faulty.err;
  auto want = nlohmann::json::parse(direct.out);
  auto got = nlohmann::json::parse(faulty.out);
  EXPECT_EQ(got["findings"], want["findings"]);
  EXPECT_EQ(got["audit"]["accounts"], want["audit"]["accounts"]);
  EXPECT_EQ(got["audit"]["resource_counts"], want["audit"]["resource_counts"]);
  EXPECT_TRUE(got["audit"]["unreadable"].empty()) << got["audit"].dump();

  // Every kind of fault was met, and each one cost exactly one more request
  // (a retry, or the page after an empty one) than the direct audit sent.
  auto stats = nlohmann::json::parse(proxy_->stats());
  long faults = 0;
  for (const char* kind : {"throttle-400", "throttle-429", "error-500",
                           "error-503", "slow", "drop", "truncate"}) {
    EXPECT_GE(stats["faults"].value(kind, 0), 1) << kind << stats.dump();
    faults += stats["faults"].value(kind, 0);
  }
  // ListSecrets, DescribeParameters and ListFunctions each began empty.
  EXPECT_EQ(stats["empty_pages"], 3) << stats.dump();
  long seen = stats["requests"].get<long>();
  EXPECT_EQ(seen, direct_requests + faults + 3) << stats.dump();
  // keylint sent the direct audit's requests, the three pages after the
  // empty ones, and its retries (each one a second or third attempt in the
  // trace). libcurl itself resends a request once, unseen, when a reused
  // connection closes before any answer: only a dropped connection can
  // account for the requests the proxy saw and keylint did not send.
  long sent = RequestsSent(faulty.err);
  long retries = 0;
  for (const char* attempt : {" attempt 2/3]", " attempt 3/3]"}) {
    for (size_t at = faulty.err.find(attempt); at != std::string::npos;
         at = faulty.err.find(attempt, at + 1)) {
      ++retries;
    }
  }
  EXPECT_EQ(sent, direct_requests + 3 + retries);
  EXPECT_LE(sent, seen);
  EXPECT_LE(seen - sent, stats["faults"].value("drop", 0)) << stats.dump();
  // The retries, in the --debug trace: second and third attempts, the
  // throttling and timeouts that caused them; no credential in it.
  for (const char* seen :
       {"attempt 2/3", "attempt 3/3", "-> 400 ThrottlingException",
        "-> 429 TooManyRequestsException", "-> 503 ServiceUnavailable",
        "error RequestTimeout", "error ConnectionError"}) {
    EXPECT_NE(faulty.err.find(seen), std::string::npos) << seen;
  }
  for (const char* c :
       {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "FwoGZXIvYXdzEXAMPLESESSIONTOKEN"}) {
    EXPECT_EQ(faulty.err.find(c), std::string::npos) << c;
  }
}

// The transport against the same account: moto behind
// tests/data/aws-live/fault_proxy.py with its faults off, serving HTTPS with
// a self-signed certificate, or used as the proxy named by http_proxy.
class MotoTransportTest : public MotoAuditTest {
 protected:
  // The findings of the audit with `args` and `env`, which must exit 1.
  static nlohmann::json Findings(const testing_util::RunResult& r) {
    EXPECT_EQ(r.exit_code, 1) << r.err;
    auto doc = nlohmann::json::parse(r.out, nullptr, false);
    return doc.is_object() ? doc["findings"] : nlohmann::json();
  }
};

TEST_F(MotoTransportTest, TlsIsAlwaysVerifiedAndCaBundleIsTrusted) {
  std::string dir =
      ::testing::TempDir() + "/keylint-aws-tls-" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1"
      " -addext subjectAltName=IP:127.0.0.1 -keyout " +
      ShellQuote(dir + "/key.pem") + " -out " + ShellQuote(dir + "/cert.pem") +
      " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) {
    GTEST_SKIP() << "openssl could not make a certificate (openssl missing?)";
  }
  FaultProxy tls;
  ASSERT_TRUE(tls.Start(moto_->url(), {"--no-faults", "--tls",
                                       dir + "/cert.pem", dir + "/key.pem"}));
  std::string args = "audit --aws --endpoint-url " + tls.url("https") +
                     " --region us-east-1 --now 2026-11-24 --format json ";
  // Not trusted: one line naming the endpoint, exit 3, nothing read.
  auto untrusted = RunKeylint(args, kEnvCreds);
  EXPECT_EQ(untrusted.exit_code, 3) << untrusted.err;
  EXPECT_NE(untrusted.err.find("cannot reach " + tls.url("https")),
            std::string::npos)
      << untrusted.err;
  EXPECT_NE(untrusted.err.find("certificate"), std::string::npos)
      << untrusted.err;
  EXPECT_EQ(std::count(untrusted.err.begin(), untrusted.err.end(), '\n'), 1)
      << untrusted.err;
  // Trusted through --ca-bundle: the same audit as over plain HTTP.
  auto trusted = RunKeylint(
      args + "--ca-bundle " + ShellQuote(dir + "/cert.pem"), kEnvCreds);
  auto direct = RunKeylint(Args("--format json"), kEnvCreds);
  EXPECT_EQ(Findings(trusted), Findings(direct));
  std::filesystem::remove_all(dir);
}

TEST_F(MotoTransportTest, ProxyFromTheEnvironment) {
  FaultProxy proxy;
  ASSERT_TRUE(proxy.Start(moto_->url(), {"--no-faults"}));
  auto direct = RunKeylint(Args("--format json"), kEnvCreds);
  auto proxied = RunKeylint(Args("--format json --stats"),
                            std::string(kEnvCreds) + " NO_PROXY= no_proxy= " +
                                "http_proxy=" + proxy.url());
  EXPECT_EQ(Findings(proxied), Findings(direct));
  // Every request went through the proxy, as a proxy request.
  auto stats = nlohmann::json::parse(proxy.stats());
  EXPECT_EQ(stats["absolute"], stats["requests"]) << stats.dump();
  EXPECT_EQ(stats["requests"].get<long>(), RequestsSent(proxied.err))
      << proxied.err;
}

class MotoAuthTest : public MotoAuditTest {
 protected:
  // The seed's three IAM calls run unauthenticated; from then on moto
  // checks every signature and every permission. seed_out_: the user's
  // "KEY_ID SECRET_KEY".
  static void SetUpTestSuite() {
    StartSuite({"INITIAL_NO_AUTH_ACTION_COUNT=3"}, {"auth"});
  }
  std::string Env(const std::string& secret_override = "") const {
    size_t sp = seed_out_.find(' ');
    std::string id = seed_out_.substr(0, sp);
    std::string secret =
        secret_override.empty() ? seed_out_.substr(sp + 1) : secret_override;
    return "HOME=/nonexistent AWS_ACCESS_KEY_ID=" + ShellQuote(id) +
           " AWS_SECRET_ACCESS_KEY=" + ShellQuote(secret);
  }
};

TEST_F(MotoAuthTest, MotoVerifiesSignaturesAndDeniesWhatIsNotGranted) {
  // The user may list but not read resource policies nor parameter tags:
  // the audit goes on and names what it could not read.
  auto r = RunKeylint(Args("--format json"), Env());
  std::string all = r.out + r.err;
  EXPECT_NE(r.err.find("could not read: secretsmanager GetResourcePolicy"),
            std::string::npos)
      << all;
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << all;
  EXPECT_FALSE(doc["findings"].empty()) << all;  // the secret was listed
  bool denied = false;
  for (const auto& u : doc["audit"]["unreadable"]) {
    if (u["operation"] == "GetResourcePolicy") {
      denied = true;
      EXPECT_EQ(u["code"], "AccessDenied");
      EXPECT_NE(std::string(u["resource"]).find("legacy-api-token"),
                std::string::npos);
    }
  }
  EXPECT_TRUE(denied) << doc["audit"].dump();
  EXPECT_EQ(all.find(seed_out_.substr(seed_out_.find(' ') + 1)),
            std::string::npos);

  // A wrong secret key: moto rejects the signature; one line, exit 3.
  r = RunKeylint(Args(""), Env("wrongwrongwrongwrongwrongwrongwrongwrong"));
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("GetCallerIdentity"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(MotoAuthTest, LambdaSignatureVerifiedByMoto) {
  // Is moto able to verify a Lambda ListFunctions signature at all? Ask it
  // with boto3's own request, signed by botocore.
  size_t sp = seed_out_.find(' ');
  std::string probe;
  ASSERT_TRUE(moto_->Seed("lambda-probe " +
                              ShellQuote(seed_out_.substr(0, sp)) + " " +
                              ShellQuote(seed_out_.substr(sp + 1)),
                          &probe));
  if (probe.find("rejected SignatureDoesNotMatch") != std::string::npos) {
    GTEST_SKIP()
        << "moto cannot verify the SigV4 signature of a request without a "
           "body: it hashes the query parameters (or, with none, the "
           "headers) as the payload where SigV4 hashes the empty body "
           "(moto/iam/access_control.py, IAMRequestBase._create_aws_request:"
           " data=self._body or self._data), so it rejects boto3's own "
           "ListFunctions too. Lambda's signatures are checked against "
           "botocore's signer instead (BotocoreSigningTest).";
  }
  ASSERT_EQ(probe, "ok\n") << "boto3's ListFunctions: " << probe;
  auto r = RunKeylint(Args("--format json"), Env());
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << r.err;
  for (const auto& u : doc["audit"]["unreadable"]) {
    EXPECT_NE(u["service"], "lambda") << u.dump();
  }
}

}  // namespace
}  // namespace keylint
