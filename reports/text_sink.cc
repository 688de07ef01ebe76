#include "reports/text_sink.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "reports/order.h"
#include "rules/finding.h"
#include "rules/severity.h"

namespace keylint {
namespace {

// Longest context line shown; longer lines (minified code) are clipped to a
// window around the finding.
constexpr size_t kMaxContextBytes = 200;
constexpr size_t kShownFingerprintChars = 16;
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kErrorColor = "\x1b[1;31m";

std::string_view SeverityColor(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "\x1b[1;31m";  // bold red
    case Severity::kHigh:
      return "\x1b[31m";  // red
    case Severity::kMedium:
      return "\x1b[33m";  // yellow
    case Severity::kLow:
      return "\x1b[36m";  // cyan
    case Severity::kInfo:
      return "\x1b[2m";  // dim
  }
  return "";
}

// Decodes the UTF-8 sequence starting at s[i]. Returns its length in bytes
// and stores the code point in *cp, or returns 0 when the bytes at s[i] are
// not valid UTF-8 (bad lead byte, truncated, overlong, surrogate, too big).
size_t DecodeUtf8(std::string_view s, size_t i, char32_t* cp) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  uint8_t lead = byte(i);
  size_t len;
  char32_t value;
  char32_t min_value;
  if (lead < 0x80) {
    *cp = lead;
    return 1;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2, value = lead & 0x1F, min_value = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3, value = lead & 0x0F, min_value = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4, value = lead & 0x07, min_value = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    value = (value << 6) | (byte(i + k) & 0x3F);
  }
  if (value < min_value || value > 0x10FFFF ||
      (value >= 0xD800 && value <= 0xDFFF)) {
    return 0;
  }
  *cp = value;
  return len;
}

// Code points above ASCII that a terminal or a text viewer may act on rather
// than display: C1 controls (0x9B is a one-character CSI), line separators,
// and the bidirectional overrides used for "Trojan Source" tricks.
bool IsDangerousCodePoint(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
         cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

void AppendHexByte(std::string* out, uint8_t b) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->append("\\x");
  out->push_back(kHex[b >> 4]);
  out->push_back(kHex[b & 0xF]);
}

