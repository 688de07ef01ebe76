// The no-leak guarantee (docs/security.md): keylint never prints, logs,
// caches or reports a secret value. These tests plant freshly generated
// secrets (so that they can be nowhere else) in source trees, a git
// repository, CloudFormation templates, Terraform plans and AWS CLI exports,
// run every command that reads them in every output format, and then look
// for any 12-byte piece of any planted secret in
//   - stdout and stderr of every run (with --stats, --color always, and
//     --debug where the command has it),
//   - every file keylint wrote: --output reports, baselines, the cache
//     directory (KEYLINT_CACHE_DIR), and anything else that appeared under
//     HOME, the scanned tree or the git directory.
// Each planted secret is also checked to have been found (a finding with
// its rule), so that "nothing leaked" cannot come from "nothing was read".
//
// The live audit (`audit --aws`) gets the same treatment against moto's
// server: fresh secrets in Lambda environments, secret strings and
// parameter values of a moto account, fresh AWS credentials in the
// environment, every format, --debug, --output and --report files.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/hardening_util.h"
#include "tests/moto_server.h"

namespace keylint {
namespace {

namespace fs = std::filesystem;
using hardening::BoundedResult;
using hardening::Describe;
using hardening::LeakedPiece;
using hardening::MakeTempDir;
using hardening::RunBounded;
using hardening::RunLimits;
using hardening::WriteFile;
using testing_util::ReadFile;

// Random secrets of the shapes the built-in rules know, fresh per run.
class Secrets {
 public:
  Secrets() : rng_(std::random_device{}()) {
    const std::string upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const std::string alnum =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const std::string b64 = alnum + "+/";
    Add("github", "ghp_" + Random(alnum, 36));
    Add("aws_id", "AKIA" + Random(upper + "234567", 16));
    Add("aws_secret", Random(b64, 40));
    Add("stripe", "sk_live_" + Random(alnum, 32));
    Add("slack", "xoxb-" + Random("0123456789", 12) + "-" +
                     Random("0123456789", 12) + "-" + Random(alnum, 24));
    Add("password", Random(alnum, 10) + "#" + Random(alnum, 9) + "!");
    std::string key = "-----BEGIN RSA PRIVATE KEY-----\n";
    for (int i = 0; i < 12; ++i) key += Random(b64, 64) + "\n";
    key += "-----END RSA PRIVATE KEY-----";
    Add("private_key", key);
  }

  const std::string& operator[](const std::string& name) const {
    return by_name_.at(name);
  }
  const std::map<std::string, std::string>& all() const { return by_name_; }

  // A further secret to look for (credentials, values planted elsewhere).
  void Add(const std::string& name, std::string value) {
    by_name_[name] = std::move(value);
  }
  // `n` random characters of `alphabet`.
  std::string Random(const std::string& alphabet, int n) {
    std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
    std::string out;
    for (int i = 0; i < n; ++i) out += alphabet[pick(rng_)];
    return out;
  }

  // The first planted secret with a 12-byte piece in `text`: "" when none.
  std::string Leak(std::string_view text) const {
    for (const auto& [name, value] : by_name_) {
      // A PEM key's armour lines are public; its body is the secret.
      std::string_view v = value;
      if (name == "private_key") {
        v.remove_prefix(v.find('\n') + 1);
        v.remove_suffix(v.size() - v.rfind('\n'));
      }
      std::string piece = LeakedPiece(text, v);
      if (!piece.empty()) return name + " (\"" + piece + "\")";
    }
    return {};
  }

 private:
  std::mt19937_64 rng_;
  std::map<std::string, std::string> by_name_;
};

// Every file below `dir`, as (path, content).
std::vector<std::pair<std::string, std::string>> FilesUnder(
    const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && !it->is_symlink(ec))
      out.emplace_back(it->path().string(), ReadFile(it->path().string()));
  }
  return out;
}

