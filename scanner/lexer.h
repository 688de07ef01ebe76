// Small source tokenizers for the scan detectors (scanner/detectors.h).
//
// One table-driven lexer covers the language families the detectors look
// at: Python; JavaScript/TypeScript; Go; Java, Kotlin and C# (the C-like
// family, sharing one specification with per-language string flavours);
// Ruby; PHP; shell. It knows strings (f-strings, template literals, raw
// strings, heredocs, verbatim and triple-quoted strings), comments (dropped)
// and identifiers, and emits a Newline token where a line ends outside
// brackets. It is not a parser: it never fails, and on malformed input it
// produces some token stream and moves on.
//
// ClassifyFile decides from a path (name and extension) and the first line
// (shebang) which lexer or config parser applies to a file.
//
// Thread-safety: pure functions over caller-owned text; tokens are views
// into that text and live as long as it does.
#ifndef KEYLINT_SCANNER_LEXER_H_
#define KEYLINT_SCANNER_LEXER_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace keylint {

enum class Lang {
  kNone,
  kPython,
  kJavaScript,  // and TypeScript
  kGo,
  kJava,
  kKotlin,
  kCSharp,
  kRuby,
  kPhp,
  kShell,
};

enum class ConfigKind {
  kNone,
  kDotenv,      // .env, .env.production, app.env
  kDockerfile,  // Dockerfile, Dockerfile.dev, app.Dockerfile, Containerfile
  kYaml,        // compose, Kubernetes, CI, CloudFormation/SAM: decided later
  kJson,        // CloudFormation JSON, CDK's synthesised templates
  kTerraform,   // .tf
};

struct FileType {
  Lang lang = Lang::kNone;
  ConfigKind config = ConfigKind::kNone;
};

// By base name, extension and (for extensionless files) shebang.
FileType ClassifyFile(std::string_view path, std::string_view data);

// "python", "javascript", ... for messages and tests.
std::string_view LangName(Lang lang);

enum class TokKind : uint8_t { kIdent, kString, kNumber, kPunct, kNewline };

struct Token {
  TokKind kind = TokKind::kPunct;
  // Interpolating string (f-string, template literal, "..." in Ruby, PHP,
  // shell, Kotlin, C# $"..."): InterpolatedExprs finds the expressions.
  bool interpolated = false;
  uint32_t offset = 0;    // byte offset of `text` in the source
  std::string_view text;  // the whole token, quotes and prefixes included
  // For strings: the contents between the delimiters, escapes left as
  // written; for a heredoc, its body. For identifiers: the name without a
  // leading '$' (PHP, shell). Otherwise equal to `text`.
  std::string_view value;
};

struct LexResult {
  std::vector<Token> tokens;
  int comments = 0;  // comments seen (and dropped)
};

// Tokenizes `source` as `lang`. REQUIRES: lang != Lang::kNone.
// With `emit_from`, the text before that offset is read only for the state
// it leaves (inside a string or comment, bracket depth) and yields no
// tokens: a window that starts inside a long line (a minified bundle) is
// lexed as the whole line would be, without its tokens.
void Lex(Lang lang, std::string_view source, LexResult* out,
         size_t emit_from = 0);

// The expressions interpolated into a string token of `lang`: `{x}` in
// Python f-strings and C# $"...", `${x}` in template literals, `#{x}` in
// Ruby, `$x`/`${x}`/`{$x}` in PHP, shell and Kotlin. Views into the token.
std::vector<std::string_view> InterpolatedExprs(Lang lang, const Token& tok);

// Maps byte offsets to 1-based lines and columns.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  int Line(size_t offset) const;    // 1-based
  int Column(size_t offset) const;  // 1-based, in bytes
  // The line containing `offset`, without its newline (and '\r').
  std::string_view LineAt(size_t offset) const;
  // The line before the one containing `offset`; empty for the first.
  std::string_view PreviousLine(size_t offset) const;
  size_t LineStart(size_t offset) const;

 private:
  std::string_view text_;
  std::vector<uint32_t> starts_;
};

}  // namespace keylint

#endif  // KEYLINT_SCANNER_LEXER_H_
