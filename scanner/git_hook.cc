#include "scanner/git_hook.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace keylint {
namespace {

// `text` as one single-quoted shell word.
std::string ShellWord(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

}  // namespace

std::string PreCommitHookScript(const std::string& keylint_binary) {
  return fmt::format(
      "#!/bin/sh\n"
      "{}\n"
      "# Installed by `keylint hook install`: blocks commits that add secrets.\n"
      "# Skip it once with `git commit --no-verify`; delete this file to "
      "uninstall.\n"
      "keylint={}\n"
      "if [ -n \"${{KEYLINT:-}}\" ]; then keylint=$KEYLINT; fi\n"
      "if ! [ -x \"$keylint\" ]; then keylint=keylint; fi\n"
      "if [ -f .keylint-baseline.json ]; then\n"
      "  exec \"$keylint\" scan --staged --baseline .keylint-baseline.json\n"
      "fi\n"
      "exec \"$keylint\" scan --staged\n",
      kHookMarker, ShellWord(keylint_binary));
}

bool IsKeylintHook(std::string_view text) {
  return text.find(kHookMarker) != std::string_view::npos;
}

Status InstallPreCommitHook(ProcessRunner* runner, const GitRepository& repo,
                            const std::string& keylint_binary, bool force,
                            std::string* hook_path, HookInstallResult* result) {
  if (repo.bare) {
    return Status::InvalidArgument(fmt::format(
        "{}: a bare repository has no commits to check; run this in a work "
        "tree",
        repo.git_dir));
  }
  std::string out;
  KL_RETURN_IF_ERROR(
      RunGit(runner, repo.top_level, {"rev-parse", "--git-path", "hooks"}, &out));
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
    out.pop_back();
  }
  std::filesystem::path dir(out);
  if (dir.is_relative()) dir = std::filesystem::path(repo.top_level) / dir;
  std::filesystem::path hook = dir / "pre-commit";
  *hook_path = hook.string();

  std::string script = PreCommitHookScript(keylint_binary);
  *result = HookInstallResult::kInstalled;
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::symlink_status(hook, ec))) {
    std::ifstream in(hook, std::ios::binary);
    std::stringstream existing;
    existing << in.rdbuf();
    if (IsKeylintHook(existing.str())) {
      if (existing.str() == script) {
        *result = HookInstallResult::kUnchanged;
        return Status::Ok();
      }
      *result = HookInstallResult::kUpdated;
    } else if (!force) {
      return Status::InvalidArgument(fmt::format(
          "{}: a pre-commit hook keylint did not write is installed; keep it "
          "and call `keylint scan --staged` from it, or replace it with "
          "--force",
          *hook_path));
    }
  }
  std::filesystem::create_directories(dir, ec);
  std::filesystem::path tmp = dir / ".pre-commit.keylint-tmp";
  {
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    file << script;
    file.flush();
    if (!file) {
      return Status::IoError(
          fmt::format("{}: cannot write the hook", tmp.string()));
    }
  }
  if (chmod(tmp.c_str(), 0755) != 0 ||
      std::rename(tmp.c_str(), hook.c_str()) != 0) {
    std::error_code err(errno, std::generic_category());
    std::filesystem::remove(tmp, ec);
    return Status::IoError(fmt::format("{}: cannot install the hook: {}",
                                       *hook_path, err.message()));
  }
  return Status::Ok();
}

}  // namespace keylint
