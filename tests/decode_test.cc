// The encoded-secrets stage (scanner/decode.h): the plain decoders, the
// gate, the carriers, and findings placed on the encoded span with their
// decoder path.
#include "scanner/decode.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "detector_fixtures.h"
#include "rules/base64.h"
#include "scanner/scan_driver.h"

namespace keylint {
namespace {

using detector_testing::BuiltinDb;

constexpr std::string_view kGithub = "ghp_afrSnkw81YeYUJeAEOxrpwBhzXRhwnJlQfLF";

// Standard base64, or base64url (same bits, '-' and '_' for '+' and '/').
std::string Base64(std::string_view in, bool url = false) {
  std::string out = EncodeBase64(in);
  if (url) {
    for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  }
  return out;
}

std::string Hex(std::string_view in) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : in) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

// Scan as the driver does: engine, plain findings, then the decode stage.
std::vector<Finding> Scan(std::string_view path, std::string_view text,
                          int depth = 2) {
  Matcher matcher(&BuiltinDb());
  std::vector<Match> matches;
  EXPECT_TRUE(matcher.Scan(text, path, &matches).ok());
  std::vector<Finding> out;
  MatchesToFindings(BuiltinDb(), path, text, matches, Severity::kInfo, &out);
  DecodeScratch scratch;
  ScanDecoded(BuiltinDb(), matcher, path, text, matches,
              {depth, Severity::kInfo, nullptr}, &scratch, &out);
  return out;
}

const Finding* FindRule(const std::vector<Finding>& fs, std::string_view id) {
  for (const Finding& f : fs)
    if (f.rule_id == id) return &f;
  return nullptr;
}

TEST(DecodersTest, DecodeEachEncoding) {
  std::string out;
  EXPECT_EQ(EncodeBase64("hello world"), "aGVsbG8gd29ybGQ=");
  EXPECT_EQ(EncodeBase64("ab"), "YWI=");
  ASSERT_TRUE(DecodeBase64("aGVsbG8gd29ybGQ=", false, &out));
  EXPECT_EQ(out, "hello world");
  ASSERT_TRUE(DecodeBase64("Pz8_Pz8-", true, &out));
  EXPECT_EQ(out, "?????" ">");  // split: "??>" is a trigraph
  EXPECT_FALSE(DecodeBase64("a", false, &out));
  EXPECT_FALSE(DecodeBase64("ab!d", false, &out));
  ASSERT_TRUE(DecodeHex("6869", &out));
  EXPECT_EQ(out, "hi");
  EXPECT_FALSE(DecodeHex("6g", &out));
  ASSERT_TRUE(DecodePercent("a%2Fb%3dc%", &out));
  EXPECT_EQ(out, "a/b=c%");
  EXPECT_FALSE(DecodePercent("plain", &out));
  ASSERT_TRUE(DecodeEscapes(R"(\u0067\x68\n\ud83d\ude00\/)", &out));
  EXPECT_EQ(out, "gh\n\xF0\x9F\x98\x80/");
}

TEST(DecodeGateTest, RandomTokensHashesAndIdentifiersAreNotDecoded) {
  std::vector<EncodedSpan> spans;
  // A random base64 secret, a SHA-256, a long identifier, a path.
  FindEncodedSpans(
      "key = \"q8Zt2mWv9LkPx3RbN7yHc4JdF6sGa1Ue0oIiTrEwQ5Y=\"\n"
      "sha = 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n"
      "thisIsAVeryLongIdentifierNameWithoutDigits()\n"
      "src/main/java/com/example/service/Handler2.java\n",
      &spans);
  EXPECT_TRUE(spans.empty()) << spans.size() << " " << spans[0].decoded;
}

// The maximal alphabet runs of at least kMinBase64Run bytes whose first
// byte can start the base64 or hex of printable text, one byte at a time:
// what FindAlphabetRuns computes 64 bytes at a time.
std::vector<std::pair<size_t, size_t>> ReferenceRuns(std::string_view text) {
  auto in = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' ||
           c == '/' || c == '-' || c == '_';
  };
  auto can_start = [](char c) {
    return std::string_view("0234567CDIJKLMNOPQRSTUVWXYZabcdef").find(c) !=
           std::string_view::npos;
  };
  std::vector<std::pair<size_t, size_t>> runs;
  size_t i = 0;
  while (i < text.size()) {
    if (!in(text[i])) {
      ++i;
      continue;
    }
    size_t b = i;
    while (i < text.size() && in(text[i])) ++i;
    if (i - b >= kMinBase64Run && can_start(text[b])) runs.push_back({b, i});
  }
  return runs;
}

