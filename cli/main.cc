// keylint: argv -> validated options -> the core -> exit code.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace keylint {
namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

struct Command {
  const char* name;
  const char* help;
  CommandRunner (*reg)(CLI::App*);
};

const Command kCommands[] = {
    {"scan", "Scan a source tree for hardcoded secrets", RegisterScanCommand},
    {"rules", "List the rule catalogue or check every rule's examples",
     RegisterRulesCommand},
    {"baseline", "Record accepted findings so that only new ones fail",
     RegisterBaselineCommand},
    {"hook", "Install keylint as a git pre-commit hook", RegisterHookCommand},
    {"audit",
     "Audit secret storage (naming, rotation, policies, placement) in AWS "
     "exports, CloudFormation and Terraform",
     RegisterAuditCommand},
    {"report", "Compare two JSON reports (report diff OLD NEW)",
     RegisterReportCommand},
};

int Main(int argc, char** argv) {
  CLI::App app{"keylint: secrets-hygiene linter and auditor", "keylint"};
  app.set_version_flag("--version", std::string("keylint ") + KEYLINT_VERSION);
  app.require_subcommand(1);
  std::vector<std::pair<CLI::App*, CommandRunner>> runners;
  for (const auto& c : kCommands) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    runners.emplace_back(sub, c.reg(sub));
  }

  // "Did you mean" for a mistyped subcommand.
  if (argc > 1 && argv[1][0] != '-') {
    std::string given = argv[1];
    bool known = std::any_of(std::begin(kCommands), std::end(kCommands),
                             [&](const Command& c) { return given == c.name; });
    if (!known) {
      std::string best;
      size_t best_d = 3;
      for (const auto& c : kCommands) {
        size_t d = EditDistance(given, c.name);
        if (d < best_d) {
          best_d = d;
          best = c.name;
        }
      }
      std::cerr << fmt::format("keylint: unknown command '{}'", given);
      if (!best.empty()) std::cerr << fmt::format("; did you mean '{}'?", best);
      std::cerr << " (see keylint --help)\n";
      return kExitUsage;
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  for (auto& [sub, run] : runners) {
    if (sub->parsed()) return run();
  }
  return kExitUsage;
}

}  // namespace
}  // namespace keylint

int main(int argc, char** argv) { return keylint::Main(argc, argv); }
