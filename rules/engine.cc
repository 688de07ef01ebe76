#include "rules/engine.h"

#include <fmt/format.h>
#include <hs/hs.h>
#include <re2/re2.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "rules/filters.h"
#include "rules/sha256.h"

namespace keylint {
namespace {

// Candidate regions of a rule whose longest possible match Hyperscan cannot
// bound are confirmed over this many bytes before the first candidate end.
// Matches longer than this (with no candidate end in between) are found by
// ScanReference but not by Scan; rules should bound their repetitions.
constexpr size_t kUnboundedWindow = 16 * 1024;
constexpr size_t kMaxWindow = 1 << 20;
// Counted repetitions with an upper bound at least this high are relaxed in
// the RE2 twin that finds candidate starts (LoosenCountedRepeats).
constexpr int kLooseUpperBound = 64;
constexpr char kCacheMagic[] = "keylint-hsdb-v2\n";

enum class Mode { kExact = 0, kPrefilter = 1, kRe2Only = 2 };

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

unsigned HsFlags(Mode m) {
  unsigned f = HS_FLAG_MULTILINE;
  if (m == Mode::kPrefilter) f |= HS_FLAG_PREFILTER;
  return f;
}

// Asks Hyperscan whether `regex` compiles with `mode`, and its widest match.
bool HsExpressionWidth(const std::string& regex, Mode mode, size_t* width,
                       bool* unbounded) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_expression_info(regex.c_str(), HsFlags(mode), &info, &err) !=
      HS_SUCCESS) {
    hs_free_compile_error(err);
    return false;
  }
  *unbounded = info->max_width == UINT_MAX || info->max_width > kMaxWindow;
  *width = info->max_width == UINT_MAX
               ? kUnboundedWindow
               : std::min<size_t>(info->max_width, kMaxWindow);
  free(info);
  return true;
}

