#include "scanner/scan_driver.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <tuple>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>

#include "scanner/decode.h"
#include "scanner/detectors.h"
#include "scanner/suppression.h"

namespace keylint {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxContext = 160;

struct LineInfo {
  size_t begin, end;  // [begin, end) excludes the newline
  int number;         // 1-based
};

// Maps byte offsets to lines. Offsets must be queried in non-decreasing
// order for the cursor to stay linear.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {}
  LineInfo At(size_t offset) {
    if (offset < line_begin_) Reset();
    while (true) {
      const void* nl = std::memchr(text_.data() + line_begin_, '\n',
                                   text_.size() - line_begin_);
      size_t line_end = nl ? static_cast<size_t>(
                                 static_cast<const char*>(nl) - text_.data())
                           : text_.size();
      if (offset <= line_end || !nl) return {line_begin_, line_end, line_};
      line_begin_ = line_end + 1;
      ++line_;
    }
  }

 private:
  void Reset() {
    line_begin_ = 0;
    line_ = 1;
  }
  std::string_view text_;
  size_t line_begin_ = 0;
  int line_ = 1;
};

std::string_view LineText(std::string_view text, const LineInfo& li) {
  std::string_view line = text.substr(li.begin, li.end - li.begin);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Previous line of `li`, or empty.
std::string_view PreviousLine(std::string_view text, const LineInfo& li) {
  if (li.begin == 0) return {};
  size_t end = li.begin - 1;  // the '\n' that ends the previous line
  size_t nl = end == 0 ? std::string_view::npos : text.rfind('\n', end - 1);
  size_t begin = nl == std::string_view::npos ? 0 : nl + 1;
  std::string_view line = text.substr(begin, end - begin);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// The line with every secret span on it replaced by "***", cut to a window
// around the finding's column.
std::string MaskedContext(std::string_view text, const LineInfo& li,
                          const std::vector<Match>& matches,
                          size_t focus_offset) {
  std::string out;
  size_t pos = li.begin;
  // Collect secret spans intersecting the line.
  std::vector<std::pair<size_t, size_t>> spans;
  std::string_view line = text.substr(li.begin, li.end - li.begin);
  for (const auto& m : matches) {
    if (m.secret_end > li.begin && m.secret_begin < li.end) {
      spans.push_back({std::max(m.secret_begin, li.begin),
                       std::min(m.secret_end, li.end)});
    }
    // Every other copy of a detected secret on this line is masked too
    // (`pw = "X"  # was X`): found by tests/no_leak_test.cc.
    std::string_view secret =
        text.substr(m.secret_begin, m.secret_end - m.secret_begin);
    if (secret.size() < 8) continue;
    for (size_t at = line.find(secret); at != std::string_view::npos;
         at = line.find(secret, at + 1)) {
      spans.push_back({li.begin + at, li.begin + at + secret.size()});
    }
  }
  std::sort(spans.begin(), spans.end());
  size_t focus_in_out = 0;
  for (const auto& [b, e] : spans) {
    if (b < pos) {  // overlapping spans
      pos = std::max(pos, e);
      continue;
    }
    out.append(text.substr(pos, b - pos));
    if (b <= focus_offset && focus_offset < e) focus_in_out = out.size();
    out.append("***");
    pos = e;
  }
  if (pos < li.end) out.append(text.substr(pos, li.end - pos));
  if (!out.empty() && out.back() == '\r') out.pop_back();
  if (focus_in_out == 0 && focus_offset > li.begin)
    focus_in_out = std::min(out.size(), focus_offset - li.begin);
  // Trim leading indentation and cut long lines around the focus.
  size_t lead = out.find_first_not_of(" \t");
  if (lead == std::string::npos) return {};
  if (out.size() - lead > kMaxContext) {
    size_t start = focus_in_out > kMaxContext / 2 ? focus_in_out - kMaxContext / 2
                                                  : 0;
    start = std::max(start, lead);
    std::string cut = out.substr(start, kMaxContext);
    return (start > lead ? "…" : "") + cut + "…";
  }
  return out.substr(lead);
}

class ScanVisitor : public FileVisitor {
 public:
  ScanVisitor(const RulesDatabase& db, const ScanOptions& options, int threads)
      : db_(db),
        options_(options),
        stages_{options.threshold, options.reference_engine,
                options.detectors && !std::getenv("KEYLINT_NO_DETECTORS"),
                std::getenv("KEYLINT_NO_DECODE") ? 0 : options.decode_depth,
                options.secrets} {
    workers_.resize(static_cast<size_t>(std::max(threads, 1)));
  }

  void OnFile(const FileContent& file) override {
    Worker& w = worker(file.worker);
    if (!w.matcher) w.matcher = std::make_unique<Matcher>(&db_);
    auto t0 = Clock::now();
    Status s = ScanFileText(db_, *w.matcher, stages_, file.rel_path, file.data,
                            &w.scratch, &w.findings);
    if (!s.ok())
      w.errors.push_back({std::string(file.rel_path), 0, s.message()});
    PathFindings(db_, file.rel_path, options_.threshold, &w.findings);
    w.match_seconds +=
        std::chrono::duration<double>(Clock::now() - t0).count();
    w.files += 1;
    w.bytes += file.data.size();
  }

  void OnSkip(std::string_view rel_path, SkipReason reason) override {
    skipped_.fetch_add(1, std::memory_order_relaxed);
    // Binary and oversized files are not read, but their names still say
    // what they are: a committed keystore is a finding.
    if (reason == SkipReason::kBinary || reason == SkipReason::kTooLarge) {
      std::vector<Finding> found;
      PathFindings(db_, rel_path, options_.threshold, &found);
      if (found.empty()) return;
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& f : found) skipped_findings_.push_back(std::move(f));
    }
  }

  void OnError(std::string_view rel_path, std::string_view message) override {
    std::lock_guard<std::mutex> lock(mu_);
    errors_.push_back({std::string(rel_path), 0, std::string(message)});
  }

  void Collect(Report* report) {
    for (auto& w : workers_) {
      for (auto& f : w.findings) report->findings.push_back(std::move(f));
      for (auto& e : w.errors) report->errors.push_back(std::move(e));
      report->stats.files_scanned += w.files;
      report->stats.bytes_scanned += w.bytes;
      report->stats.match_seconds += w.match_seconds;
    }
    for (auto& e : errors_) report->errors.push_back(std::move(e));
    for (auto& f : skipped_findings_) report->findings.push_back(std::move(f));
    report->stats.files_skipped += skipped_.load();
  }

 private:
  struct Worker {
    std::unique_ptr<Matcher> matcher;
    FileScratch scratch;
    std::vector<Finding> findings;
    std::vector<InputError> errors;
    uint64_t files = 0, bytes = 0;
    double match_seconds = 0;
  };
  Worker& worker(int i) {
    return workers_[static_cast<size_t>(i) % workers_.size()];
  }

  const RulesDatabase& db_;
  const ScanOptions& options_;
  const FileStages stages_;
  std::vector<Worker> workers_;
  std::atomic<uint64_t> skipped_{0};
  std::mutex mu_;
  std::vector<InputError> errors_;            // guarded by mu_
  std::vector<Finding> skipped_findings_;     // guarded by mu_
};

}  // namespace

