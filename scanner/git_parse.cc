#include "scanner/git_parse.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <ctime>
#include <map>
#include <utility>

namespace keylint {
namespace {

bool ParseInt(std::string_view text, int* out, int base = 10) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out,
                                   base);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// Parses "a[,b]" of a hunk header; the count is 1 when omitted.
bool ParseRange(std::string_view text, int* start, int* count) {
  size_t comma = text.find(',');
  if (comma == std::string_view::npos) {
    *count = 1;
    return ParseInt(text, start);
  }
  return ParseInt(text.substr(0, comma), start) &&
         ParseInt(text.substr(comma + 1), count);
}

// "@@ -a,b +c,d @@ heading" -> b, c, d.
bool ParseHunkHeader(std::string_view line, int* old_count, int* new_start,
                     int* new_count) {
  if (!line.starts_with("@@ -")) return false;
  line.remove_prefix(4);
  size_t space = line.find(' ');
  if (space == std::string_view::npos) return false;
  int old_start = 0;
  if (!ParseRange(line.substr(0, space), &old_start, old_count)) return false;
  line.remove_prefix(space + 1);
  if (!line.starts_with('+')) return false;
  line.remove_prefix(1);
  space = line.find(' ');
  if (space == std::string_view::npos || !line.substr(space).starts_with(" @@"))
    return false;
  return ParseRange(line.substr(0, space), new_start, new_count) &&
         *old_count >= 0 && *new_count >= 0 && *new_start >= 0;
}

// A path from a "--- " / "+++ " line: "/dev/null" is no path; git appends a
// tab when the name holds a space, and C-quotes unusual names.
bool ParseFileLinePath(std::string_view text, std::string_view prefix,
                       std::string* out) {
  if (text.ends_with('\t')) text.remove_suffix(1);
  if (text == "/dev/null") {
    out->clear();
    return true;
  }
  std::string path;
  if (!UnquoteGitPath(text, &path)) return false;
  if (path.starts_with(prefix)) path.erase(0, prefix.size());
  *out = std::move(path);
  return true;
}

// Takes the C-quoted string at the start of `*rest` ("\"a/x\" ...").
bool TakeQuoted(std::string_view* rest, std::string* out) {
  // Find the closing quote, skipping escaped characters.
  for (size_t i = 1; i < rest->size(); ++i) {
    if ((*rest)[i] == '\\') {
      ++i;
    } else if ((*rest)[i] == '"') {
      if (!UnquoteGitPath(rest->substr(0, i + 1), out)) return false;
      rest->remove_prefix(i + 1);
      return true;
    }
  }
  return false;
}

}  // namespace

bool IsRegularFileMode(int mode) {
  return (mode & 0170000) == 0100000;
}

bool UnquoteGitPath(std::string_view text, std::string* out) {
  out->clear();
  if (!text.starts_with('"')) {
    out->assign(text);
    return true;
  }
  if (text.size() < 2 || !text.ends_with('"')) return false;
  text = text.substr(1, text.size() - 2);
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') return false;  // an unescaped quote inside
    if (c != '\\') {
      out->push_back(c);
      continue;
    }
    if (++i >= text.size()) return false;
    char e = text[i];
    switch (e) {
      case 'a': out->push_back('\a'); break;
      case 'b': out->push_back('\b'); break;
      case 't': out->push_back('\t'); break;
      case 'n': out->push_back('\n'); break;
      case 'v': out->push_back('\v'); break;
      case 'f': out->push_back('\f'); break;
      case 'r': out->push_back('\r'); break;
      case '"': out->push_back('"'); break;
      case '\\': out->push_back('\\'); break;
      default: {
        if (e < '0' || e > '3' || i + 2 >= text.size()) return false;
        int value = 0;
        for (int k = 0; k < 3; ++k) {
          char d = text[i + static_cast<size_t>(k)];
          if (d < '0' || d > '7') return false;
          value = value * 8 + (d - '0');
        }
        out->push_back(static_cast<char>(value));
        i += 2;
      }
    }
  }
  return true;
}

GitPatchParser::GitPatchParser(FileCallback on_file, size_t max_text_bytes)
    : on_file_(std::move(on_file)), max_text_bytes_(max_text_bytes) {}