// A file mapped read-only: the cached Hyperscan database (1.4 MB for the
// built-in rules) is handed to hs_deserialize_database straight from the
// page cache. Reading it through a stringstream and copying it out cost
// about 4 ms of every start-up, half of Compile. Cache files are replaced
// by rename(), never rewritten in place, so a mapped one does not shrink
// under the reader.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void* p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ,
                     MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        data_ = static_cast<const char*>(p);
        size_ = static_cast<size_t>(st.st_size);
      }
    }
    close(fd);
  }
  ~MappedFile() {
    if (data_ != nullptr) munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  bool ok() const { return data_ != nullptr; }
  std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace

std::string LoosenCountedRepeats(std::string_view regex, int min_upper) {
  auto number = [&](size_t* i, int* value) {
    size_t start = *i;
    int v = 0;
    while (*i < regex.size() && regex[*i] >= '0' && regex[*i] <= '9' &&
           v < 100000)
      v = v * 10 + (regex[(*i)++] - '0');
    *value = v;
    return *i > start;
  };
  std::string out;
  out.reserve(regex.size());
  bool in_class = false;
  for (size_t i = 0; i < regex.size(); ++i) {
    const char c = regex[i];
    if (c == '\\') {
      if (i + 1 < regex.size() && regex[i + 1] == 'Q')
        return std::string(regex);  // \Q...\E: left alone
      out += c;
      if (i + 1 < regex.size()) out += regex[++i];
      continue;
    }
    if (in_class) {
      if (c == '[' && i + 1 < regex.size() && regex[i + 1] == ':') {
        size_t close = regex.find(":]", i + 2);  // [:alpha:]
        if (close != std::string_view::npos) {
          out.append(regex.substr(i, close + 2 - i));
          i = close + 1;
          continue;
        }
      }
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      if (i + 1 < regex.size() && regex[i + 1] == '^') out += regex[++i];
      if (i + 1 < regex.size() && regex[i + 1] == ']') out += regex[++i];
      continue;
    }
    if (c == '{') {
      size_t j = i + 1;
      int lo = 0, hi = 0;
      if (number(&j, &lo) && j < regex.size() && regex[j] == ',') {
        ++j;
        if (number(&j, &hi) && j < regex.size() && regex[j] == '}' &&
            hi >= min_upper) {
          out += fmt::format("{{{},}}", lo);
          i = j;
          continue;
        }
      }
    }
    out += c;
  }
  return out;
}

struct RulesDatabase::Compiled {
  // RE2 side, built by CompileRe2 on first use (built-in rules) or eagerly
  // in Compile (rules from files, so that errors surface at start-up).
  std::once_flag once;
  std::unique_ptr<RE2> re;
  // For rules whose match width is unbounded: "(?:regex)\z" (of the relaxed
  // twin when there is one), which RE2 runs backwards from a candidate end
  // to find where a match ending there starts, so that the forward confirm
  // need not cover a whole window.
  std::unique_ptr<RE2> ending_here;
  // The rule's regex with wide counted repetitions relaxed
  // (LoosenCountedRepeats), when that changes it: finds candidate starts.
  std::unique_ptr<RE2> loose;
  int secret_group = 0;  // 0 = whole match
  int groups = 0;        // number of capturing groups
  std::vector<std::unique_ptr<RE2>> allow;
  Status status;
  // Hyperscan side and filters, built in Compile.
  std::vector<std::string> keywords;  // lower-case
  Mode mode = Mode::kExact;
  size_t window = kUnboundedWindow;
  bool unbounded = true;
};

namespace {

Status CompileRe2(const Rule& rule, const RE2::Options& re_opts,
                  RulesDatabase::Compiled* c);

}  // namespace

namespace {

Status CompileRe2(const Rule& rule, const RE2::Options& re_opts,
                  RulesDatabase::Compiled* c) {
  c->re = std::make_unique<RE2>("(?m)" + rule.regex, re_opts);
  if (!c->re->ok()) {
    return Status::InvalidArgument(
        fmt::format("{}:{}: rule '{}': invalid regex: {}", rule.source_file,
                    rule.source_line, rule.id, c->re->error()));
  }
  c->groups = c->re->NumberOfCapturingGroups();
  RE2::Options no_capture = re_opts;
  no_capture.set_never_capture(true);
  std::string loose = LoosenCountedRepeats(rule.regex, kLooseUpperBound);
  if (loose != rule.regex) {
    auto re = std::make_unique<RE2>("(?m)" + loose, no_capture);
    if (re->ok()) c->loose = std::move(re);
  }
  if (c->unbounded) {
    // From the relaxed twin too: the start it finds is at or before the
    // rule's own, which is all the confirm needs.
    auto rev = std::make_unique<RE2>(
        "(?m)(?:" + (c->loose ? loose : rule.regex) + ")\\z", no_capture);
    if (rev->ok()) c->ending_here = std::move(rev);
  }
  const auto& named = c->re->NamedCapturingGroups();
  if (!rule.secret_group.empty()) {
    if (rule.secret_group.find_first_not_of("0123456789") ==
        std::string::npos) {
      c->secret_group = std::stoi(rule.secret_group);
    } else if (auto it = named.find(rule.secret_group); it != named.end()) {
      c->secret_group = it->second;
    }
    if (c->secret_group > c->groups) c->secret_group = 0;
  } else if (auto it = named.find("secret"); it != named.end()) {
    c->secret_group = it->second;
  }
  RE2::Options allow_opts = re_opts;
  allow_opts.set_max_mem(8 << 20);
  for (const auto& a : rule.allow) {
    auto re = std::make_unique<RE2>(a, allow_opts);
    if (!re->ok()) {
      return Status::InvalidArgument(fmt::format(
          "{}:{}: rule '{}': invalid allow pattern: {}", rule.source_file,
          rule.source_line, rule.id, re->error()));
    }
    c->allow.push_back(std::move(re));
  }
  return Status::Ok();
}

}  // namespace

const RulesDatabase::Compiled& RulesDatabase::Re2For(int rule) const {
  Compiled& c = *compiled_[static_cast<size_t>(rule)];
  std::call_once(c.once, [&] {
    c.status = CompileRe2(rules_[static_cast<size_t>(rule)], *re_opts_, &c);
  });
  return c;
}

void RulesDatabase::MatchPath(std::string_view rel_path,
                              std::vector<int>* rules) const {
  re2::StringPiece path(rel_path.data(), rel_path.size());
  for (const auto& [index, re] : path_rules_) {
    if (RE2::PartialMatch(path, *re)) rules->push_back(index);
  }
}

RulesDatabase::RulesDatabase() = default;

RulesDatabase::~RulesDatabase() {
  if (hs_db_) hs_free_database(hs_db_);
}

int RulesDatabase::prefilter_rule_count() const {
  int n = 0;
  for (const auto& c : compiled_) n += c->mode == Mode::kPrefilter;
  return n;
}

bool RulesDatabase::IsUnbounded(int rule) const {
  const auto& c = *compiled_[static_cast<size_t>(rule)];
  return c.mode != Mode::kRe2Only && c.unbounded;
}

int RulesDatabase::re2_only_rule_count() const {
  return static_cast<int>(re2_only_.size());
}

Status RulesDatabase::Compile(std::vector<Rule> rules,
                              const EngineOptions& options,
                              std::unique_ptr<RulesDatabase>* out) {
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<RulesDatabase> db(new RulesDatabase());
  db->rules_ = std::move(rules);

  RE2::Options re_opts;
  re_opts.set_encoding(RE2::Options::EncodingLatin1);
  re_opts.set_max_mem(options.re2_max_mem);
  re_opts.set_log_errors(false);
  RE2::Options allow_opts = re_opts;
  allow_opts.set_max_mem(8 << 20);

  // The hash covers everything that shapes the Hyperscan database.
  std::string key = fmt::format("hs={} ", hs_version());
  for (const auto& r : db->rules_) {
    key += r.id;
    key.push_back('\0');
    key += r.regex;
    key.push_back('\0');
  }
  for (const auto& m : options.markers) {
    if (m.group < 0 || m.group >= kMaxMarkerGroups || m.literal.empty())
      return Status::InvalidArgument("invalid engine marker");
    key += fmt::format("marker:{}:{}:", m.group, m.caseless ? 1 : 0);
    key += m.literal;
    key.push_back('\0');
    db->marker_groups_.push_back(m.group);
  }
  db->hash_ = Sha256Hex(key);

  db->re_opts_ = std::make_unique<RE2::Options>(re_opts);
  for (const auto& rule : db->rules_) {
    auto c = std::make_unique<Compiled>();
    for (const auto& k : rule.keywords) c->keywords.push_back(Lower(k));
    db->compiled_.push_back(std::move(c));
  }
  for (const auto& a : options.global_allow) {
    auto re = std::make_unique<RE2>(a, allow_opts);
    if (!re->ok()) {
      return Status::InvalidArgument(
          fmt::format("invalid allow pattern '{}': {}", a, re->error()));
    }
    db->global_allow_.push_back(std::move(re));
  }

  // Try the cache: header JSON (modes, windows) then the serialised db.
  std::string cache_path;
  if (!options.cache_dir.empty()) {
    cache_path = options.cache_dir + "/" + db->hash_ + ".hsdb";
    const MappedFile cached(cache_path);
    if (cached.ok()) {
      const std::string_view blob = cached.bytes();
      size_t magic_len = sizeof(kCacheMagic) - 1;
      size_t nl = blob.find('\n', magic_len);
      if (blob.compare(0, magic_len, kCacheMagic) == 0 &&
          nl != std::string::npos) {
        auto header = nlohmann::json::parse(blob.begin() + magic_len,
                                            blob.begin() + nl, nullptr, false);
        if (header.is_object() && header["modes"].is_array() &&
            header["modes"].size() == db->rules_.size() &&
            header["windows"].size() == db->rules_.size() &&
            header["unbounded"].size() == db->rules_.size()) {
          std::string_view bytes(blob);
          bytes.remove_prefix(nl + 1);
          hs_database_t* hs = nullptr;
          bool has_db = header.value("has_db", false);
          if (!has_db || hs_deserialize_database(bytes.data(), bytes.size(),
                                                 &hs) == HS_SUCCESS) {
            db->hs_db_ = hs;
            for (size_t i = 0; i < db->rules_.size(); ++i) {
              db->compiled_[i]->mode =
                  static_cast<Mode>(header["modes"][i].get<int>());
              db->compiled_[i]->window = header["windows"][i].get<size_t>();
              db->compiled_[i]->unbounded =
                  header["unbounded"][i].get<bool>();
              if (db->compiled_[i]->mode == Mode::kRe2Only &&
                  db->rules_[i].path_regex.empty())
                db->re2_only_.push_back(static_cast<int>(i));
            }
            db->loaded_from_cache_ = true;
          }
        }
      }
    }
  }

  if (!db->loaded_from_cache_) {
    for (size_t i = 0; i < db->rules_.size(); ++i) {
      auto& c = *db->compiled_[i];
      const std::string& rx = db->rules_[i].regex;
      if (!db->rules_[i].path_regex.empty()) {
        c.mode = Mode::kRe2Only;  // never scanned as content
        continue;
      }
      if (HsExpressionWidth(rx, Mode::kExact, &c.window, &c.unbounded)) {
        c.mode = Mode::kExact;
      } else if (HsExpressionWidth(rx, Mode::kPrefilter, &c.window, &c.unbounded)) {
        c.mode = Mode::kPrefilter;
      } else {
        c.mode = Mode::kRe2Only;
      }
    }
    // hs_expression_info accepts some patterns the full compiler refuses
    // (e.g. ones that match the empty string): demote the named expression
    // one step (exact -> prefilter -> RE2 only) and try again.
    while (true) {
      std::vector<const char*> exprs;
      std::vector<unsigned> flags, ids;
      for (size_t i = 0; i < db->rules_.size(); ++i) {
        const auto& c = *db->compiled_[i];
        if (c.mode == Mode::kRe2Only) continue;
        exprs.push_back(db->rules_[i].regex.c_str());
        flags.push_back(HsFlags(c.mode));
        ids.push_back(static_cast<unsigned>(i));
      }
      // Markers: escaped literals after the rules, never demoted.
      std::vector<std::string> marker_exprs;
      for (const auto& m : options.markers) {
        std::string e;
        for (char ch : m.literal) {
          if (!std::isalnum(static_cast<unsigned char>(ch))) e += '\\';
          e += ch;
        }
        marker_exprs.push_back(std::move(e));
      }
      for (size_t k = 0; k < marker_exprs.size(); ++k) {
        exprs.push_back(marker_exprs[k].c_str());
        flags.push_back(options.markers[k].caseless ? HS_FLAG_CASELESS : 0u);
        ids.push_back(static_cast<unsigned>(db->rules_.size() + k));
      }
      if (exprs.empty()) break;
      hs_compile_error_t* err = nullptr;
      if (hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                           static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                           nullptr, &db->hs_db_, &err) == HS_SUCCESS) {
        break;
      }
      std::string msg = err ? err->message : "unknown error";
      int which = err ? err->expression : -1;
      hs_free_compile_error(err);
      if (which < 0 || ids[static_cast<size_t>(which)] >= db->rules_.size()) {
        return Status::Internal(
            fmt::format("Hyperscan cannot compile the rule set: {}", msg));
      }
      auto& c = *db->compiled_[ids[static_cast<size_t>(which)]];
      c.mode = c.mode == Mode::kExact ? Mode::kPrefilter : Mode::kRe2Only;
    }
    for (size_t i = 0; i < db->rules_.size(); ++i) {
      if (db->compiled_[i]->mode == Mode::kRe2Only &&
          db->rules_[i].path_regex.empty())
        db->re2_only_.push_back(static_cast<int>(i));
    }
    if (!cache_path.empty()) {
      nlohmann::json header;
      header["has_db"] = db->hs_db_ != nullptr;
      header["modes"] = nlohmann::json::array();
      header["windows"] = nlohmann::json::array();
      header["unbounded"] = nlohmann::json::array();
      for (const auto& c : db->compiled_) {
        header["unbounded"].push_back(c->unbounded);
        header["modes"].push_back(static_cast<int>(c->mode));
        header["windows"].push_back(c->window);
      }
      std::string blob = kCacheMagic + header.dump() + "\n";
      if (db->hs_db_) {
        char* bytes = nullptr;
        size_t len = 0;
        if (hs_serialize_database(db->hs_db_, &bytes, &len) == HS_SUCCESS) {
          blob.append(bytes, len);
          free(bytes);
        }
      }
      // Best effort: a cache that cannot be written only costs start-up time.
      std::error_code ec;
      std::filesystem::create_directories(options.cache_dir, ec);
      std::string tmp = fmt::format("{}.tmp{}", cache_path, getpid());
      {
        std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
        o.write(blob.data(), static_cast<std::streamsize>(blob.size()));
      }
      if (std::rename(tmp.c_str(), cache_path.c_str()) != 0)
        std::remove(tmp.c_str());
    }
  }
  for (size_t i = 0; i < db->rules_.size(); ++i) {
    const Rule& rule = db->rules_[i];
    if (rule.path_regex.empty()) continue;
    auto re = std::make_unique<RE2>(rule.path_regex, re_opts);
    if (!re->ok()) {
      return Status::InvalidArgument(
          fmt::format("{}:{}: rule '{}': invalid path regex: {}",
                      rule.source_file, rule.source_line, rule.id, re->error()));
    }
    db->path_rules_.emplace_back(static_cast<int>(i), std::move(re));
  }
  // Rules from files are compiled now so that a bad regex is reported at
  // start-up; built-in ones on first use.
  for (size_t i = 0; i < db->rules_.size(); ++i) {
    if (db->rules_[i].builtin || !db->rules_[i].path_regex.empty()) continue;
    const Compiled& c = db->Re2For(static_cast<int>(i));
    if (!c.status.ok()) return c.status;
  }
  db->compile_seconds_ = std::chrono::duration<double>(
                             std::chrono::steady_clock::now() - start)
                             .count();
  *out = std::move(db);
  return Status::Ok();
}

