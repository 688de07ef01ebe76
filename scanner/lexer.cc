#include "scanner/lexer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace keylint {
namespace {

// What distinguishes one language family's lexical syntax from another's.
struct LexSpec {
  bool hash_comment = false;    // # to end of line
  bool slash_comment = false;   // // and /* */
  bool backtick = false;        // `...` strings
  bool backtick_interp = false; // `...${x}...` (JS) / `cmd $x` (shell)
  bool triple_quote = false;    // """...""" (and ''' in Python)
  bool python_prefix = false;   // f"", r"", b"", rb"", fr"" ...
  bool csharp_prefix = false;   // @"...", $"...", $@"..."
  bool dq_interp = false;       // "..." interpolates (Ruby, PHP, shell, Kotlin)
  bool sq_escapes = true;       // '\'' escapes (false in shell)
  bool dollar_ident = false;    // $name is an identifier (PHP, shell)
  bool brace_bracket = false;   // { } suppress newlines (Python, shell)
  enum Heredoc { kNoHeredoc, kShellHeredoc, kRubyHeredoc, kPhpHeredoc };
  Heredoc heredoc = kNoHeredoc;
};

LexSpec SpecFor(Lang lang) {
  LexSpec s;
  switch (lang) {
    case Lang::kPython:
      s.hash_comment = s.triple_quote = s.python_prefix = s.brace_bracket =
          true;
      break;
    case Lang::kJavaScript:
      s.slash_comment = s.backtick = s.backtick_interp = true;
      break;
    case Lang::kGo:
      s.slash_comment = s.backtick = true;  // raw strings, no interpolation
      break;
    case Lang::kJava:
      s.slash_comment = s.triple_quote = true;  // text blocks
      break;
    case Lang::kKotlin:
      s.slash_comment = s.triple_quote = s.dq_interp = true;
      break;
    case Lang::kCSharp:
      s.slash_comment = s.triple_quote = s.csharp_prefix = true;
      break;
    case Lang::kRuby:
      s.hash_comment = s.dq_interp = s.backtick = s.backtick_interp = true;
      s.heredoc = LexSpec::kRubyHeredoc;
      break;
    case Lang::kPhp:
      s.hash_comment = s.slash_comment = s.dq_interp = s.dollar_ident = true;
      s.heredoc = LexSpec::kPhpHeredoc;
      break;
    case Lang::kShell:
      s.hash_comment = s.dq_interp = s.dollar_ident = s.backtick =
          s.backtick_interp = true;
      s.sq_escapes = false;
      s.heredoc = LexSpec::kShellHeredoc;
      break;
    case Lang::kNone:
      break;
  }
  return s;
}

// ASCII only, without the locale lookups of <cctype>: one table lookup
// per byte (the lexer asks for every byte of every identifier).
// kBlankClass: blanks other than '\n' (Lexer::Skim). kStringStopClass:
// what a string's end, escape or interpolation can start with (the first
// byte of every delimiter, '\\', '\n', '$', '#'; Lexer::QuotedString).
enum CharClass : uint8_t {
  kIdStartClass = 1,
  kIdCharClass = 2,
  kBlankClass = 4,
  kStringStopClass = 8
};
constexpr std::array<uint8_t, 256> kCharClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    bool start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    bool blank = c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
    t[static_cast<size_t>(c)] = static_cast<uint8_t>(
        (start ? kIdStartClass : 0) | (start || digit ? kIdCharClass : 0) |
        (blank ? kBlankClass : 0) |
        (c == '"' || c == '\'' || c == '`' || c == '\\' || c == '\n' ||
                 c == '$' || c == '#'
             ? kStringStopClass
             : 0));
  }
  return t;
}();
inline bool IsIdStart(char c) {
  return kCharClass[static_cast<unsigned char>(c)] & kIdStartClass;
}
inline bool IsIdChar(char c) {
  return kCharClass[static_cast<unsigned char>(c)] & kIdCharClass;
}

