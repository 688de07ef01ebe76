#include "scanner/decode.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <unordered_set>
#include <utility>

#include "scanner/scan_driver.h"
#include "scanner/suppression.h"

namespace keylint {
namespace {

constexpr std::string_view kBasicAuthRule = "encoded-basic-auth-credentials";

// Longest span decoded; longer runs are data (images, archives), not
// credentials.
constexpr size_t kMaxSpan = 256 << 10;
// Percent and escape spans stop at this length around their first escape.
constexpr size_t kMaxTextSpan = 4096;

// Byte classes of the gate.
enum : uint8_t {
  kB64 = 1,    // A-Z a-z 0-9 + /
  kUrl = 2,    // - _
  kHex = 4,    // 0-9 a-f A-F
  kUpper = 8,  // A-Z
  kLower = 16,
  kDigit = 32,
  kStop = 64,  // ends a percent/escape span: space, quotes, <>
  kFirst = 128,  // can start the base64 or hex of printable text
};

// The first byte of printable text (or \t \n \r) puts its first hex digit
// in 0, 2-7 and its first base64 digit in C, D, I-Z, a-f: a run that starts
// with any other byte is no encoded text, whatever follows.
constexpr bool CanStartEncodedText(int c) {
  return c == '0' || (c >= '2' && c <= '7') || c == 'C' || c == 'D' ||
         (c >= 'I' && c <= 'Z') || (c >= 'a' && c <= 'f');
}

constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kB64 | kUpper;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kB64 | kLower;
  for (int c = '0'; c <= '9'; ++c) t[c] = kB64 | kDigit | kHex;
  for (int c = 'a'; c <= 'f'; ++c) t[c] |= kHex;
  for (int c = 'A'; c <= 'F'; ++c) t[c] |= kHex;
  t['+'] = t['/'] = kB64;
  t['-'] = t['_'] = kUrl;
  for (char c : {' ', '\t', '\n', '\r', '"', '\'', '`', '<', '>', '\0'})
    t[static_cast<uint8_t>(c)] = kStop;
  for (int c = 0; c < 256; ++c)
    if (CanStartEncodedText(c)) t[c] |= kFirst;
  return t;
}
constexpr std::array<uint8_t, 256> kClass = MakeClasses();

inline uint8_t Cls(char c) { return kClass[static_cast<uint8_t>(c)]; }

inline bool Printable(unsigned char c) {
  return (c >= 0x20 && c < 0x7F) || c == '\n' || c == '\r' || c == '\t';
}

// Decoded text worth scanning: almost all printable ASCII, and the first
// bytes all printable (so garbage is dropped early by the callers).
bool LooksLikeText(std::string_view s) {
  if (s.size() < 8) return false;
  size_t bad = 0;
  for (unsigned char c : s) bad += Printable(c) ? 0 : 1;
  return bad * 20 <= s.size();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int Base64Value(char c, bool url) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == (url ? '-' : '+')) return 62;
  if (c == (url ? '_' : '/')) return 63;
  return -1;
}

// Base64 digit values, -1 outside the alphabet: standard, url, and either
// ('+' and '-' are 62, '/' and '_' 63), for the gate's first look.
enum class Alphabet { kStandard, kUrl, kEither };
constexpr std::array<int8_t, 256> MakeBase64Values(Alphabet a) {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = static_cast<int8_t>(c - 'A');
  for (int c = 'a'; c <= 'z'; ++c) t[c] = static_cast<int8_t>(c - 'a' + 26);
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<int8_t>(c - '0' + 52);
  if (a != Alphabet::kUrl) t['+'] = 62, t['/'] = 63;
  if (a != Alphabet::kStandard) t['-'] = 62, t['_'] = 63;
  return t;
}
constexpr std::array<std::array<int8_t, 256>, 3> kBase64Values = {
    MakeBase64Values(Alphabet::kStandard), MakeBase64Values(Alphabet::kUrl),
    MakeBase64Values(Alphabet::kEither)};

// Decodes the first two quanta only (6 bytes): true when they are
// printable. Lets the gate drop a random token after one quantum instead of
// decoding it all.
inline bool PrefixPrintable(std::string_view in, Alphabet alphabet) {
  if (in.size() < 8) return false;
  const auto& values = kBase64Values[static_cast<size_t>(alphabet)];
  for (size_t q = 0; q < 8; q += 4) {
    uint32_t acc = 0;
    for (size_t i = q; i < q + 4; ++i) {
      int v = values[static_cast<uint8_t>(in[i])];
      if (v < 0) return false;
      acc = (acc << 6) | static_cast<uint32_t>(v);
    }
    if (!Printable(static_cast<unsigned char>(acc >> 16)) ||
        !Printable(static_cast<unsigned char>((acc >> 8) & 0xFF)) ||
        !Printable(static_cast<unsigned char>(acc & 0xFF)))
      return false;
  }
  return true;
}

void AddSpan(std::vector<EncodedSpan>* out, size_t begin, size_t end,
             Decoder decoder, Carrier carrier, std::string&& decoded) {
  EncodedSpan s;
  s.begin = begin;
  s.end = end;
  s.decoder = decoder;
  s.carrier = carrier;
  s.decoded = std::move(decoded);
  out->push_back(std::move(s));
}