class NoLeak : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = MakeTempDir("noleak");
    home_ = work_ + "/home";
    cache_ = work_ + "/cache";
    out_dir_ = work_ + "/out";
    fs::create_directories(home_);
    fs::create_directories(cache_);
    fs::create_directories(out_dir_);
  }
  void TearDown() override { fs::remove_all(work_); }

  // Runs keylint with HOME and the cache inside the work directory, so
  // that every file it writes can be inspected afterwards.
  // `env` adds NAME=VALUE entries.
  BoundedResult Run(std::vector<std::string> args,
                    const std::vector<std::string>& env = {}) {
    RunLimits limits;
    limits.deadline_seconds = 120;
    limits.env = {"HOME=" + home_, "KEYLINT_CACHE_DIR=" + cache_,
                  "XDG_CACHE_HOME=" + home_ + "/.cache"};
    limits.env.insert(limits.env.end(), env.begin(), env.end());
    auto r = RunBounded(args, limits);
    std::string what;
    for (const auto& a : args) what += a + " ";
    EXPECT_FALSE(r.timed_out) << what;
    EXPECT_NE(r.exit_code, -1) << what << Describe(r);
    std::string leak = secrets_.Leak(r.out);
    EXPECT_EQ(leak, "") << "secret in stdout of: " << what;
    leak = secrets_.Leak(r.err);
    EXPECT_EQ(leak, "") << "secret in stderr of: " << what;
    ++runs_;
    return r;
  }

  // Every file keylint may have written: reports, baselines, the cache,
  // anything under HOME; and the given trees (where it must not have
  // written anything holding a secret, planted files excepted).
  void CheckWrittenFiles(const std::vector<std::string>& trees,
                         const std::set<std::string>& planted) {
    int checked = 0;
    for (const std::string& dir : {out_dir_, cache_, home_}) {
      for (const auto& [path, content] : FilesUnder(dir)) {
        EXPECT_EQ(secrets_.Leak(content), "") << "secret in " << path;
        ++checked;
      }
    }
    for (const std::string& tree : trees) {
      for (const auto& [path, content] : FilesUnder(tree)) {
        if (planted.count(path)) continue;
        if (path.find("/.git/objects/") != std::string::npos) continue;
        if (path.find("/.git/index") != std::string::npos) continue;
        EXPECT_EQ(secrets_.Leak(content), "") << "secret in " << path;
        ++checked;
      }
    }
    EXPECT_GT(checked, 0);
  }

  // Formats `command` accepts, among those keylint may have.
  std::vector<std::string> Formats(const std::string& command,
                                   const std::string& target) {
    std::vector<std::string> out;
    for (std::string f :
         {"text", "json", "sarif", "junit", "markdown", "html", "csv"}) {
      RunLimits limits;
      limits.env = {"KEYLINT_CACHE_DIR=" + cache_};
      auto r = RunBounded({command, target, "--format", f}, limits);
      if (r.exit_code == 2 && r.err.find("format") != std::string::npos)
        continue;
      out.push_back(f);
    }
    return out;
  }

  Secrets secrets_;
  std::string work_, home_, cache_, out_dir_;
  int runs_ = 0;
};

// Writes `files` (relative path -> content) below `root`; returns the
// absolute paths written.
std::set<std::string> WriteAll(const std::string& root,
                               const std::map<std::string, std::string>& files) {
  std::set<std::string> planted;
  for (const auto& [rel, content] : files) {
    WriteFile(root + "/" + rel, content);
    planted.insert(root + "/" + rel);
  }
  return planted;
}

