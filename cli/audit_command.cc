// `keylint audit PATH...` and `keylint audit --aws`: options -> policy +
// rules -> RunAudit (offline files) or the live source (AWS over HTTPS) ->
// sink -> exit code (0 clean, 1 findings at or above --fail-on, 2 usage or
// configuration error, 3 input errors or unreadable AWS operations and no
// findings, or AWS unreachable).
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>

#include "auditor/audit.h"
#include "auditor/aws_credentials.h"
#include "auditor/live_source.h"
#include "auditor/aws_time.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/rule_setup.h"
#include "reports/audit_json.h"
#include "reports/sink.h"
#include "reports/text_sink.h"
#include "rules/audit_policy.h"
#include "rules/project_config.h"
#include "rules/report.h"

namespace keylint {
namespace {

struct AuditFlags {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::string config;
  std::string policy;
  std::string fail_on = "low";
  std::string color = "auto";
  std::string now;
  std::string report_dir;
  std::string report_name = "audit";
  bool stats = false;
  bool no_cache = false;
  // Live audit (--aws).
  bool aws = false;
  std::vector<std::string> regions;
  bool all_regions = false;
  std::string endpoint_url;
  std::string profile;
  std::string role_arn;
  std::string ca_bundle;
  int max_attempts = 3;
  double timeout_seconds = 20;
  int concurrency = 8;
  bool debug = false;
};

const char* EnvOr(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : nullptr;
}

// Reads the account into `inventory` for RunAuditWith (see live_source.h).
// Exit-code relevant failures come back as a Status.
Status LiveAudit(const AuditFlags& f, const AuditPolicy& policy,
                 const RulesDatabase* db, int64_t now, Report* report,
                 LiveAuditStats* stats) {
  if (!f.endpoint_url.empty()) {
    KL_RETURN_IF_ERROR(ValidateEndpointUrl(f.endpoint_url));
  }
  if (!f.ca_bundle.empty() && !std::filesystem::exists(f.ca_bundle)) {
    return Status::InvalidArgument(
        fmt::format("--ca-bundle {}: no such file", f.ca_bundle));
  }
  CredentialOptions copts;
  copts.profile = f.profile;
  copts.role_arn = f.role_arn;
  LiveAuditOptions lopts;
  lopts.regions = f.regions;
  if (lopts.regions.empty()) {
    for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
      if (const char* v = EnvOr(name); v && lopts.regions.empty()) {
        lopts.regions.push_back(v);
      }
    }
  }
  if (lopts.regions.empty()) {
    if (std::string r = ProfileRegion(copts); !r.empty()) {
      lopts.regions.push_back(r);
    }
  }
  if (lopts.regions.empty()) {
    return Status::InvalidArgument(
        "--aws needs a region: --region, AWS_REGION or the profile's region");
  }
  lopts.all_regions = f.all_regions;
  lopts.concurrency = f.concurrency;