// First decoded bytes of a hex run printable (4 bytes from 8 digits): the
// hex twin of PrefixPrintable.
bool HexPrefixPrintable(std::string_view in) {
  if (in.size() < 8) return false;
  for (size_t i = 0; i < 8; i += 2) {
    int hi = HexValue(in[i]), lo = HexValue(in[i + 1]);
    if (hi < 0 || lo < 0 || !Printable(static_cast<unsigned char>(hi * 16 + lo)))
      return false;
  }
  return true;
}

// A maximal run of base64/base64url characters of at least kMinBase64Run
// bytes at [b, e): a hex run or a base64 candidate. The first bytes are
// tested before the run is read whole: a hash, a random token or an image
// fails on its first quantum, however long it is.
void ConsiderRun(std::string_view text, size_t b, size_t e,
                 std::vector<EncodedSpan>* out) {
  size_t len = e - b;
  if (len > kMaxSpan) return;
  // FindAlphabetRuns hands over only runs whose first byte can start
  // encoded text (CanStartEncodedText); their first quanta must decode to
  // printable text.
  std::string_view run = text.substr(b, len);
  const bool hex_head = len >= kMinHexRun && len % 2 == 0 &&
                        HexPrefixPrintable(run);
  const bool base64_head =
      PrefixPrintable(run, Alphabet::kEither);
  if (!hex_head && !base64_head) return;
  uint8_t seen = 0;
  bool hex_only = true, has_url = false, has_std = false;
  for (size_t i = b; i < e; ++i) {
    uint8_t c = Cls(text[i]);
    seen |= c;
    hex_only &= (c & kHex) != 0;
    has_url |= (c & kUrl) != 0;
    has_std |= text[i] == '+' || text[i] == '/';
  }
  std::string decoded;
  if (hex_only) {
    // One case only (a hex dump), even length, long enough for a token.
    bool mixed = (seen & kUpper) && (seen & kLower);
    if (!hex_head || mixed) return;
    if (!DecodeHex(run, &decoded) || !LooksLikeText(decoded)) return;
    AddSpan(out, b, e, Decoder::kHex, Carrier::kNone, std::move(decoded));
    return;
  }
  // Base64 of text mixes cases and digits; an identifier or a path rarely
  // does all three. Both alphabets at once is neither.
  if (!((seen & kUpper) && (seen & kLower) && (seen & kDigit))) return;
  if (has_url && has_std) return;
  // Padding that follows the run belongs to it.
  size_t pe = e;
  while (pe < text.size() && pe - e < 2 && text[pe] == '=') ++pe;
  std::string_view padded = text.substr(b, pe - b);
  if (!PrefixPrintable(padded, has_url ? Alphabet::kUrl : Alphabet::kStandard))
    return;
  if (!DecodeBase64(padded, has_url, &decoded) || !LooksLikeText(decoded))
    return;
  AddSpan(out, b, pe, has_url ? Decoder::kBase64Url : Decoder::kBase64,
          Carrier::kNone, std::move(decoded));
}

// Bit i of the result is set when byte i of the 64 bytes at `p` is in the
// base64 or base64url alphabet (A-Z a-z 0-9 + / - _). Letters are found
// with A-Z folded onto a-z ('@' and '[' .. '`' land outside); '+' .. '9'
// holds + , - . / and the digits, all but ',' and '.'. Signed compares:
// bytes >= 0x80 are negative and fall in no range.
#if defined(__x86_64__)
// One vector width's worth: the mask of `v`'s alphabet bytes.
#define KEYLINT_ALPHABET_BITS(V, OR, AND, ANDNOT, CMPEQ, CMPGT, MOVEMASK)       \
  MOVEMASK(OR(OR(AND(CMPGT(OR(V, case_bit), before_a),                          \
                     CMPGT(after_z, OR(V, case_bit))),                          \
                 ANDNOT(OR(CMPEQ(V, comma), CMPEQ(V, dot)),                     \
                        AND(CMPGT(V, before_plus), CMPGT(after_9, V)))),        \
              CMPEQ(V, underscore)))

inline uint64_t AlphabetMask64Sse2(const char* p) {
  const __m128i case_bit = _mm_set1_epi8(0x20), before_a = _mm_set1_epi8('a' - 1),
                after_z = _mm_set1_epi8('z' + 1), before_plus = _mm_set1_epi8('+' - 1),
                after_9 = _mm_set1_epi8('9' + 1), comma = _mm_set1_epi8(','),
                dot = _mm_set1_epi8('.'), underscore = _mm_set1_epi8('_');
  uint64_t mask = 0;
  for (int k = 0; k < 4; ++k) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    uint64_t bits = static_cast<uint16_t>(KEYLINT_ALPHABET_BITS(
        v, _mm_or_si128, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8,
        _mm_cmpgt_epi8, _mm_movemask_epi8));
    mask |= bits << (16 * k);
  }
  return mask;
}

