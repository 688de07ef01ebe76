// Fuzz target: the per-language lexers (scanner/lexer.h), the line index
// and file classification. The first byte picks the language.
//
// The lexer promises never to fail and to hand out views into the source:
// every token's text and value must lie inside the input, token offsets
// must match their text and never go backwards, and the interpolated
// expressions of a string must lie inside its token (or heredoc body).
#include <cstdint>
#include <string_view>

#include "scanner/lexer.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

constexpr keylint::Lang kLangs[] = {
    keylint::Lang::kPython, keylint::Lang::kJavaScript, keylint::Lang::kGo,
    keylint::Lang::kJava,   keylint::Lang::kKotlin,     keylint::Lang::kCSharp,
    keylint::Lang::kRuby,   keylint::Lang::kPhp,        keylint::Lang::kShell,
};

bool Inside(std::string_view inner, std::string_view outer) {
  if (inner.empty()) return true;
  return inner.data() >= outer.data() &&
         inner.data() + inner.size() <= outer.data() + outer.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keylint;
  if (size == 0) return 0;
  Lang lang = kLangs[data[0] % std::size(kLangs)];
  std::string_view src = fuzz::AsText(data + 1, size - 1);

  LexResult lexed;
  Lex(lang, src, &lexed);
  size_t last = 0;
  for (const Token& t : lexed.tokens) {
    FUZZ_CHECK(Inside(t.text, src), "token text is a view into the source");
    FUZZ_CHECK(Inside(t.value, src), "token value is a view into the source");
    if (!t.text.empty()) {
      FUZZ_CHECK(t.offset == static_cast<size_t>(t.text.data() - src.data()),
                 "token offset matches its text");
    }
    FUZZ_CHECK(t.offset >= last, "tokens in source order");
    last = t.offset;
    if (t.kind == TokKind::kString && t.interpolated) {
      for (std::string_view e : InterpolatedExprs(lang, t)) {
        // (A heredoc's token text is its opener; its body is the value.)
        FUZZ_CHECK(Inside(e, t.text) || Inside(e, t.value),
                   "interpolation inside its string");
      }
    }
  }

  LineIndex index(src);
  for (size_t off : {size_t{0}, src.size() / 2, src.size()}) {
    int line = index.Line(off);
    FUZZ_CHECK(line >= 1, "1-based line");
    FUZZ_CHECK(index.Column(off) >= 1, "1-based column");
    FUZZ_CHECK(index.LineStart(off) <= off, "line starts before offset");
    FUZZ_CHECK(Inside(index.LineAt(off), src), "LineAt is a view");
    FUZZ_CHECK(Inside(index.PreviousLine(off), src), "PreviousLine is a view");
  }

  // The first line doubles as a path, the whole input as the content.
  std::string_view path = src.substr(0, std::min(src.find('\n'), src.size()));
  ClassifyFile(path, src);
  return 0;
}