  auto debug_mu = std::make_shared<std::mutex>();
  copts.client.endpoint_url = f.endpoint_url;
  copts.client.max_attempts = f.max_attempts;
  copts.client.timeout_ms = static_cast<int>(f.timeout_seconds * 1000);
  if (f.debug) {
    copts.client.debug = [debug_mu](const std::string& line) {
      std::lock_guard<std::mutex> lock(*debug_mu);
      std::cerr << "keylint: debug: " << line << "\n";
    };
  }
  copts.sts_region = lopts.regions.front();
  CurlTransportOptions topts;
  topts.ca_bundle = f.ca_bundle;
  auto transport = std::make_shared<CurlTransport>(topts);
  AwsCredentials creds;
  KL_RETURN_IF_ERROR(ResolveAwsCredentials(copts, transport, &creds));
  if (f.debug) {
    copts.client.debug("credentials from " + creds.source);
  }
  AwsClient client(std::move(creds), copts.client, transport);
  report->root = "aws";
  return RunAuditWith(
      [&](Inventory* inventory, std::vector<InputError>*) {
        return LoadLiveAccount(&client, lopts, inventory, &report->audit,
                               stats);
      },
      policy, db, now, report);
}

// --config, else .keylint.yaml in the first directory given, else in the
// current directory.
Status LoadAuditConfig(const AuditFlags& f, ProjectConfig* config) {
  if (!f.config.empty()) return LoadProjectConfig(f.config, config);
  std::vector<std::string> candidates;
  std::error_code ec;
  for (const std::string& p : f.paths) {
    if (std::filesystem::is_directory(p, ec)) {
      candidates.push_back((std::filesystem::path(p) / ".keylint.yaml").string());
      break;
    }
  }
  candidates.push_back(".keylint.yaml");
  for (const std::string& c : candidates) {
    Status s = LoadProjectConfig(c, config);
    if (s.code() != Status::Code::kNotFound) return s;
  }
  return Status::Ok();
}

Status WriteReport(const AuditFlags& f, const Report& report) {
  SinkOptions sink_options;
  bool to_tty = f.output.empty() && isatty(STDOUT_FILENO);
  sink_options.color = f.color == "always" ||
                       (f.color == "auto" && to_tty && !std::getenv("NO_COLOR"));
  sink_options.show_stats = f.stats;
  auto sink = MakeSink(f.format, sink_options);
  if (!sink) return Status::InvalidArgument("unknown format '" + f.format + "'");
  if (f.output.empty()) {
    Status s = sink->Write(report, std::cout);
    std::cout.flush();
    return s;
  }
  std::ofstream out(f.output, std::ios::binary | std::ios::trunc);
  if (!out) {
    return Status::IoError(fmt::format("{}: cannot write output: {}", f.output,
                                       std::strerror(errno)));
  }
  return sink->Write(report, out);
}

// --report DIR: the audit report in every format, DIR/NAME.html, .md,
// .json (docs/audit-report.md) and .csv.
Status WriteReportDirectory(const AuditFlags& f, const Report& report) {
  std::error_code ec;
  std::filesystem::create_directories(f.report_dir, ec);
  if (ec) {
    return Status::IoError(fmt::format("{}: cannot create the report "
                                       "directory: {}",
                                       f.report_dir, ec.message()));
  }
  for (std::string_view ext : {"html", "md", "json", "csv"}) {
    std::string path =
        (std::filesystem::path(f.report_dir) / (f.report_name + "." +
                                                std::string(ext)))
            .string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
      return Status::IoError(fmt::format("{}: cannot write the report: {}",
                                         path, std::strerror(errno)));
    }
    Status s;
    if (ext == "json") {
      s = WriteAuditJson(report, out);
    } else {
      auto sink = MakeSink(ext == "md" ? "markdown" : ext, SinkOptions{});
      s = sink->Write(report, out);
    }
    if (!s.ok()) return Status::IoError(path + ": " + s.message());
  }
  std::cerr << fmt::format(
      "keylint: audit report written to {}/{}.{{html,md,json,csv}}\n",
      f.report_dir, f.report_name);
  return Status::Ok();
}