// ---------------------------------------------------------------------------

namespace {

// Decides whether a confirmed regex match is reported. Returns the reason
// it is dropped, or nullptr.
const char* RejectReason(const Rule& rule, const std::vector<std::string>& kw,
                         const std::vector<std::unique_ptr<RE2>>& allow,
                         const std::vector<std::unique_ptr<RE2>>& global_allow,
                         std::string_view match, std::string_view secret,
                         std::string_view path) {
  if (secret.empty()) return "empty secret";
  if (!kw.empty()) {
    std::string lower = Lower(match);
    bool any = false;
    for (const auto& k : kw) {
      if (lower.find(k) != std::string::npos) {
        any = true;
        break;
      }
    }
    if (!any) return "no keyword";
  }
  for (const auto& a : allow)
    if (RE2::PartialMatch(secret, *a)) return "allowed by rule";
  for (const auto& a : global_allow)
    if (RE2::PartialMatch(secret, *a)) return "allowed by config";
  if (const char* why = PlaceholderReason(secret)) return why;
  if (rule.HasTag("generic")) {
    if (const char* why = GenericReason(secret, path)) return why;
  }
  if (rule.min_entropy > 0 && ShannonEntropy(secret) < rule.min_entropy)
    return "low entropy";
  return nullptr;
}

}  // namespace

