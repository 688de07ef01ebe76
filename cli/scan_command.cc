// `keylint scan PATH`: options -> ScanOptions -> RunScan -> sink -> exit.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/rule_setup.h"
#include "reports/sink.h"
#include "rules/project_config.h"
#include "rules/report.h"
#include "scanner/scan_driver.h"

namespace keylint {
namespace {

struct ScanFlags {
  std::string path = ".";
  std::string format = "text";
  std::string output;
  std::string config;
  RuleSourceOptions rules;
  bool no_builtin = false;
  bool no_cache = false;
  std::vector<std::string> exclude;
  std::string max_file_size;
  int threads = 0;
  std::string fail_on = "low";
  std::string min_severity;
  bool stats = false;
  bool no_ignore = false;
  std::string color = "auto";
  bool reference = false;
};

int RunScanCommand(const ScanFlags& f) {
  auto fail_on = ParseSeverity(f.fail_on);
  if (!fail_on) {
    std::cerr << fmt::format("keylint: --fail-on: unknown severity '{}'\n",
                             f.fail_on);
    return kExitUsage;
  }
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(f.path, ec))) {
    std::cerr << fmt::format("keylint: {}: no such file or directory\n",
                             f.path);
    return kExitUsage;
  }

  // Project config: --config, else .keylint.yaml at the scanned root.
  ProjectConfig config;
  if (!f.config.empty()) {
    Status s = LoadProjectConfig(f.config, &config);
    if (!s.ok()) {
      std::cerr << "keylint: " << s.message() << "\n";
      return kExitUsage;
    }
  } else if (std::filesystem::is_directory(f.path, ec)) {
    std::string candidate = (std::filesystem::path(f.path) / ".keylint.yaml").string();
    Status s = LoadProjectConfig(candidate, &config);
    if (!s.ok() && s.code() != Status::Code::kNotFound) {
      std::cerr << "keylint: " << s.message() << "\n";
      return kExitUsage;
    }
  }

  RuleSourceOptions ro = f.rules;
  ro.builtin = !f.no_builtin;
  ro.cache = !f.no_cache;
  std::unique_ptr<RulesDatabase> db;
  if (Status s = BuildRulesDatabase(ro, config, &db); !s.ok()) {
    std::cerr << "keylint: " << s.message() << "\n";
    return kExitUsage;
  }

  ScanOptions so;
  so.walk.threads = f.threads;
  so.walk.respect_ignore_files = !f.no_ignore;
  so.walk.exclude_globs = config.exclude;
  so.walk.exclude_globs.insert(so.walk.exclude_globs.end(), f.exclude.begin(),
                               f.exclude.end());
  if (config.max_file_size) so.walk.max_file_size = *config.max_file_size;
  if (!f.max_file_size.empty()) {
    auto size = ParseByteSize(f.max_file_size);
    if (!size) {
      std::cerr << fmt::format(
          "keylint: --max-file-size: '{}' is not a size (e.g. 10MiB)\n",
          f.max_file_size);
      return kExitUsage;
    }
    so.walk.max_file_size = *size;
  }
  if (config.severity_threshold) so.threshold = *config.severity_threshold;
  if (!f.min_severity.empty()) {
    auto sev = ParseSeverity(f.min_severity);
    if (!sev) {
      std::cerr << fmt::format("keylint: --min-severity: unknown severity '{}'\n",
                               f.min_severity);
      return kExitUsage;
    }
    so.threshold = *sev;
  }
  so.reference_engine = f.reference;

  Report report;
  report.tool_version = KEYLINT_VERSION;
  report.root = f.path;
  if (Status s = RunScan(f.path, *db, so, &report); !s.ok()) {
    std::cerr << "keylint: " << s.message() << "\n";
    return kExitIncomplete;
  }
  report.rules = RuleInfos(*db);