class Lexer {
 public:
  Lexer(Lang lang, std::string_view src, LexResult* out, size_t emit_from)
      : lang_(lang),
        spec_(SpecFor(lang)),
        src_(src),
        out_(out),
        emit_from_(emit_from) {}

  void Run() {
    while (pos_ < src_.size()) {
      if (pos_ < emit_from_) Skim();
      if (pos_ < src_.size()) Step();
    }
  }

 private:
  // Before emit_from_ only the state matters (in a string or comment or
  // not, bracket depth), and most bytes change none of it: blanks,
  // identifiers and numbers are passed over whole (as Step would consume
  // them: a token that starts before emit_from_ is not emitted even where
  // it reaches past it; an identifier right before a quote is left to Step,
  // it may prefix a string, f"..."), operators go straight to Punct (the
  // bracket depth). Step reads what may start a string, comment, heredoc,
  // `${` or a line continuation, and newlines. LexerTest checks the tokens
  // against a whole-text lex at every offset.
  void Skim() {
    while (pos_ < emit_from_) {
      const uint8_t cls = kCharClass[static_cast<unsigned char>(src_[pos_])];
      if (cls & kBlankClass) {
        ++pos_;
        continue;
      }
      if (!(cls & kIdCharClass)) {
        switch (src_[pos_]) {
          case '\n':
          case '"':
          case '\'':
          case '`':
          case '/':
          case '\\':
          case '#':
          case '@':
          case '$':
          case '<':
            return;
          case '=':  // Ruby's =begin
            if (lang_ == Lang::kRuby) return;
            break;
          default:
            break;
        }
        Punct();  // what Step does with the rest (no token this early)
        continue;
      }
      size_t end = pos_ + 1;
      bool number = !(cls & kIdStartClass);
      while (end < src_.size() &&
             (IsIdChar(src_[end]) || (number && src_[end] == '.')))
        ++end;
      if (end < src_.size() &&
          (src_[end] == '"' || src_[end] == '\'' || src_[end] == '`'))
        return;
      pos_ = end;
    }
  }

  char At(size_t i) const { return i < src_.size() ? src_[i] : '\0'; }

  void Emit(TokKind kind, size_t begin, size_t end, size_t vbegin,
            size_t vend, bool interp = false) {
    if (begin < emit_from_) return;
    Token t;
    t.kind = kind;
    t.interpolated = interp;
    t.offset = static_cast<uint32_t>(begin);
    t.text = src_.substr(begin, end - begin);
    t.value = src_.substr(vbegin, vend > vbegin ? vend - vbegin : 0);
    out_->tokens.push_back(t);
  }

  void Newline() {
    // A heredoc opened on this line: its body follows the newline.
    if (heredoc_resume_ > pos_) {
      pos_ = heredoc_resume_;
      heredoc_resume_ = 0;
    } else {
      ++pos_;
    }
    if (depth_ > 0) return;
    if (!out_->tokens.empty() &&
        out_->tokens.back().kind != TokKind::kNewline)
      Emit(TokKind::kNewline, pos_ - 1, pos_, pos_ - 1, pos_);
  }

  void SkipLineComment() {
    ++out_->comments;
    while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
  }

  void SkipBlockComment() {
    ++out_->comments;
    size_t end = src_.find("*/", pos_ + 2);
    pos_ = end == std::string_view::npos ? src_.size() : end + 2;
  }