TEST(DecodeGateTest, AlphabetRunsMatchTheByteByByteDefinition) {
  // Runs of every length from 0 to 140 at every offset around the 64-byte
  // block edges, separated by one byte outside the alphabet (or a high
  // byte), and random texts where runs are frequent.
  std::vector<std::string> texts;
  for (size_t len = 0; len <= 140; ++len) {
    for (size_t at : {0, 1, 19, 20, 44, 45, 63, 64, 65, 127, 128}) {
      std::string t(at, '.');
      t += std::string(len, 'Q');
      t += (len % 3 == 0) ? '\xC3' : ' ';
      t += std::string(len / 2, 'z');
      texts.push_back(t);
    }
  }
  // Every byte value once between two runs and at the head of one: the
  // vector classifiers and the first-byte test agree with the definition
  // on all 256.
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    texts.push_back(std::string(30, 'Q') + c + std::string(30, 'q') + c +
                    std::string(3, 'x') + ' ' + c + std::string(25, 'Y') +
                    '.' + c + std::string(19, 'X') + '.' + std::string(70, c));
  }
  uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return seed >> 16;
  };
  static constexpr std::string_view kBytes = "aZ09+/-_ .=\n\x80\xff";
  for (int k = 0; k < 400; ++k) {
    std::string t;
    size_t n = next() % 700;
    // Mostly alphabet bytes: long runs, broken now and then.
    for (size_t i = 0; i < n; ++i)
      t += next() % 24 == 0 ? kBytes[8 + next() % (kBytes.size() - 8)]
                            : kBytes[next() % 8];
    texts.push_back(t);
  }
  // Every implementation this CPU runs (portable, SSE2, AVX2).
  std::vector<AlphabetRunsImpl> impls = AvailableAlphabetRunsImpls();
  impls.push_back(AlphabetRunsImpl::kBest);
  ASSERT_GE(impls.size(), 2u);
  for (AlphabetRunsImpl impl : impls) {
    for (const std::string& t : texts) {
      std::vector<std::pair<size_t, size_t>> runs;
      FindAlphabetRuns(t, &runs, impl);
      ASSERT_EQ(runs, ReferenceRuns(t))
          << "implementation " << static_cast<int>(impl) << ", text of "
          << t.size() << " bytes";
    }
  }
}

TEST(DecodeGateTest, LongBase64OfTextAfterABinaryishHeadIsStillFound) {
  // The gate reads a run's first quantum before the rest: base64 of text
  // is found across block edges, a run that starts with random bytes is not
  // decoded at all.
  std::string secret = Base64("aws_secret_access_key=" + std::string(200, 'k'));
  for (size_t pad : {0, 13, 63, 64, 100}) {
    std::string text = std::string(pad, ' ') + secret + "\n";
    std::vector<EncodedSpan> spans;
    FindEncodedSpans(text, &spans);
    ASSERT_EQ(spans.size(), 1u) << pad;
    EXPECT_EQ(spans[0].begin, pad);
    EXPECT_EQ(spans[0].end, pad + secret.size());
  }
  std::vector<EncodedSpan> spans;
  FindEncodedSpans("x = " + Base64("\x01\x02\x03\x04\x05\x06" + std::string(60, 'a')),
                   &spans);
  EXPECT_TRUE(spans.empty());
}

TEST(CarrierTest, MarkersStayInTheCarrierGroups) {
  std::vector<Marker> markers;
  AddCarrierMarkers(&markers);
  ASSERT_FALSE(markers.empty());
  for (const Marker& m : markers) {
    EXPECT_GE(m.group, kCarrierMarkerGroup);
    EXPECT_LT(m.group, kCarrierMarkerGroup + kCarrierMarkerGroups) << m.literal;
  }
}