// A tree that places each secret where a different part of keylint finds
// it: the engine, the env detector (.env, Dockerfile, compose, Kubernetes),
// config parsers (YAML, JSON, Terraform), code lexers.
std::set<std::string> PlantTree(const std::string& root, const Secrets& s) {
  std::map<std::string, std::string> files = {
      {"app/settings.py",
       "GITHUB_TOKEN = \"" + s["github"] + "\"\n"
       "AWS_ACCESS_KEY_ID = \"" + s["aws_id"] + "\"\n"
       "AWS_SECRET_ACCESS_KEY = \"" + s["aws_secret"] + "\"\n"
       // The same secret twice on one line: both copies must be masked.
       "DB_PASSWORD = \"" + s["password"] + "\"  # old: " + s["password"] + "\n"},
      // The environment detector's finding masks every copy too (its
      // context showed the second one: found by fuzz_scan).
      {"app/env.py",
       "import os\nos.environ[\"DB_PASSWORD\"] = \"" + s["password"] +
           "\"  # was: " + s["password"] + "\n"},
      {"web/client.js",
       "const stripe = require('stripe')('" + s["stripe"] + "');\n"
       "console.log(`token ${'" + s["github"] + "'}`);\n"},
      {".env", "SLACK_BOT_TOKEN=" + s["slack"] + "\nSTRIPE_KEY=" + s["stripe"] + "\n"},
      {"Dockerfile", "FROM debian\nENV GITHUB_TOKEN=" + s["github"] + "\n"},
      {"deploy/docker-compose.yml",
       "services:\n  api:\n    environment:\n      DB_PASSWORD: \"" +
           s["password"] + "\"\n      STRIPE_KEY: " + s["stripe"] + "\n"},
      {"deploy/main.tf",
       "resource \"aws_lambda_function\" \"f\" {\n  environment {\n"
       "    variables = {\n      SLACK_TOKEN = \"" + s["slack"] + "\"\n    }\n  }\n}\n"},
      {"keys/deploy.pem", s["private_key"] + "\n"},
      {"config/app.json",
       "{\"aws_secret_access_key\": \"" + s["aws_secret"] + "\", \"key_id\": \"" +
           s["aws_id"] + "\"}\n"},
  };
  return WriteAll(root, files);
}

TEST_F(NoLeak, ScanInEveryFormatAndEveryWrittenFile) {
  std::string tree = work_ + "/tree";
  auto planted = PlantTree(tree, secrets_);
  auto formats = Formats("scan", tree);
  ASSERT_GE(formats.size(), 5u);
  for (const std::string& f : formats) {
    for (std::vector<std::string> extra :
         {std::vector<std::string>{}, {"--stats", "--color", "always"}}) {
      std::vector<std::string> args = {"scan", tree, "--format", f};
      args.insert(args.end(), extra.begin(), extra.end());
      auto r = Run(args);
      EXPECT_EQ(r.exit_code, 1) << f << Describe(r);
      args.insert(args.end(), {"--output", out_dir_ + "/scan." + f});
      Run(args);
    }
  }
  // Everything was found (the rest of this test would prove little if the
  // secrets had not been read): one finding per planted secret kind.
  auto r = Run({"scan", tree, "--format", "json"});
  auto j = nlohmann::json::parse(r.out);
  std::set<std::string> rules;
  for (const auto& f : j["findings"]) rules.insert(f["rule_id"].get<std::string>());
  std::string all;
  for (const auto& id : rules) all += id + " ";
  for (std::string expect : {"github", "aws", "stripe", "slack", "private-key"}) {
    EXPECT_NE(all.find(expect), std::string::npos)
        << "no " << expect << " finding; rules found: " << all;
  }
  // Baselines hold fingerprints and previews only.
  Run({"baseline", "create", tree, "--output", out_dir_ + "/baseline.json"});
  ASSERT_TRUE(fs::exists(out_dir_ + "/baseline.json"));
  Run({"scan", tree, "--baseline", out_dir_ + "/baseline.json",
       "--report-stale"});
  // Extra rules (compiled into the cache) and the built-ins' cache.
  Run({"rules", "list", "--format", "json"});
  Run({"scan", tree, "--no-cache"});
  CheckWrittenFiles({tree}, planted);
}

