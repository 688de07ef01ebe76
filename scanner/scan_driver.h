// The scan driver: walks a source tree (scanner/walker.h), runs the matching
// engine on every file in the walker's threads, applies inline suppression
// and the severity threshold, and fills a Report with sorted findings whose
// secrets are reduced to a redacted preview and a fingerprint.
//
// Thread-safety: RunScan may be called concurrently with distinct reports;
// the RulesDatabase is shared read-only.
#ifndef KEYLINT_SCANNER_SCAN_DRIVER_H_
#define KEYLINT_SCANNER_SCAN_DRIVER_H_

#include <string>
#include <string_view>
#include <vector>

#include "rules/engine.h"
#include "rules/finding.h"
#include "rules/report.h"
#include "rules/secret_sink.h"
#include "rules/severity.h"
#include "rules/status.h"
#include "scanner/decode.h"
#include "scanner/walker.h"

namespace keylint {

struct ScanOptions {
  WalkOptions walk;
  Severity threshold = Severity::kInfo;  // findings below are not reported
  bool reference_engine = false;  // differential testing only
  // Run the env/log/usage detectors (scanner/detectors.h) after the engine.
  // KEYLINT_NO_DETECTORS=1 in the environment turns them off (benchmarks).
  bool detectors = true;
  // Encoded secrets (scanner/decode.h): decode spans that look encoded and
  // scan the result, nested up to this depth; 0 turns decoding off.
  int decode_depth = 2;
  // --verify only: receives every confirmed secret a verifier wants. Null
  // (the default) keeps no value anywhere.
  SecretSink* secrets = nullptr;
};

// The stages run over each file's text, and the buffers one thread reuses
// between files.
struct FileStages {
  Severity threshold = Severity::kInfo;
  bool reference_engine = false;
  bool detectors = true;
  int decode_depth = 2;
  SecretSink* secrets = nullptr;
};
struct FileScratch {
  std::vector<Match> matches;
  MarkerHits markers;
  DecodeScratch decoder;
};

// Runs the engine, then the decode stage and the detectors, over one file's
// text, appending its findings (not sorted; no file-name rules). Non-OK
// when the engine cannot scan the text. The stages share the engine's one
// Hyperscan pass through ScanMarkers().
Status ScanFileText(const RulesDatabase& db, Matcher& matcher,
                    const FileStages& stages, std::string_view path,
                    std::string_view text, FileScratch* scratch,
                    std::vector<Finding>* out);

// The literals the decode stage and the detectors need located in a file:
// give them to the engine (EngineOptions::markers) so that its Hyperscan
// pass finds them too.
std::vector<Marker> ScanMarkers();

// Scans `root`. Non-OK only when the root itself cannot be read; per-file
// problems land in report->errors. Fills findings, errors and stats; the
// caller sets tool name/version and rules metadata.
Status RunScan(const std::string& root, const RulesDatabase& db,
               const ScanOptions& options, Report* report);

// Turns the engine's matches in one file into findings (line/column,
// redaction, fingerprint, masked context, inline suppression, threshold).
// Exposed for tests and for detectors that scan in-memory text. `secrets`,
// when not null, is offered the value of each finding it Wants().
void MatchesToFindings(const RulesDatabase& db, std::string_view path,
                       std::string_view text, const std::vector<Match>& matches,
                       Severity threshold, std::vector<Finding>* out,
                       SecretSink* secrets = nullptr);

// The line of `text` holding `offset`, with every secret span of `masks`
// on it replaced by "***" and cut to a window around `offset`: a finding's
// `context`.
std::string MaskedContextAt(std::string_view text, size_t offset,
                            const std::vector<Match>& masks);

// Sorts findings (FindingLess) and errors (path, line, message): the order
// every scan source hands its report over in.
void SortReport(Report* report);

// Findings of the file-name rules matching `path` (line 0: the whole file).
void PathFindings(const RulesDatabase& db, std::string_view path,
                  Severity threshold, std::vector<Finding>* out);

}  // namespace keylint

#endif  // KEYLINT_SCANNER_SCAN_DRIVER_H_
