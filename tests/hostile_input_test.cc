// Hostile inputs, end to end through the keylint binary: every test plants
// something a hostile or merely broken repository (or export) can hold next
// to an ordinary file with a secret in it, and checks that keylint
//   - ends within a deadline and a memory bound (RunBounded, wait4 RSS),
//   - says what went wrong in one clear line naming the file, when
//     something did (a skipped FIFO is not an error; a file it could not
//     read is),
//   - and still does the rest of the work: the ordinary file's secret is
//     reported.
// The bounds catch blow-ups (a 2 GiB read, exponential alias expansion, a
// hang on a FIFO), not speed; speed lives in bench/.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/hardening_util.h"

namespace keylint {
namespace {

namespace fs = std::filesystem;
using hardening::BoundedResult;
using hardening::Describe;
using hardening::kAwsKeyId;
using hardening::kGithubToken;
using hardening::kSanitizerFactor;
using hardening::MakeTempDir;
using hardening::RunBounded;
using hardening::RunLimits;
using hardening::WriteFile;

// Generous on purpose: a plain build finishes each of these in well under
// a second; only a hang or a quadratic blow-up reaches the bound.
constexpr double kDeadline = 30.0 * kSanitizerFactor;
// Peak RSS bound for one run. A plain build stays under ~60 MiB on these
// trees; reading a 2 GiB file or expanding an alias bomb would not.
constexpr long kMaxRssMib = 400 * kSanitizerFactor;

// A tree with one ordinary file holding a GitHub token, so every test can
// check that the rest of the work was done.
class Tree {
 public:
  Tree() : root_(MakeTempDir("hostile")) {
    // mkdtemp makes the directory 0700; the unreadable-entry tests run
    // keylint as another user, who must be able to read the rest.
    chmod(root_.c_str(), 0755);
    WriteFile(Path("app/config.py"),
              "GITHUB_TOKEN = \"" + std::string(kGithubToken) + "\"\n");
  }
  ~Tree() {
    std::error_code ec;
    // Undo permission changes so the tree can be removed.
    for (auto it = fs::recursive_directory_iterator(
             root_, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_symlink(ec)) chmod(it->path().c_str(), 0755);
    }
    fs::remove_all(root_, ec);
  }
  std::string Path(const std::string& rel) const { return root_ + "/" + rel; }
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

nlohmann::json ParseJsonReport(const BoundedResult& r) {
  auto j = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "report is not JSON; " << Describe(r);
  return j;
}

bool HasFinding(const nlohmann::json& report, const std::string& path,
                const std::string& rule_prefix = "github") {
  if (!report.is_object() || !report.contains("findings")) return false;
  for (const auto& f : report["findings"]) {
    if (f["path"] == path &&
        f["rule_id"].get<std::string>().rfind(rule_prefix, 0) == 0)
      return true;
  }
  return false;
}

// Each stderr line is one "keylint: ..." message.
void ExpectOneLineMessages(const BoundedResult& r) {
  size_t pos = 0;
  while (pos < r.err.size()) {
    size_t nl = r.err.find('\n', pos);
    if (nl == std::string::npos) nl = r.err.size();
    std::string line = r.err.substr(pos, nl - pos);
    EXPECT_EQ(line.rfind("keylint: ", 0), 0u)
        << "stderr line that is not a keylint message: " << line;
    pos = nl + 1;
  }
}

void ExpectBounded(const BoundedResult& r) {
  EXPECT_FALSE(r.timed_out) << Describe(r);
  EXPECT_EQ(r.signal, 0) << Describe(r);
  EXPECT_LT(r.max_rss_mib, kMaxRssMib) << Describe(r);
}

// Root reads through permission bits: tests of unreadable entries run
// keylint as `nobody` (uid 65534) when they run as root, so that chmod 000
// binds. The tree and the binary are world-readable.
RunLimits AsNobodyWhenRoot() {
  RunLimits limits;
  limits.deadline_seconds = kDeadline;
  if (geteuid() == 0) {
    limits.drop_privileges = true;
    limits.run_as = 65534;
  }
  return limits;
}

BoundedResult ScanJson(const Tree& t, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"scan", t.root(), "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  RunLimits limits;
  limits.deadline_seconds = kDeadline;
  return RunBounded(args, limits);
}

TEST(HostileInput, BinaryAndInvalidUtf8) {
  Tree t;
  std::string binary = "\x7f" "ELF\x02\x01\x01";
  binary += std::string(64, '\0') + std::string(kGithubToken);
  WriteFile(t.Path("bin/tool"), binary);
  // Invalid UTF-8 around a secret: stray continuation bytes, an overlong
  // encoding, a UTF-16 surrogate, a truncated sequence, Latin-1.
  std::string garbage = "\x80\xbf \xc0\xaf \xed\xa0\x80 \xe2\x82 caf\xe9 ";
  WriteFile(t.Path("app/latin1.py"),
            garbage + "\nAWS_KEY = \"" + std::string(kAwsKeyId) + "\"  # " +
                garbage + "\n");
  // And in a file name.
  WriteFile(t.Path("app/na\xefme\xff.py"),
            "token = \"" + std::string(kGithubToken) + "\"\n");

  for (std::string format : {"json", "sarif"}) {
    RunLimits limits;
    limits.deadline_seconds = kDeadline;
    auto r = RunBounded({"scan", t.root(), "--format", format}, limits);
    ExpectBounded(r);
    EXPECT_EQ(r.exit_code, 1) << format << ": " << Describe(r);
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    // JSON and SARIF must stay valid UTF-8 JSON whatever the input bytes.
    EXPECT_FALSE(j.is_discarded()) << format << " output is not valid JSON";
  }
  auto r = ScanJson(t);
  auto j = ParseJsonReport(r);
  EXPECT_TRUE(HasFinding(j, "app/config.py"));
  EXPECT_TRUE(HasFinding(j, "app/latin1.py", "aws")) << r.out.substr(0, 2000);
  EXPECT_FALSE(HasFinding(j, "bin/tool")) << "binary file was scanned";
  bool odd_name_found = false;
  for (const auto& f : j["findings"]) {
    std::string p = f["path"];
    if (p.rfind("app/na", 0) == 0 && p != "app/config.py" &&
        p != "app/latin1.py")
      odd_name_found = true;
  }
  EXPECT_TRUE(odd_name_found) << "file with an invalid UTF-8 name not scanned";
  ExpectOneLineMessages(r);
}

TEST(HostileInput, TwoGibSparseFileIsSkippedOrProbedNotRead) {
  Tree t;
  std::string big = t.Path("data/huge.log");
  WriteFile(big, "");
  // A sparse file: 2 GiB long, no blocks written.
  ASSERT_EQ(truncate(big.c_str(), 2LL << 30), 0);
  // With the default 10 MiB cap it is skipped on its size alone.
  auto r = ScanJson(t, {"--stats"});
  ExpectBounded(r);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  auto j = ParseJsonReport(r);
  EXPECT_TRUE(HasFinding(j, "app/config.py"));
  EXPECT_GE(j["stats"]["files_skipped"].get<int>(), 1) << r.out.substr(0, 500);
  EXPECT_LT(j["stats"]["bytes_scanned"].get<uint64_t>(), 1u << 20);

  // With the cap raised above its size, its first bytes show NULs: it is
  // binary, and only those first bytes may be read or allocated.
  r = ScanJson(t, {"--max-file-size", "4GiB"});
  ExpectBounded(r);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_TRUE(HasFinding(ParseJsonReport(r), "app/config.py"));

  // A 2 GiB text file (one block of text, then a hole that reads as NULs
  // only past the probe) under a raised cap would be read; the default cap
  // is what bounds it. Check the hole-after-text case stays bounded too.
  {
    std::ofstream f(big, std::ios::binary | std::ios::trunc);
    f << std::string(16384, 'a') << "\n";
  }
  ASSERT_EQ(truncate(big.c_str(), 2LL << 30), 0);
  r = ScanJson(t);
  ExpectBounded(r);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
}

TEST(HostileInput, HundredThousandLinesAndOneHundredThousandByteLine) {
  Tree t;
  std::string many;
  for (int i = 0; i < 100000; ++i) many += "x = " + std::to_string(i) + "\n";
  many += "AWS_KEY = \"" + std::string(kAwsKeyId) + "\"\n";
  WriteFile(t.Path("app/many_lines.py"), many);
  std::string one(100000, 'a');
  one.replace(50000, 1, " token=\"" + std::string(kGithubToken) + "\" ");
  WriteFile(t.Path("app/one_line.js"), one);

  for (std::string format : {"json", "text", "sarif", "junit", "markdown"}) {
    RunLimits limits;
    limits.deadline_seconds = kDeadline;
    auto r = RunBounded({"scan", t.root(), "--format", format}, limits);
    ExpectBounded(r);
    EXPECT_EQ(r.exit_code, 1) << format << ": " << Describe(r);
    // The long line is shown as a window around the finding, not whole.
    EXPECT_EQ(r.out.find(std::string(2000, 'a')), std::string::npos) << format;
  }
  auto j = ParseJsonReport(ScanJson(t));
  EXPECT_TRUE(HasFinding(j, "app/many_lines.py", "aws"));
  EXPECT_TRUE(HasFinding(j, "app/one_line.js"));
  for (const auto& f : j["findings"]) {
    if (f["path"] == "app/many_lines.py") {
      EXPECT_EQ(f["line"], 100001);
    }
  }
}

std::string NestedJson(int depth) {
  return std::string(static_cast<size_t>(depth), '[') +
         std::string(static_cast<size_t>(depth), ']');
}

std::string NestedYamlFlow(int depth) {
  return "key: " + std::string(static_cast<size_t>(depth), '[') +
         std::string(static_cast<size_t>(depth), ']') + "\n";
}

std::string NestedYamlBlock(int depth) {
  std::string out;
  for (int i = 0; i < depth; ++i)
    out += std::string(static_cast<size_t>(i), ' ') + "k:\n";
  return out;
}

TEST(HostileInput, DeeplyNestedJsonAndYamlInAScan) {
  Tree t;
  WriteFile(t.Path("deploy/deep.json"), NestedJson(100000));
  WriteFile(t.Path("deploy/deep-object.json"),
            [] {
              std::string s;
              for (int i = 0; i < 100000; ++i) s += "{\"Environment\":";
              s += "1";
              for (int i = 0; i < 100000; ++i) s += "}";
              return s;
            }());
  WriteFile(t.Path("deploy/deep-flow.yaml"), NestedYamlFlow(100000));
  WriteFile(t.Path("deploy/deep-block.yml"), NestedYamlBlock(3000));
  auto r = ScanJson(t);
  ExpectBounded(r);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_TRUE(HasFinding(ParseJsonReport(r), "app/config.py"));
  ExpectOneLineMessages(r);
}

BoundedResult Audit(const std::vector<std::string>& paths) {
  std::vector<std::string> args = {"audit"};
  args.insert(args.end(), paths.begin(), paths.end());
  args.insert(args.end(), {"--format", "json"});
  RunLimits limits;
  limits.deadline_seconds = kDeadline;
  return RunBounded(args, limits);
}

// An export with one finding-worthy secret (no rotation), so the audit has
// work to show.
constexpr const char* kListSecrets = R"({"SecretList": [{
  "ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/payments/db-AbCdEf",
  "Name": "prod/payments/db", "RotationEnabled": false}]})";