TEST_F(NoLeak, GitSourcesAndTheHook) {
  std::string repo = work_ + "/repo";
  auto planted = PlantTree(repo, secrets_);
  auto git = [&](const std::string& args) {
    std::string cmd = "cd " + testing_util::ShellQuote(repo) +
                      " && HOME=" + testing_util::ShellQuote(home_) +
                      " git -c user.name=t -c user.email=t@example.com "
                      "-c init.defaultBranch=main -c commit.gpgsign=false " +
                      args + " >/dev/null 2>&1";
    return std::system(cmd.c_str());
  };
  ASSERT_EQ(git("init -q ."), 0);
  ASSERT_EQ(git("add -A"), 0);
  // --staged and --history read the repository of the current directory:
  // run through a shell `cd`.
  auto in_repo = [&](std::vector<std::string> args) {
    std::string cmd = "cd " + testing_util::ShellQuote(repo) + " && HOME=" +
                      testing_util::ShellQuote(home_) + " KEYLINT_CACHE_DIR=" +
                      testing_util::ShellQuote(cache_) + " " +
                      testing_util::ShellQuote(KEYLINT_BINARY);
    for (const auto& a : args) cmd += " " + testing_util::ShellQuote(a);
    std::string out = out_dir_ + "/git-run.out", err = out_dir_ + "/git-run.err";
    cmd += " >" + testing_util::ShellQuote(out) + " 2>" +
           testing_util::ShellQuote(err) + " </dev/null";
    int status = std::system(cmd.c_str());
    std::string o = ReadFile(out), e = ReadFile(err);
    fs::remove(out);
    fs::remove(err);
    EXPECT_EQ(secrets_.Leak(o), "") << "stdout of git " << args[1];
    EXPECT_EQ(secrets_.Leak(e), "") << "stderr of git " << args[1];
    ++runs_;
    return std::make_pair(WEXITSTATUS(status), o);
  };
  for (std::string f : {"text", "json", "sarif", "markdown", "junit"}) {
    auto [rc, out] = in_repo({"scan", "--staged", "--format", f});
    EXPECT_EQ(rc, 1) << "--staged " << f;
  }
  ASSERT_EQ(git("commit -q -m planted --no-verify"), 0);
  for (std::string f : {"text", "json", "sarif"}) {
    auto [rc, out] = in_repo({"scan", "--history", "--format", f});
    EXPECT_EQ(rc, 1) << "--history " << f;
  }
  in_repo({"hook", "install"});
  in_repo({"baseline", "create", "--history", "--output",
           out_dir_ + "/history-baseline.json"});
  // The hook itself blocks a commit that adds another secret, quietly.
  WriteFile(repo + "/new.py", "T = \"" + secrets_["github"] + "\"\n");
  planted.insert(repo + "/new.py");
  std::string hook_out = out_dir_ + "/hook.out";
  std::string cmd = "cd " + testing_util::ShellQuote(repo) +
                    " && git add new.py && PATH=" +
                    testing_util::ShellQuote(fs::path(KEYLINT_BINARY).parent_path().string()) +
                    ":$PATH HOME=" + testing_util::ShellQuote(home_) +
                    " git -c user.name=t -c user.email=t@example.com commit -q -m x >" +
                    testing_util::ShellQuote(hook_out) + " 2>&1";
  std::system(cmd.c_str());
  EXPECT_EQ(secrets_.Leak(ReadFile(hook_out)), "") << "pre-commit hook output";
  fs::remove(hook_out);
  CheckWrittenFiles({repo}, planted);
}

