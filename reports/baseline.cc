#include "reports/baseline.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <system_error>
#include <tuple>
#include <utility>

#include "reports/json_util.h"

namespace keylint {
namespace {

using Json = nlohmann::ordered_json;

bool EntryLess(const BaselineEntry& a, const BaselineEntry& b) {
  return std::tie(a.path, a.fingerprint, a.rule_id, a.redacted) <
         std::tie(b.path, b.fingerprint, b.rule_id, b.redacted);
}

bool IsFingerprint(std::string_view s) {
  return s.size() == 64 &&
         std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string ErrnoText(int err) {
  std::string text = std::generic_category().message(err);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] += 'a' - 'A';
  return text;
}

}  // namespace

Baseline Baseline::FromFindings(const std::vector<Finding>& findings) {
  Baseline b;
  for (const Finding& f : findings) {
    b.entries_.push_back({f.path, f.fingerprint, f.rule_id, f.redacted});
  }
  b.Normalize();
  return b;
}

void Baseline::Normalize() {
  std::sort(entries_.begin(), entries_.end(), EntryLess);
  // One entry per (path, fingerprint): the fingerprint already names the
  // rule, so a second entry could only differ in its preview.
  entries_.erase(std::unique(entries_.begin(), entries_.end(),
                             [](const BaselineEntry& a, const BaselineEntry& b) {
                               return a.path == b.path &&
                                      a.fingerprint == b.fingerprint;
                             }),
                 entries_.end());
}

Status Baseline::Parse(std::string_view text, const std::string& name,
                       Baseline* out) {
  // A baseline should hold no secret, but a hand-edited one might: the
  // error says where, never what.
  Json doc;
  Status parsed = ParseJsonDocument(text, name, &doc);
  if (!parsed.ok()) return parsed;
  auto bad = [&name](const std::string& what) {
    return Status::InvalidArgument(
        fmt::format("{}: not a keylint baseline: {}", name, what));
  };
  if (!doc.is_object()) return bad("the top level is not an object");
  auto version = doc.find("keylint_baseline");
  if (version == doc.end() || !version->is_number_integer()) {
    return bad("no \"keylint_baseline\" version number");
  }
  if (version->get<int64_t>() != kBaselineVersion) {
    return bad(fmt::format("version {} is not supported (this keylint reads {})",
                           version->dump(), kBaselineVersion));
  }
  auto entries = doc.find("entries");
  if (entries == doc.end() || !entries->is_array()) {
    return bad("no \"entries\" array");
  }
  Baseline b;
  size_t index = 0;
  for (const Json& e : *entries) {
    auto field = [&](const char* key, bool required, std::string* value) {
      auto it = e.find(key);
      if (it == e.end()) return !required;
      if (!it->is_string()) return false;
      *value = it->get<std::string>();
      return true;
    };
    BaselineEntry entry;
    if (!e.is_object() || !field("path", true, &entry.path) ||
        !field("fingerprint", true, &entry.fingerprint) ||
        !field("rule_id", false, &entry.rule_id) ||
        !field("redacted", false, &entry.redacted)) {
      return bad(fmt::format(
          "entry {} needs string \"path\" and \"fingerprint\" fields", index));
    }
    if (!IsFingerprint(entry.fingerprint)) {
      return bad(fmt::format(
          "entry {}: \"fingerprint\" is not 64 lower-case hex digits", index));
    }
    b.entries_.push_back(std::move(entry));
    ++index;
  }
  b.Normalize();
  *out = std::move(b);
  return Status::Ok();
}

Status Baseline::Load(const std::string& path, Baseline* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    if (err == ENOENT) {
      return Status::NotFound(fmt::format("{}: no such baseline file", path));
    }
    return Status::IoError(
        fmt::format("{}: cannot read baseline: {}", path, ErrnoText(err)));
  }
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path, out);
}

std::string Baseline::Serialize() const {
  Json doc = Json::object();
  doc["keylint_baseline"] = kBaselineVersion;
  Json entries = Json::array();
  for (const BaselineEntry& e : entries_) {
    Json j = Json::object();
    j["path"] = e.path;
    j["fingerprint"] = e.fingerprint;
    j["rule_id"] = e.rule_id;
    j["redacted"] = e.redacted;
    entries.push_back(std::move(j));
  }
  doc["entries"] = std::move(entries);
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Status Baseline::Save(const std::string& path) const {
  std::string tmp = path + ".tmp-" + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return Status::IoError(fmt::format("{}: cannot write baseline: {}", path,
                                         ErrnoText(errno)));
    }
    out << Serialize();
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      return Status::IoError(fmt::format("{}: cannot write baseline", path));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    std::remove(tmp.c_str());
    return Status::IoError(fmt::format("{}: cannot write baseline: {}", path,
                                       ErrnoText(err)));
  }
  return Status::Ok();
}

BaselineResult Baseline::Apply(std::vector<Finding>* findings) const {
  BaselineResult result;
  std::vector<bool> used(entries_.size(), false);
  auto find = [this](const Finding& f) -> ptrdiff_t {
    BaselineEntry key{f.path, f.fingerprint, "", ""};
    auto it = std::lower_bound(
        entries_.begin(), entries_.end(), key,
        [](const BaselineEntry& a, const BaselineEntry& b) {
          return std::tie(a.path, a.fingerprint) < std::tie(b.path, b.fingerprint);
        });
    if (it == entries_.end() || it->path != f.path ||
        it->fingerprint != f.fingerprint) {
      return -1;
    }
    return it - entries_.begin();
  };
  std::erase_if(*findings, [&](const Finding& f) {
    ptrdiff_t i = find(f);
    if (i < 0) return false;
    used[static_cast<size_t>(i)] = true;
    ++result.suppressed;
    return true;
  });
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (!used[i]) result.stale.push_back(entries_[i]);
  }
  return result;
}

}  // namespace keylint