// AVX2: a nibble lookup (two byte shuffles) classifies 32 bytes in a
// handful of instructions with three constants. Bit k of high_table[h]
// stands for high nibble h = 2 + k; low_table[l] holds the bits of the high nibbles
// whose byte (h << 4 | l) is in the alphabet: + - / (2B 2D 2F), 0-9
// (30-39), A-O (41-4F), P-Z and _ (50-5A 5F), a-o (61-6F), p-z (70-7A).
// Bytes >= 0x80 find 0 in both tables.
__attribute__((target("avx2"))) inline uint32_t OutsideAlphabet32(
    __m256i v) {
  const __m256i low_table = _mm256_setr_epi8(
      0x2A, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x3C, 0x15,
      0x14, 0x15, 0x14, 0x1D, 0x2A, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E,
      0x3E, 0x3E, 0x3C, 0x15, 0x14, 0x15, 0x14, 0x1D);
  const __m256i high_table = _mm256_setr_epi8(
      0, 0, 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0, 0, 0, 0, 0, 0, 0, 0);
  __m256i lo = _mm256_shuffle_epi8(low_table, v);  // bit 7 set: 0
  __m256i hi = _mm256_shuffle_epi8(
      high_table,
      _mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x0F)));
  return static_cast<uint32_t>(_mm256_movemask_epi8(
      _mm256_cmpeq_epi8(_mm256_and_si256(lo, hi), _mm256_setzero_si256())));
}

__attribute__((target("avx2"))) inline uint64_t AlphabetMask64Avx2(
    const char* p) {
  uint64_t lo_out = OutsideAlphabet32(
      _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
  uint64_t hi_out = OutsideAlphabet32(
      _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32)));
  return ~(lo_out | (hi_out << 32));
}
#undef KEYLINT_ALPHABET_BITS
#endif

// Any CPU: one byte at a time.
inline uint64_t AlphabetMask64Portable(const char* p) {
  uint64_t mask = 0;
  for (int i = 0; i < 64; ++i)
    if (Cls(p[i]) & (kB64 | kUrl)) mask |= uint64_t{1} << i;
  return mask;
}

// Bit i set when bits i .. i+19 of `m` are all set: a run of at least
// kMinBase64Run alphabet bytes starts at byte i of the block.
inline uint64_t LongRunStarts(uint64_t m) {
  static_assert(kMinBase64Run == 20, "the shifts below count 20 bits");
  uint64_t two = m & (m >> 1);
  uint64_t four = two & (two >> 2);
  uint64_t eight = four & (four >> 4);
  uint64_t sixteen = eight & (eight >> 8);
  return sixteen & (four >> 16);
}

}  // namespace

namespace {

// Inlined into each caller below, so that the AVX2 one is compiled for AVX2
// and inlines its mask function.
template <uint64_t (*Mask64)(const char*)>
__attribute__((always_inline)) inline void AlphabetRuns(std::string_view text,
                  std::vector<std::pair<size_t, size_t>>* runs) {
  constexpr size_t kNone = std::string_view::npos;
  const size_t n = text.size();
  size_t open = kNone;  // start of a run that reaches the current block
  for (size_t base = 0; base < n; base += 64) {
    uint64_t m;
    if (n - base >= 64) {
      m = Mask64(text.data() + base);
    } else {
      char tail[64] = {};
      std::memcpy(tail, text.data() + base, n - base);
      m = Mask64(tail);  // NUL is outside the alphabet
    }
    if (open != kNone) {
      if (m == ~uint64_t{0}) continue;  // the run goes on
      const int end = __builtin_ctzll(~m);
      if (base + static_cast<size_t>(end) - open >= kMinBase64Run &&
          (Cls(text[open]) & kFirst))
        runs->push_back({open, base + static_cast<size_t>(end)});
      open = kNone;
      m &= ~uint64_t{0} << end;  // end < 64: the rest of the block
    }
    // Runs of 20 or more that start in this block; the first one that
    // reaches the block's end stays open.
    for (uint64_t starts = LongRunStarts(m); starts != 0;
         starts = LongRunStarts(m)) {
      const int s = __builtin_ctzll(starts);
      const uint64_t gaps = ~m & (~uint64_t{0} << s);
      if (gaps == 0) {
        open = base + static_cast<size_t>(s);
        m = 0;
        break;
      }
      const int e = __builtin_ctzll(gaps);
      if (Cls(text[base + static_cast<size_t>(s)]) & kFirst)
        runs->push_back({base + static_cast<size_t>(s), base + static_cast<size_t>(e)});
      m &= ~uint64_t{0} << e;
    }
    // A shorter run that touches the block's end may go on in the next.
    if (open == kNone && (m >> 63) != 0)
      open = base + 64 - static_cast<size_t>(__builtin_clzll(~m));
  }
  if (open != kNone && n - open >= kMinBase64Run && (Cls(text[open]) & kFirst))
    runs->push_back({open, n});
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) void AlphabetRunsAvx2(
    std::string_view text, std::vector<std::pair<size_t, size_t>>* runs) {
  AlphabetRuns<AlphabetMask64Avx2>(text, runs);
}
#endif

}  // namespace

std::vector<AlphabetRunsImpl> AvailableAlphabetRunsImpls() {
  std::vector<AlphabetRunsImpl> impls = {AlphabetRunsImpl::kPortable};
#if defined(__x86_64__)
  impls.push_back(AlphabetRunsImpl::kSse2);
  if (__builtin_cpu_supports("avx2")) impls.push_back(AlphabetRunsImpl::kAvx2);
#endif
  return impls;
}