// Templates, plans and exports with literal secret values where keylint's
// audit classifies them (SecretString, SSM values, Lambda and ECS
// environments).
std::set<std::string> PlantAuditInputs(const std::string& root,
                                       const Secrets& s) {
  std::map<std::string, std::string> files = {
      {"cfn/template.yaml",
       "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n"
       "  Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n"
       "      Name: prod/payments/secrets/db\n"
       "      SecretString: '{\"password\":\"" + s["password"] + "\"}'\n"
       "  Param:\n    Type: AWS::SSM::Parameter\n    Properties:\n"
       "      Name: /prod/payments/config/token\n      Type: String\n"
       "      Value: " + s["github"] + "\n"
       "  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n"
       "      FunctionName: payments-api\n      Runtime: python3.12\n"
       "      Handler: app.handler\n      Role: arn:aws:iam::111122223333:role/r\n"
       "      Environment:\n        Variables:\n"
       "          STRIPE_KEY: " + s["stripe"] + "\n"
       "          AWS_SECRET_ACCESS_KEY: " + s["aws_secret"] + "\n"},
      {"exports/list-functions.json",
       "{\"Functions\": [{\"FunctionName\": \"worker\", \"FunctionArn\": "
       "\"arn:aws:lambda:us-east-1:111122223333:function:worker\", "
       "\"Environment\": {\"Variables\": {\"SLACK_TOKEN\": \"" + s["slack"] +
           "\", \"GITHUB_TOKEN\": \"" + s["github"] + "\"}}}]}\n"},
      {"exports/get-parameters.json",
       "{\"Parameters\": [{\"Name\": \"/prod/payments/config/aws-key\", "
       "\"Type\": \"String\", \"Value\": \"" + s["aws_id"] + "\", \"ARN\": "
       "\"arn:aws:ssm:us-east-1:111122223333:parameter/prod/payments/config/aws-key\"}]}\n"},
      {"exports/describe-task-definition.json",
       "{\"taskDefinition\": {\"taskDefinitionArn\": "
       "\"arn:aws:ecs:us-east-1:111122223333:task-definition/w:1\", \"family\": \"w\", "
       "\"containerDefinitions\": [{\"name\": \"app\", \"environment\": "
       "[{\"name\": \"STRIPE_API_KEY\", \"value\": \"" + s["stripe"] + "\"}]}]}}\n"},
      {"terraform/plan.json",
       "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": "
       "{\"resources\": [{\"address\": \"aws_secretsmanager_secret_version.v\", "
       "\"mode\": \"managed\", \"type\": \"aws_secretsmanager_secret_version\", "
       "\"name\": \"v\", \"values\": {\"secret_string\": \"" + s["stripe"] +
           "\"}}, {\"address\": \"aws_ssm_parameter.p\", \"mode\": \"managed\", "
           "\"type\": \"aws_ssm_parameter\", \"name\": \"p\", \"values\": "
           "{\"name\": \"/prod/app/config/token\", \"type\": \"String\", "
           "\"value\": \"" + s["github"] + "\"}}]}}}\n"},
  };
  return WriteAll(root, files);
}

TEST_F(NoLeak, AuditInEveryFormatAndEveryWrittenFile) {
  std::string in = work_ + "/audit";
  auto planted = PlantAuditInputs(in, secrets_);
  auto formats = Formats("audit", in);
  ASSERT_GE(formats.size(), 3u);
  for (const std::string& f : formats) {
    auto r = Run({"audit", in, "--format", f});
    EXPECT_EQ(r.exit_code, 1) << f << Describe(r);
    Run({"audit", in, "--format", f, "--output", out_dir_ + "/audit." + f});
  }
  // The values were seen and classified: literal-secret and environment
  // findings exist.
  auto r = Run({"audit", in, "--format", "json"});
  auto j = nlohmann::json::parse(r.out);
  std::string ids;
  for (const auto& f : j["findings"]) ids += f["rule_id"].get<std::string>() + " ";
  for (std::string expect : {"placement-literal-secret-string",
                             "placement-secret-in-environment"}) {
    EXPECT_NE(ids.find(expect), std::string::npos) << ids;
  }
  // The whole tree is also a scan target: scan it too.
  Run({"scan", in, "--format", "json"});
  CheckWrittenFiles({in}, planted);
}

// Seeds a moto account with the planted secrets (read from a JSON file, so
// that they are on no command line): Lambda environments, which the audit
// reads and classifies, and secret strings and parameter values, which it
// must never read (GetSecretValue and GetParameter are not in its
// allowlist) and so cannot report.
constexpr const char* kMotoSeed = R"py(
import json, sys, boto3
endpoint, path = sys.argv[1], sys.argv[2]
s = json.load(open(path))
def client(name):
    return boto3.client(name, endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="testing",
                        aws_secret_access_key="testing")
