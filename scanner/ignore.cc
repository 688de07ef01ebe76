#include "scanner/ignore.h"

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace keylint {
namespace {

// Drops trailing spaces that are not escaped with a backslash. Only ' '
// counts as a space here, as in git; tabs are kept.
std::string_view TrimTrailingSpaces(std::string_view s) {
  size_t end = s.size();  // one past the last byte to keep
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ') {
      size_t run = i;
      while (i < s.size() && s[i] == ' ') ++i;
      if (i == s.size()) end = run;
      continue;
    }
    // A backslash protects the byte after it (possibly a space).
    i += (s[i] == '\\' && i + 1 < s.size()) ? 2 : 1;
  }
  return s.substr(0, end);
}

// Adds the bytes of POSIX class `name` ("alpha", "digit", ...) to `set`.
// ASCII only, independent of the process locale. False for unknown names.
bool AddPosixClass(std::string_view name, std::bitset<256>* set) {
  auto add_if = [set](auto pred) {
    for (int c = 0; c < 128; ++c) {
      if (pred(c)) set->set(static_cast<size_t>(c));
    }
  };
  auto is_upper = [](int c) { return c >= 'A' && c <= 'Z'; };
  auto is_lower = [](int c) { return c >= 'a' && c <= 'z'; };
  auto is_digit = [](int c) { return c >= '0' && c <= '9'; };
  auto is_alpha = [&](int c) { return is_upper(c) || is_lower(c); };
  auto is_alnum = [&](int c) { return is_alpha(c) || is_digit(c); };
  auto is_graph = [](int c) { return c >= 33 && c <= 126; };
  if (name == "alnum") {
    add_if(is_alnum);
  } else if (name == "alpha") {
    add_if(is_alpha);
  } else if (name == "blank") {
    add_if([](int c) { return c == ' ' || c == '\t'; });
  } else if (name == "cntrl") {
    add_if([](int c) { return c < 32 || c == 127; });
  } else if (name == "digit") {
    add_if(is_digit);
  } else if (name == "graph") {
    add_if(is_graph);
  } else if (name == "lower") {
    add_if(is_lower);
  } else if (name == "print") {
    add_if([&](int c) { return is_graph(c) || c == ' '; });
  } else if (name == "punct") {
    add_if([&](int c) { return is_graph(c) && !is_alnum(c); });
  } else if (name == "space") {
    add_if([](int c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
  } else if (name == "upper") {
    add_if(is_upper);
  } else if (name == "xdigit") {
    add_if([&](int c) {
      return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
  } else {
    return false;
  }
  return true;
}

// Parses the bracket expression starting at s[*pos] == '['. On success
// stores the matching bytes (never '/') and moves *pos past the closing
// ']'. On failure returns the reason.
bool ParseClass(std::string_view s, size_t* pos, std::bitset<256>* out,
                std::string* why) {
  size_t k = *pos + 1;
  bool negate = false;
  if (k < s.size() && (s[k] == '!' || s[k] == '^')) {
    negate = true;
    ++k;
  }
  std::bitset<256> set;
  bool first = true;
  // Reads one possibly escaped byte at s[k], advancing k.
  auto read_byte = [&](unsigned char* b) {
    if (s[k] == '\\') {
      if (k + 1 >= s.size()) return false;
      *b = static_cast<unsigned char>(s[k + 1]);
      k += 2;
    } else {
      *b = static_cast<unsigned char>(s[k]);
      ++k;
    }
    return true;
  };
  while (true) {
    if (k >= s.size()) {
      *why = "unterminated \"[\" class";
      return false;
    }
    if (s[k] == ']' && !first) {
      ++k;
      break;
    }
    first = false;
    if (s[k] == '[' && k + 1 < s.size() && s[k + 1] == ':') {
      size_t close = s.find(":]", k + 2);
      if (close != std::string_view::npos) {
        std::string_view name = s.substr(k + 2, close - (k + 2));
        if (!AddPosixClass(name, &set)) {
          *why = "unknown character class \"[:" + std::string(name) + ":]\"";
          return false;
        }
        k = close + 2;
        continue;
      }
      // No ":]" follows: the '[' is an ordinary member.
    }
    unsigned char lo;
    if (!read_byte(&lo)) {
      *why = "unterminated \"[\" class";
      return false;
    }
    if (k + 1 < s.size() && s[k] == '-' && s[k + 1] != ']') {
      ++k;  // the '-'
      unsigned char hi;
      if (!read_byte(&hi)) {
        *why = "unterminated \"[\" class";
        return false;
      }
      for (int c = lo; c <= hi; ++c) set.set(static_cast<size_t>(c));
    } else {
      set.set(lo);
    }
  }
  if (negate) set.flip();
  set.reset('/');
  *out = set;
  *pos = k;
  return true;
}

std::string Quoted(std::string_view s) {
  std::string q = "\"";
  q.append(s);
  q += '"';
  return q;
}

}  // namespace

// ---------------------------------------------------------------------------
// GlobPattern

Status GlobPattern::Compile(std::string_view line, GlobPattern* out) {
  GlobPattern p;
  p.text_ = std::string(line);
  std::string_view s = TrimTrailingSpaces(line);
  if (!s.empty() && s[0] == '!') {
    p.negated_ = true;
    s.remove_prefix(1);
  }
  if (!s.empty() && s.back() == '/') {
    p.dir_only_ = true;
    s.remove_suffix(1);
  }
  p.anchored_ = s.find('/') != std::string_view::npos;
  if (!s.empty() && s[0] == '/') s.remove_prefix(1);
  if (s.empty()) {
    return Status::InvalidArgument("pattern " + Quoted(line) +
                                   ": matches nothing");
  }

  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\\') {
      if (i + 1 >= s.size()) {
        return Status::InvalidArgument("pattern " + Quoted(line) +
                                       ": ends with a lone backslash");
      }
      p.tokens_.push_back(
          {Op::kLiteral, static_cast<unsigned char>(s[i + 1]), 0});
      i += 2;
    } else if (c == '?') {
      p.tokens_.push_back({Op::kAnyChar, 0, 0});
      ++i;
    } else if (c == '[') {
      std::bitset<256> set;
      std::string why;
      if (!ParseClass(s, &i, &set, &why)) {
        return Status::InvalidArgument("pattern " + Quoted(line) + ": " + why);
      }
      p.tokens_.push_back(
          {Op::kClass, 0, static_cast<uint32_t>(p.classes_.size())});
      p.classes_.push_back(set);
    } else if (c == '*') {
      size_t j = i;
      while (j < s.size() && s[j] == '*') ++j;
      bool bounded_before = i == 0 || s[i - 1] == '/';
      bool bounded_after = j == s.size() || s[j] == '/';
      if (j - i >= 2 && bounded_before && bounded_after) {
        if (j == s.size()) {
          p.tokens_.push_back({Op::kAnything, 0, 0});
          i = j;
        } else {
          p.tokens_.push_back({Op::kAnyDirs, 0, 0});
          i = j + 1;  // the "/" belongs to "**/"
        }
      } else {
        // Consecutive stars mean the same as one.
        if (p.tokens_.empty() || p.tokens_.back().op != Op::kStar) {
          p.tokens_.push_back({Op::kStar, 0, 0});
        }
        i = j;
      }
    } else {
      p.tokens_.push_back({Op::kLiteral, static_cast<unsigned char>(c), 0});
      ++i;
    }
  }

  // Recognise the common shapes so most paths skip the general matcher.
  size_t first_literal = 0;
  if (!p.tokens_.empty() && p.tokens_[0].op == Op::kStar) first_literal = 1;
  bool rest_literal = true;
  for (size_t t = first_literal; t < p.tokens_.size(); ++t) {
    if (p.tokens_[t].op != Op::kLiteral) {
      rest_literal = false;
      break;
    }
    p.literal_ += static_cast<char>(p.tokens_[t].arg);
  }
  if (rest_literal) {
    p.shape_ = first_literal == 0 ? Shape::kExact : Shape::kSuffix;
  } else {
    p.literal_.clear();
  }

  *out = std::move(p);
  return Status::Ok();
}

bool GlobPattern::Matches(std::string_view path, bool is_dir) const {
  if (dir_only_ && !is_dir) return false;
  if (!anchored_) {
    size_t slash = path.rfind('/');
    if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
  }
  return MatchText(path);
}

bool GlobPattern::MatchText(std::string_view text) const {
  switch (shape_) {
    case Shape::kExact:
      return text == literal_;
    case Shape::kSuffix:
      return text.size() >= literal_.size() && text.ends_with(literal_) &&
             text.substr(0, text.size() - literal_.size()).find('/') ==
                 std::string_view::npos;
    case Shape::kGeneral:
      break;
  }
  return Simulate(text);
}

// Runs the pattern as an NFA over `text`. State i means "tokens [0, i) have
// matched the text consumed so far"; state n accepts. A "**/" token has a
// second state, `mid`, for "inside a directory name that must end in '/'".
bool GlobPattern::Simulate(std::string_view text) const {
  const size_t n = tokens_.size();
  const size_t width = n + 1;
  constexpr size_t kInlineStates = 64;
  uint8_t inline_buf[4 * kInlineStates];
  std::unique_ptr<uint8_t[]> heap;
  uint8_t* base = inline_buf;
  if (width > kInlineStates) {
    heap = std::make_unique<uint8_t[]>(4 * width);
    base = heap.get();
  }
  uint8_t* cur = base;
  uint8_t* cur_mid = base + width;
  uint8_t* nxt = base + 2 * width;
  uint8_t* nxt_mid = base + 3 * width;

  // Tokens that may match the empty string let the next state start too.
  auto close = [&](uint8_t* states) {
    for (size_t i = 0; i < n; ++i) {
      if (!states[i]) continue;
      Op op = tokens_[i].op;
      if (op == Op::kStar || op == Op::kAnyDirs || op == Op::kAnything) {
        states[i + 1] = 1;
      }
    }
  };

  std::fill(cur, cur + 2 * width, 0);
  cur[0] = 1;
  close(cur);

  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    std::fill(nxt, nxt + 2 * width, 0);
    bool alive = false;
    for (size_t i = 0; i < n; ++i) {
      if (cur_mid[i]) {
        nxt_mid[i] = 1;
        if (c == '/') nxt[i + 1] = 1;
        alive = true;
      }
      if (!cur[i]) continue;
      const Token& t = tokens_[i];
      switch (t.op) {
        case Op::kLiteral:
          if (c == t.arg) nxt[i + 1] = 1;
          break;
        case Op::kAnyChar:
          if (c != '/') nxt[i + 1] = 1;
          break;
        case Op::kClass:
          if (classes_[t.class_index].test(c)) nxt[i + 1] = 1;
          break;
        case Op::kStar:
          if (c != '/') nxt[i] = 1;
          break;
        case Op::kAnyDirs:
          // A directory name is never empty, so "/" cannot start one.
          if (c != '/') nxt_mid[i] = 1;
          break;
        case Op::kAnything:
          nxt[i] = 1;
          break;
      }
      alive = true;
    }
    if (!alive) return false;
    close(nxt);
    std::swap(cur, nxt);
    std::swap(cur_mid, nxt_mid);
  }
  return cur[n] != 0;
}