Status GitPatchParser::Feed(std::string_view chunk) {
  bytes_ += chunk.size();
  buf_.append(chunk);
  Status status;
  while (Step(false, &status)) {
    if (!status.ok()) return status;
  }
  if (!status.ok()) return status;
  buf_.erase(0, pos_);
  search_from_ -= std::min(search_from_, pos_);
  pos_ = 0;
  return Status::Ok();
}

Status GitPatchParser::Finish() {
  Status status;
  while (Step(true, &status)) {
    if (!status.ok()) return status;
  }
  if (!status.ok()) return status;
  buf_.clear();
  pos_ = search_from_ = 0;
  if (state_ == State::kHunk) {
    return Status::Internal(fmt::format(
        "git patch output ended inside a hunk of '{}'", file_.path()));
  }
  return FlushFile();
}

bool GitPatchParser::Step(bool final, Status* status) {
  if (pos_ >= buf_.size()) return false;
  std::string_view rest(buf_.data() + pos_, buf_.size() - pos_);
  if (state_ == State::kHeader && rest[0] == '\x01') {
    // A commit header: four NUL-terminated fields.
    size_t end = 0;
    for (int field = 0; field < 4; ++field) {
      size_t nul = rest.find('\0', end);
      if (nul == std::string_view::npos) {
        if (final) {
          *status =
              Status::Internal("git log output ended inside a commit header");
        }
        return false;
      }
      end = nul + 1;
    }
    *status = StartCommit(rest.substr(0, end));
    pos_ += end;
    search_from_ = pos_;
    return true;
  }
  size_t from = std::max(search_from_, pos_) - pos_;
  const void* nl = std::memchr(rest.data() + from, '\n', rest.size() - from);
  std::string_view line;
  if (nl == nullptr) {
    if (!final) {
      search_from_ = buf_.size();
      return false;
    }
    line = rest;
    pos_ = buf_.size();
  } else {
    size_t len = static_cast<size_t>(static_cast<const char*>(nl) - rest.data());
    line = rest.substr(0, len);
    pos_ += len + 1;
  }
  search_from_ = pos_;
  ++line_number_;
  *status = state_ == State::kHunk ? BodyLine(line) : HeaderLine(line);
  return true;
}

Status GitPatchParser::StartCommit(std::string_view header) {
  KL_RETURN_IF_ERROR(FlushFile());
  header.remove_prefix(1);  // \x01
  if (!header.starts_with("KLC ")) {
    return Status::Internal("unexpected commit header in git log output");
  }
  header.remove_prefix(4);
  std::string_view fields[4];
  for (auto& field : fields) {
    size_t nul = header.find('\0');
    field = header.substr(0, nul);
    header.remove_prefix(nul + 1);
  }
  commit_.hash = std::string(fields[0]);
  commit_.author_name = std::string(fields[1]);
  commit_.author_email = std::string(fields[2]);
  commit_.date = std::string(fields[3]);
  have_commit_ = true;
  if (on_commit_) return on_commit_(commit_);
  return Status::Ok();
}

Status GitPatchParser::FlushFile() {
  if (!have_file_) return Status::Ok();
  have_file_ = false;
  if (file_.truncated) file_.hunks.clear();
  Status s = on_file_(have_commit_ ? &commit_ : nullptr, std::move(file_));
  file_ = PatchFile();
  return s;
}

void GitPatchParser::SetPathsFromDiffLine(std::string_view rest) {
  std::string a, b;
  if (rest.starts_with('"')) {
    if (!TakeQuoted(&rest, &a) || !rest.starts_with(' ')) return;
    rest.remove_prefix(1);
    if (!UnquoteGitPath(rest, &b)) return;
  } else if (rest.ends_with('"')) {
    size_t open = rest.rfind(" \"");
    if (open == std::string_view::npos) return;
    a = std::string(rest.substr(0, open));
    if (!UnquoteGitPath(rest.substr(open + 1), &b)) return;
  } else {
    // Both bare: unambiguous only when the two names are the same.
    if (rest.size() < 5 || (rest.size() - 5) % 2 != 0) return;
    size_t len = (rest.size() - 5) / 2;
    std::string_view x = rest.substr(2, len);
    if (rest.substr(0, 2) != "a/" || rest.substr(2 + len, 3) != " b/" ||
        rest.substr(5 + len) != x) {
      return;
    }
    a = "a/" + std::string(x);
    b = "b/" + std::string(x);
  }
  if (a.starts_with("a/")) file_.old_path = a.substr(2);
  if (b.starts_with("b/")) file_.new_path = b.substr(2);
}