Matcher::Matcher(const RulesDatabase* db) : db_(db) {
  clusters_.resize(db->rules_.size());
  if (db_->hs_db_) hs_alloc_scratch(db_->hs_db_, &scratch_);
}

Matcher::~Matcher() {
  if (scratch_) hs_free_scratch(scratch_);
}

int Matcher::OnHsMatch(unsigned int id, unsigned long long /*from*/,
                       unsigned long long to, unsigned int /*flags*/,
                       void* ctx) {
  auto* self = static_cast<Matcher*>(ctx);
  if (id >= self->clusters_.size()) {  // a marker
    MarkerHits* m = self->markers_;
    if (m == nullptr) return 0;
    const int g = self->db_->marker_groups_[id - self->clusters_.size()];
    auto& ends = m->ends[static_cast<size_t>(g)];
    if (ends.size() < MarkerHits::kMaxPerGroup) {
      ends.push_back(static_cast<size_t>(to));
    } else {
      m->overflow |= 1u << g;
    }
    return 0;
  }
  auto& cl = self->clusters_[id];
  const size_t w = self->db_->compiled_[id]->window;
  const size_t end = static_cast<size_t>(to);
  if (cl.empty()) {
    self->touched_.push_back(static_cast<int>(id));
  } else {
    Cluster& last = cl.back();
    if (end <= last.last_end + w && end + w >= last.first_end) {
      last.first_end = std::min(last.first_end, end);
      last.last_end = std::max(last.last_end, end);
      return 0;
    }
  }
  cl.push_back({end, end});
  return 0;
}