// Drops one trailing "\n", "\r\n" or "\r" the detector may have left on the
// context line.
std::string_view TrimLineEnd(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool IsContinuationByte(char c) {
  return (static_cast<uint8_t>(c) & 0xC0) == 0x80;
}

// Clips a long context line to kMaxContextBytes around `column` (1-based,
// bytes), on UTF-8 character boundaries, marking cut ends with "…".
std::string ClipContext(std::string_view line, int column) {
  if (line.size() <= kMaxContextBytes) return std::string(line);
  size_t focus =
      column > 0 ? std::min(static_cast<size_t>(column - 1), line.size()) : 0;
  size_t start =
      focus > kMaxContextBytes / 4 ? focus - kMaxContextBytes / 4 : 0;
  start = std::min(start, line.size() - kMaxContextBytes);
  size_t end = start + kMaxContextBytes;
  while (start > 0 && start < line.size() && IsContinuationByte(line[start])) {
    ++start;
  }
  while (end < line.size() && end > start && IsContinuationByte(line[end])) {
    --end;
  }
  std::string clipped;
  if (start > 0) clipped.append(kEllipsis);
  clipped.append(line.substr(start, end - start));
  if (end < line.size()) clipped.append(kEllipsis);
  return clipped;
}

// The first 12 hex digits of a commit hash, escaped like any field.
std::string ShortHash(std::string_view hash) {
  return EscapeForTerminal(hash.substr(0, std::min<size_t>(hash.size(), 12)));
}

class TextWriter {
 public:
  TextWriter(const SinkOptions& options, std::ostream& out)
      : options_(options), out_(out) {}

  void WriteFinding(const Finding& f) {
    // Line 0 means the whole file (file-name rules): no position.
    std::string where =
        f.line > 0 ? fmt::format("{}:{}:{}:", EscapeForTerminal(f.path), f.line,
                                 f.column)
                   : EscapeForTerminal(f.path) + ":";
    out_ << Styled(kBold, where)
         << ' ' << Styled(SeverityColor(f.severity), SeverityName(f.severity))
         << ' ' << EscapeForTerminal(f.rule_id) << ": "
         << EscapeForTerminal(f.message) << '\n';
    std::string_view context = TrimLineEnd(f.context);
    if (options_.show_context && !context.empty()) {
      out_ << "    "
           << Styled(kDim, EscapeForTerminal(ClipContext(context, f.column),
                                             EscapeStyle::kCode))
           << '\n';
    }
    std::string_view fingerprint = f.fingerprint;
    fingerprint = fingerprint.substr(
        0, std::min(fingerprint.size(), kShownFingerprintChars));
    // Audit findings involve no secret and have no preview to show.
    std::string trailer =
        f.redacted.empty()
            ? fmt::format("  fingerprint: {}", EscapeForTerminal(fingerprint))
            : fmt::format("  fingerprint: {}  redacted: {}",
                          EscapeForTerminal(fingerprint),
                          EscapeForTerminal(f.redacted));
    out_ << Styled(kDim, trailer) << '\n';
    if (!f.commit.empty()) {
      std::string line = "  commit: " + ShortHash(f.commit);
      if (!f.author.empty()) line += "  author: " + EscapeForTerminal(f.author);
      if (!f.date.empty()) line += "  date: " + EscapeForTerminal(f.date);
      if (!f.last_commit.empty() && f.last_commit != f.commit) {
        line += "  last added in: " + ShortHash(f.last_commit);
      }
      out_ << Styled(kDim, line) << '\n';
    }
    std::string decoded = DecoderChain(f);
    std::string verified = VerificationSummary(f);
    if (!decoded.empty() || !verified.empty()) {
      std::string line;
      if (!decoded.empty()) line += "  decoded: " + EscapeForTerminal(decoded);
      if (!verified.empty())
        line += "  verification: " + EscapeForTerminal(verified);
      out_ << Styled(kDim, line) << '\n';
    }
  }

  void WriteError(const InputError& e) {
    out_ << Styled(kErrorColor, "error:") << ' ';
    if (!e.path.empty()) {
      out_ << EscapeForTerminal(e.path);
      if (e.line > 0) out_ << ':' << e.line;
      out_ << ": ";
    }
    out_ << EscapeForTerminal(e.message) << '\n';
  }

  void WriteSummary(const Report& report) {
    out_ << Styled(kBold, SummaryLine(report)) << '\n';
  }

  void WriteStats(const RunStats& s) {
    constexpr double kMega = 1e6;
    std::string throughput = "n/a";
    if (s.wall_seconds > 0) {
      throughput =
          fmt::format("{:.1f} MB/s", static_cast<double>(s.bytes_scanned) /
                                         kMega / s.wall_seconds);
    }
    double busy = s.walk_seconds + s.match_seconds;
    double walk_share = busy > 0 ? 100.0 * s.walk_seconds / busy : 0;
    double match_share = busy > 0 ? 100.0 * s.match_seconds / busy : 0;
    out_ << "stats:\n"
         << fmt::format("  files scanned:  {}\n", s.files_scanned)
         << fmt::format("  files skipped:  {}\n", s.files_skipped)
         << fmt::format("  bytes scanned:  {} ({:.1f} MB)\n", s.bytes_scanned,
                        static_cast<double>(s.bytes_scanned) / kMega)
         << fmt::format("  throughput:     {}\n", throughput)
         << fmt::format("  wall time:      {:.3f} s\n", s.wall_seconds)
         << fmt::format(
                "  walk / match:   {:.3f} s / {:.3f} s ({:.0f}% / {:.0f}%, "
                "summed over threads)\n",
                s.walk_seconds, s.match_seconds, walk_share, match_share)
         << fmt::format("  threads:        {}\n", s.threads);
  }

 private:
  std::string Styled(std::string_view style, std::string_view text) const {
    if (!options_.color) return std::string(text);
    std::string styled;
    styled.reserve(style.size() + text.size() + kReset.size());
    styled.append(style).append(text).append(kReset);
    return styled;
  }

  const SinkOptions& options_;
  std::ostream& out_;
};

}  // namespace

std::string EscapeForTerminal(std::string_view text, EscapeStyle style) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    size_t len = DecodeUtf8(text, i, &cp);
    if (len == 0) {  // not UTF-8: show the raw byte
      AppendHexByte(&out, static_cast<uint8_t>(text[i]));
      ++i;
      continue;
    }
    if (cp < 0x20 || cp == 0x7F) {
      if (cp == '\t' && style == EscapeStyle::kCode) {
        out.push_back('\t');
      } else if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\r') {
        out.append("\\r");
      } else if (cp == '\t') {
        out.append("\\t");
      } else {
        AppendHexByte(&out, static_cast<uint8_t>(cp));
      }
    } else if (cp == '\\' && style == EscapeStyle::kField) {
      out.append("\\\\");
    } else if (IsDangerousCodePoint(cp)) {
      out.append(fmt::format("\\u{{{:04x}}}", static_cast<uint32_t>(cp)));
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

Status TextSink::Write(const Report& report, std::ostream& out) {
  TextWriter writer(options_, out);
  for (const Finding* f : OrderedFindings(report)) {
    writer.WriteFinding(*f);
    out << '\n';
  }
  std::vector<const InputError*> errors = OrderedErrors(report);
  for (const InputError* e : errors) writer.WriteError(*e);
  if (!errors.empty()) out << '\n';
  writer.WriteSummary(report);
  if (options_.show_stats) writer.WriteStats(report.stats);
  out.flush();
  if (!out) return Status::IoError("cannot write the text report");
  return Status::Ok();
}

}  // namespace keylint