Status GitPatchParser::HeaderLine(std::string_view line) {
  auto after = [&line](std::string_view prefix, std::string_view* rest) {
    if (!line.starts_with(prefix)) return false;
    *rest = line.substr(prefix.size());
    return true;
  };
  std::string_view rest;
  if (after("diff --git ", &rest)) {
    KL_RETURN_IF_ERROR(FlushFile());
    have_file_ = true;
    last_kind_ = 0;
    SetPathsFromDiffLine(rest);
    return Status::Ok();
  }
  if (line.starts_with("diff ")) {  // combined diffs are not requested
    KL_RETURN_IF_ERROR(FlushFile());
    return Status::Ok();
  }
  if (!have_file_) return Status::Ok();  // "* Unmerged path", blank lines
  auto bad_line = [&](std::string_view what) {
    return Status::Internal(fmt::format(
        "cannot parse git patch output: bad {} line for '{}'", what,
        file_.path()));
  };
  int mode = 0;
  if (after("old mode ", &rest)) {
    if (!ParseInt(rest, &file_.old_mode, 8)) return bad_line("mode");
  } else if (after("new mode ", &rest)) {
    if (!ParseInt(rest, &file_.new_mode, 8)) return bad_line("mode");
  } else if (after("deleted file mode ", &rest)) {
    if (!ParseInt(rest, &file_.old_mode, 8)) return bad_line("mode");
    file_.new_mode = 0;
    file_.new_path.clear();
  } else if (after("new file mode ", &rest)) {
    if (!ParseInt(rest, &file_.new_mode, 8)) return bad_line("mode");
    file_.old_mode = 0;
    file_.old_path.clear();
  } else if (after("rename from ", &rest) || after("copy from ", &rest)) {
    if (!UnquoteGitPath(rest, &file_.old_path)) return bad_line("rename");
  } else if (after("rename to ", &rest) || after("copy to ", &rest)) {
    if (!UnquoteGitPath(rest, &file_.new_path)) return bad_line("rename");
  } else if (after("index ", &rest)) {
    size_t space = rest.find(' ');
    if (space != std::string_view::npos) {
      if (!ParseInt(rest.substr(space + 1), &mode, 8)) return bad_line("index");
      if (file_.old_mode == 0 && !file_.old_path.empty()) file_.old_mode = mode;
      if (file_.new_mode == 0 && !file_.new_path.empty()) file_.new_mode = mode;
    }
  } else if (line.starts_with("Binary files ") ||
             line == "GIT binary patch") {
    file_.binary = true;
  } else if (after("--- ", &rest)) {
    if (!ParseFileLinePath(rest, "a/", &file_.old_path)) return bad_line("---");
  } else if (after("+++ ", &rest)) {
    if (!ParseFileLinePath(rest, "b/", &file_.new_path)) return bad_line("+++");
  } else if (line.starts_with("@@ ")) {
    int old_count = 0, new_start = 0, new_count = 0;
    if (!ParseHunkHeader(line, &old_count, &new_start, &new_count)) {
      return bad_line("hunk header");
    }
    old_left_ = old_count;
    new_left_ = new_count;
    next_new_line_ = new_start;
    last_kind_ = 0;
    if (old_left_ > 0 || new_left_ > 0) {
      state_ = State::kHunk;
      if (new_count > 0 && !file_.truncated) {
        file_.hunks.push_back(PatchHunk{new_start, {}, {}});
      }
    }
  } else if (line.starts_with('\\')) {
    return BodyLine(line);  // "\ No newline at end of file" after a hunk
  }
  // Anything else ("similarity index", "GIT binary patch" data, headers of
  // future git versions) carries nothing the scanner needs.
  return Status::Ok();
}