TEST(CarrierTest, KeyAndValueSplitOverALineBreak) {
  // A carrier's regex runs on the lines around its literal: the line before
  // (Authorization: / Basic ...) and the line after (client-key-data: /
  // the value) must still be reached.
  std::string basic = "curl https://x.test \\\n  -H 'Authorization:\n"
                      "  Basic " + Base64("deploy:Zq8wLm3vNx") + "'\n";
  std::string kubeconfig = "users:\n- name: ci\n  user:\n    client-key-data:\n      " +
                           Base64("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBvx") + "\n";
  for (const auto& [text, carrier] :
       {std::pair{basic, Carrier::kBasicPair}, std::pair{kubeconfig, Carrier::kValue}}) {
    std::vector<EncodedSpan> spans;
    FindEncodedSpans(text, &spans);
    bool found = false;
    for (const auto& s : spans) found |= s.carrier == carrier;
    EXPECT_TRUE(found) << text;
  }
}

TEST(DecodeGateTest, FindsEachEncodingOfText) {
  std::string text = "a = " + Base64("password=correct horse battery") +
                     "\nb = " + Hex("token: abcdefghijklmnop") +
                     "\nc = https://x.test/?q=a%20b%2Fc\n";
  std::vector<EncodedSpan> spans;
  FindEncodedSpans(text, &spans);
  std::vector<std::string> names;
  for (const auto& s : spans) names.emplace_back(DecoderName(s.decoder));
  EXPECT_EQ(names, (std::vector<std::string>{"base64", "hex", "percent"}));
  EXPECT_EQ(spans[0].decoded, "password=correct horse battery");
  EXPECT_EQ(text.substr(spans[0].begin, spans[0].end - spans[0].begin),
            Base64("password=correct horse battery"));
}

TEST(ScanDecodedTest, Base64TokenPointsAtEncodedSpanAndNamesDecoder) {
  std::string encoded = Base64("GITHUB_TOKEN=" + std::string(kGithub));
  std::string text = "# config\nblob: \"" + encoded + "\"\n";
  auto fs = Scan("config.yaml", text);
  const Finding* f = FindRule(fs, "github-classic-pat");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->decoders, std::vector<std::string>{"base64"});
  EXPECT_EQ(f->line, 2);
  EXPECT_EQ(f->column, 8);
  EXPECT_EQ(f->end_column, 8 + static_cast<int>(encoded.size()));
  // Same fingerprint as the plain token; preview of the decoded secret.
  EXPECT_EQ(f->fingerprint, Fingerprint("github-classic-pat", kGithub));
  EXPECT_EQ(f->redacted, Redact(kGithub));
  EXPECT_EQ(f->context.find(encoded), std::string::npos);
  EXPECT_NE(f->context.find("***"), std::string::npos);
}

TEST(ScanDecodedTest, DepthTwoAndDepthLimit) {
  // hex of base64 of the token.
  std::string text =
      "x = " + Hex(Base64("token " + std::string(kGithub))) + "\n";
  auto fs = Scan("a.txt", text, 2);
  const Finding* f = FindRule(fs, "github-classic-pat");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->decoders, (std::vector<std::string>{"hex", "base64"}));
  EXPECT_EQ(FindRule(Scan("a.txt", text, 1), "github-classic-pat"), nullptr);
  EXPECT_EQ(FindRule(Scan("a.txt", text, 0), "github-classic-pat"), nullptr);
}

TEST(ScanDecodedTest, PercentEscapesAndBase64Url) {
  std::string token(kGithub);
  std::string pct = "https://octocat:" + token.substr(0, 3) + "%5F" +
                    token.substr(4) + "@github.com/o/r.git";
  auto fs = Scan(".git-credentials", pct + "\n");
  const Finding* f = FindRule(fs, "github-classic-pat");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->decoders, std::vector<std::string>{"percent"});

  std::string esc;
  for (char c : "tok=" + token) esc += fmt::format("\\u{:04x}", c);
  fs = Scan("a.json", "{\"k\": \"" + esc + "\"}\n");
  f = FindRule(fs, "github-classic-pat");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->decoders, std::vector<std::string>{"escape"});

  fs = Scan("a.txt", "v=" + Base64("?>?>" + token + "?>", true) + "\n");
  f = FindRule(fs, "github-classic-pat");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->decoders, std::vector<std::string>{"base64url"});
}