  // A string whose opening delimiter `delim` starts at `q`; the token
  // starts at `begin` (before any prefix).
  void QuotedString(size_t begin, size_t q, std::string_view delim,
                    bool escapes, bool interp, bool verbatim = false) {
    size_t i = q + delim.size();
    size_t vbegin = i;
    int brace = 0;
    while (i < src_.size()) {
      // Bytes none of the tests below looks at, passed over by table.
      while (
          i < src_.size() &&
          !(kCharClass[static_cast<unsigned char>(src_[i])] & kStringStopClass))
        ++i;
      if (i >= src_.size()) break;
      char c = src_[i];
      if (escapes && c == '\\') {
        i += 2;
        continue;
      }
      // Template literal `${ ... }`, Ruby `#{ ... }`, Kotlin `${ ... }`:
      // the expression may hold nested quotes.
      if (interp && At(i + 1) == '{' &&
          ((delim == "`" && c == '$') || (lang_ == Lang::kRuby && c == '#') ||
           (lang_ == Lang::kKotlin && c == '$'))) {
        brace = 1;
        i += 2;
        while (i < src_.size() && brace > 0) {
          if (src_[i] == '{') ++brace;
          if (src_[i] == '}') --brace;
          ++i;
        }
        continue;
      }
      if (c == delim[0] &&
          (delim.size() == 1 || src_.compare(i, delim.size(), delim) == 0)) {
        // C# verbatim strings double the quote to escape it.
        if (verbatim && At(i + 1) == '"') {
          i += 2;
          continue;
        }
        Emit(TokKind::kString, begin, i + delim.size(), vbegin, i, interp);
        pos_ = i + delim.size();
        return;
      }
      // Single-line strings end at a newline (unterminated).
      if (c == '\n' && delim.size() == 1 && delim != "`" && !verbatim &&
          lang_ != Lang::kShell && lang_ != Lang::kRuby &&
          lang_ != Lang::kPhp)
        break;
      ++i;
    }
    Emit(TokKind::kString, begin, i, vbegin, i, interp);
    pos_ = i;
  }

  // Heredoc openers: shell `<<EOF`, `<<-EOF`, `<<'EOF'`; Ruby `<<~EOS`,
  // `<<-EOS`; PHP `<<<EOT`, `<<<'EOT'`. Returns false if not a heredoc.
  bool Heredoc() {
    size_t i = pos_ + 2;
    if (spec_.heredoc == LexSpec::kPhpHeredoc) {
      if (At(i) != '<') return false;
      ++i;
      while (At(i) == ' ') ++i;
    }
    bool indented = false;
    if (At(i) == '-' || At(i) == '~') {
      indented = true;
      ++i;
    }
    if (spec_.heredoc == LexSpec::kPhpHeredoc) indented = true;
    bool interp = true;
    char quote = 0;
    if (At(i) == '\'' || At(i) == '"') {
      quote = At(i);
      interp = quote == '"';
      ++i;
    }
    size_t name_begin = i;
    while (IsIdChar(At(i))) ++i;
    if (i == name_begin) return false;
    // Ruby: only an upper-case terminator reads as a heredoc (`a << b`).
    if (spec_.heredoc == LexSpec::kRubyHeredoc && !quote &&
        !std::isupper(static_cast<unsigned char>(src_[name_begin])))
      return false;
    std::string_view name = src_.substr(name_begin, i - name_begin);
    if (quote) {
      if (At(i) != quote) return false;
      ++i;
    }
    size_t nl = src_.find('\n', i);
    if (nl == std::string_view::npos) return false;
    // The body: lines after this one, up to a line that is the terminator.
    size_t body = nl + 1, line = body, body_end = src_.size(),
           resume = src_.size();
    while (line < src_.size()) {
      size_t eol = src_.find('\n', line);
      if (eol == std::string_view::npos) eol = src_.size();
      std::string_view l = src_.substr(line, eol - line);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      if (indented) {
        size_t s = l.find_first_not_of(" \t");
        l = s == std::string_view::npos ? std::string_view() : l.substr(s);
      }
      if (l == name || (spec_.heredoc == LexSpec::kPhpHeredoc &&
                        l.substr(0, name.size()) == name &&
                        (l.size() == name.size() || !IsIdChar(l[name.size()])))) {
        body_end = line;
        resume = eol;  // the terminator line's newline ends the statement
        break;
      }
      line = eol + 1;
    }
    Emit(TokKind::kString, pos_, i, body, body_end, interp);
    pos_ = i;
    heredoc_resume_ = std::max(resume, nl);
    if (resume >= src_.size()) heredoc_resume_ = src_.size();
    return true;
  }

