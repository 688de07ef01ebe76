// Fuzz target: ignore files (.gitignore, .keylintignore: written by the
// tree's authors) and --exclude globs (scanner/ignore.h). The input before
// the first NUL byte is the ignore file; each line after it is a path
// matched against it, as a file and as a directory. Glob matching must stay
// linear on hostile patterns such as "*a*a*a*a*b" (libFuzzer's -timeout
// catches a blow-up).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/ignore.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keylint;
  std::string_view text = fuzz::AsText(data, size);
  size_t nul = text.find('\0');
  std::string_view rules_text = text.substr(0, nul);
  std::string_view paths =
      nul == std::string_view::npos ? std::string_view() : text.substr(nul + 1);

  IgnoreRules rules = IgnoreRules::Parse(rules_text);
  std::vector<std::string> globs;
  size_t pos = 0;
  while (pos < rules_text.size() && globs.size() < 16) {
    size_t nl = rules_text.find('\n', pos);
    if (nl == std::string_view::npos) nl = rules_text.size();
    globs.emplace_back(rules_text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  PathGlobSet excludes;
  Status st = PathGlobSet::Compile(globs, &excludes);
  // (A rejected glob is quoted in the message, '\r' and all: the CLI
  // escapes messages when it prints them; see hostile_input_test.cc.)

  pos = 0;
  int checked = 0;
  while (pos <= paths.size() && checked++ < 32) {
    size_t nl = paths.find('\n', pos);
    if (nl == std::string_view::npos) nl = paths.size();
    std::string_view path = paths.substr(pos, nl - pos);
    for (bool is_dir : {false, true}) {
      rules.Match(path, is_dir);
      if (st.ok()) {
        excludes.Matches(path, is_dir);
        excludes.MatchesEntry(path, is_dir);
      }
      for (const GlobPattern& g : rules.patterns()) g.Matches(path, is_dir);
    }
    pos = nl + 1;
  }
  return 0;
}