// ---------------------------------------------------------------------------
// IgnoreRules

IgnoreRules IgnoreRules::Parse(std::string_view text) {
  IgnoreRules rules;
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    GlobPattern pattern;
    if (GlobPattern::Compile(line, &pattern).ok()) {
      rules.patterns_.push_back(std::move(pattern));
    }
  }
  return rules;
}

IgnoreMatch IgnoreRules::Match(std::string_view path, bool is_dir) const {
  for (auto it = patterns_.rbegin(); it != patterns_.rend(); ++it) {
    if (it->Matches(path, is_dir)) {
      return it->negated() ? IgnoreMatch::kInclude : IgnoreMatch::kIgnore;
    }
  }
  return IgnoreMatch::kNone;
}

// ---------------------------------------------------------------------------
// IgnoreStack

struct IgnoreStack::Level {
  std::shared_ptr<const Level> parent;
  IgnoreDir dir;
  size_t depth = 0;
};

namespace {

// Sets *rel to `path` relative to `dir` when `path` lies strictly below it.
bool RelativeTo(std::string_view path, std::string_view dir,
                std::string_view* rel) {
  if (dir.empty()) {
    *rel = path;
    return true;
  }
  if (path.size() <= dir.size() || path[dir.size()] != '/' ||
      !path.starts_with(dir)) {
    return false;
  }
  *rel = path.substr(dir.size() + 1);
  return true;
}

}  // namespace