namespace {

// RE2's unanchored search for a match and its groups, in two steps: the
// DFA finds where the leftmost match starts and ends, then the groups are
// read from exactly that span. Left to itself RE2 runs its backtracker over
// the whole of a short text from every position, which for the generic
// assignment rules costs several times the match.
bool MatchWithGroups(const RE2& re, const re2::StringPiece& text, size_t from,
                     size_t to, re2::StringPiece* groups, int ngroups) {
  if (ngroups <= 1)
    return re.Match(text, from, to, RE2::UNANCHORED, groups, ngroups);
  re2::StringPiece whole;
  if (!re.Match(text, from, to, RE2::UNANCHORED, &whole, 1)) return false;
  const size_t b = static_cast<size_t>(whole.data() - text.data());
  return re.Match(text, b, b + whole.size(), RE2::ANCHOR_BOTH, groups,
                  ngroups);
}

}  // namespace

void Matcher::ConfirmRegion(int r, std::string_view text, size_t from,
                            size_t to, std::string_view path, size_t* consumed,
                            std::vector<Match>* out,
                            std::vector<DroppedMatch>* dropped,
                            bool reference, size_t known_start) {
  const auto& c = db_->Re2For(r);
  if (!c.status.ok() || !c.re) return;  // reported by `rules check`
  const Rule& rule = db_->rules_[r];
  const int ngroups = c.groups + 1;
  std::vector<re2::StringPiece> groups(ngroups);
  size_t pos = std::max(from, *consumed);
  re2::StringPiece whole(text.data(), text.size());
  const RE2* loose = reference ? nullptr : c.loose.get();
  const bool exact_ends = !reference && c.mode == Mode::kExact;
  while (pos <= to) {
    if (loose != nullptr) {
      // The relaxed twin's leftmost match starts at or before the rule's
      // own; where the rule matches anchored there, that is its leftmost
      // match, else its match starts further on: the rest of the region is
      // left to the rule's own search, so that a text where the twin starts
      // a match at every byte (sk-proj-sk-proj-...) stays linear.
      re2::StringPiece at;
      if (!loose->Match(whole, pos, to, RE2::UNANCHORED, &at, 1)) break;
      const size_t start = static_cast<size_t>(at.data() - text.data());
      if (!c.re->Match(whole, start, to, RE2::ANCHOR_START, groups.data(),
                       ngroups)) {
        loose = nullptr;
        pos = start + 1;
        continue;
      }
    } else if (!(pos == known_start &&
                 c.re->Match(whole, pos, to, RE2::ANCHOR_START, groups.data(),
                             ngroups)) &&
               !(reference ? c.re->Match(whole, pos, to, RE2::UNANCHORED,
                                         groups.data(), ngroups)
                           : MatchWithGroups(*c.re, whole, pos, to,
                                             groups.data(), ngroups))) {
      // A match known to start at `known_start` is found anchored there,
      // without RE2's reverse search for the leftmost start.
      break;
    }
    size_t b = static_cast<size_t>(groups[0].data() - text.data());
    size_t e = b + groups[0].size();
    const re2::StringPiece& sp = groups[c.secret_group];
    if (sp.data() != nullptr) {
      size_t sb = static_cast<size_t>(sp.data() - text.data());
      size_t se = sb + sp.size();
      std::string_view match(text.data() + b, e - b);
      std::string_view secret(text.data() + sb, se - sb);
      const char* why = RejectReason(rule, c.keywords, c.allow,
                                     db_->global_allow_, match, secret, path);
      if (!why) {
        out->push_back({r, b, e, sb, se});
      } else if (dropped) {
        dropped->push_back({r, sb, se, why});
      }
    }
    pos = e > b ? e : e + 1;
    *consumed = pos;
    // Hyperscan reported every end of an exact rule's matches: none lies
    // past the region's last.
    if (exact_ends && e >= to) break;
  }
}

