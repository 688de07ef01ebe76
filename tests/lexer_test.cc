#include "scanner/lexer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace keylint {
namespace {

struct Lexed {
  std::vector<std::string> idents, strings;
  std::vector<bool> interpolated;
  int comments = 0;
  int newlines = 0;
};

Lexed LexAll(Lang lang, std::string_view src) {
  LexResult r;
  Lex(lang, src, &r);
  Lexed out;
  out.comments = r.comments;
  for (const auto& t : r.tokens) {
    if (t.kind == TokKind::kIdent) out.idents.emplace_back(t.value);
    if (t.kind == TokKind::kString) {
      out.strings.emplace_back(t.value);
      out.interpolated.push_back(t.interpolated);
    }
    if (t.kind == TokKind::kNewline) ++out.newlines;
  }
  return out;
}

// String tokens (as pointers, for InterpolatedExprs) and identifier names.
void Split(const LexResult& r, std::vector<const Token*>* strings,
           std::vector<std::string>* idents) {
  for (const auto& t : r.tokens) {
    if (t.kind == TokKind::kString) strings->push_back(&t);
    if (t.kind == TokKind::kIdent) idents->emplace_back(t.value);
  }
}

using ::testing::ElementsAre;

TEST(LexerTest, PythonStringsCommentsAndPrefixes) {
  Lexed l = LexAll(Lang::kPython,
                   "x = f'a {tok}' # password = 'hidden'\n"
                   "y = r\"C:\\path\" + b'raw'\n"
                   "z = '''multi\nline''' + \"\"\"q\"\"\"\n");
  EXPECT_THAT(l.idents, ElementsAre("x", "y", "z"));
  EXPECT_THAT(l.strings,
              ElementsAre("a {tok}", "C:\\path", "raw", "multi\nline", "q"));
  EXPECT_TRUE(l.interpolated[0]);
  EXPECT_FALSE(l.interpolated[1]);
  EXPECT_EQ(l.comments, 1);
  EXPECT_EQ(l.newlines, 3);
}

TEST(LexerTest, PythonBracketsSuppressNewlines) {
  Lexed l = LexAll(Lang::kPython, "call(a,\n  b)\nd = {\n 'k': 1}\n");
  EXPECT_EQ(l.newlines, 2);
}

TEST(LexerTest, JavaScriptTemplateLiteralWithNestedBackticks) {
  LexResult r;
  std::string src = "const s = `a ${x ? `in` : y} b`; // c\n/* block */ z";
  Lex(Lang::kJavaScript, src, &r);
  std::vector<std::string> strings;
  for (const auto& t : r.tokens)
    if (t.kind == TokKind::kString) strings.emplace_back(t.value);
  ASSERT_EQ(strings.size(), 1u);
  EXPECT_EQ(strings[0], "a ${x ? `in` : y} b");
  EXPECT_EQ(r.comments, 2);
  EXPECT_EQ(r.tokens.back().value, "z");
  const Token* tmpl = nullptr;
  for (const auto& t : r.tokens)
    if (t.kind == TokKind::kString) tmpl = &t;
  EXPECT_THAT(InterpolatedExprs(Lang::kJavaScript, *tmpl),
              ElementsAre("x ? `in` : y"));
}

TEST(LexerTest, GoRawStringsDoNotInterpolate) {
  Lexed l = LexAll(Lang::kGo, "s := `raw \\n ${x}` + \"q\\\"\" // c\n");
  EXPECT_THAT(l.strings, ElementsAre("raw \\n ${x}", "q\\\""));
  EXPECT_FALSE(l.interpolated[0]);
  EXPECT_EQ(l.comments, 1);
}

TEST(LexerTest, CSharpVerbatimAndInterpolatedStrings) {
  LexResult r;
  Lex(Lang::kCSharp, "var a = @\"C:\\x\"\"y\"; var b = $\"v={pw}\";", &r);
  std::vector<const Token*> s;
  for (const auto& t : r.tokens)
    if (t.kind == TokKind::kString) s.push_back(&t);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0]->value, "C:\\x\"\"y");
  EXPECT_THAT(InterpolatedExprs(Lang::kCSharp, *s[1]), ElementsAre("pw"));
}

TEST(LexerTest, KotlinAndJavaTextBlocks) {
  Lexed k = LexAll(Lang::kKotlin, "val s = \"\"\"a $token b\"\"\"\n");
  ASSERT_EQ(k.strings.size(), 1u);
  EXPECT_EQ(k.strings[0], "a $token b");
  Lexed j = LexAll(Lang::kJava, "String s = \"\"\"\n  x \"y\"\n\"\"\";");
  ASSERT_EQ(j.strings.size(), 1u);
  EXPECT_EQ(j.strings[0], "\n  x \"y\"\n");
}

