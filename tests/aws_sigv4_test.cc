// SigV4 against AWS's published test suite (tests/data/aws-sigv4-testsuite/,
// Apache-2.0, from awslabs/aws-c-auth tests/aws-signing-test-suite/v4 at
// commit 495329c2). Every case is checked for header signing: canonical
// request, string to sign, signature and the signed request's headers. No
// case is excluded; the query-string (presigned URL) files of each case are
// not used because keylint only signs in the Authorization header.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "auditor/aws_time.h"
#include "auditor/sigv4.h"
#include "auditor/text_util.h"
#include "tests/test_util.h"

namespace keylint {
namespace {

namespace fs = std::filesystem;
using testing_util::ReadFile;
using testing_util::SourcePath;

std::string TrimEnd(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

struct ParsedRequest {
  SignableRequest request;
  std::string target;  // as in the request line
};

// request.txt: "METHOD TARGET HTTP/1.1", "Name:value" lines (a line that
// starts with whitespace continues the previous value), a blank line, body.
ParsedRequest ParseRequestFile(const std::string& text) {
  ParsedRequest p;
  size_t eol = text.find('\n');
  std::string line = text.substr(0, eol);
  size_t sp = line.find(' ');
  size_t version = line.rfind(" HTTP/");
  p.request.method = line.substr(0, sp);
  p.target = line.substr(sp + 1, version - sp - 1);
  size_t q = p.target.find('?');
  p.request.path = p.target.substr(0, q);
  if (q != std::string::npos) p.request.query = p.target.substr(q + 1);
  size_t pos = eol == std::string::npos ? text.size() : eol + 1;
  while (pos < text.size()) {
    eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty()) {
      if (pos < text.size()) p.request.body = text.substr(pos);
      break;
    }
    if ((line[0] == ' ' || line[0] == '\t') && !p.request.headers.empty()) {
      p.request.headers.back().second += "\n" + line;
      continue;
    }
    size_t colon = line.find(':');
    p.request.headers.emplace_back(line.substr(0, colon),
                                   line.substr(colon + 1));
  }
  return p;
}

std::vector<std::string> HeaderLines(const std::string& signed_request) {
  std::vector<std::string> lines;
  size_t pos = signed_request.find('\n') + 1;
  while (pos < signed_request.size()) {
    size_t eol = signed_request.find('\n', pos);
    if (eol == std::string::npos) eol = signed_request.size();
    std::string line = signed_request.substr(pos, eol - pos);
    if (line.empty()) break;
    if (line[0] == ' ' && !lines.empty()) {
      lines.back() += "\n" + line;
    } else {
      lines.push_back(line);
    }
    pos = eol + 1;
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(
           SourcePath("tests/data/aws-sigv4-testsuite/v4"))) {
    if (e.is_directory()) names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class SigV4SuiteTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SigV4SuiteTest, HeaderSigningMatches) {
  std::string dir =
      SourcePath("tests/data/aws-sigv4-testsuite/v4/" + GetParam()) + "/";
  auto context = nlohmann::json::parse(ReadFile(dir + "context.json"));
  AwsCredentials creds;
  creds.access_key_id = context["credentials"]["access_key_id"];
  creds.secret_access_key = context["credentials"]["secret_access_key"];
  creds.session_token = context["credentials"].value("token", "");
  SigningOptions opts;
  opts.region = context["region"];
  opts.service = context["service"];
  std::optional<int64_t> t =
      ParseAwsTimestamp(context["timestamp"].get<std::string>());
  ASSERT_TRUE(t.has_value());
  opts.time = *t;
  opts.normalize_path = context.value("normalize", true);
  opts.add_content_sha256 = context.value("sign_body", false);
  opts.omit_session_token = context.value("omit_session_token", false);

  ParsedRequest parsed = ParseRequestFile(ReadFile(dir + "request.txt"));
  SigningTrace trace;
  SignRequest(creds, opts, &parsed.request, &trace);

  EXPECT_EQ(trace.canonical_request,
            TrimEnd(ReadFile(dir + "header-canonical-request.txt")));
  EXPECT_EQ(trace.string_to_sign,
            TrimEnd(ReadFile(dir + "header-string-to-sign.txt")));
  EXPECT_EQ(trace.signature, TrimEnd(ReadFile(dir + "header-signature.txt")));

  std::vector<std::string> got;
  for (const auto& [name, value] : parsed.request.headers) {
    got.push_back(name + ":" + value);
  }
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, HeaderLines(ReadFile(dir + "header-signed-request.txt")));
}

INSTANTIATE_TEST_SUITE_P(AwsSuite, SigV4SuiteTest,
                         ::testing::ValuesIn(CaseNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(SigV4Test, SuiteHasEveryCase) {
  // Guards against an empty or partial copy silently passing.
  EXPECT_EQ(CaseNames().size(), 38u);
}

TEST(SigV4Test, UriEncodingIsStrict) {
  EXPECT_EQ(AwsUriEncode("a b/c+d=e~_.-", false), "a%20b%2Fc%2Bd%3De~_.-");
  EXPECT_EQ(AwsUriEncode("a b/c", true), "a%20b/c");
  EXPECT_EQ(PercentDecode("%2Fa%zz%4"), "/a%zz%4");
  EXPECT_EQ(CanonicalQueryString("b=2&a=&c&a=1"), "a=&a=1&b=2&c=");
}

TEST(SigV4Test, SignatureDependsOnSecretKeyAndNeverContainsIt) {
  AwsCredentials creds{"AKIDEXAMPLE", "secret-one", "", std::nullopt, ""};
  SigningOptions opts{"us-east-1", "secretsmanager", 1700000000};
  SignableRequest a;
  a.method = "POST";
  a.headers = {{"Host", "secretsmanager.us-east-1.amazonaws.com"}};
  a.body = "{}";
  SignableRequest b = a;
  SigningTrace ta, tb;
  SignRequest(creds, opts, &a, &ta);
  creds.secret_access_key = "secret-two";
  SignRequest(creds, opts, &b, &tb);
  EXPECT_NE(ta.signature, tb.signature);
  for (const auto& [name, value] : b.headers) {
    EXPECT_EQ(value.find("secret-two"), std::string::npos) << name;
  }
  EXPECT_EQ(tb.canonical_request.find("secret-two"), std::string::npos);
}

}  // namespace
}  // namespace keylint