Status ScanFileText(const RulesDatabase& db, Matcher& matcher,
                    const FileStages& stages, std::string_view path,
                    std::string_view text, FileScratch* scratch,
                    std::vector<Finding>* out) {
  scratch->matches.clear();
  Status s = stages.reference_engine
                 ? matcher.ScanReference(text, path, &scratch->matches)
                 : matcher.Scan(text, path, &scratch->matches, nullptr,
                                &scratch->markers);
  if (!s.ok()) return s;
  // The reference path has no marker hits: the stages look for themselves.
  const MarkerHits* markers =
      stages.reference_engine ? nullptr : &scratch->markers;
  MatchesToFindings(db, path, text, scratch->matches, stages.threshold, out,
                    stages.secrets);
  if (stages.decode_depth > 0) {
    // The decode stage scans decoded text with the same matcher but asks
    // for no marker hits: the file's stay as they are for the detectors.
    ScanDecoded(db, matcher, path, text, scratch->matches,
                {stages.decode_depth, stages.threshold, stages.secrets,
                 markers},
                &scratch->decoder, out);
  }
  if (stages.detectors)
    RunDetectors(db, matcher, path, text, stages.threshold, out, markers,
                 &scratch->matches);
  return Status::Ok();
}

std::vector<Marker> ScanMarkers() {
  static_assert(kCarrierMarkerGroup + kCarrierMarkerGroups <= kStrongWordGroup);
  std::vector<Marker> markers;
  AddCarrierMarkers(&markers);
  AddPreCheckMarkers(&markers);
  return markers;
}

void PathFindings(const RulesDatabase& db, std::string_view path,
                  Severity threshold, std::vector<Finding>* out) {
  std::vector<int> hits;
  db.MatchPath(path, &hits);
  for (int r : hits) {
    const Rule& rule = db.rules()[static_cast<size_t>(r)];
    if (rule.severity < threshold) continue;
    Finding f;
    f.rule_id = rule.id;
    f.category = rule.category;
    f.severity = rule.severity;
    f.message = rule.description;
    f.path = std::string(path);
    // The whole file is the finding: no line, and nothing of it is shown.
    f.redacted = "(whole file)";
    f.fingerprint = Fingerprint(rule.id, "path:" + f.path);
    out->push_back(std::move(f));
  }
}

std::string MaskedContextAt(std::string_view text, size_t offset,
                            const std::vector<Match>& masks) {
  LineCursor cursor(text);
  return MaskedContext(text, cursor.At(offset), masks, offset);
}

// Private-key rules match the end of a key's body (their Hyperscan width
// stays bounded); the finding is reported from the `-----BEGIN` line that
// opens the block, when one lies within 64 KiB before `at` with no
// `-----END` between. Returns `at` otherwise.
size_t PemBlockStart(std::string_view text, size_t at) {
  size_t lo = at > (64u << 10) ? at - (64u << 10) : 0;
  std::string_view before = text.substr(lo, at - lo);
  size_t b = before.rfind("-----BEGIN");
  if (b == std::string_view::npos) return at;
  if (before.find("-----END", b) != std::string_view::npos) return at;
  return lo + b;
}