TEST(LexerTest, ShellHeredocAndVariables) {
  Lexed l = LexAll(Lang::kShell,
                   "cat <<EOF > f\nline $PASSWORD\nEOF\necho '$HOME' # note\n"
                   "x=${#arr}\n");
  ASSERT_GE(l.strings.size(), 2u);
  EXPECT_EQ(l.strings[0], "line $PASSWORD\n");
  EXPECT_TRUE(l.interpolated[0]);
  EXPECT_EQ(l.strings[1], "$HOME");
  EXPECT_FALSE(l.interpolated[1]);
  EXPECT_EQ(l.comments, 1);
  // The heredoc body is not tokenized as code.
  EXPECT_EQ(std::count(l.idents.begin(), l.idents.end(), "PASSWORD"), 0);
  EXPECT_EQ(std::count(l.idents.begin(), l.idents.end(), "echo"), 1);
}

TEST(LexerTest, RubyHeredocInterpolationAndComments) {
  LexResult r;
  Lex(Lang::kRuby, "s = <<~SQL\n  pw #{password}\nSQL\nputs \"#{token}\" # c\n"
      "=begin\nhidden\n=end\n", &r);
  std::vector<const Token*> s;
  std::vector<std::string> idents;
  Split(r, &s, &idents);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_THAT(InterpolatedExprs(Lang::kRuby, *s[0]), ElementsAre("password"));
  EXPECT_THAT(InterpolatedExprs(Lang::kRuby, *s[1]), ElementsAre("token"));
  EXPECT_THAT(idents, ElementsAre("s", "puts"));
  EXPECT_EQ(r.comments, 2);
}

TEST(LexerTest, PhpVariablesHeredocAndInterpolation) {
  LexResult r;
  Lex(Lang::kPhp, "<?php\n$pw = \"x {$secret} $obj->token\"; # c\n"
      "$h = <<<EOT\nbody $pw\nEOT;\n", &r);
  std::vector<const Token*> s;
  std::vector<std::string> idents;
  Split(r, &s, &idents);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_THAT(InterpolatedExprs(Lang::kPhp, *s[0]),
              ElementsAre("$secret", "$obj->token"));
  EXPECT_EQ(s[1]->value, "body $pw\n");
  EXPECT_THAT(idents, ElementsAre("php", "pw", "h"));
}

TEST(LexerTest, PythonFStringFormatSpecIsNotPartOfTheExpression) {
  LexResult r;
  Lex(Lang::kPython, "f'{{lit}} {a!r:>10} {b[0]}'", &r);
  ASSERT_EQ(r.tokens.size(), 1u);
  EXPECT_THAT(InterpolatedExprs(Lang::kPython, r.tokens[0]),
              ElementsAre("a", "b[0]"));
}

TEST(LexerTest, ClassifiesByNameExtensionAndShebang) {
  EXPECT_EQ(ClassifyFile("a/.env", "").config, ConfigKind::kDotenv);
  EXPECT_EQ(ClassifyFile(".env.production", "").config, ConfigKind::kDotenv);
  EXPECT_EQ(ClassifyFile("svc/Dockerfile", "").config,
            ConfigKind::kDockerfile);
  EXPECT_EQ(ClassifyFile("Dockerfile.dev", "").config,
            ConfigKind::kDockerfile);
  EXPECT_EQ(ClassifyFile("k8s/deploy.yaml", "").config, ConfigKind::kYaml);
  EXPECT_EQ(ClassifyFile("cdk.out/Stack.template.json", "").config,
            ConfigKind::kJson);
  EXPECT_EQ(ClassifyFile("main.tf", "").config, ConfigKind::kTerraform);
  EXPECT_EQ(ClassifyFile("app.py", "").lang, Lang::kPython);
  EXPECT_EQ(ClassifyFile("web/x.tsx", "").lang, Lang::kJavaScript);
  EXPECT_EQ(ClassifyFile("Main.kt", "").lang, Lang::kKotlin);
  EXPECT_EQ(ClassifyFile("P.cs", "").lang, Lang::kCSharp);
  EXPECT_EQ(ClassifyFile("Rakefile", "").lang, Lang::kRuby);
  EXPECT_EQ(ClassifyFile("bin/deploy", "#!/usr/bin/env bash\n").lang,
            Lang::kShell);
  EXPECT_EQ(ClassifyFile("bin/tool", "#!/usr/bin/python3\n").lang,
            Lang::kPython);
  EXPECT_EQ(ClassifyFile("bin/tool", "no shebang").lang, Lang::kNone);
  EXPECT_EQ(ClassifyFile("README.md", "").lang, Lang::kNone);
}

TEST(LexerTest, LineIndexMapsOffsets) {
  LineIndex li("ab\ncd\r\nef");
  EXPECT_EQ(li.Line(0), 1);
  EXPECT_EQ(li.Line(3), 2);
  EXPECT_EQ(li.Column(4), 2);
  EXPECT_EQ(li.LineAt(4), "cd");
  EXPECT_EQ(li.PreviousLine(8), "cd");
  EXPECT_EQ(li.PreviousLine(1), "");
}