void FindAlphabetRuns(std::string_view text,
                      std::vector<std::pair<size_t, size_t>>* runs,
                      AlphabetRunsImpl impl) {
  if (impl == AlphabetRunsImpl::kBest) {
    // SSE2 is part of x86-64; AVX2 is chosen at run time where the CPU
    // has it.
    static const AlphabetRunsImpl best = AvailableAlphabetRunsImpls().back();
    impl = best;
  }
  switch (impl) {
#if defined(__x86_64__)
    case AlphabetRunsImpl::kAvx2:
      AlphabetRunsAvx2(text, runs);
      return;
    case AlphabetRunsImpl::kSse2:
      AlphabetRuns<AlphabetMask64Sse2>(text, runs);
      return;
#endif
    default:
      AlphabetRuns<AlphabetMask64Portable>(text, runs);
      return;
  }
}

namespace {

// Base64/hex runs, found by FindAlphabetRuns 64 bytes at a time.
void FindRuns(std::string_view text, std::vector<EncodedSpan>* out) {
  thread_local std::vector<std::pair<size_t, size_t>> runs;
  runs.clear();
  FindAlphabetRuns(text, &runs);
  for (const auto& [b, e] : runs) ConsiderRun(text, b, e, out);
}

// The span around an escape at `at`: out to the nearest stop byte, at most
// kMaxTextSpan bytes each side.
std::pair<size_t, size_t> TextSpan(std::string_view text, size_t at,
                                   size_t floor) {
  size_t lo = at > kMaxTextSpan ? at - kMaxTextSpan : 0;
  lo = std::max(lo, floor);
  size_t b = at;
  while (b > lo && !(Cls(text[b - 1]) & kStop)) --b;
  size_t hi = std::min(text.size(), at + kMaxTextSpan);
  size_t e = at;
  while (e < hi && !(Cls(text[e]) & kStop)) ++e;
  return {b, e};
}

// Percent-encoded spans: '%' and two hex digits, the span holding at least
// one escape of a byte that is not plain URL text.
void FindPercent(std::string_view text, std::vector<EncodedSpan>* out) {
  size_t floor = 0, i = 0;
  while (i + 2 < text.size()) {
    const void* hit = std::memchr(text.data() + i, '%', text.size() - i - 2);
    if (hit == nullptr) return;
    size_t at = static_cast<size_t>(static_cast<const char*>(hit) - text.data());
    i = at + 1;
    if (HexValue(text[at + 1]) < 0 || HexValue(text[at + 2]) < 0) continue;
    auto [b, e] = TextSpan(text, at, floor);
    std::string decoded;
    if (DecodePercent(text.substr(b, e - b), &decoded) &&
        LooksLikeText(decoded)) {
      AddSpan(out, b, e, Decoder::kPercent, Carrier::kNone,
              std::move(decoded));
    }
    floor = e;
    i = std::max(i, e);
  }
}

// JSON/YAML string escapes: a span with at least two \uXXXX or \xXX.
void FindEscapes(std::string_view text, std::vector<EncodedSpan>* out) {
  auto is_escape = [&](size_t at) {
    if (at + 3 >= text.size()) return false;
    char k = text[at + 1];
    size_t digits = k == 'u' ? 4 : k == 'x' ? 2 : 0;
    if (digits == 0 || at + 1 + digits >= text.size()) return false;
    for (size_t d = 0; d < digits; ++d)
      if (HexValue(text[at + 2 + d]) < 0) return false;
    return true;
  };
  size_t floor = 0, i = 0;
  while (i < text.size()) {
    const void* hit = std::memchr(text.data() + i, '\\', text.size() - i);
    if (hit == nullptr) return;
    size_t at = static_cast<size_t>(static_cast<const char*>(hit) - text.data());
    i = at + 1;
    if (!is_escape(at)) continue;
    auto [b, e] = TextSpan(text, at, floor);
    int escapes = 0;
    for (size_t k = b; k < e && escapes < 2; ++k)
      if (text[k] == '\\' && is_escape(k)) ++escapes;
    std::string decoded;
    if (escapes >= 2 && DecodeEscapes(text.substr(b, e - b), &decoded) &&
        LooksLikeText(decoded)) {
      AddSpan(out, b, e, Decoder::kEscape, Carrier::kNone, std::move(decoded));
    }
    floor = e;
    i = std::max(i, e);
  }
}

// A known carrier: literals one of which its match contains (found for
// all carriers in one Hyperscan pass), and the RE2 whose first group is the
// base64 value. Except for the Kubernetes data: block, a match lies on the
// line of a literal or starts on the line before it, so the RE2 runs over
// those lines only, not over the whole file.
struct CarrierPattern {
  std::vector<std::string_view> literals;  // any one of them
  const char* regex;
  Carrier carrier;
};

// Index of the Kubernetes data: block in CarrierPatterns(): its RE2 runs
// over the whole file, once the file has a kind: Secret line.
constexpr size_t kKubernetesData = 4;

const std::vector<CarrierPattern>& CarrierPatterns() {
  static const auto* patterns = new std::vector<CarrierPattern>{
      // Authorization: Basic base64(user:password), in code, HTTP
      // captures, curl commands and YAML/JSON headers.
      {{"Basic ", "basic ", "BASIC "},
       R"re((?i)authorization["']?\s*[:=]\s*["']?basic\s+([A-Za-z0-9+/]{4,}={0,2}))re",
       Carrier::kBasicPair},
      // Docker config.json (and .dockercfg, .dockerconfigjson):
      // "auths": {"registry": {"auth": "base64(user:password)"}}.
      {{"\"auth\""},
       R"re("auth"\s*:\s*"([A-Za-z0-9+/]{4,}={0,2})")re",
       Carrier::kBasicPair},
      // .npmrc: [//registry/:]_auth=base64(user:password); _password is
      // the base64 of the password alone.
      {{"_auth"},
       R"re((?m)^[ \t]*(?:[^\s=#;]*:)?_auth[ \t]*=[ \t]*"?([A-Za-z0-9+/]{4,}={0,2}))re",
       Carrier::kBasicPair},
      {{"_password"},
       R"re((?m)^[ \t]*(?:[^\s=#;]*:)?_password[ \t]*=[ \t]*"?([A-Za-z0-9+/]{4,}={0,2}))re",
       Carrier::kPassword},
      // Kubernetes Secret data: values (base64 of anything): the indented
      // key: value lines of a data: block, in a file that declares
      // kind: Secret (before or after the block).
      {{"Secret"},
       R"re((?m)^[ \t]*data:[ \t]*\r?$((?:\r?\n[ \t]+[^\n]*)+))re",
       Carrier::kValue},
      // kubeconfig users[].user.client-key-data: base64 of a PEM key.
      {{"client-key-data"},
       R"re(client-key-data["']?\s*:\s*["']?([A-Za-z0-9+/]{16,}={0,2}))re",
       Carrier::kValue},
  };
  return *patterns;
}

