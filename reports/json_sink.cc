#include "reports/json_sink.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "reports/order.h"
#include "rules/finding.h"
#include "rules/severity.h"

namespace keylint {
namespace {

using Json = nlohmann::ordered_json;

// Field names and order are the documented format (docs/json-format.md);
// renaming or reordering them is a breaking change for consumers.
Json FindingJson(const Finding& f) {
  Json j = Json::object();
  j["rule_id"] = f.rule_id;
  j["category"] = f.category;
  j["severity"] = std::string(SeverityName(f.severity));
  j["message"] = f.message;
  j["path"] = f.path;
  j["line"] = f.line;
  j["column"] = f.column;
  j["end_line"] = f.end_line;
  j["end_column"] = f.end_column;
  j["fingerprint"] = f.fingerprint;
  j["redacted"] = f.redacted;
  // Git sources only; absent otherwise (docs/json-format.md).
  for (const auto& [key, value] :
       {std::pair<const char*, const std::string*>{"commit", &f.commit},
        {"author", &f.author},
        {"date", &f.date},
        {"first_commit", &f.first_commit},
        {"last_commit", &f.last_commit}}) {
    if (!value->empty()) j[key] = *value;
  }
  // Decoded and verified findings only; absent otherwise.
  if (!f.decoders.empty()) j["decoders"] = f.decoders;
  if (!f.verification.empty()) {
    Json v = Json::object();
    v["status"] = f.verification;
    if (!f.verification_reason.empty()) v["reason"] = f.verification_reason;
    if (!f.verification_identity.empty())
      v["identity"] = f.verification_identity;
    j["verification"] = std::move(v);
  }
  return j;
}

Json ErrorJson(const InputError& e) {
  Json j = Json::object();
  j["path"] = e.path;
  j["line"] = e.line;
  j["message"] = e.message;
  return j;
}

Json StatsJson(const RunStats& s) {
  Json j = Json::object();
  j["files_scanned"] = s.files_scanned;
  j["files_skipped"] = s.files_skipped;
  j["bytes_scanned"] = s.bytes_scanned;
  j["wall_seconds"] = s.wall_seconds;
  j["walk_seconds"] = s.walk_seconds;
  j["match_seconds"] = s.match_seconds;
  j["threads"] = s.threads;
  return j;
}

}  // namespace

Json AuditRunInfoJson(const AuditRunInfo& a) {
  Json j = Json::object();
  j["source"] = a.source;
  j["started_at"] = a.started_at;
  j["accounts"] = a.accounts;
  j["regions"] = a.regions;
  Json counts = Json::object();
  for (const auto& [kind, n] : a.resource_counts) counts[kind] = n;
  j["resource_counts"] = std::move(counts);
  Json unreadable = Json::array();
  for (const UnreadableItem& u : a.unreadable) {
    unreadable.push_back({{"service", u.service},
                          {"operation", u.operation},
                          {"region", u.region},
                          {"resource", u.resource},
                          {"code", u.code},
                          {"message", u.message}});
  }
  j["unreadable"] = std::move(unreadable);
  return j;
}

Status JsonSink::Write(const Report& report, std::ostream& out) {
  Json doc = Json::object();
  Json tool = Json::object();
  tool["name"] = report.tool_name;
  tool["version"] = report.tool_version;
  doc["tool"] = std::move(tool);

  Json findings = Json::array();
  for (const Finding* f : OrderedFindings(report)) {
    findings.push_back(FindingJson(*f));
  }
  doc["findings"] = std::move(findings);

  Json errors = Json::array();
  for (const InputError* e : OrderedErrors(report)) {
    errors.push_back(ErrorJson(*e));
  }
  doc["errors"] = std::move(errors);
  doc["stats"] = StatsJson(report.stats);
  if (!report.audit.source.empty()) doc["audit"] = AuditRunInfoJson(report.audit);

  std::string text;
  try {
    // ensure_ascii=false keeps UTF-8 readable; `replace` turns invalid UTF-8
    // (a file name is bytes, not text) into U+FFFD instead of throwing.
    text = doc.dump(2, ' ', false, Json::error_handler_t::replace);
  } catch (const Json::exception& e) {
    return Status::Internal(std::string("cannot encode the JSON report: ") +
                            e.what());
  }
  out << text << '\n';
  out.flush();
  if (!out) return Status::IoError("cannot write the JSON report");
  return Status::Ok();
}

}  // namespace keylint