  SinkOptions sink_options;
  bool to_tty = f.output.empty() && isatty(STDOUT_FILENO);
  sink_options.color = f.color == "always" ||
                       (f.color == "auto" && to_tty && !std::getenv("NO_COLOR"));
  sink_options.show_stats = f.stats;
  auto sink = MakeSink(f.format, sink_options);
  if (!sink) {
    std::cerr << fmt::format("keylint: unknown format '{}'\n", f.format);
    return kExitUsage;
  }
  Status ws;
  if (f.output.empty()) {
    ws = sink->Write(report, std::cout);
    std::cout.flush();
  } else {
    std::ofstream out(f.output, std::ios::binary | std::ios::trunc);
    if (!out) {
      std::cerr << fmt::format("keylint: {}: cannot write output: {}\n",
                               f.output, std::strerror(errno));
      return kExitUsage;
    }
    ws = sink->Write(report, out);
  }
  if (!ws.ok()) {
    std::cerr << "keylint: " << ws.message() << "\n";
    return kExitIncomplete;
  }
  if (f.stats && f.format != "text") {
    const auto& st = report.stats;
    double mb = static_cast<double>(st.bytes_scanned) / 1e6;
    std::cerr << fmt::format(
        "keylint: {} files, {} skipped, {:.1f} MB in {:.3f} s ({:.0f} MB/s), "
        "walk {:.3f} s, match {:.3f} s, {} threads\n",
        st.files_scanned, st.files_skipped, mb, st.wall_seconds,
        st.wall_seconds > 0 ? mb / st.wall_seconds : 0.0, st.walk_seconds,
        st.match_seconds, st.threads);
  }
  // Per-file errors are also one line each on stderr.
  if (f.format != "text" || !f.output.empty()) {
    for (const auto& e : report.errors)
      std::cerr << fmt::format("keylint: {}: {}\n", e.path, e.message);
  }

  bool failing = false;
  for (const auto& fi : report.findings)
    if (fi.severity >= *fail_on) failing = true;
  if (failing) return kExitFindings;
  if (!report.errors.empty() && report.findings.empty()) return kExitIncomplete;
  return kExitClean;
}

}  // namespace

CommandRunner RegisterScanCommand(CLI::App* app) {
  auto f = std::make_shared<ScanFlags>();
  app->add_option("path", f->path, "File or directory to scan (default: .)");
  app->add_option("-f,--format", f->format, "Output format")
      ->check(CLI::IsMember(SinkFormats()));
  app->add_option("-o,--output", f->output, "Write the report to FILE");
  app->add_option("-c,--config", f->config,
                  "Project config (default: PATH/.keylint.yaml)");
  app->add_option("--rules", f->rules.files, "Extra ruleset YAML file")
      ->take_all();
  app->add_flag("--no-builtin", f->no_builtin, "Do not load built-in rules");
  app->add_option("--disable", f->rules.disable, "Disable a rule by id");
  app->add_option("--exclude", f->exclude, "Exclude paths (gitignore glob)");
  app->add_option("--max-file-size", f->max_file_size,
                  "Skip larger files (default 10MiB)");
  app->add_option("-j,--threads", f->threads, "Worker threads (default: cores)")
      ->check(CLI::Range(0, 256));
  app->add_option("--fail-on", f->fail_on,
                  "Exit 1 when a finding is at least this severe (default low)");
  app->add_option("--min-severity", f->min_severity,
                  "Do not report findings below this severity");
  app->add_flag("--stats", f->stats, "Print files, bytes, MB/s and timings");
  app->add_flag("--no-ignore", f->no_ignore,
                "Do not honour .gitignore/.keylintignore");
  app->add_flag("--no-cache", f->no_cache,
                "Do not read or write the compiled rules cache");
  app->add_option("--color", f->color, "auto|always|never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app->add_flag("--reference-engine", f->reference,
                "Use the slow reference matcher (differential testing)")
      ->group("");
  return [f] { return RunScanCommand(*f); };
}

}  // namespace keylint