// The base64 values of a Kubernetes Secret's data: block.
void KubernetesDataValues(size_t block_begin, std::string_view block,
                          std::vector<EncodedSpan>* out) {
  static const RE2* entry = new RE2(
      R"re((?m)^[ \t]+["']?[\w.-]+["']?:[ \t]*["']?([A-Za-z0-9+/]{4,}={0,2})["']?[ \t]*\r?$)re");
  re2::StringPiece rest(block.data(), block.size());
  re2::StringPiece value;
  while (RE2::FindAndConsume(&rest, *entry, &value)) {
    size_t b = block_begin + static_cast<size_t>(value.data() - block.data());
    std::string decoded;
    if (DecodeBase64(std::string_view(value.data(), value.size()), false,
                     &decoded) &&
        !decoded.empty()) {
      AddSpan(out, b, b + value.size(), Decoder::kBase64, Carrier::kValue,
              std::move(decoded));
    }
  }
}

// Where the carriers' literals occur in a text: end offsets per carrier,
// ascending; a carrier with more than MarkerHits::kMaxPerGroup of them is
// scanned whole. Except for the Kubernetes data: block, a carrier's RE2
// runs over the lines around its literals only (CarrierWindow).
struct CarrierHits {
  std::array<std::vector<size_t>, kCarrierMarkerGroups> ends;
  uint32_t whole = 0;  // bit k: run carrier k's RE2 over the whole text
};

// [begin, end) of the line before the one holding `at` through the end of
// the line after it: a carrier's key and value may be split over a line
// break (`Authorization:` / `  Basic ...`).
std::pair<size_t, size_t> CarrierWindow(std::string_view text, size_t at) {
  size_t b = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  if (b != std::string_view::npos && b > 0) b = text.rfind('\n', b - 1);
  b = b == std::string_view::npos ? 0 : b + 1;
  size_t e = text.find('\n', at);
  if (e != std::string_view::npos) e = text.find('\n', e + 1);
  return {b, e == std::string_view::npos ? text.size() : e};
}

void FindCarriers(std::string_view text, std::vector<EncodedSpan>* out,
                  const MarkerHits* markers) {
  static const auto* compiled = [] {
    auto* v = new std::vector<std::unique_ptr<RE2>>;
    for (const auto& p : CarrierPatterns())
      v->push_back(std::make_unique<RE2>(p.regex));
    return v;
  }();
  const auto& patterns = CarrierPatterns();
  static const RE2* kind_secret =
      new RE2(R"re((?m)^[ \t]*kind:[ \t]*["']?Secret["']?[ \t]*\r?$)re");
  thread_local CarrierHits hits;
  if (markers == nullptr || !markers->valid) {
    // No engine pass looked for the literals: one pass of their own.
    static const MarkerLocator* locator = [] {
      std::vector<Marker> literals;
      AddCarrierMarkers(&literals);
      return new MarkerLocator(std::move(literals));
    }();
    thread_local MarkerHits own;
    locator->Locate(text, &own);
    markers = &own;
  }
  hits.whole = 0;
  for (size_t k = 0; k < patterns.size(); ++k) {
    const int g = kCarrierMarkerGroup + static_cast<int>(k);
    hits.ends[k] = markers->ends[static_cast<size_t>(g)];
    // Every carrier is scanned whole when the literals could not be looked
    // for.
    if (!markers->valid || markers->Overflowed(g)) hits.whole |= uint32_t{1} << k;
  }
  auto scan = [&](size_t k, size_t from, size_t to) {
    re2::StringPiece rest(text.data() + from, to - from);
    re2::StringPiece piece;
    while (RE2::FindAndConsume(&rest, *(*compiled)[k], &piece)) {
      std::string_view value(piece.data(), piece.size());
      size_t b = static_cast<size_t>(value.data() - text.data());
      if (k == kKubernetesData) {  // one span per entry of the block
        KubernetesDataValues(b, value, out);
        continue;
      }
      std::string decoded;
      if (!DecodeBase64(value, false, &decoded) || decoded.empty()) continue;
      if (patterns[k].carrier == Carrier::kBasicPair &&
          decoded.find(':') == std::string::npos) {
        continue;
      }
      AddSpan(out, b, b + value.size(), Decoder::kBase64, patterns[k].carrier,
              std::move(decoded));
    }
  };
  for (size_t k = 0; k < patterns.size(); ++k) {
    const bool whole = (hits.whole & (uint32_t{1} << k)) != 0;
    if (!whole && hits.ends[k].empty()) continue;
    if (k == kKubernetesData) {
      if (RE2::PartialMatch(text, *kind_secret)) scan(k, 0, text.size());
      continue;
    }
    if (whole) {
      scan(k, 0, text.size());
      continue;
    }
    // Windows around the literals, merged where they touch.
    size_t wb = 0, we = 0;
    bool open = false;
    for (size_t end : hits.ends[k]) {
      auto [b, e] = CarrierWindow(text, end - 1);
      if (open && b <= we) {
        we = std::max(we, e);
        continue;
      }
      if (open) scan(k, wb, we);
      wb = b;
      we = e;
      open = true;
    }
    if (open) scan(k, wb, we);
  }
}