namespace {
void SortMatches(std::vector<Match>* out, size_t from) {
  std::sort(out->begin() + static_cast<std::ptrdiff_t>(from), out->end(),
            [](const Match& a, const Match& b) {
              if (a.begin != b.begin) return a.begin < b.begin;
              if (a.rule != b.rule) return a.rule < b.rule;
              return a.end < b.end;
            });
}
}  // namespace

size_t Matcher::UnboundedRegionStart(int r, std::string_view text,
                                     size_t first_end, size_t consumed,
                                     size_t fallback) {
  const auto& c = db_->Re2For(r);
  if (!c.ending_here) return fallback;
  // RE2 runs an end-anchored regex as a reverse DFA from the end of the
  // text, so this costs about the length of the match, not of the window.
  size_t lo = first_end > kMaxWindow ? first_end - kMaxWindow : 0;
  lo = std::max(lo, std::min(consumed, first_end));
  re2::StringPiece prefix(text.data(), first_end);
  re2::StringPiece m;
  if (c.ending_here->Match(prefix, lo, first_end, RE2::UNANCHORED, &m, 1)) {
    return static_cast<size_t>(m.data() - text.data());
  }
  return fallback;  // prefilter candidate with no exact match ending here
}

Status Matcher::Scan(std::string_view text, std::string_view path,
                     std::vector<Match>* out,
                     std::vector<DroppedMatch>* dropped, MarkerHits* markers) {
  const size_t first_out = out->size();
  if (markers != nullptr) {
    for (auto& e : markers->ends) e.clear();
    markers->overflow = 0;
    markers->valid = db_->hs_db_ != nullptr && !db_->marker_groups_.empty();
  }
  markers_ = markers;
  if (db_->hs_db_) {
    if (!scratch_) return Status::Internal("Hyperscan scratch allocation failed");
    if (text.size() > UINT_MAX)
      return Status::InvalidArgument("file too large for the engine (4 GiB)");
    hs_error_t rc =
        hs_scan(db_->hs_db_, text.data(), static_cast<unsigned>(text.size()), 0,
                scratch_, &Matcher::OnHsMatch, this);
    markers_ = nullptr;
    if (markers != nullptr) {
      // Hyperscan reports in end order per engine, not across engines.
      for (auto& e : markers->ends) {
        if (e.size() < 2) continue;
        std::sort(e.begin(), e.end());
        e.erase(std::unique(e.begin(), e.end()), e.end());
      }
    }
    if (rc != HS_SUCCESS) {
      if (markers != nullptr) markers->valid = false;
      for (int r : touched_) clusters_[r].clear();
      touched_.clear();
      return Status::Internal(fmt::format("Hyperscan scan failed ({})", rc));
    }
    for (int r : touched_) {
      auto& cl = clusters_[r];
      const size_t w = db_->compiled_[r]->window;
      std::sort(cl.begin(), cl.end(), [](const Cluster& a, const Cluster& b) {
        return a.first_end < b.first_end;
      });
      size_t consumed = 0;
      size_t i = 0;
      while (i < cl.size()) {
        size_t first = cl[i].first_end, last = cl[i].last_end;
        size_t j = i + 1;
        while (j < cl.size() && cl[j].first_end <= last + w) {
          last = std::max(last, cl[j].last_end);
          ++j;
        }
        size_t from = first > w ? first - w : 0;
        size_t known_start = std::string_view::npos;
        if (db_->compiled_[r]->unbounded) {
          const size_t start =
              UnboundedRegionStart(r, text, first, consumed, from);
          // Of the rule's own regex (not its relaxed twin): a match starts
          // there.
          if (start != from && !db_->compiled_[r]->loose) known_start = start;
          from = start;
        }
        ConfirmRegion(r, text, from, last, path, &consumed, out, dropped,
                      /*reference=*/false, known_start);
        i = j;
      }
      cl.clear();
    }
    touched_.clear();
  }
  for (int r : db_->re2_only_) {
    size_t consumed = 0;
    ConfirmRegion(r, text, 0, text.size(), path, &consumed, out, dropped);
  }
  SortMatches(out, first_out);
  return Status::Ok();
}