bool AuditFound(const BoundedResult& r) {
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  if (j.is_discarded() || !j.contains("findings")) return false;
  for (const auto& f : j["findings"])
    if (f["path"].get<std::string>().find("list-secrets.json") !=
        std::string::npos)
      return true;
  return false;
}

TEST(HostileInput, DeeplyNestedJsonAndYamlInAnAudit) {
  Tree t;
  WriteFile(t.Path("exports/list-secrets.json"), kListSecrets);
  WriteFile(t.Path("exports/deep.json"), NestedJson(100000));
  WriteFile(t.Path("exports/deep-object.json"),
            "{\"SecretList\": [" + NestedJson(100000) + "]}");
  WriteFile(t.Path("exports/deep.yaml"), NestedYamlFlow(100000));
  auto r = Audit({t.Path("exports")});
  ExpectBounded(r);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_TRUE(AuditFound(r)) << r.out.substr(0, 1000);
  ExpectOneLineMessages(r);
  // The too-deep documents are named in one-line errors.
  EXPECT_NE(r.err.find("deep.json"), std::string::npos) << Describe(r);
  EXPECT_NE(r.err.find("deep.yaml"), std::string::npos) << Describe(r);
}

// "Billion laughs": nine levels of nine aliases each, 9^9 nodes if expanded.
std::string AliasBomb(const std::string& top_key) {
  std::string s = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'i'; ++c) {
    s += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) s += std::string(i ? "," : "") + "*" + prev;
    s += "]\n";
    prev = c;
  }
  s += top_key + ": *i\n";
  // Words the scan detectors' cheap pre-checks look for, so that the file
  // is parsed and walked: environment / env: / Environment.
  s += "# environment env: Environment\n";
  return s;
}