// Line number (1-based) and line start of `offset`.
std::pair<int, size_t> LineOf(std::string_view text, size_t offset) {
  int line = 1 + static_cast<int>(
                     std::count(text.begin(), text.begin() + offset, '\n'));
  size_t nl = offset == 0 ? std::string_view::npos
                          : text.rfind('\n', offset - 1);
  return {line, nl == std::string_view::npos ? 0 : nl + 1};
}

std::string_view LineAt(std::string_view text, size_t line_begin) {
  size_t e = text.find('\n', line_begin);
  std::string_view line =
      text.substr(line_begin, e == std::string_view::npos ? text.npos
                                                          : e - line_begin);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// A decoded span at some depth: where its text sits in the layer buffer,
// the outermost span in the file it came from, and its decoder path.
struct Piece {
  size_t buf_begin, buf_end;
  int first_line;  // line of buf_begin in the layer buffer
  size_t file_begin, file_end;
  std::vector<Decoder> chain;
  Carrier carrier;
};

class DecodedScan {
 public:
  DecodedScan(const RulesDatabase& db, Matcher& matcher, std::string_view path,
              std::string_view text, const std::vector<Match>& plain,
              const DecodeScanOptions& options, DecodeScratch* scratch,
              std::vector<Finding>* out)
      : db_(db),
        matcher_(matcher),
        path_(path),
        text_(text),
        plain_(plain),
        options_(options),
        scratch_(scratch),
        out_(out) {}

  void Run() {
    scratch_->spans.clear();
    FindEncodedSpans(text_, &scratch_->spans, options_.markers);
    if (scratch_->spans.empty()) return;
    std::vector<Piece> pieces;
    std::string layer;
    for (EncodedSpan& s : scratch_->spans) {
      Append(&layer, &pieces, s.decoded,
             Piece{0, 0, 0, s.begin, s.end, {s.decoder}, s.carrier});
    }
    for (int depth = 1; depth <= options_.max_depth && !pieces.empty();
         ++depth) {
      ScanLayer(layer, pieces);
      if (depth == options_.max_depth) break;
      // One look over the whole layer (its pieces are separated by line
      // breaks, which no encoded span crosses) instead of one per piece:
      // a header file can decode to thousands of short pieces.
      std::vector<Piece> next;
      std::string next_layer;
      scratch_->spans.clear();
      FindEncodedSpans(layer, &scratch_->spans);
      std::stable_sort(scratch_->spans.begin(), scratch_->spans.end(),
                       [](const EncodedSpan& a, const EncodedSpan& b) {
                         return a.begin < b.begin;
                       });
      for (EncodedSpan& s : scratch_->spans) {
        const Piece& p = pieces[PieceAt(pieces, s.begin)];
        if (s.end > p.buf_end) continue;  // across pieces: not one value
        Piece child = p;
        child.chain.push_back(s.decoder);
        child.carrier = s.carrier;
        Append(&next_layer, &next, s.decoded, std::move(child));
      }
      pieces = std::move(next);
      layer = std::move(next_layer);
    }
  }

 private:
  static void Append(std::string* layer, std::vector<Piece>* pieces,
                     std::string_view decoded, Piece piece) {
    piece.first_line =
        pieces->empty()
            ? 1
            : pieces->back().first_line + 1 +
                  static_cast<int>(std::count(
                      layer->begin() + static_cast<long>(pieces->back().buf_begin),
                      layer->begin() + static_cast<long>(pieces->back().buf_end),
                      '\n'));
    piece.buf_begin = layer->size();
    layer->append(decoded);
    piece.buf_end = layer->size();
    layer->push_back('\n');
    pieces->push_back(std::move(piece));
  }

  void ScanLayer(const std::string& layer, const std::vector<Piece>& pieces) {
    scratch_->matches.clear();
    if (!matcher_.Scan(layer, path_, &scratch_->matches).ok()) return;
    // A match must lie inside one piece.
    std::vector<Match> inside;
    std::vector<bool> piece_hit(pieces.size(), false);
    for (const Match& m : scratch_->matches) {
      size_t k = PieceAt(pieces, m.secret_begin);
      if (m.secret_end > pieces[k].buf_end) continue;
      inside.push_back(m);
    }
    scratch_->found.clear();
    MatchesToFindings(db_, path_, layer, inside, options_.threshold,
                      &scratch_->found, options_.secrets);
    for (Finding& f : scratch_->found) {
      size_t k = PieceByLine(pieces, f.line);
      piece_hit[k] = true;
      Emit(std::move(f), pieces[k]);
    }
    // Basic-auth carriers name a credential by themselves.
    for (size_t k = 0; k < pieces.size(); ++k) {
      const Piece& p = pieces[k];
      if (piece_hit[k]) continue;
      if (p.carrier != Carrier::kBasicPair && p.carrier != Carrier::kPassword)
        continue;
      std::string_view decoded =
          std::string_view(layer).substr(p.buf_begin, p.buf_end - p.buf_begin);
      std::string_view password = decoded;
      if (p.carrier == Carrier::kBasicPair) {
        size_t colon = decoded.find(':');
        password = decoded.substr(colon + 1);
      }
      if (password.empty()) continue;
      EmitBasicAuth(password, p);
    }
  }

  static size_t PieceAt(const std::vector<Piece>& pieces, size_t offset) {
    auto it = std::upper_bound(
        pieces.begin(), pieces.end(), offset,
        [](size_t o, const Piece& p) { return o < p.buf_begin; });
    return static_cast<size_t>(it - pieces.begin()) - 1;
  }

  static size_t PieceByLine(const std::vector<Piece>& pieces, int line) {
    auto it = std::upper_bound(
        pieces.begin(), pieces.end(), line,
        [](int l, const Piece& p) { return l < p.first_line; });
    return static_cast<size_t>(it - pieces.begin()) - 1;
  }

  void EmitBasicAuth(std::string_view password, const Piece& p) {
    static const RuleInfo& rule = DecodeRules().front();
    if (rule.severity < options_.threshold) return;
    Finding f;
    f.rule_id = rule.id;
    f.category = rule.category;
    f.severity = rule.severity;
    f.message = rule.description;
    f.redacted = Redact(password);
    f.fingerprint = Fingerprint(rule.id, password);
    Emit(std::move(f), p);
  }

  // Places a finding from decoded text on the encoded span in the file,
  // unless the file's own line allows it or the plain text already has it.
  void Emit(Finding f, const Piece& p) {
    auto [line, line_begin] = LineOf(text_, p.file_begin);
    std::string_view line_text = LineAt(text_, line_begin);
    std::string_view prev =
        line_begin == 0
            ? std::string_view()
            : LineAt(text_, LineOf(text_, line_begin - 1).second);
    if (LineAllows(line_text, f.rule_id) ||
        (line_begin > 0 && PreviousLineAllows(prev, f.rule_id))) {
      return;
    }
    if (PlainFingerprints().count(f.fingerprint)) return;
    if (!emitted_.insert({p.file_begin, f.rule_id, f.fingerprint}).second)
      return;
    auto [end_line, end_line_begin] = LineOf(text_, p.file_end);
    f.path = std::string(path_);
    f.line = line;
    f.column = static_cast<int>(p.file_begin - line_begin) + 1;
    f.end_line = end_line;
    f.end_column = static_cast<int>(p.file_end - end_line_begin) + 1;
    std::vector<Match> masks = plain_;
    masks.push_back(Match{0, p.file_begin, p.file_end, p.file_begin,
                          p.file_end});
    f.context = MaskedContextAt(text_, p.file_begin, masks);
    f.decoders.clear();
    for (Decoder d : p.chain) f.decoders.emplace_back(DecoderName(d));
    out_->push_back(std::move(f));
  }

  // Fingerprints of the file's plain findings, computed on first need.
  const std::unordered_set<std::string>& PlainFingerprints() {
    if (!plain_done_) {
      plain_done_ = true;
      for (const Match& m : plain_) {
        const Rule& rule = db_.rules()[static_cast<size_t>(m.rule)];
        plain_fps_.insert(Fingerprint(
            rule.id, text_.substr(m.secret_begin,
                                  m.secret_end - m.secret_begin)));
      }
    }
    return plain_fps_;
  }

  const RulesDatabase& db_;
  Matcher& matcher_;
  std::string_view path_, text_;
  const std::vector<Match>& plain_;
  const DecodeScanOptions& options_;
  DecodeScratch* scratch_;
  std::vector<Finding>* out_;
  bool plain_done_ = false;
  std::unordered_set<std::string> plain_fps_;
  std::set<std::tuple<size_t, std::string, std::string>> emitted_;
};

}  // namespace

