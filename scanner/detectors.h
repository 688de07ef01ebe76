// The scan detectors that look at a file's structure rather than at one
// regex: secrets put into environment variables (category `env`), secret
// values reaching logs and exception messages (`log`), and Secrets Manager /
// Parameter Store misuse (`usage`). They run after the engine on each file,
// only on files whose type they understand (scanner/lexer.h ClassifyFile)
// and only when a cheap literal pre-check says the file may be relevant.
//
// Every finding has a rule id from DetectorRules(), honours inline
// suppression (scanner/suppression.h) and the severity threshold, and holds
// no secret: a literal secret appears only as Redact() and Fingerprint();
// findings about code (a variable reaching a log call) are fingerprinted
// over the rule id, the path and a stable description such as the
// variable name.
//
// Thread-safety: RunDetectors may be called concurrently; each thread passes
// its own Matcher. The RulesDatabase is shared read-only.
#ifndef KEYLINT_SCANNER_DETECTORS_H_
#define KEYLINT_SCANNER_DETECTORS_H_

#include <string_view>
#include <vector>

#include "rules/engine.h"
#include "rules/finding.h"
#include "rules/report.h"
#include "rules/severity.h"

namespace keylint {

// The detectors' rule catalogue, sorted by id (for `rules list` and SARIF).
const std::vector<RuleInfo>& DetectorRules();

// Runs every detector that applies to `path` over `text`, appending
// findings at or above `threshold`. `matcher` (over `db`) decides whether a
// value is a secret the engine knows.
// `markers`, when valid, are the engine's hits for AddPreCheckMarkers'
// words in `text` (the pre-check then does not read the file again).
// `engine_matches`, when set, are the engine's matches over `text`: every
// copy of their secrets on a finding's shown line is masked.
void RunDetectors(const RulesDatabase& db, Matcher& matcher,
                  std::string_view path, std::string_view text,
                  Severity threshold, std::vector<Finding>* out,
                  const MarkerHits* markers = nullptr,
                  const std::vector<Match>* engine_matches = nullptr);

// The pre-check's words, for EngineOptions::markers (caseless): the strong
// ones (Secrets Manager / SSM calls) in kStrongWordGroup, the weak ones
// (secret-named names) in kWeakWordGroup.
inline constexpr int kStrongWordGroup = 8;
inline constexpr int kWeakWordGroup = 9;
void AddPreCheckMarkers(std::vector<Marker>* out);

}  // namespace keylint

#endif  // KEYLINT_SCANNER_DETECTORS_H_
