// keylint's process exit codes, shared by every subcommand.
#ifndef KEYLINT_CLI_EXIT_CODES_H_
#define KEYLINT_CLI_EXIT_CODES_H_

namespace keylint {

constexpr int kExitClean = 0;     // nothing at or above --fail-on
constexpr int kExitFindings = 1;  // findings at or above --fail-on
constexpr int kExitUsage = 2;     // usage or configuration error
constexpr int kExitIncomplete = 3;  // I/O errors and nothing found

}  // namespace keylint

#endif  // KEYLINT_CLI_EXIT_CODES_H_