  bool StringStart() {
    char c = src_[pos_];
    size_t begin = pos_;
    // Prefixes.
    if (spec_.python_prefix && IsIdStart(c)) {
      size_t i = pos_;
      bool f = false, raw = false;
      while (i < src_.size() && i - pos_ < 3 &&
             std::strchr("rRbBuUfF", src_[i]) != nullptr) {
        if (src_[i] == 'f' || src_[i] == 'F') f = true;
        if (src_[i] == 'r' || src_[i] == 'R') raw = true;
        ++i;
      }
      (void)raw;  // raw strings still end only at an unescaped quote
      if (i == pos_ || (At(i) != '"' && At(i) != '\'')) return false;
      PythonString(begin, i, f);
      return true;
    }
    if (spec_.csharp_prefix && (c == '@' || c == '$')) {
      size_t i = pos_;
      bool verbatim = false, interp = false;
      while (At(i) == '@' || At(i) == '$') {
        if (At(i) == '@') verbatim = true;
        if (At(i) == '$') interp = true;
        ++i;
      }
      if (At(i) != '"') return false;
      if (src_.compare(i, 3, "\"\"\"") == 0) {
        QuotedString(begin, i, "\"\"\"", false, interp);
      } else {
        QuotedString(begin, i, "\"", !verbatim, interp, verbatim);
      }
      return true;
    }
    if (c == '"' || c == '\'') {
      if (spec_.python_prefix) {
        PythonString(begin, pos_, false);
        return true;
      }
      if (spec_.triple_quote && c == '"' &&
          src_.compare(pos_, 3, "\"\"\"") == 0) {
        QuotedString(begin, pos_, "\"\"\"", lang_ != Lang::kKotlin,
                     spec_.dq_interp);
        return true;
      }
      if (c == '"') {
        QuotedString(begin, pos_, "\"", true,
                     spec_.dq_interp || lang_ == Lang::kNone);
      } else {
        QuotedString(begin, pos_, "'", spec_.sq_escapes, false);
      }
      return true;
    }
    if (c == '`' && spec_.backtick) {
      QuotedString(begin, pos_, "`", lang_ != Lang::kGo, spec_.backtick_interp);
      return true;
    }
    return false;
  }

  void PythonString(size_t begin, size_t q, bool f) {
    char c = src_[q];
    std::string_view delim = c == '"' ? "\"" : "'";
    if (src_.compare(q, 3, c == '"' ? "\"\"\"" : "'''") == 0)
      delim = c == '"' ? "\"\"\"" : "'''";
    QuotedString(begin, q, delim, true, f);
  }