TEST(HostileInput, YamlAliasBombs) {
  Tree t;
  // In a scan: compose files and Kubernetes manifests are parsed as YAML.
  WriteFile(t.Path("deploy/docker-compose.yml"), AliasBomb("services"));
  WriteFile(t.Path("k8s/deploy.yaml"),
            "apiVersion: v1\nkind: Pod\n" + AliasBomb("spec"));
  auto r = ScanJson(t);
  ExpectBounded(r);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_TRUE(HasFinding(ParseJsonReport(r), "app/config.py"));

  // In an audit: a template whose Resources is the bomb.
  WriteFile(t.Path("audit/list-secrets.json"), kListSecrets);
  WriteFile(t.Path("audit/template.yaml"),
            "AWSTemplateFormatVersion: '2010-09-09'\n" + AliasBomb("Resources"));
  r = Audit({t.Path("audit")});
  ExpectBounded(r);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_TRUE(AuditFound(r)) << r.out.substr(0, 1000);
  ExpectOneLineMessages(r);
}

TEST(HostileInput, SymlinkLoops) {
  Tree t;
  fs::create_directories(t.Path("loops"));
  fs::create_symlink("b", t.Path("loops/a"));
  fs::create_symlink("a", t.Path("loops/b"));
  fs::create_symlink(".", t.Path("loops/self"));
  fs::create_symlink("..", t.Path("loops/parent"));
  fs::create_symlink(t.root(), t.Path("loops/root"));
  auto r = ScanJson(t);
  ExpectBounded(r);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  auto j = ParseJsonReport(r);
  EXPECT_TRUE(HasFinding(j, "app/config.py"));
  // Found once: the links that lead back into the tree are not followed.
  int count = 0;
  for (const auto& f : j["findings"])
    if (f["path"].get<std::string>().find("config.py") != std::string::npos)
      ++count;
  EXPECT_EQ(count, 1);

  // A root that is itself a symlink loop: one line, and exit 3 (the scan
  // could not complete).
  r = RunBounded({"scan", t.Path("loops/a")});
  ExpectBounded(r);
  EXPECT_EQ(r.exit_code, 3) << Describe(r);
  EXPECT_NE(r.err.find("loops/a"), std::string::npos) << Describe(r);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << Describe(r);

  // And for audit.
  WriteFile(t.Path("audit/list-secrets.json"), kListSecrets);
  fs::create_symlink("x.json", t.Path("audit/y.json"));
  fs::create_symlink("y.json", t.Path("audit/x.json"));
  fs::create_symlink("..", t.Path("audit/up"));
  r = Audit({t.Path("audit")});
  ExpectBounded(r);
  EXPECT_TRUE(AuditFound(r)) << Describe(r);
  ExpectOneLineMessages(r);
}