TEST(ScanDecodedTest, PlainSecretIsNotReportedTwice) {
  std::string text = "a = " + std::string(kGithub) + "\nb = " +
                     Base64("t=" + std::string(kGithub)) + "\n";
  auto fs = Scan("a.txt", text);
  int n = 0;
  for (const Finding& f : fs) n += f.rule_id == "github-classic-pat";
  EXPECT_EQ(n, 1);
}

TEST(ScanDecodedTest, InlineAllowOnTheEncodedLine) {
  std::string text = "b = " + Base64("t=" + std::string(kGithub)) +
                     "  # keylint:allow\n";
  EXPECT_EQ(FindRule(Scan("a.txt", text), "github-classic-pat"), nullptr);
}

TEST(CarrierTest, DockerConfigAuthIsBasicAuthFinding) {
  std::string text = R"({
  "auths": {
    "registry.example.com": {
      "auth": ")" + Base64("deploy:Hunter2-Registry-Pass") + R"("
    }
  }
})";
  auto fs = Scan("config.json", text);
  const Finding* f = FindRule(fs, "encoded-basic-auth-credentials");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->line, 4);
  EXPECT_EQ(f->decoders, std::vector<std::string>{"base64"});
  EXPECT_EQ(f->fingerprint,
            Fingerprint("encoded-basic-auth-credentials", "Hunter2-Registry-Pass"));
}

TEST(CarrierTest, ShortBasicAuthHeaderAndNpmrc) {
  // Too short and too plain for the generic gate; the carrier decodes it.
  auto fs = Scan("client.py",
                 "headers = {\"Authorization\": \"Basic " +
                     Base64("admin:s3cret") + "\"}\n");
  ASSERT_NE(FindRule(fs, "encoded-basic-auth-credentials"), nullptr);
  fs = Scan(".npmrc", "//registry.example.com/:_auth=" + Base64("me:pw-1234") +
                          "\n_password=" + Base64("other-pass") + "\n");
  int n = 0;
  for (const Finding& f : fs) n += f.rule_id == "encoded-basic-auth-credentials";
  EXPECT_EQ(n, 2);
  // A token inside the pair is named by its own rule instead.
  fs = Scan("config.json",
            "{\"auths\":{\"ghcr.io\":{\"auth\":\"" +
                Base64("octocat:" + std::string(kGithub)) + "\"}}}\n");
  ASSERT_NE(FindRule(fs, "github-classic-pat"), nullptr);
  EXPECT_EQ(FindRule(fs, "encoded-basic-auth-credentials"), nullptr);
}

TEST(CarrierTest, KubernetesSecretDataAndKubeconfigKey) {
  std::string text = "apiVersion: v1\ndata:\n  token: " +
                     Base64(std::string(kGithub)) +
                     "\n  short: " + Base64("x") +
                     "\nkind: Secret\nmetadata:\n  name: gh\n";
  auto fs = Scan("secret.yaml", text);
  const Finding* f = FindRule(fs, "github-classic-pat");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->line, 3);
  // The same data block in a ConfigMap is not a carrier (and the value is
  // too short for the generic gate).
  std::string cm = "kind: ConfigMap\ndata:\n  token: " + Base64("ghp_short") +
                   "\n";
  EXPECT_TRUE(Scan("cm.yaml", cm).empty());

  std::string pem =
      "-----BEGIN OPENSSH PRIVATE KEY-----\n"
      "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
      "QyNTUxOQAAACDWdMr0ZgxZ5cHpF3JwV8X2bDR5w5cLZ3B8hGf4oQk7ZQAAAJgr7f0yK+39\n"
      "-----END OPENSSH PRIVATE KEY-----\n";
  std::string kubeconfig = "users:\n- name: admin\n  user:\n    client-key-data: " +
                           Base64(pem) + "\n";
  fs = Scan("kubeconfig", kubeconfig);
  // The PEM inside is found by its own rule, on the encoded value.
  bool key = false;
  for (const Finding& x : fs) {
    if (x.rule_id == "private-key-openssh") {
      key = true;
      EXPECT_EQ(x.decoders, std::vector<std::string>{"base64"});
      EXPECT_EQ(x.line, 4);
    }
  }
  EXPECT_TRUE(key);
}

}  // namespace
}  // namespace keylint
