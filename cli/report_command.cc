// `keylint report diff OLD.json NEW.json`: new, resolved and unchanged
// findings between two JSON reports, in text, Markdown or HTML; exit 1 when
// a new finding is at least --fail-on severe, 2 for usage or unreadable
// reports, else 0.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "reports/report_diff.h"
#include "rules/severity.h"

namespace keylint {
namespace {

struct DiffFlags {
  std::string old_path;
  std::string new_path;
  std::string format = "text";
  std::string output;
  std::string fail_on = "low";
};

int RunReportDiff(const DiffFlags& f) {
  auto fail_on = ParseSeverity(f.fail_on);
  if (!fail_on) {
    std::cerr << fmt::format("keylint: --fail-on: unknown severity '{}'\n",
                             f.fail_on);
    return kExitUsage;
  }
  std::vector<DiffFinding> before, after;
  for (auto [path, findings] : {std::pair{&f.old_path, &before},
                                std::pair{&f.new_path, &after}}) {
    if (Status s = LoadReportFindings(*path, findings); !s.ok()) {
      std::cerr << "keylint: " << s.message() << "\n";
      return kExitUsage;
    }
  }
  ReportDiff diff = DiffReports(before, after);
  diff.old_name = f.old_path;
  diff.new_name = f.new_path;

  std::ofstream file;
  if (!f.output.empty()) {
    file.open(f.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << fmt::format("keylint: {}: cannot write output: {}\n",
                               f.output, std::strerror(errno));
      return kExitIncomplete;
    }
  }
  std::ostream& out = f.output.empty() ? std::cout : file;
  if (f.format == "markdown") {
    WriteDiffMarkdown(diff, out);
  } else if (f.format == "html") {
    WriteDiffHtml(diff, out);
  } else {
    WriteDiffText(diff, out);
  }
  out.flush();
  if (!out) {
    std::cerr << "keylint: cannot write the diff\n";
    return kExitIncomplete;
  }
  for (const DiffFinding& d : diff.added) {
    if (d.severity >= *fail_on) return kExitFindings;
  }
  return kExitClean;
}

}  // namespace

CommandRunner RegisterReportCommand(CLI::App* app) {
  app->require_subcommand(1);
  CLI::App* diff = app->add_subcommand(
      "diff", "New, resolved and unchanged findings between two JSON reports");
  auto f = std::make_shared<DiffFlags>();
  diff->add_option("old", f->old_path, "The earlier JSON report")->required();
  diff->add_option("new", f->new_path, "The later JSON report")->required();
  diff->add_option("-f,--format", f->format, "text|markdown|html")
      ->check(CLI::IsMember({"text", "markdown", "html"}));
  diff->add_option("-o,--output", f->output, "Write the diff to FILE");
  diff->add_option("--fail-on", f->fail_on,
                   "Exit 1 when a new finding is at least this severe "
                   "(default low)");
  return [f, diff] {
    if (diff->parsed()) return RunReportDiff(*f);
    return kExitUsage;
  };
}

}  // namespace keylint
