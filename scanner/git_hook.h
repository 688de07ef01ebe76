// `keylint hook install`: keylint as the repository's git pre-commit hook.
//
// The hook is a small POSIX shell script that runs `keylint scan --staged`
// (adding `--baseline .keylint-baseline.json` when that file exists at the
// top of the work tree, where git runs hooks). It finds keylint through
// $KEYLINT, else the binary that installed it, else PATH. A hook file holding
// kHookMarker is keylint's own and is replaced freely (installing twice is a
// no-op); any other hook is kept unless `force` is set.
//
// The hooks directory is the one git uses: `git rev-parse --git-path hooks`,
// which honours core.hooksPath and, in a linked worktree, names the common
// repository's hooks.
//
// Thread-safety: plain functions; concurrent installs into one repository
// race like any two writers of one file.
#ifndef KEYLINT_SCANNER_GIT_HOOK_H_
#define KEYLINT_SCANNER_GIT_HOOK_H_

#include <string>
#include <string_view>

#include "rules/status.h"
#include "scanner/git_source.h"
#include "scanner/subprocess.h"

namespace keylint {

inline constexpr std::string_view kHookMarker = "# keylint-hook v1";

// The script, running `keylint_binary` (an absolute path) when it exists.
std::string PreCommitHookScript(const std::string& keylint_binary);

// True when `text` is a hook this function family wrote.
bool IsKeylintHook(std::string_view text);

enum class HookInstallResult { kInstalled, kUpdated, kUnchanged };

// Writes the pre-commit hook of `repo` (mode 0755). InvalidArgument when a
// hook that is not keylint's exists and `force` is false (the message says
// so and names the file), or when the repository has no work tree.
Status InstallPreCommitHook(ProcessRunner* runner, const GitRepository& repo,
                            const std::string& keylint_binary, bool force,
                            std::string* hook_path, HookInstallResult* result);

}  // namespace keylint

#endif  // KEYLINT_SCANNER_GIT_HOOK_H_