TEST(HostileInput, UnreadableFilesAndDirectories) {
  Tree t;
  WriteFile(t.Path("locked.py"), "x = 1\n");
  WriteFile(t.Path("locked_dir/inner.py"), "x = 1\n");
  ASSERT_EQ(chmod(t.Path("locked.py").c_str(), 0), 0);
  ASSERT_EQ(chmod(t.Path("locked_dir").c_str(), 0), 0);
  RunLimits limits = AsNobodyWhenRoot();
  auto r = RunBounded({"scan", t.root(), "--format", "json"}, limits);
  ASSERT_NE(r.exit_code, 125) << "could not drop privileges to uid 65534";
  ASSERT_NE(r.exit_code, 127) << "the binary is not executable by uid 65534 "
                                 "(is the build directory world-readable?)";
  ExpectBounded(r);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_TRUE(HasFinding(ParseJsonReport(r), "app/config.py"));
  EXPECT_NE(r.err.find("keylint: locked.py: permission denied"),
            std::string::npos)
      << Describe(r);
  EXPECT_NE(r.err.find("keylint: locked_dir: permission denied"),
            std::string::npos)
      << Describe(r);
  ExpectOneLineMessages(r);

  // Audit: an unreadable export is one error, the rest is audited.
  WriteFile(t.Path("audit/list-secrets.json"), kListSecrets);
  WriteFile(t.Path("audit/locked.json"), "{}");
  ASSERT_EQ(chmod(t.Path("audit/locked.json").c_str(), 0), 0);
  r = RunBounded({"audit", t.Path("audit"), "--format", "json"}, limits);
  ExpectBounded(r);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_TRUE(AuditFound(r)) << Describe(r);
  EXPECT_NE(r.err.find("locked.json"), std::string::npos) << Describe(r);
  ExpectOneLineMessages(r);
}

