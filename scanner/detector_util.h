// Shared pieces of the scan detectors (scanner/detectors.h): the per-file
// context that turns detector hits into Findings, and the name and value
// classifiers every detector uses. Internal to scanner/.
//
// Thread-safety: a DetectorContext belongs to one call of RunDetectors on
// one thread; the classifiers are pure functions.
#ifndef KEYLINT_SCANNER_DETECTOR_UTIL_H_
#define KEYLINT_SCANNER_DETECTOR_UTIL_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/engine.h"
#include "rules/finding.h"
#include "rules/severity.h"
#include "scanner/lexer.h"

namespace keylint {

class DetectorContext {
 public:
  DetectorContext(const RulesDatabase& db, Matcher& matcher,
                  std::string_view path, std::string_view text,
                  Severity threshold, std::vector<Finding>* out)
      : db_(db),
        matcher_(matcher),
        path_(path),
        text_(text),
        threshold_(threshold),
        out_(out) {}

  // The engine's matches over the whole text: every copy of their secrets
  // on a finding's shown line is masked too (a value the engine found on
  // another line, in context a re-scan of this line alone cannot see).
  void set_engine_matches(const std::vector<Match>* matches) {
    engine_matches_ = matches;
  }

  std::string_view path() const { return path_; }
  std::string_view text() const { return text_; }
  const LineIndex& lines();

  // Appends a finding of detector rule `rule_id` located at [begin, end) of
  // the text. With a non-empty `secret` (a view into the text) the finding
  // carries its redaction and is fingerprinted over it, and the secret is
  // masked in the shown line; otherwise it is fingerprinted over the path
  // and `description` (a variable or parameter name: never a value).
  // `message` must not contain a secret. Honours inline suppression and
  // the severity threshold.
  void Emit(std::string_view rule_id, size_t begin, size_t end,
            std::string message, std::string_view secret,
            std::string_view description);

  // The id of an engine rule matching inside `value` (specific rules before
  // generic ones), or empty.
  std::string EngineRuleFor(std::string_view value);

  // True when `value` assigned to a variable called `name` is a secret: an
  // engine rule matches it, or the name says it holds a secret and the
  // value is a real-looking literal. `*why` (if set) says which, without
  // the value.
  bool IsSecretValue(std::string_view name, std::string_view value,
                     std::string* why);

 private:
  const RulesDatabase& db_;
  Matcher& matcher_;
  std::string_view path_, text_;
  Severity threshold_;
  std::vector<Finding>* out_;
  std::unique_ptr<LineIndex> lines_;
  std::vector<Match> scratch_;
  const std::vector<Match>* engine_matches_ = nullptr;
};

// `name` (an identifier, environment variable, field or parameter name)
// says it holds a secret: DB_PASSWORD, apiKey, client_secret,
// GITHUB_TOKEN, private_key. Names of secrets, their ids/ARNs/paths/lengths
// and hashes (DB_SECRET_NAME, secret_arn, password_hash, token_url,
// NextToken, max_tokens) do not.
bool IsSecretName(std::string_view name);

// Why a literal is not a secret value (placeholder, reference, ARN, path,
// number, plain word, too short, ...), or nullptr when it looks real.
const char* NotSecretLiteralReason(std::string_view value);

// Whether the YAML parse of `text` could find a literal secret in an
// environment block (env, environment, variables), judged from its lines
// alone; false proves it cannot, and the config detectors skip the parse.
// Anything the lines cannot show as the parser reads it (flow collections
// over several lines, aliases, block scalars, escapes) says true.
bool YamlEnvBlocksMayHoldSecret(std::string_view text);

// Config detectors (scanner/config_detectors.cc): .env, Dockerfile, YAML
// (compose, Kubernetes, CI, CloudFormation/SAM), JSON (CloudFormation,
// CDK), Terraform.
void RunConfigDetectors(DetectorContext& ctx, ConfigKind kind);

// Code detectors (scanner/code_detectors.cc) over the tokens of `lang`:
// the whole file when `hits` is null, else only the lines around each
// offset in `hits` (ascending), each window analysed on its own.
void RunCodeDetectors(DetectorContext& ctx, Lang lang,
                      const std::vector<size_t>* hits = nullptr);

// `export NAME=literal` lines of a shell script (code_detectors.cc).
void RunShellExports(DetectorContext& ctx);

}  // namespace keylint

#endif  // KEYLINT_SCANNER_DETECTOR_UTIL_H_