size_t Matcher::CountPrefilterHits(std::string_view text) {
  size_t hits = 0;
  if (!db_->hs_db_ || !scratch_ || text.size() > UINT_MAX) return 0;
  hs_scan(
      db_->hs_db_, text.data(), static_cast<unsigned>(text.size()), 0,
      scratch_,
      [](unsigned int, unsigned long long, unsigned long long, unsigned int,
         void* ctx) {
        ++*static_cast<size_t*>(ctx);
        return 0;
      },
      &hits);
  return hits;
}

Status Matcher::ScanReference(std::string_view text, std::string_view path,
                              std::vector<Match>* out,
                              std::vector<DroppedMatch>* dropped) {
  const size_t first_out = out->size();
  for (size_t r = 0; r < db_->rules_.size(); ++r) {
    if (!db_->rules_[r].path_regex.empty()) continue;
    size_t consumed = 0;
    ConfirmRegion(static_cast<int>(r), text, 0, text.size(), path, &consumed,
                  out, dropped, /*reference=*/true);
  }
  SortMatches(out, first_out);
  return Status::Ok();
}

MarkerLocator::MarkerLocator(std::vector<Marker> markers) {
  EngineOptions options;
  options.markers = std::move(markers);
  if (!RulesDatabase::Compile({}, options, &db_).ok()) db_.reset();
}

MarkerLocator::~MarkerLocator() = default;

void MarkerLocator::Locate(std::string_view text, MarkerHits* hits) const {
  for (auto& e : hits->ends) e.clear();
  hits->overflow = 0;
  hits->valid = false;
  if (!db_) return;
  std::unique_ptr<Matcher> matcher;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      matcher = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!matcher) matcher = std::make_unique<Matcher>(db_.get());
  std::vector<Match> none;  // the database has no rules
  if (!matcher->Scan(text, {}, &none, nullptr, hits).ok()) hits->valid = false;
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(matcher));
}

}  // namespace keylint
