#include "rules/filters.h"

#include <gtest/gtest.h>

#include "rules/finding.h"
#include "scanner/suppression.h"

namespace keylint {
namespace {

TEST(Filters, Entropy) {
  EXPECT_DOUBLE_EQ(ShannonEntropy(""), 0.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("aaaa"), 0.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("abab"), 1.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("abcd"), 2.0);
  EXPECT_GT(ShannonEntropy("Zq8vL2pX9mKw4RtY7bNc"), 4.0);
}

TEST(Filters, Placeholders) {
  for (const char* p :
       {"${DB_PASSWORD}", "{{ .Values.token }}", "<your-api-key>", "changeme",
        "AKIAIOSFODNN7EXAMPLE", "xxxxxxxxxxxxxxxx", "ghp_xxxxxxxxxxxxxxxxxxxxxxxx",
        "********", "aaaaaaaaaaaa", "1234567890", "abcdefghijklmnop",
        "%(password)s", "$DB_PASSWORD", "your_token_here", "REDACTED"}) {
    EXPECT_NE(PlaceholderReason(p), nullptr) << p;
  }
  for (const char* real :
       {"Zq8vL2pX9mKw4RtY7bNc", "ghp_R8s7Tq2LkP0vW3nX5yZ1aB4cD6eF8gH0iJ2k",
        "s3cr3t-Pa55w0rd!", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ9k2LmP4t",
        // Contains sequential runs, but is not one.
        "12345678-ABCD-ABCD-ABCD-1234567890AB"}) {
    EXPECT_EQ(PlaceholderReason(real), nullptr) << real;
  }
}

TEST(Filters, GenericFilters) {
  struct Case {
    const char* secret;
    const char* path;
    bool dropped;
  } cases[] = {
      {"os.environ['DB_PASSWORD']", "a.py", true},
      {"process.env.API_TOKEN", "a.js", true},
      {"get_secret('prod/db')", "a.py", true},
      {"/etc/ssl/private/server.key", "a.conf", true},
      {"123e4567-e89b-12d3-a456-426614174000", "a.yaml", true},
      {"password", "a.py", true},
      {"myPasswordField", "a.java", true},
      {"short", "a.py", true},
      {"Zq8vL2pX9mKw4RtY", "package-lock.json", true},
      {"sha512-Zq8vL2pX9mKw4RtY7bNc==", "a.json", true},
      {"Zq8vL2pX9mKw4RtY", "settings.py", false},
      {"%(db_password)s", "settings.ini", true},
      {"%DB_PASSWORD%", "run.bat", true},
      {"@Value", "App.java", true},
      {"%Tr0ub4dor&3x", "app.env", false},   // a password starting with %
      {"@dm1n-Pa55word!", "app.env", false},  // a password starting with @
      {"eu-central-1", "config.yaml", true},
      {"us-gov-west-1", "config.yaml", true},
      {"loyalty.us-west-2.internal", "config.yaml", true},
      {"api.example.com:8443", "config.yaml", true},
      {"s3cr3t.Passw0rd", "app.env", false},  // capitals: not a host name
      {"s3cr3t-Pa55w0rd!", "app.env", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(GenericReason(c.secret, c.path) != nullptr, c.dropped)
        << c.secret << " in " << c.path;
  }
  EXPECT_TRUE(IsLockfilePath("web/package-lock.json"));
  EXPECT_TRUE(IsLockfilePath("go.sum"));
  EXPECT_FALSE(IsLockfilePath("src/lock.go"));
}

TEST(Findings, FingerprintAndRedaction) {
  std::string fp = Fingerprint("rule-a", "s3cr3t-value");
  EXPECT_EQ(fp.size(), 64u);
  EXPECT_EQ(fp, Fingerprint("rule-a", "s3cr3t-value"));
  EXPECT_NE(fp, Fingerprint("rule-b", "s3cr3t-value"));
  EXPECT_NE(fp, Fingerprint("rule-a", "s3cr3t-valuf"));
  // "rule-a" + "b" must not collide with "rule-ab" + "".
  EXPECT_NE(Fingerprint("rule-a", "b"), Fingerprint("rule-ab", ""));
  EXPECT_EQ(Redact("AKIAZ4M2Q7RTWXY5PL3N"), "AKIA\xE2\x80\xA6");
  EXPECT_EQ(Redact("abcdefgh"), "ab\xE2\x80\xA6");  // a quarter of a short one
  EXPECT_EQ(Redact("abc"), "\xE2\x80\xA6");
}

TEST(Suppression, SameLineAndNextLine) {
  EXPECT_TRUE(LineAllows("x = 'v'  # keylint:allow", "any-rule"));
  EXPECT_TRUE(LineAllows("x = 'v'  // keylint:allow=rule-a,rule-b", "rule-b"));
  EXPECT_FALSE(LineAllows("x = 'v'  // keylint:allow=rule-a", "rule-b"));
  EXPECT_FALSE(LineAllows("# keylint:allow-next-line", "rule-a"));
  EXPECT_FALSE(LineAllows("keylint:allowance", "rule-a"));
  EXPECT_FALSE(LineAllows("x = 'v'", "rule-a"));
  EXPECT_TRUE(PreviousLineAllows("# keylint:allow-next-line", "rule-a"));
  EXPECT_TRUE(PreviousLineAllows("# keylint:allow-next-line=rule-a", "rule-a"));
  EXPECT_FALSE(PreviousLineAllows("# keylint:allow-next-line=rule-a", "rule-c"));
  EXPECT_FALSE(PreviousLineAllows("# keylint:allow", "rule-a"));
}

}  // namespace
}  // namespace keylint
