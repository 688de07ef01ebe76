// Baseline: the findings a project has accepted (known, being rotated, or
// false positives not worth an inline allow), so that a scan fails only on
// new ones.
//
// A baseline entry is keyed on the finding's fingerprint (rule + secret) and
// its path, never on a line number: moving code, or adding lines above it,
// does not change the file. Entries are unique, sorted by path, fingerprint
// and rule id, and the file carries no timestamp or run data, so the same
// findings always give byte-identical files and concurrent edits merge like
// any sorted list. An entry holds the fingerprint, rule id, path and the
// redacted preview (for the reader); never a secret value.
//
//   {
//     "keylint_baseline": 1,
//     "entries": [
//       {
//         "path": "src/config.py",
//         "fingerprint": "ed421b34...",
//         "rule_id": "aws-access-key-id",
//         "redacted": "AKIA…"
//       }
//     ]
//   }
//
// Thread-safety: a Baseline is an immutable value once built; its const
// methods may be called from any number of threads.
#ifndef KEYLINT_REPORTS_BASELINE_H_
#define KEYLINT_REPORTS_BASELINE_H_

#include <string>
#include <string_view>
#include <vector>

#include "rules/finding.h"
#include "rules/status.h"

namespace keylint {

inline constexpr int kBaselineVersion = 1;
inline constexpr std::string_view kDefaultBaselineFile = ".keylint-baseline.json";

struct BaselineEntry {
  std::string path;
  std::string fingerprint;
  std::string rule_id;
  std::string redacted;
};

// What applying a baseline did to a list of findings.
struct BaselineResult {
  size_t suppressed = 0;  // findings removed
  // Entries no finding matched: the secret is gone from that path (or the
  // scan did not look there). Sorted like the file.
  std::vector<BaselineEntry> stale;
};

class Baseline {
 public:
  Baseline() = default;

  // One entry per distinct (path, fingerprint) among `findings`.
  static Baseline FromFindings(const std::vector<Finding>& findings);

  // Parses the text of a baseline file; `name` is used in messages, which
  // name the line and column of a JSON syntax error or the entry at fault.
  static Status Parse(std::string_view text, const std::string& name,
                      Baseline* out);

  // Reads and parses `path`. NotFound when it does not exist.
  static Status Load(const std::string& path, Baseline* out);

  // The file's text: 2-space indented JSON with a trailing newline.
  std::string Serialize() const;

  // Writes Serialize() to `path` (through a temporary file and a rename, so
  // a reader never sees half a baseline).
  Status Save(const std::string& path) const;

  // Removes from `findings` those whose (path, fingerprint) is an entry.
  BaselineResult Apply(std::vector<Finding>* findings) const;

  const std::vector<BaselineEntry>& entries() const { return entries_; }

 private:
  void Normalize();  // sort and deduplicate
  std::vector<BaselineEntry> entries_;
};

}  // namespace keylint

#endif  // KEYLINT_REPORTS_BASELINE_H_