std::vector<std::string> Puncts(Lang lang, std::string_view src,
                                size_t emit_from = 0) {
  LexResult r;
  Lex(lang, src, &r, emit_from);
  std::vector<std::string> out;
  for (const auto& t : r.tokens)
    if (t.kind == TokKind::kPunct) out.emplace_back(t.text);
  return out;
}

TEST(LexerTest, MultiCharacterOperatorsAreOneTokenLongestFirst) {
  EXPECT_THAT(
      Puncts(Lang::kJavaScript,
             "a===b!==c**=d...e==f!=g<=h>=i=>j->k::l:=m+=n-=o*=p/=q&&r||s?.t"
             "??u<<v${w**x..y"),
      ::testing::ElementsAre("===", "!==", "**=", "...",
                             "==", "!=", "<=", ">=", "=>", "->",
                             "::", ":=", "+=", "-=", "*=", "/=", "&&", "||",
                             "?.", "??", "<<", "${", "*", "*", ".", "."));
  // At the end of the text a prefix of an operator is what is left.
  EXPECT_THAT(Puncts(Lang::kJavaScript, "a=="), ::testing::ElementsAre("=="));
  EXPECT_THAT(Puncts(Lang::kJavaScript, "a.."),
              ::testing::ElementsAre(".", "."));
}

// Text before `emit_from` yields no tokens but leaves its state: a string
// opened before it is still open.
TEST(LexerTest, EmitFromKeepsTheStateOfTheTextBefore) {
  std::string src = "x = \"a b c (d e\" + f(g)";
  size_t in_string = src.find('(');
  LexResult r;
  Lex(Lang::kJavaScript, src, &r, in_string);
  ASSERT_FALSE(r.tokens.empty());
  EXPECT_EQ(r.tokens[0].text, "+");  // the string ended where it ends
  for (const auto& t : r.tokens) EXPECT_GE(t.offset, in_string);
  EXPECT_THAT(Puncts(Lang::kJavaScript, src, in_string),
              ::testing::ElementsAre("+", "(", ")"));
}

// Lex(..., emit_from) gives the tokens the whole text gives from that
// offset on (but a leading newline, which follows no token of its own):
// the text before it is skimmed (Lexer::Skim) only for the state it leaves.
// Checked at every offset of hand-written and of random texts made of the
// bytes that change the state, in every language.
TEST(LexerTest, EmitFromGivesTheWholeTextsTokensFromThere) {
  const std::vector<std::string> samples = {
      "x = f'a{b}' + rb\"c\\\"d\" + 1.5e3 + ...y # c\nz = (1,\n 2)\n",
      "s = \"\"\"doc\nstring\"\"\" ; t = '''x'''\n",
      "a = `t ${b + \"}\"} u` // c\n/* d\n e */ f = 1 ?? 2 ?. g\n",
      "cat <<EOF\nbody $x\nEOF\necho \"${HOME}\" '$y' # z\nls \\\n -l\n",
      "s = <<~SQL\n  pw #{password}\nSQL\n=begin\nc\n=end\nputs \"#{t}\"\n",
      "<?php\n$a = <<<EOT\nx {$b}\nEOT;\n# c\n#[Attr]\n$c = 'd';\n",
      "var a = @\"C:\\x\"\"y\"; var b = $\"v={pw}\"; var c = $@\"{d}\";\n",
      "val s = \"\"\"raw ${x}\"\"\"; val t = \"$y ${z.w}\"\n",
      "x := `raw\nstring` + \"s\" // c\nfunc f() { return }\n",
  };
  std::mt19937 rng(7);
  const std::string alphabet = "ab fr1.\"'`/*#@$<={}()[]\n\\ -";
  std::vector<std::string> texts = samples;
  for (int n = 0; n < 400; ++n) {
    std::string t;
    for (int i = 0; i < 64; ++i) t += alphabet[rng() % alphabet.size()];
    texts.push_back(t);
  }
  for (Lang lang :
       {Lang::kPython, Lang::kJavaScript, Lang::kGo, Lang::kJava, Lang::kKotlin,
        Lang::kCSharp, Lang::kRuby, Lang::kPhp, Lang::kShell}) {
    for (const std::string& text : texts) {
      LexResult whole;
      Lex(lang, text, &whole);
      for (size_t from = 0; from <= text.size(); ++from) {
        std::vector<std::pair<uint32_t, std::string>> want, got;
        for (const auto& t : whole.tokens) {
          if (t.offset < from) continue;
          if (want.empty() && t.kind == TokKind::kNewline) continue;
          want.emplace_back(t.offset, std::string(t.text));
        }
        LexResult part;
        Lex(lang, text, &part, from);
        for (const auto& t : part.tokens) {
          if (got.empty() && t.kind == TokKind::kNewline) continue;
          got.emplace_back(t.offset, std::string(t.text));
        }
        ASSERT_EQ(got, want)
            << LangName(lang) << " from " << from << ": " << text;
      }
    }
  }
}

}  // namespace
}  // namespace keylint