int RunAuditCommand(const AuditFlags& f) {
  auto fail_on = ParseSeverity(f.fail_on);
  if (!fail_on) {
    std::cerr << fmt::format("keylint: --fail-on: unknown severity '{}'\n",
                             f.fail_on);
    return kExitUsage;
  }
  int64_t now = 0;
  if (!f.now.empty()) {
    std::optional<int64_t> t = ParseAwsTimestamp(f.now);
    if (!t) {
      std::cerr << fmt::format(
          "keylint: --now: '{}' is not a date (2024-06-01 or "
          "2024-06-01T12:00:00Z)\n",
          f.now);
      return kExitUsage;
    }
    now = *t;
  }
  if (f.aws != f.paths.empty()) {  // exactly one of PATH... and --aws
    std::cerr << (f.aws ? "keylint: --aws reads the account; give no PATH "
                          "with it\n"
                        : "keylint: audit needs a PATH or --aws\n");
    return kExitUsage;
  }
  for (const std::string& p : f.paths) {
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::symlink_status(p, ec))) {
      std::cerr << fmt::format("keylint: {}: no such file or directory\n", p);
      return kExitUsage;
    }
  }

  ProjectConfig config;
  if (Status s = LoadAuditConfig(f, &config); !s.ok()) {
    std::cerr << "keylint: " << s.message() << "\n";
    return kExitUsage;
  }
  AuditPolicy policy;
  if (Status s = LoadAuditPolicy(f.policy, &policy); !s.ok()) {
    std::cerr << "keylint: " << s.message() << "\n";
    return kExitUsage;
  }
  if (Status s = ApplyAuditPolicyYaml(config.audit, config.path, &policy);
      !s.ok()) {
    std::cerr << "keylint: " << s.message() << "\n";
    return kExitUsage;
  }

  // The scan engine classifies values (parameter values, environments).
  RuleSourceOptions ro;
  ro.cache = !f.no_cache;
  std::unique_ptr<RulesDatabase> db;
  if (Status s = BuildRulesDatabase(ro, config, &db); !s.ok()) {
    std::cerr << "keylint: " << s.message() << "\n";
    return kExitUsage;
  }

  Report report;
  report.tool_version = KEYLINT_VERSION;
  report.root = f.paths.size() == 1 ? f.paths[0] : ".";
  AuditOptions options;
  options.now = now;
  LiveAuditStats live;
  Status run = f.aws ? LiveAudit(f, policy, db.get(), now, &report, &live)
                     : RunAudit(f.paths, policy, db.get(), options, &report);
  if (const Status& s = run; !s.ok()) {
    std::cerr << "keylint: " << s.message() << "\n";
    return s.code() == Status::Code::kInvalidArgument ||
                   s.code() == Status::Code::kNotFound
               ? kExitUsage
               : kExitIncomplete;
  }
  if (Status s = WriteReport(f, report); !s.ok()) {
    std::cerr << "keylint: " << s.message() << "\n";
    return s.code() == Status::Code::kInvalidArgument ? kExitUsage
                                                      : kExitIncomplete;
  }
  for (const UnreadableItem& u : report.audit.unreadable) {
    std::cerr << fmt::format("keylint: could not read: {} {} ({}){}: {}: {}\n",
                             u.service, u.operation, u.region,
                             u.resource.empty() ? "" : " " + u.resource,
                             u.code, u.message);
  }
  if (f.aws && f.stats) {
    std::cerr << fmt::format(
        "keylint: {} AWS requests in {:.3f} s ({:.0f} requests/s), {:.3f} s "
        "waiting on the server (summed over {} concurrent requests), "
        "{:.3f} s with a request outstanding\n",
        live.requests, live.wall_seconds,
        live.wall_seconds > 0 ? live.requests / live.wall_seconds : 0.0,
        live.seconds_waiting, f.concurrency, live.seconds_outstanding);
  }
  if (!f.report_dir.empty()) {
    if (Status s = WriteReportDirectory(f, report); !s.ok()) {
      std::cerr << "keylint: " << s.message() << "\n";
      return kExitIncomplete;
    }
  }
  if (f.stats && f.format != "text") {
    const RunStats& st = report.stats;
    std::cerr << fmt::format(
        "keylint: {} files loaded, {} skipped, {:.1f} MB in {:.3f} s, {} "
        "findings\n",
        st.files_scanned, st.files_skipped,
        static_cast<double>(st.bytes_scanned) / 1e6, st.wall_seconds,
        report.findings.size());
  }
  // Input errors are also one line each on stderr when the report is not
  // text on stdout.
  if (f.format != "text" || !f.output.empty()) {
    for (const InputError& e : report.errors) {
      // Escaped: a path may hold newlines and terminal escape sequences.
      std::string path = EscapeForTerminal(e.path);
      std::string message = EscapeForTerminal(e.message);
      if (e.line > 0) {
        std::cerr << fmt::format("keylint: {}:{}: {}\n", path, e.line,
                                 message);
      } else {
        std::cerr << fmt::format("keylint: {}: {}\n", path, message);
      }
    }
  }
  bool failing = false;
  for (const Finding& fi : report.findings) {
    if (fi.severity >= *fail_on) failing = true;
  }
  if (failing) return kExitFindings;
  if ((!report.errors.empty() || !report.audit.unreadable.empty()) &&
      report.findings.empty()) {
    return kExitIncomplete;
  }
  return kExitClean;
}

}  // namespace