std::string_view DecoderName(Decoder decoder) {
  switch (decoder) {
    case Decoder::kBase64:
      return "base64";
    case Decoder::kBase64Url:
      return "base64url";
    case Decoder::kHex:
      return "hex";
    case Decoder::kPercent:
      return "percent";
    case Decoder::kEscape:
      return "escape";
  }
  return "";
}

bool DecodeBase64(std::string_view in, bool url, std::string* out) {
  out->clear();
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  if (in.size() % 4 == 1) return false;
  out->reserve(in.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = Base64Value(c, url);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return true;
}

bool DecodeHex(std::string_view in, std::string* out) {
  out->clear();
  if (in.size() % 2 != 0) return false;
  out->reserve(in.size() / 2);
  for (size_t i = 0; i < in.size(); i += 2) {
    int hi = HexValue(in[i]), lo = HexValue(in[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

bool DecodePercent(std::string_view in, std::string* out) {
  out->clear();
  out->reserve(in.size());
  bool any = false;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && HexValue(in[i + 1]) >= 0 && HexValue(in[i + 2]) >= 0) {
      out->push_back(
          static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2])));
      i += 2;
      any = true;
    } else {
      out->push_back(in[i]);
    }
  }
  return any;
}

namespace {
void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// The value of `digits` hex digits at in[at], or -1.
int64_t HexAt(std::string_view in, size_t at, size_t digits) {
  if (at + digits > in.size()) return -1;
  int64_t v = 0;
  for (size_t k = 0; k < digits; ++k) {
    int d = HexValue(in[at + k]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}
}  // namespace

bool DecodeEscapes(std::string_view in, std::string* out) {
  out->clear();
  out->reserve(in.size());
  bool any = false;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\\' || i + 1 >= in.size()) {
      out->push_back(in[i]);
      continue;
    }
    char k = in[i + 1];
    if (k == 'u') {
      int64_t cp = HexAt(in, i + 2, 4);
      if (cp < 0) {
        out->push_back(in[i]);
        continue;
      }
      i += 5;
      // A UTF-16 surrogate pair written as two escapes.
      if (cp >= 0xD800 && cp <= 0xDBFF && in.substr(i + 1, 2) == "\\u") {
        int64_t lo = HexAt(in, i + 3, 4);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        }
      }
      AppendUtf8(static_cast<uint32_t>(cp), out);
      any = true;
    } else if (k == 'x') {
      int64_t b = HexAt(in, i + 2, 2);
      if (b < 0) {
        out->push_back(in[i]);
        continue;
      }
      out->push_back(static_cast<char>(b));
      i += 3;
      any = true;
    } else {
      static constexpr std::string_view kFrom = "nrt\"'\\/";
      static constexpr std::string_view kTo = "\n\r\t\"'\\/";
      size_t pos = kFrom.find(k);
      if (pos == std::string_view::npos) {
        out->push_back(in[i]);
        continue;
      }
      out->push_back(kTo[pos]);
      ++i;
      any = true;
    }
  }
  return any;
}