void MatchesToFindings(const RulesDatabase& db, std::string_view path,
                       std::string_view text, const std::vector<Match>& matches,
                       Severity threshold, std::vector<Finding>* out,
                       SecretSink* secrets) {
  // A generic rule yields to a specific rule whose secret overlaps its own:
  // one secret, one finding, from the rule that knows what it is.
  std::vector<std::pair<size_t, size_t>> specific;
  for (const auto& m : matches) {
    if (!db.rules()[static_cast<size_t>(m.rule)].HasTag("generic"))
      specific.push_back({m.secret_begin, m.secret_end});
  }
  std::sort(specific.begin(), specific.end());
  auto overlaps_specific = [&](const Match& m) {
    // First specific span starting at or after m's end cannot overlap; walk
    // back over the spans that start before it.
    auto it = std::lower_bound(specific.begin(), specific.end(),
                               std::make_pair(m.secret_end, size_t{0}));
    while (it != specific.begin()) {
      --it;
      if (it->second > m.secret_begin) return true;
      if (m.secret_begin - it->first > (1u << 16)) break;  // spans are short
    }
    return false;
  };

  LineCursor cursor(text);
  for (const auto& m : matches) {
    const Rule& rule = db.rules()[static_cast<size_t>(m.rule)];
    if (rule.severity < threshold) continue;
    if (rule.HasTag("generic") && overlaps_specific(m)) continue;
    LineInfo start = cursor.At(m.secret_begin);
    std::string_view line = LineText(text, start);
    if (LineAllows(line, rule.id) ||
        PreviousLineAllows(PreviousLine(text, start), rule.id)) {
      continue;
    }
    // The match may start on an earlier line than its secret (multi-line
    // rules); suppression also honours the match's first line.
    size_t report_at = m.secret_begin;
    if (rule.HasTag("private-key"))
      report_at = PemBlockStart(text, std::min(m.begin, m.secret_begin));
    LineInfo match_start = start;
    if (std::min(m.begin, report_at) < start.begin) {
      LineCursor c2(text);
      match_start = c2.At(std::min(m.begin, report_at));
      if (LineAllows(LineText(text, match_start), rule.id) ||
          PreviousLineAllows(PreviousLine(text, match_start), rule.id))
        continue;
    }
    LineInfo report = start;
    if (report_at < m.secret_begin) {
      LineCursor c3(text);
      report = c3.At(report_at);
    }
    std::string_view secret =
        text.substr(m.secret_begin, m.secret_end - m.secret_begin);
    Finding f;
    f.rule_id = rule.id;
    f.category = rule.category;
    f.severity = rule.severity;
    f.message = rule.description;
    f.path = std::string(path);
    f.line = report.number;
    f.column = static_cast<int>(report_at - report.begin) + 1;
    LineCursor end_cursor(text);
    LineInfo end = m.secret_end > 0 ? end_cursor.At(m.secret_end - 1) : start;
    f.end_line = end.number;
    f.end_column = static_cast<int>(m.secret_end - end.begin) + 1;
    f.redacted = Redact(secret);
    f.fingerprint = Fingerprint(rule.id, secret);
    if (report_at < m.secret_begin) {
      // The whole key body is masked in the shown line, not only the
      // fingerprinted end of it (a PEM escaped onto one line, in JSON).
      size_t marker = text.find("-----", report_at + 10);
      Match body = m;
      body.secret_begin = marker == std::string_view::npos
                              ? report_at
                              : std::min(marker + 5, m.secret_begin);
      std::vector<Match> masks = matches;
      masks.push_back(body);
      f.context = MaskedContext(text, report, masks, report_at);
    } else {
      f.context = MaskedContext(text, report, matches, report_at);
    }
    if (secrets != nullptr && secrets->Wants(rule.id))
      secrets->Offer(rule.id, f.fingerprint, secret, text, m.secret_begin);
    out->push_back(std::move(f));
  }
}

void SortReport(Report* report) {
  SortFindings(&report->findings);
  std::sort(report->errors.begin(), report->errors.end(),
            [](const InputError& a, const InputError& b) {
              return std::tie(a.path, a.line, a.message) <
                     std::tie(b.path, b.line, b.message);
            });
}

Status RunScan(const std::string& root, const RulesDatabase& db,
               const ScanOptions& options, Report* report) {
  auto t0 = Clock::now();
  int threads = options.walk.threads > 0
                    ? options.walk.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  WalkOptions walk = options.walk;
  walk.threads = threads;
  ScanVisitor visitor(db, options, threads);
  Status s = Walk(root, walk, &visitor);
  if (!s.ok()) return s;
  visitor.Collect(report);
  SortReport(report);
  report->stats.threads = threads;
  report->stats.wall_seconds =
      std::chrono::duration<double>(Clock::now() - t0).count();
  report->stats.walk_seconds =
      std::max(0.0, report->stats.wall_seconds * threads -
                        report->stats.match_seconds);
  return Status::Ok();
}

}  // namespace keylint
