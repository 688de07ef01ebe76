// The compiled matching engine.
//
// RulesDatabase compiles every rule's regex twice: into one Hyperscan
// (Vectorscan) block-mode database that reports candidate end offsets for
// all rules in a single pass, and into one RE2 per rule that confirms each
// candidate region and extracts the secret. RE2 is the authority on what
// matched; Hyperscan only says where to look. A rule Hyperscan cannot
// compile exactly is compiled in Hyperscan's prefilter mode (a superset of
// matches); a rule it cannot compile at all is run with RE2 alone.
//
// Matcher::ScanReference runs each rule's RE2 over the whole text. It exists
// only so a differential test can prove both paths find the same matches.
//
// Thread-safety: a RulesDatabase is immutable after Compile and may be
// shared by any number of threads. A Matcher holds per-thread scratch space
// and must be used by one thread at a time. Neither is copyable.
#ifndef KEYLINT_RULES_ENGINE_H_
#define KEYLINT_RULES_ENGINE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"
#include "rules/status.h"
#include <re2/re2.h>

struct hs_database;
struct hs_scratch;

namespace re2 {
class RE2;
}  // namespace re2

namespace keylint {

// A literal a caller wants located in the engine's Hyperscan pass, next to
// the rules: the scanner's later stages find their trigger words this way
// instead of reading every file again. Hits are reported per group.
struct Marker {
  std::string literal;
  bool caseless = false;
  int group = 0;  // 0 .. kMaxMarkerGroups - 1
};
inline constexpr int kMaxMarkerGroups = 16;

// Where the markers occur in the text a Matcher scanned last.
struct MarkerHits {
  static constexpr size_t kMaxPerGroup = 64;
  // False when the engine did not look (no markers, no Hyperscan database,
  // the reference path): the caller must look for itself.
  bool valid = false;
  // End offsets per group, ascending and distinct, at most kMaxPerGroup.
  std::array<std::vector<size_t>, kMaxMarkerGroups> ends;
  uint32_t overflow = 0;  // bit g: group g had more than kMaxPerGroup
  bool Any(int group) const {
    return !ends[static_cast<size_t>(group)].empty();
  }
  bool Overflowed(int group) const { return (overflow >> group) & 1u; }
};

struct EngineOptions {
  // Directory for the serialised Hyperscan database; empty disables caching.
  std::string cache_dir;
  // RE2 memory budget per regex (DFA cache); 64 MiB measured 2-3x faster
  // than RE2's default on large rule sets.
  int64_t re2_max_mem = 64 << 20;
  // Extra allow patterns (RE2) applied to every rule's secret.
  std::vector<std::string> global_allow;
  // Literals reported through Matcher::Scan's MarkerHits.
  std::vector<Marker> markers;
};

// One confirmed, filtered match. Offsets are byte offsets into the scanned
// text; [secret_begin, secret_end) is the secret within [begin, end).
struct Match {
  int rule = 0;  // index into RulesDatabase::rules()
  size_t begin = 0, end = 0;
  size_t secret_begin = 0, secret_end = 0;
};

// Why a candidate was dropped (for `rules check` diagnostics and tests).
struct DroppedMatch {
  int rule = 0;
  size_t secret_begin = 0, secret_end = 0;
  const char* reason = "";
};

// `regex` with every counted repetition {m,n} whose upper bound n is at
// least `min_upper` relaxed to {m,} (outside character classes and
// escapes); unchanged when there is none. At every start position the
// result matches whatever `regex` matches, and more. RE2's DFA builds a
// state per count of a wide bound ([\w-]{40,300}), so the engine finds
// where a match starts with the relaxed twin and lets the rule's own regex
// decide, anchored there.
std::string LoosenCountedRepeats(std::string_view regex, int min_upper);

class RulesDatabase {
 public:
  // REQUIRES: rules have unique ids and valid regexes (see ruleset_loader).
  static Status Compile(std::vector<Rule> rules, const EngineOptions& options,
                        std::unique_ptr<RulesDatabase>* out);
  ~RulesDatabase();
  RulesDatabase(const RulesDatabase&) = delete;
  RulesDatabase& operator=(const RulesDatabase&) = delete;

  const std::vector<Rule>& rules() const { return rules_; }
  // SHA-256 over everything that determines the compiled database.
  const std::string& hash() const { return hash_; }
  bool loaded_from_cache() const { return loaded_from_cache_; }
  double compile_seconds() const { return compile_seconds_; }
  // Appends the indexes of the file-name rules (Rule::path_regex) that
  // match `rel_path`. Thread-safe.
  void MatchPath(std::string_view rel_path, std::vector<int>* rules) const;
  bool IsPathRule(int rule) const {
    return !rules_[static_cast<size_t>(rule)].path_regex.empty();
  }