Status GitPatchParser::BodyLine(std::string_view line) {
  char kind = line.empty() ? ' ' : line[0];  // diff.suppressBlankEmpty
  std::string_view content = line.empty() ? line : line.substr(1);
  PatchHunk* hunk =
      file_.truncated || file_.hunks.empty() ? nullptr : &file_.hunks.back();
  switch (kind) {
    case '\\':
      // The previous line has no newline at the end of its file.
      if ((last_kind_ == ' ' || last_kind_ == '+') && hunk != nullptr &&
          hunk->text.ends_with('\n')) {
        hunk->text.pop_back();
      }
      return Status::Ok();
    case ' ':
      --old_left_;
      [[fallthrough]];
    case '+':
      --new_left_;
      if (hunk != nullptr) {
        if (kind == '+') hunk->added_lines.push_back(next_new_line_);
        hunk->text.append(content);
        hunk->text.push_back('\n');
        if (hunk->text.size() > max_text_bytes_) {
          file_.truncated = true;
          file_.hunks.clear();
        }
      }
      ++next_new_line_;
      break;
    case '-':
      --old_left_;
      break;
    default:
      return Status::Internal(fmt::format(
          "cannot parse git patch output: unexpected line in a hunk of '{}'",
          file_.path()));
  }
  last_kind_ = kind;
  if (old_left_ < 0 || new_left_ < 0) {
    return Status::Internal(fmt::format(
        "cannot parse git patch output: hunk of '{}' longer than its header "
        "says",
        file_.path()));
  }
  if (old_left_ == 0 && new_left_ == 0) state_ = State::kHeader;
  return Status::Ok();
}

Status ParseRawDiff(std::string_view text, std::vector<RawDiffEntry>* out) {
  size_t pos = 0;
  auto take = [&](std::string* field) {
    size_t nul = text.find('\0', pos);
    if (nul == std::string_view::npos) return false;
    field->assign(text.substr(pos, nul - pos));
    pos = nul + 1;
    return true;
  };
  while (pos < text.size()) {
    size_t start = pos;
    auto bad = [&] {
      return Status::Internal(fmt::format(
          "cannot parse git diff --raw output at byte {}", start));
    };
    if (text[pos] == '\n') {  // between records of some versions
      ++pos;
      continue;
    }
    if (text[pos] != ':') return bad();
    ++pos;
    std::string meta;
    if (!take(&meta)) return bad();
    std::vector<std::string_view> parts;
    std::string_view m = meta;
    while (!m.empty()) {
      size_t space = m.find(' ');
      parts.push_back(m.substr(0, space));
      if (space == std::string_view::npos) break;
      m.remove_prefix(space + 1);
    }
    RawDiffEntry e;
    if (parts.size() != 5 || parts[4].empty() ||
        !ParseInt(parts[0], &e.old_mode, 8) ||
        !ParseInt(parts[1], &e.new_mode, 8)) {
      return bad();
    }
    e.old_oid = std::string(parts[2]);
    e.new_oid = std::string(parts[3]);
    e.status = parts[4][0];
    if (!take(&e.src_path)) return bad();
    if (e.status == 'R' || e.status == 'C') {
      if (!take(&e.dst_path)) return bad();
    } else {
      e.dst_path = e.src_path;
    }
    out->push_back(std::move(e));
  }
  return Status::Ok();
}

CatFileParser::CatFileParser(ObjectCallback on_object, uint64_t max_bytes)
    : on_object_(std::move(on_object)), max_bytes_(max_bytes) {}