  void Step() {
    char c = src_[pos_];
    if (c == '\n') {
      Newline();
      return;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      ++pos_;
      return;
    }
    // Line continuation.
    if (c == '\\' && At(pos_ + 1) == '\n') {
      pos_ += 2;
      return;
    }
    if (spec_.hash_comment && c == '#') {
      // Shell: '#' starts a comment only at the start of a word.
      bool word_start = pos_ == 0 || std::isspace(static_cast<unsigned char>(
                                         src_[pos_ - 1])) ||
                        src_[pos_ - 1] == ';';
      if (lang_ != Lang::kShell || word_start) {
        // Ruby's `#{` only matters inside strings; PHP 8 attributes `#[`.
        if (!(lang_ == Lang::kPhp && At(pos_ + 1) == '[')) {
          SkipLineComment();
          return;
        }
      }
    }
    if (spec_.slash_comment && c == '/' && At(pos_ + 1) == '/') {
      SkipLineComment();
      return;
    }
    if (spec_.slash_comment && c == '/' && At(pos_ + 1) == '*') {
      SkipBlockComment();
      return;
    }
    if (lang_ == Lang::kRuby && c == '=' &&
        src_.compare(pos_, 6, "=begin") == 0 &&
        (pos_ == 0 || src_[pos_ - 1] == '\n')) {
      ++out_->comments;
      size_t end = src_.find("\n=end", pos_);
      pos_ = end == std::string_view::npos ? src_.size() : end + 5;
      return;
    }
    if (spec_.heredoc != LexSpec::kNoHeredoc && c == '<' &&
        At(pos_ + 1) == '<' && Heredoc())
      return;
    if (StringStart()) return;
    if (IsIdStart(c) || (spec_.dollar_ident && c == '$' &&
                         (IsIdStart(At(pos_ + 1)) ||
                          (lang_ == Lang::kShell &&
                           std::isdigit(static_cast<unsigned char>(
                               At(pos_ + 1))))))) {
      size_t b = pos_;
      size_t vb = c == '$' ? pos_ + 1 : pos_;
      pos_ = vb;
      while (pos_ < src_.size() && IsIdChar(src_[pos_])) ++pos_;
      Emit(TokKind::kIdent, b, pos_, vb, pos_);
      return;
    }
    if (c >= '0' && c <= '9') {
      size_t b = pos_;
      while (pos_ < src_.size() &&
             (IsIdChar(src_[pos_]) || src_[pos_] == '.'))
        ++pos_;
      Emit(TokKind::kNumber, b, pos_, b, pos_);
      return;
    }
    Punct();
  }

  // The multi-character operators, longest first: === !== **= ... == !=
  // <= >= => -> :: := += -= *= /= && || ?. ?? << ${ (a switch on the first
  // byte: comparing each candidate was a fifth of the lexer's time).
  size_t MultiPunctLength() const {
    const char c1 = At(pos_ + 1), c2 = At(pos_ + 2);
    switch (src_[pos_]) {
      case '=':
        if (c1 == '=') return c2 == '=' ? 3 : 2;
        return c1 == '>' ? 2 : 0;
      case '!':
        if (c1 == '=') return c2 == '=' ? 3 : 2;
        return 0;
      case '*':
        if (c1 == '*' && c2 == '=') return 3;
        return c1 == '=' ? 2 : 0;
      case '.':
        return c1 == '.' && c2 == '.' ? 3 : 0;
      case '<':
        return c1 == '=' || c1 == '<' ? 2 : 0;
      case '>':
        return c1 == '=' ? 2 : 0;
      case '-':
        return c1 == '>' || c1 == '=' ? 2 : 0;
      case ':':
        return c1 == ':' || c1 == '=' ? 2 : 0;
      case '+':
      case '/':
        return c1 == '=' ? 2 : 0;
      case '&':
        return c1 == '&' ? 2 : 0;
      case '|':
        return c1 == '|' ? 2 : 0;
      case '?':
        return c1 == '.' || c1 == '?' ? 2 : 0;
      case '$':
        return c1 == '{' ? 2 : 0;
      default:
        return 0;
    }
  }

  void Punct() {
    size_t n = MultiPunctLength();
    if (n == 0) {
      EmitSingle();
      return;
    }
    Emit(TokKind::kPunct, pos_, pos_ + n, pos_, pos_ + n);
    pos_ += n;
  }

  void EmitSingle() {
    char c = src_[pos_];
    if (c == '(' || c == '[' || (spec_.brace_bracket && c == '{')) ++depth_;
    if ((c == ')' || c == ']' || (spec_.brace_bracket && c == '}')) &&
        depth_ > 0)
      --depth_;
    Emit(TokKind::kPunct, pos_, pos_ + 1, pos_, pos_ + 1);
    ++pos_;
  }

  Lang lang_;
  LexSpec spec_;
  std::string_view src_;
  LexResult* out_;
  size_t emit_from_;  // no tokens start before this offset
  size_t pos_ = 0;
  size_t heredoc_resume_ = 0;
  int depth_ = 0;  // open ( [ (and { where brace_bracket)
};

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

