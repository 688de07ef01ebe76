// Shared pieces of the scan detectors (scanner/detectors.h): the per-file
// context that turns detector hits into Findings, and the name and value
// classifiers every detector uses. Internal to scanner/.
//
// Thread-safety: a DetectorContext belongs to one call of RunDetectors on
// one thread; the classifiers are pure functions.
#ifndef KEYLINT_SCANNER_DETECTOR_UTIL_H_
#define KEYLINT_SCANNER_DETECTOR_UTIL_H_

#include <cstdint>
#include <cstring>
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

// A memo of a pure function from short strings (up to kMaxKey bytes) to a
// 16-bit value, for one thread (declare it thread_local): the roles of
// identifiers (code_detectors.cc), whether a literal may be a secret
// (MayBeSecretLiteral). Names and values repeat across the files of a tree,
// and looking one up costs less than classifying it again. Open addressing
// over a power-of-two table with a word-at-a-time multiplicative hash (a
// std::unordered_map keyed by views cost more than the classification it
// saved: a prime modulo and a byte-wise hash per lookup). Emptied when it
// grows past its limits. Not thread-safe.
class ShortStringMemo {
 public:
  template <typename Compute>
  uint16_t Get(std::string_view name, Compute compute) {
    if (name.empty() || name.size() > kMaxKey) return compute(name);
    uint64_t h = Hash(name);
    if (slots_.empty() || used_ * 2 >= slots_.size()) Grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = static_cast<size_t>(h) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.len == 0) {
        uint16_t value = compute(name);
        s = {h, static_cast<uint32_t>(arena_.size()),
             static_cast<uint16_t>(name.size()), value};
        arena_.append(name);
        ++used_;
        return value;
      }
      if (s.hash == h && s.len == name.size() &&
          std::memcmp(arena_.data() + s.offset, name.data(), name.size()) == 0)
        return s.value;
    }
  }

 private:
  static constexpr size_t kMaxKey = 64;

  // Eight bytes at a time, each mixed by a multiply (keys are short: one
  // or two rounds).
  static uint64_t Hash(std::string_view name) {
    constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
    uint64_t h = name.size() * kMul;
    size_t i = 0;
    for (; i + 8 <= name.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, name.data() + i, 8);
      h = (h ^ w) * kMul;
      h ^= h >> 32;
    }
    if (i < name.size()) {
      uint64_t w = 0;
      for (size_t j = i; j < name.size(); ++j)
        w = (w << 8) | static_cast<unsigned char>(name[j]);
      h = (h ^ w) * kMul;
      h ^= h >> 32;
    }
    return h;
  }
  static constexpr size_t kMaxSlots = size_t{1} << 18;
  struct Slot {
    uint64_t hash = 0;
    uint32_t offset = 0;
    uint16_t len = 0;  // 0: free (empty keys are not cached)
    uint16_t value = 0;
  };

  void Grow() {
    size_t n = slots_.empty() ? 4096 : slots_.size() * 2;
    std::vector<Slot> old;
    if (n > kMaxSlots) {  // start over rather than grow without bound
      n = slots_.size();
      arena_.clear();
      used_ = 0;
    } else {
      old.swap(slots_);
    }
    slots_.assign(n, Slot{});
    for (const Slot& s : old) {
      if (s.len == 0) continue;
      size_t i = static_cast<size_t>(s.hash) & (n - 1);
      while (slots_[i].len != 0) i = (i + 1) & (n - 1);
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  std::string arena_;  // the keys, back to back
  size_t used_ = 0;
};

// NotSecretLiteralReason(value) == nullptr, remembered per thread (config
// files repeat their values: hosts, URLs, flags).
bool MayBeSecretLiteral(std::string_view value);

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
// offset in `hits` (ascending; five lines, at most 4 KB, either side),
// each window analysed on its own.
void RunCodeDetectors(DetectorContext& ctx, Lang lang,
                      const std::vector<size_t>* hits = nullptr);

// `export NAME=literal` lines of a shell script (code_detectors.cc).
void RunShellExports(DetectorContext& ctx);

}  // namespace keylint

#endif  // KEYLINT_SCANNER_DETECTOR_UTIL_H_