role = client("iam").create_role(
    RoleName="noleak", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
client("lambda").create_function(
    FunctionName="payments-worker", Runtime="python3.12", Role=role,
    Handler="index.handler", Code={"ZipFile": b"PK\x05\x06" + b"\x00" * 18},
    Environment={"Variables": {"STRIPE_SECRET_KEY": s["stripe"],
                               "GITHUB_TOKEN": s["github"],
                               "AWS_SECRET_ACCESS_KEY": s["aws_secret"],
                               "AWS_ACCESS_KEY_ID": s["aws_id"]}})
sm = client("secretsmanager")
sm.create_secret(Name="legacy-db-password", SecretString=s["password"])
sm.create_secret(Name="/prod/app/config/slack",
                 SecretString=json.dumps({"token": s["slack"]}))
ssm = client("ssm")
ssm.put_parameter(Name="/prod/app/db/password", Type="String",
                  Value=s["password"])
ssm.put_parameter(Name="/prod/app/api/key", Type="SecureString",
                  Value=s["stripe"])
)py";

TEST_F(NoLeak, LiveAuditAgainstMotoInEveryFormatDebugAndWrittenFile) {
  std::string why = testing_util::MotoServer::Unavailable();
  if (!why.empty()) GTEST_SKIP() << why;
  testing_util::MotoServer moto;
  ASSERT_TRUE(moto.Start()) << "moto did not start";
  nlohmann::json planted = secrets_.all();
  WriteFile(work_ + "/seed.py", kMotoSeed);
  WriteFile(work_ + "/secrets.json", planted.dump());
  std::string seed = "python3 " + testing_util::ShellQuote(work_ + "/seed.py") +
                     " " + moto.url() + " " +
                     testing_util::ShellQuote(work_ + "/secrets.json") +
                     " >" + testing_util::ShellQuote(work_ + "/seed.log") +
                     " 2>&1";
  ASSERT_EQ(std::system(seed.c_str()), 0) << ReadFile(work_ + "/seed.log");

  // Fresh credentials, searched for like the planted secrets: moto (without
  // its IAM authentication) accepts any.
  const std::string b64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  secrets_.Add("credential_id", "ASIA" + secrets_.Random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16));
  secrets_.Add("credential_secret", secrets_.Random(b64, 40));
  secrets_.Add("session_token", secrets_.Random(b64, 120));
  std::vector<std::string> env = {
      "AWS_ACCESS_KEY_ID=" + secrets_["credential_id"],
      "AWS_SECRET_ACCESS_KEY=" + secrets_["credential_secret"],
      "AWS_SESSION_TOKEN=" + secrets_["session_token"],
      "AWS_EC2_METADATA_DISABLED=true"};
  const std::vector<std::string> live = {
      "audit", "--aws", "--endpoint-url", moto.url(), "--region", "us-east-1"};
  auto with = [&live](std::vector<std::string> extra) {
    std::vector<std::string> args = live;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };

  std::string offline = work_ + "/empty";
  fs::create_directories(offline);
  auto formats = Formats("audit", offline);
  ASSERT_GE(formats.size(), 3u);
  for (const std::string& f : formats) {
    auto r = Run(with({"--format", f, "--debug", "--stats"}), env);
    EXPECT_EQ(r.exit_code, 1) << f << Describe(r);
    EXPECT_NE(r.err.find("keylint: debug: POST"), std::string::npos) << f;
    Run(with({"--format", f, "--output", out_dir_ + "/live." + f}), env);
  }
  auto r = Run(with({"--format", "text", "--report", out_dir_ + "/report",
                     "--report-name", "live"}),
               env);
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  int report_files = 0;
  for (const auto& entry : fs::directory_iterator(out_dir_ + "/report")) {
    (void)entry;
    ++report_files;
  }
  EXPECT_GE(report_files, 4) << "HTML, Markdown, JSON and CSV";

  // The Lambda environment was read and its secrets classified, so the
  // values went through keylint: the search above is not vacuous.
  r = Run(with({"--format", "json"}), env);
  auto j = nlohmann::json::parse(r.out);
  int in_environment = 0;
  for (const auto& f : j["findings"]) {
    if (f["rule_id"] == "placement-secret-in-environment" &&
        f["message"].get<std::string>().find("payments-worker") !=
            std::string::npos) {
      ++in_environment;
    }
  }
  EXPECT_GE(in_environment, 1) << r.out;
  CheckWrittenFiles({}, {});
}

}  // namespace
}  // namespace keylint