TEST(HostileInput, FifosAndDeviceFilesInTheTree) {
  Tree t;
  ASSERT_EQ(mkfifo(t.Path("pipe.py").c_str(), 0644), 0);
  ASSERT_EQ(mkfifo(t.Path("audit-pipe.json").c_str(), 0644), 0);
  bool devices = false;
  if (geteuid() == 0) {
    // /dev/zero's numbers: opening and reading it would never end.
    devices = mknod(t.Path("zero.py").c_str(), S_IFCHR | 0644,
                    makedev(1, 5)) == 0 &&
              mknod(t.Path("audit-zero.json").c_str(), S_IFCHR | 0644,
                    makedev(1, 5)) == 0;
  }
  auto r = ScanJson(t, {"--stats"});
  ExpectBounded(r);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  auto j = ParseJsonReport(r);
  EXPECT_TRUE(HasFinding(j, "app/config.py"));
  EXPECT_GE(j["stats"]["files_skipped"].get<int>(), devices ? 4 : 2);
  EXPECT_EQ(r.err.find("pipe.py"), std::string::npos)
      << "a FIFO is skipped, not an error: " << Describe(r);

  // Audit walks the same directory: it must not open the FIFO (which
  // would block for ever) or read the device.
  WriteFile(t.Path("list-secrets.json"), kListSecrets);
  r = Audit({t.root()});
  ExpectBounded(r);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_TRUE(AuditFound(r)) << Describe(r);
  ExpectOneLineMessages(r);
  // Named on the command line, a FIFO is an error, not a hang.
  r = Audit({t.Path("audit-pipe.json"), t.Path("list-secrets.json")});
  ExpectBounded(r);
  EXPECT_TRUE(AuditFound(r)) << Describe(r);
  EXPECT_NE(r.err.find("audit-pipe.json"), std::string::npos) << Describe(r);
  if (!devices) {
    GTEST_SKIP() << "not root: device nodes (mknod) not tested; FIFOs were";
  }
}

TEST(HostileInput, FilesChangingAndDisappearingDuringTheScan) {
  Tree t;
  for (int i = 0; i < 300; ++i)
    WriteFile(t.Path("churn/f" + std::to_string(i) + ".py"),
              std::string(4000, 'x') + "\n");
  std::atomic<bool> stop{false};
  // Deletes, recreates, truncates and grows files while keylint reads them.
  std::thread churn([&] {
    unsigned n = 0;
    while (!stop.load()) {
      std::string p = t.Path("churn/f" + std::to_string(n % 300) + ".py");
      switch (n % 4) {
        case 0: fs::remove(p); break;
        case 1: WriteFile(p, std::string(8000, 'y')); break;
        case 2: truncate(p.c_str(), 10); break;
        case 3: fs::remove_all(t.Path("churn/sub")); 
                WriteFile(t.Path("churn/sub/g.py"), "z"); break;
      }
      ++n;
    }
  });
  for (int run = 0; run < 5; ++run) {
    auto r = ScanJson(t, {"-j", "2"});
    ExpectBounded(r);
    EXPECT_EQ(r.exit_code, 1) << Describe(r);
    EXPECT_TRUE(HasFinding(ParseJsonReport(r), "app/config.py"));
    ExpectOneLineMessages(r);
  }
  stop = true;
  churn.join();
}

// Every byte of a hostile name that a terminal, a line-oriented reader or
// an XML parser would take as structure.
const std::string kEvilName = std::string("evil\nname\r\x1b[31mred\x07\x01\t.py");