Lang LangFromShebang(std::string_view data) {
  if (data.substr(0, 2) != "#!") return Lang::kNone;
  std::string_view line = data.substr(0, data.find('\n'));
  if (line.find("python") != std::string_view::npos) return Lang::kPython;
  if (line.find("node") != std::string_view::npos ||
      line.find("deno") != std::string_view::npos)
    return Lang::kJavaScript;
  if (line.find("ruby") != std::string_view::npos) return Lang::kRuby;
  if (line.find("php") != std::string_view::npos) return Lang::kPhp;
  for (std::string_view sh : {"/sh", "bash", "zsh", "ksh", "dash", " sh"})
    if (line.find(sh) != std::string_view::npos) return Lang::kShell;
  return Lang::kNone;
}

}  // namespace

std::string_view LangName(Lang lang) {
  switch (lang) {
    case Lang::kPython: return "python";
    case Lang::kJavaScript: return "javascript";
    case Lang::kGo: return "go";
    case Lang::kJava: return "java";
    case Lang::kKotlin: return "kotlin";
    case Lang::kCSharp: return "csharp";
    case Lang::kRuby: return "ruby";
    case Lang::kPhp: return "php";
    case Lang::kShell: return "shell";
    case Lang::kNone: break;
  }
  return "none";
}

FileType ClassifyFile(std::string_view path, std::string_view data) {
  FileType t;
  std::string_view base = BaseName(path);
  // Config files first: names say more than extensions.
  if (base == ".env" || base.substr(0, 5) == ".env." || EndsWith(base, ".env")) {
    t.config = ConfigKind::kDotenv;
    return t;
  }
  if (base == "Dockerfile" || base == "Containerfile" ||
      base.substr(0, 11) == "Dockerfile." || EndsWith(base, ".Dockerfile") ||
      EndsWith(base, ".dockerfile")) {
    t.config = ConfigKind::kDockerfile;
    return t;
  }
  size_t dot = base.rfind('.');
  std::string_view ext =
      dot == std::string_view::npos ? std::string_view() : base.substr(dot + 1);
  if (ext == "yml" || ext == "yaml") {
    t.config = ConfigKind::kYaml;
  } else if (ext == "json" || ext == "template") {
    t.config = ConfigKind::kJson;
  } else if (ext == "tf") {
    t.config = ConfigKind::kTerraform;
  } else if (ext == "py" || ext == "pyw") {
    t.lang = Lang::kPython;
  } else if (ext == "js" || ext == "mjs" || ext == "cjs" || ext == "jsx" ||
             ext == "ts" || ext == "tsx" || ext == "mts" || ext == "cts") {
    t.lang = Lang::kJavaScript;
  } else if (ext == "go") {
    t.lang = Lang::kGo;
  } else if (ext == "java") {
    t.lang = Lang::kJava;
  } else if (ext == "kt" || ext == "kts") {
    t.lang = Lang::kKotlin;
  } else if (ext == "cs") {
    t.lang = Lang::kCSharp;
  } else if (ext == "rb" || ext == "rake" || base == "Rakefile" ||
             base == "Gemfile") {
    t.lang = Lang::kRuby;
  } else if (ext == "php") {
    t.lang = Lang::kPhp;
  } else if (ext == "sh" || ext == "bash" || ext == "zsh" || ext == "ksh" ||
             base == ".envrc" || base == ".bashrc" || base == ".profile" ||
             base == ".zshrc" || base == ".bash_profile") {
    t.lang = Lang::kShell;
  } else if (dot == std::string_view::npos || dot == 0) {
    t.lang = LangFromShebang(data);
  }
  return t;
}

void Lex(Lang lang, std::string_view source, LexResult* out, size_t emit_from) {
  emit_from = std::min(emit_from, source.size());
  out->tokens.reserve(out->tokens.size() + (source.size() - emit_from) / 5);
  Lexer(lang, source, out, emit_from).Run();
}