CommandRunner RegisterAuditCommand(CLI::App* app) {
  auto f = std::make_shared<AuditFlags>();
  app->add_option("path", f->paths,
                  "AWS CLI exports, CloudFormation templates, Terraform JSON "
                  "(files or directories)")
      ;
  app->add_option("-f,--format", f->format, "Output format")
      ->check(CLI::IsMember(SinkFormats()));
  app->add_option("-o,--output", f->output, "Write the report to FILE");
  app->add_option("-c,--config", f->config,
                  "Project config (default: .keylint.yaml in the first "
                  "directory given, else in the current directory)");
  app->add_option("--policy", f->policy,
                  "Audit policy replacing the built-in defaults "
                  "(rulesets/aws-policy.yaml)");
  app->add_option("--report", f->report_dir,
                  "Also write the audit report to DIR as HTML, Markdown, "
                  "JSON and CSV");
  app->add_option("--report-name", f->report_name,
                  "Base name of the --report files (default audit)");
  app->add_option("--fail-on", f->fail_on,
                  "Exit 1 when a finding is at least this severe (default low)");
  app->add_flag("--stats", f->stats, "Print files, bytes and timings");
  app->add_option("--color", f->color, "auto|always|never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app->add_flag("--no-cache", f->no_cache,
                "Do not read or write the compiled rules cache");
  app->add_option("--now", f->now,
                  "Judge dates as of this time (reproducible reports)")
      ->group("");
  const char* live = "Live AWS audit";
  app->add_flag("--aws", f->aws,
                "Audit the AWS account itself (Secrets Manager, SSM, Lambda "
                "metadata over HTTPS; never a secret value)")
      ->group(live);
  app->add_option("--region", f->regions,
                  "Region to audit (repeatable; default AWS_REGION, "
                  "AWS_DEFAULT_REGION or the profile's region)")
      ->group(live);
  app->add_flag("--all-regions", f->all_regions,
                "Every region enabled for the account (ec2 DescribeRegions)")
      ->group(live);
  app->add_option("--endpoint-url", f->endpoint_url,
                  "One endpoint for every service (moto, LocalStack); "
                  "https://, or http:// on a loopback address")
      ->group(live);
  app->add_option("--profile", f->profile,
                  "Shared config/credentials profile (default AWS_PROFILE)")
      ->group(live);
  app->add_option("--role-arn", f->role_arn,
                  "Assume this role (STS AssumeRole) to audit its account")
      ->group(live);
  app->add_option("--ca-bundle", f->ca_bundle,
                  "PEM CA certificates replacing the system store (TLS is "
                  "always verified)")
      ->group(live);
  app->add_option("--max-attempts", f->max_attempts,
                  "Attempts per request, retries included (default 3)")
      ->check(CLI::Range(1, 10))
      ->group(live);
  app->add_option("--timeout", f->timeout_seconds,
                  "Seconds per request attempt (default 20)")
      ->check(CLI::Range(0.1, 600.0))
      ->group(live);
  app->add_option("--concurrency", f->concurrency,
                  "Requests in flight at once (default 8)")
      ->check(CLI::Range(1, 64))
      ->group(live);
  app->add_flag("--debug", f->debug,
                "Trace every AWS request on stderr (credentials and bodies "
                "are never shown)")
      ->group(live);
  return [f] { return RunAuditCommand(*f); };
}

}  // namespace keylint