TEST(HostileInput, ControlCharactersInPathsAreEscapedInEveryFormat) {
  Tree t;
  WriteFile(t.Path("app/" + kEvilName),
            "token = \"" + std::string(kGithubToken) + "\"\n");
  int formats = 0;
  for (std::string format :
       {"text", "json", "sarif", "junit", "markdown", "html", "csv"}) {
    RunLimits limits;
    limits.deadline_seconds = kDeadline;
    auto r = RunBounded({"scan", t.root(), "--format", format}, limits);
    if (r.exit_code == 2 && r.err.find("format") != std::string::npos)
      continue;  // a format this build does not have (yet)
    ++formats;
    ExpectBounded(r);
    EXPECT_EQ(r.exit_code, 1) << format << ": " << Describe(r);
    for (const std::string* s : {&r.out, &r.err}) {
      EXPECT_EQ(s->find('\x1b'), std::string::npos)
          << format << ": raw ESC from a file name reached the output";
      EXPECT_EQ(s->find('\x07'), std::string::npos) << format << ": raw BEL";
      EXPECT_EQ(s->find('\x01'), std::string::npos) << format << ": raw ^A";
      EXPECT_EQ(s->find('\r'), std::string::npos) << format << ": raw CR";
      // The newline in the name must not start a line of its own.
      EXPECT_EQ(s->find("\nname"), std::string::npos)
          << format << ": raw newline from a file name";
    }
    if (format == "json") {
      auto j = nlohmann::json::parse(r.out);
      EXPECT_TRUE(HasFinding(j, "app/" + kEvilName))
          << "JSON carries the exact name, escaped by JSON itself";
    }
  }
  EXPECT_GE(formats, 5);

  // Errors about such a file are escaped on stderr too.
  std::string unreadable = t.Path("app/" + kEvilName);
  fs::remove(unreadable);
  fs::create_directories(unreadable);  // a directory keylint cannot list
  chmod(unreadable.c_str(), 0);
  RunLimits limits = AsNobodyWhenRoot();
  auto r = RunBounded({"scan", t.root(), "--format", "json"}, limits);
  ExpectBounded(r);
  EXPECT_NE(r.err.find("permission denied"), std::string::npos)
      << Describe(r);
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << "raw ESC on stderr";
  EXPECT_EQ(r.err.find("\nname"), std::string::npos) << "raw newline on stderr";
}

TEST(HostileInput, RulesetRegexesTheEnginesReject) {
  Tree t;
  // RE2 rejects: unbalanced, a look-ahead, a repetition over 1000.
  struct Case {
    std::string regex;
    std::string why;
  };
  for (const Case& c : std::vector<Case>{
           {"'(abc'", "missing )"},
           {"'foo(?=bar)'", "look-ahead"},
           {"'a{1001}'", "repetition"},
       }) {
    WriteFile(t.Path("rules.yaml"),
              "rules:\n  - id: hostile\n    description: d\n    regex: " +
                  c.regex + "\n");
    auto r = RunBounded({"scan", t.root(), "--rules", t.Path("rules.yaml")});
    ExpectBounded(r);
    EXPECT_EQ(r.exit_code, 2) << c.why << ": " << Describe(r);
    EXPECT_NE(r.err.find("rules.yaml:"), std::string::npos)
        << c.why << ": the message names the file and line; " << Describe(r);
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1)
        << c.why << ": " << Describe(r);
  }
  // Valid RE2 that Hyperscan cannot compile exactly (a back-reference-free
  // but huge bounded repeat; \C any-byte): the engine falls back to
  // prefilter or RE2-only matching and still finds the secret.
  const std::string wide =
      "zq_" + std::string(999, 'a').replace(0, 20, "0123456789abcdef0123");
  const std::string anybyte = "zz_abcdQ4NRW7XKZ2LMPB6DQ4NR";
  WriteFile(t.Path("rules.yaml"),
            "rules:\n"
            "  - id: hostile-wide\n    description: d\n    severity: high\n"
            "    regex: '\\bzq_(?P<secret>[a-f0-9]{999})\\b'\n"
            "    examples: ['" + wide + "']\n"
            "    negative_examples: ['zq_0']\n"
            "  - id: hostile-anybyte\n    description: d\n    severity: high\n"
            "    regex: 'zz_\\C{4}(?P<secret>[A-Z0-9]{20})'\n"
            "    examples: ['" + anybyte + "']\n"
            "    negative_examples: ['zz_']\n");
  WriteFile(t.Path("app/wide.txt"), wide + "\n" + anybyte + "\n");
  auto r = RunBounded({"scan", t.root(), "--rules", t.Path("rules.yaml"),
                       "--format", "json"},
                      RunLimits{.deadline_seconds = kDeadline, .env = {}});
  ExpectBounded(r);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  auto j = ParseJsonReport(r);
  EXPECT_TRUE(HasFinding(j, "app/wide.txt", "hostile-wide")) << r.out.substr(0, 800);
  EXPECT_TRUE(HasFinding(j, "app/wide.txt", "hostile-anybyte"));
  EXPECT_TRUE(HasFinding(j, "app/config.py"));

  // A bad `allow` pattern in the project config: one line, usage error.
  WriteFile(t.Path(".keylint.yaml"), "allow: ['(unclosed']\n");
  r = RunBounded({"scan", t.root()});
  ExpectBounded(r);
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << Describe(r);
}

}  // namespace
}  // namespace keylint
