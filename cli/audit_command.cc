// `keylint audit PATH...`: options -> policy + rules -> RunAudit -> sink ->
// exit code (0 clean, 1 findings at or above --fail-on, 2 usage or
// configuration error, 3 input errors and no findings).
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "auditor/audit.h"
#include "auditor/aws_time.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/rule_setup.h"
#include "reports/sink.h"
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
  bool stats = false;
  bool no_cache = false;
};

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
  if (Status s = RunAudit(f.paths, policy, db.get(), options, &report);
      !s.ok()) {
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
      if (e.line > 0) {
        std::cerr << fmt::format("keylint: {}:{}: {}\n", e.path, e.line,
                                 e.message);
      } else {
        std::cerr << fmt::format("keylint: {}: {}\n", e.path, e.message);
      }
    }
  }
  bool failing = false;
  for (const Finding& fi : report.findings) {
    if (fi.severity >= *fail_on) failing = true;
  }
  if (failing) return kExitFindings;
  if (!report.errors.empty() && report.findings.empty()) {
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
      ->required();
  app->add_option("-f,--format", f->format, "Output format")
      ->check(CLI::IsMember(SinkFormats()));
  app->add_option("-o,--output", f->output, "Write the report to FILE");
  app->add_option("-c,--config", f->config,
                  "Project config (default: .keylint.yaml in the first "
                  "directory given, else in the current directory)");
  app->add_option("--policy", f->policy,
                  "Audit policy replacing the built-in defaults "
                  "(rulesets/aws-policy.yaml)");
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
  return [f] { return RunAuditCommand(*f); };
}

}  // namespace keylint
