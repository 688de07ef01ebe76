// The subcommand table: each subcommand registers its options on a CLI11
// app and returns a runner that maps validated options to an exit code.
#ifndef KEYLINT_CLI_COMMANDS_H_
#define KEYLINT_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace keylint {

using CommandRunner = std::function<int()>;

CommandRunner RegisterScanCommand(CLI::App* app);
CommandRunner RegisterRulesCommand(CLI::App* app);
CommandRunner RegisterBaselineCommand(CLI::App* app);
CommandRunner RegisterHookCommand(CLI::App* app);
CommandRunner RegisterAuditCommand(CLI::App* app);
CommandRunner RegisterReportCommand(CLI::App* app);

}  // namespace keylint

#endif  // KEYLINT_CLI_COMMANDS_H_