Status CatFileParser::Feed(std::string_view chunk) {
  buf_.append(chunk);
  size_t pos = 0;
  while (pos < buf_.size()) {
    if (!in_object_) {
      size_t nl = buf_.find('\n', pos);
      if (nl == std::string::npos) break;
      std::string_view header(buf_.data() + pos, nl - pos);
      pos = nl + 1;
      object_ = Object();
      size_t s1 = header.find(' ');
      object_.oid = std::string(header.substr(0, s1));
      std::string_view rest =
          s1 == std::string_view::npos ? "" : header.substr(s1 + 1);
      size_t s2 = rest.find(' ');
      if (s2 == std::string_view::npos) {  // "<oid> missing" / "ambiguous"
        object_.type = rest.empty() ? "missing" : std::string(rest);
        KL_RETURN_IF_ERROR(on_object_(object_));
        continue;
      }
      object_.type = std::string(rest.substr(0, s2));
      auto [p, ec] = std::from_chars(rest.data() + s2 + 1,
                                     rest.data() + rest.size(), object_.size);
      if (ec != std::errc() || p != rest.data() + rest.size()) {
        return Status::Internal("cannot parse git cat-file output: bad header");
      }
      object_.too_large = object_.size > max_bytes_;
      in_object_ = true;
      left_ = object_.size + 1;  // content and the '\n' after it
      content_.clear();
      if (!object_.too_large) content_.reserve(object_.size);
    }
    size_t take = static_cast<size_t>(
        std::min<uint64_t>(left_, buf_.size() - pos));
    if (!object_.too_large) content_.append(buf_, pos, take);
    pos += take;
    left_ -= take;
    if (left_ > 0) break;
    in_object_ = false;
    if (!object_.too_large) {
      content_.pop_back();  // the '\n' that follows each object
      object_.content = content_;
    }
    KL_RETURN_IF_ERROR(on_object_(object_));
  }
  buf_.erase(0, pos);
  return Status::Ok();
}

Status CatFileParser::Finish() {
  if (in_object_ || !buf_.empty()) {
    return Status::Internal("git cat-file output ended inside an object");
  }
  return Status::Ok();
}

std::string FormatGitDate(int64_t epoch_seconds, std::string_view tz) {
  int sign = 1, hhmm = 0;
  if (tz.size() == 5 && (tz[0] == '+' || tz[0] == '-') &&
      ParseInt(tz.substr(1), &hhmm)) {
    sign = tz[0] == '-' ? -1 : 1;
  }
  int offset_minutes = sign * ((hhmm / 100) * 60 + hhmm % 100);
  time_t local = static_cast<time_t>(epoch_seconds + offset_minutes * 60);
  struct tm tm {};
  gmtime_r(&local, &tm);
  int abs_minutes = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec, offset_minutes < 0 ? '-' : '+',
                     abs_minutes / 60, abs_minutes % 60);
}

Status ParseBlamePorcelain(std::string_view text, std::vector<BlameLine>* out) {
  struct Meta {
    GitCommitInfo info;
    int64_t time = 0;
    std::string tz;
  };
  std::map<std::string, Meta, std::less<>> commits;
  std::vector<std::pair<int, std::string>> lines;  // final line -> hash
  bool expect_header = true;
  std::string current;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.starts_with('\t')) {  // the line's content: never kept
      expect_header = true;
      continue;
    }
    if (expect_header) {
      // "<hash> <orig line> <final line>[ <count>]"
      size_t s1 = line.find(' ');
      size_t s2 = s1 == std::string_view::npos ? s1 : line.find(' ', s1 + 1);
      int final_line = 0;
      if (s2 == std::string_view::npos || s1 < 40 ||
          !ParseInt(line.substr(s2 + 1, line.find(' ', s2 + 1) - s2 - 1),
                    &final_line)) {
        return Status::Internal("cannot parse git blame output");
      }
      current = std::string(line.substr(0, s1));
      commits[current].info.hash = current;
      lines.emplace_back(final_line, current);
      expect_header = false;
      continue;
    }
    Meta& meta = commits[current];
    size_t space = line.find(' ');
    std::string_view key = line.substr(0, space);
    std::string_view value =
        space == std::string_view::npos ? "" : line.substr(space + 1);
    if (key == "author") {
      meta.info.author_name = std::string(value);
    } else if (key == "author-mail") {
      if (value.starts_with('<') && value.ends_with('>')) {
        value = value.substr(1, value.size() - 2);
      }
      meta.info.author_email = std::string(value);
    } else if (key == "author-time") {
      std::from_chars(value.data(), value.data() + value.size(), meta.time);
    } else if (key == "author-tz") {
      meta.tz = std::string(value);
    }
  }
  for (auto& [line, hash] : lines) {
    const Meta& meta = commits[hash];
    BlameLine b;
    b.line = line;
    b.commit = meta.info;
    b.commit.date = FormatGitDate(meta.time, meta.tz.empty() ? "+0000" : meta.tz);
    out->push_back(std::move(b));
  }
  std::sort(out->begin(), out->end(),
            [](const BlameLine& a, const BlameLine& b) { return a.line < b.line; });
  return Status::Ok();
}

}  // namespace keylint