IgnoreStack IgnoreStack::Push(IgnoreDir dir) const {
  auto level = std::make_shared<Level>();
  level->parent = top_;
  level->depth = depth() + 1;
  level->dir = std::move(dir);
  IgnoreStack next;
  next.top_ = std::move(level);
  return next;
}

size_t IgnoreStack::depth() const { return top_ ? top_->depth : 0; }

bool IgnoreStack::IsIgnored(std::string_view path, bool is_dir) const {
  std::string_view rel;
  for (const Level* l = top_.get(); l != nullptr; l = l->parent.get()) {
    if (l->dir.keylintignore.empty()) continue;
    if (!RelativeTo(path, l->dir.dir, &rel)) continue;
    IgnoreMatch m = l->dir.keylintignore.Match(rel, is_dir);
    if (m != IgnoreMatch::kNone) return m == IgnoreMatch::kIgnore;
  }
  const Level* repo = nullptr;
  for (const Level* l = top_.get(); l != nullptr; l = l->parent.get()) {
    // Levels not above `path` (a sibling's, or `path`'s own) say nothing.
    if (!RelativeTo(path, l->dir.dir, &rel)) continue;
    if (!l->dir.gitignore.empty()) {
      IgnoreMatch m = l->dir.gitignore.Match(rel, is_dir);
      if (m != IgnoreMatch::kNone) return m == IgnoreMatch::kIgnore;
    }
    if (l->dir.is_repo_root) {
      repo = l;
      break;
    }
  }
  if (repo != nullptr && !repo->dir.git_exclude.empty() &&
      RelativeTo(path, repo->dir.dir, &rel)) {
    return repo->dir.git_exclude.Match(rel, is_dir) == IgnoreMatch::kIgnore;
  }
  return false;
}

// ---------------------------------------------------------------------------
// PathGlobSet

Status PathGlobSet::Compile(const std::vector<std::string>& globs,
                            PathGlobSet* out) {
  PathGlobSet set;
  for (const std::string& glob : globs) {
    GlobPattern pattern;
    Status s = GlobPattern::Compile(glob, &pattern);
    if (!s.ok()) return Status::InvalidArgument("exclude glob: " + s.message());
    set.rules_.patterns_.push_back(std::move(pattern));
  }
  *out = std::move(set);
  return Status::Ok();
}

bool PathGlobSet::Matches(std::string_view rel_path, bool is_dir) const {
  if (rules_.empty()) return false;
  for (size_t slash = rel_path.find('/'); slash != std::string_view::npos;
       slash = rel_path.find('/', slash + 1)) {
    if (rules_.Match(rel_path.substr(0, slash), /*is_dir=*/true) ==
        IgnoreMatch::kIgnore) {
      return true;
    }
  }
  return MatchesEntry(rel_path, is_dir);
}

bool PathGlobSet::MatchesEntry(std::string_view rel_path, bool is_dir) const {
  return rules_.Match(rel_path, is_dir) == IgnoreMatch::kIgnore;
}

}  // namespace keylint