std::vector<std::string_view> InterpolatedExprs(Lang lang, const Token& tok) {
  std::vector<std::string_view> out;
  if (tok.kind != TokKind::kString || !tok.interpolated) return out;
  std::string_view v = tok.value;
  // Finds the '}' closing the '{' at `open`, counting nesting.
  auto close_of = [&](size_t open) {
    int depth = 0;
    for (size_t j = open; j < v.size(); ++j) {
      if (v[j] == '{') ++depth;
      if (v[j] == '}' && --depth == 0) return j;
    }
    return std::string_view::npos;
  };
  bool brace_only = lang == Lang::kPython || lang == Lang::kCSharp;
  bool hash_brace = lang == Lang::kRuby;
  bool dollar = lang == Lang::kPhp || lang == Lang::kShell ||
                lang == Lang::kKotlin;
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    size_t open = std::string_view::npos;
    if (brace_only && c == '{') {
      if (i + 1 < v.size() && v[i + 1] == '{') {  // {{ is a literal brace
        ++i;
        continue;
      }
      open = i;
    } else if (hash_brace && c == '#' && i + 1 < v.size() && v[i + 1] == '{') {
      open = i + 1;
    } else if (!brace_only && !hash_brace && c == '$' && i + 1 < v.size() &&
               v[i + 1] == '{') {
      open = i + 1;
    } else if (lang == Lang::kPhp && c == '{' && i + 1 < v.size() &&
               v[i + 1] == '$') {
      open = i;
    } else if (dollar && c == '$' && i + 1 < v.size() && IsIdStart(v[i + 1])) {
      size_t j = i + 1;
      while (j < v.size() && IsIdChar(v[j])) ++j;
      // PHP "$obj->prop" and "$arr['k']" reach one level further.
      if (lang == Lang::kPhp && v.substr(j, 2) == "->") {
        j += 2;
        while (j < v.size() && IsIdChar(v[j])) ++j;
      }
      out.push_back(v.substr(i, j - i));
      i = j - 1;
      continue;
    }
    if (open == std::string_view::npos) continue;
    size_t close = close_of(open);
    if (close == std::string_view::npos) break;
    std::string_view expr = v.substr(open + 1, close - open - 1);
    // Python f-string format spec / conversion: {x!r:>10}.
    if (lang == Lang::kPython) {
      int depth = 0;
      for (size_t j = 0; j < expr.size(); ++j) {
        char x = expr[j];
        if (x == '[' || x == '(' || x == '{') ++depth;
        if (x == ']' || x == ')' || x == '}') --depth;
        if (depth == 0 && (x == ':' || (x == '!' && expr.substr(j, 2) != "!="))) {
          expr = expr.substr(0, j);
          break;
        }
      }
    }
    out.push_back(expr);
    i = close;
  }
  return out;
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  const char* p = text.data();
  const char* end = text.data() + text.size();
  while (p < end) {  // memchr: files with few, long lines
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (nl == nullptr) break;
    p = static_cast<const char*>(nl) + 1;
    starts_.push_back(static_cast<uint32_t>(p - text.data()));
  }
}

int LineIndex::Line(size_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<int>(it - starts_.begin());
}

size_t LineIndex::LineStart(size_t offset) const {
  return starts_[static_cast<size_t>(Line(offset) - 1)];
}

int LineIndex::Column(size_t offset) const {
  return static_cast<int>(offset - LineStart(offset)) + 1;
}

std::string_view LineIndex::LineAt(size_t offset) const {
  size_t b = LineStart(offset);
  size_t e = text_.find('\n', b);
  if (e == std::string_view::npos) e = text_.size();
  std::string_view l = text_.substr(b, e - b);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return l;
}

std::string_view LineIndex::PreviousLine(size_t offset) const {
  int line = Line(offset);
  if (line <= 1) return {};
  return LineAt(starts_[static_cast<size_t>(line - 2)]);
}

}  // namespace keylint