void FindEncodedSpans(std::string_view text, std::vector<EncodedSpan>* out,
                      const MarkerHits* markers) {
  FindRuns(text, out);
  FindPercent(text, out);
  FindEscapes(text, out);
  FindCarriers(text, out, markers);
}

void AddCarrierMarkers(std::vector<Marker>* out) {
  const auto& patterns = CarrierPatterns();
  static_assert(kCarrierMarkerGroups <= kMaxMarkerGroups);
  for (size_t k = 0; k < patterns.size(); ++k) {
    for (std::string_view lit : patterns[k].literals)
      out->push_back({std::string(lit), false,
                      kCarrierMarkerGroup + static_cast<int>(k)});
  }
}

void ScanDecoded(const RulesDatabase& db, Matcher& matcher,
                 std::string_view path, std::string_view text,
                 const std::vector<Match>& plain,
                 const DecodeScanOptions& options, DecodeScratch* scratch,
                 std::vector<Finding>* out) {
  if (options.max_depth <= 0) return;
  DecodedScan(db, matcher, path, text, plain, options, scratch, out).Run();
}

const std::vector<RuleInfo>& DecodeRules() {
  static const auto* rules = new std::vector<RuleInfo>{RuleInfo{
      std::string(kBasicAuthRule),
      "Basic-auth credentials (user:password) stored base64-encoded: an "
      "Authorization: Basic header, a Docker config auths entry, an .npmrc "
      "_auth or _password",
      Severity::kHigh,
      "hardcoded",
      {"encoded", "basic-auth"},
      {"https://datatracker.ietf.org/doc/html/rfc7617",
       "https://docs.docker.com/reference/cli/docker/login/",
       "https://docs.npmjs.com/cli/configuring-npm/npmrc"},
      "Base64 is an encoding, not encryption: anyone who reads the file has "
      "the password. Rotate it and load it at run time from a credential "
      "helper or secret store."}};
  return *rules;
}

}  // namespace keylint