  // Rules compiled in Hyperscan's prefilter mode / run with RE2 only.
  int prefilter_rule_count() const;
  int re2_only_rule_count() const;
  // True when Hyperscan cannot bound the rule's longest match: its candidate
  // regions are then confirmed over a fixed window (kUnboundedWindow bytes),
  // and a longer match may be missed by Scan. Built-in rules are bounded.
  bool IsUnbounded(int rule) const;

  // Per-rule compiled state; opaque outside engine.cc.
  struct Compiled;

 private:
  friend class Matcher;
  RulesDatabase();
  // The rule's RE2 side, compiled on first use. Thread-safe.
  const Compiled& Re2For(int rule) const;

  std::vector<Rule> rules_;
  std::vector<std::unique_ptr<Compiled>> compiled_;  // parallel to rules_
  std::vector<std::unique_ptr<re2::RE2>> global_allow_;
  std::unique_ptr<re2::RE2::Options> re_opts_;
  std::vector<int> re2_only_;  // rule indexes not in the Hyperscan db
  // File-name rules: (rule index, compiled path regex).
  std::vector<std::pair<int, std::unique_ptr<re2::RE2>>> path_rules_;
  // Group of each marker; Hyperscan id rules_.size() + k is marker k.
  std::vector<int> marker_groups_;
  hs_database* hs_db_ = nullptr;
  std::string hash_;
  bool loaded_from_cache_ = false;
  double compile_seconds_ = 0;
};

class Matcher {
 public:
  explicit Matcher(const RulesDatabase* db);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Appends every confirmed match in `text`, sorted by (begin, rule).
  // `path` feeds path-aware filters (lockfiles). `dropped`, if non-null,
  // receives the candidates the filters rejected. `markers`, if non-null,
  // receives where EngineOptions::markers occur (markers->valid says
  // whether the engine looked).
  Status Scan(std::string_view text, std::string_view path,
              std::vector<Match>* out,
              std::vector<DroppedMatch>* dropped = nullptr,
              MarkerHits* markers = nullptr);

  // The Hyperscan pass of Scan alone, nothing confirmed: how many
  // candidate ends (rules and markers) `text` holds. The floor under
  // Scan's cost; bench/prefilter_bench measures it.
  size_t CountPrefilterHits(std::string_view text);

  // Same contract, each rule's RE2 over the whole text (no prefilter).
  Status ScanReference(std::string_view text, std::string_view path,
                       std::vector<Match>* out,
                       std::vector<DroppedMatch>* dropped = nullptr);

 private:
  struct Cluster {
    size_t first_end, last_end;
  };
  static int OnHsMatch(unsigned int id, unsigned long long from,
                       unsigned long long to, unsigned int flags, void* ctx);
  // Runs rule `r`'s RE2 over [from, to) of `text`, starting at or after
  // `*consumed`, appending filtered matches. `reference`: the rule's own
  // regex alone, never its loosened twin (see LoosenCountedRepeats), and
  // no use of Hyperscan's ends. `known_start`: where a match of the rule's
  // regex is known to start, if anywhere.
  void ConfirmRegion(int r, std::string_view text, size_t from, size_t to,
                     std::string_view path, size_t* consumed,
                     std::vector<Match>* out,
                     std::vector<DroppedMatch>* dropped,
                     bool reference = false,
                     size_t known_start = std::string_view::npos);

  // Where to start confirming a cluster of an unbounded rule whose first
  // candidate end is `first_end`: the leftmost start of a match ending
  // there, else `fallback`.
  size_t UnboundedRegionStart(int r, std::string_view text, size_t first_end,
                              size_t consumed, size_t fallback);

  const RulesDatabase* db_;
  hs_scratch* scratch_ = nullptr;
  // Per rule: candidate clusters collected during one Hyperscan pass.
  std::vector<std::vector<Cluster>> clusters_;
  std::vector<int> touched_;
  MarkerHits* markers_ = nullptr;  // during Scan
};

// Locates a fixed set of markers in texts that no Matcher pass with those
// markers has read (the reference path, a decoded layer): a database of
// the markers alone (no rules), compiled once, and Matchers lent to one
// caller at a time. Thread-safe.
class MarkerLocator {
 public:
  explicit MarkerLocator(std::vector<Marker> markers);
  ~MarkerLocator();
  MarkerLocator(const MarkerLocator&) = delete;
  MarkerLocator& operator=(const MarkerLocator&) = delete;

  // Fills `hits` as Matcher::Scan does; hits->valid is false when the
  // database could not be built or the scan failed.
  void Locate(std::string_view text, MarkerHits* hits) const;

 private:
  std::unique_ptr<RulesDatabase> db_;
  mutable std::mutex mu_;
  mutable std::vector<std::unique_ptr<Matcher>> idle_;
};

}  // namespace keylint

#endif  // KEYLINT_RULES_ENGINE_H_
