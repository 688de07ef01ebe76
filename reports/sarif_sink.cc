#include "reports/sarif_sink.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "reports/order.h"
#include "rules/sha256.h"
#include "rules/finding.h"

namespace keylint {
namespace {

using Json = nlohmann::ordered_json;

// GitHub code scanning keeps at most 20 tags per rule.
constexpr size_t kMaxSarifTags = 20;

Json Text(std::string_view text) {
  Json j = Json::object();
  j["text"] = std::string(text);
  return j;
}

// "aws-access-key-id" -> "AwsAccessKeyId": SARIF wants reportingDescriptor
// names to be identifiers readable by people.
std::string PascalCaseName(std::string_view id) {
  std::string name;
  bool upper_next = true;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper_next = true;
      continue;
    }
    name.push_back(upper_next ? static_cast<char>(
                                    std::toupper(static_cast<unsigned char>(c)))
                              : c);
    upper_next = false;
  }
  return name.empty() ? std::string(id) : name;
}

std::string Sentence(std::string_view text) {
  std::string s(text);
  if (!s.empty() && s.back() != '.' && s.back() != '!' && s.back() != '?') {
    s.push_back('.');
  }
  return s;
}

bool LooksLikeAbsoluteUri(std::string_view s) {
  return (s.starts_with("https://") || s.starts_with("http://")) &&
         s.find_first_of(" \t\r\n<>\"") == std::string_view::npos;
}

std::string HelpText(const RuleInfo& rule) {
  std::string text =
      Sentence(rule.description.empty() ? rule.id : rule.description);
  if (!rule.help.empty()) {
    // The rule's own rationale and remediation (audit checks).
    return text + " " + rule.help;
  }
  text +=
      " A secret found in source code or configuration must be treated as "
      "exposed: everyone who can read the repository, its history, its forks "
      "or build logs may hold a copy. Remove the secret from the code (and "
      "from version-control history), rotate it at its issuer so the exposed "
      "value stops working, and load the new value at run time from AWS "
      "Secrets Manager or an AWS Systems Manager Parameter Store SecureString "
      "parameter instead of writing it into code or configuration.";
  if (!rule.references.empty()) {
    text += " References:";
    for (const std::string& ref : rule.references) text += " " + ref;
  }
  return text;
}

std::string HelpMarkdown(const RuleInfo& rule) {
  std::string md =
      "**" + Sentence(rule.description.empty() ? rule.id : rule.description);
  if (!rule.help.empty()) return md + "**\n\n" + rule.help + "\n";
  md +=
      "**\n\n"
      "A secret found in source code or configuration must be treated as "
      "exposed: everyone who can read the repository, its history, its forks "
      "or build logs may hold a copy.\n\n"
      "1. Remove the secret from the code, and from version-control history.\n"
      "2. Rotate it at its issuer so that the exposed value stops working.\n"
      "3. Store the new value in "
      "[AWS Secrets Manager](https://docs.aws.amazon.com/secretsmanager/) or "
      "as an [AWS Systems Manager Parameter Store `SecureString`]"
      "(https://docs.aws.amazon.com/systems-manager/latest/userguide/"
      "systems-manager-parameter-store.html) parameter, and read it at run "
      "time.\n";
  if (!rule.references.empty()) {
    md += "\nReferences:\n\n";
    for (const std::string& ref : rule.references) {
      md += LooksLikeAbsoluteUri(ref) ? "- <" + ref + ">\n" : "- " + ref + "\n";
    }
  }
  return md;
}

Json RuleJson(const RuleInfo& rule) {
  std::string description =
      rule.description.empty() ? rule.id : rule.description;
  Json j = Json::object();
  j["id"] = rule.id;
  j["name"] = PascalCaseName(rule.id);
  j["shortDescription"] = Text(description);
  j["fullDescription"] =
      Text(Sentence(description) + " Severity " +
           std::string(SeverityName(rule.severity)) +
           (rule.category.empty() ? "" : ", category " + rule.category) + ".");
  Json config = Json::object();
  config["level"] = std::string(SarifLevel(rule.severity));
  j["defaultConfiguration"] = std::move(config);
  Json help = Json::object();
  help["text"] = HelpText(rule);
  help["markdown"] = HelpMarkdown(rule);
  j["help"] = std::move(help);
  if (!rule.references.empty() && LooksLikeAbsoluteUri(rule.references[0])) {
    j["helpUri"] = rule.references[0];
  }
  // GitHub shows a result as a security alert when its rule is tagged
  // "security"; SARIF wants the tags unique.
  Json tags = Json::array();
  std::vector<std::string> seen;
  auto add_tag = [&](const std::string& tag) {
    if (tag.empty() || std::find(seen.begin(), seen.end(), tag) != seen.end()) {
      return;
    }
    seen.push_back(tag);
    tags.push_back(tag);
  };
  add_tag("security");
  add_tag("secrets");
  for (const std::string& tag : rule.tags) {
    if (seen.size() >= kMaxSarifTags) break;  // GitHub's limit per rule
    add_tag(tag);
  }
  Json properties = Json::object();
  properties["tags"] = std::move(tags);
  // GitHub sorts and filters alerts by precision: a rule anchored on a
  // provider's token format rarely misfires; a generic assignment rule may.
  bool generic =
      std::find(rule.tags.begin(), rule.tags.end(), "generic") != rule.tags.end();
  properties["precision"] = generic ? "medium" : "high";
  properties["security-severity"] =
      std::string(SarifSecuritySeverity(rule.severity));
  if (!rule.category.empty()) properties["category"] = rule.category;
  j["properties"] = std::move(properties);
  return j;
}

// artifactLocation for a report path: relative to %SRCROOT%, or a file: URI
// when the path is absolute (a relative reference starting with '/' would
// resolve against the base's authority, not the scan root).
Json ArtifactLocation(std::string_view path) {
  Json j = Json::object();
  if (path.starts_with('/')) {
    j["uri"] = "file://" + PercentEncodePath(path);
  } else {
    j["uri"] = PercentEncodePath(path);
    j["uriBaseId"] = std::string(kSarifSourceRootId);
  }
  return j;
}

// A region needs at least startLine >= 1; the end is written only when it is
// consistent with the start.
bool AddRegion(const Finding& f, Json* physical_location) {
  if (f.line < 1) return false;
  Json region = Json::object();
  region["startLine"] = f.line;
  if (f.column >= 1) region["startColumn"] = f.column;
  if (f.end_line >= f.line) {
    bool same_line = f.end_line == f.line;
    bool end_ok = f.end_column >= 1 &&
                  (!same_line || f.column < 1 || f.end_column >= f.column);
    region["endLine"] = f.end_line;
    if (end_ok) region["endColumn"] = f.end_column;
  }
  (*physical_location)["region"] = std::move(region);
  return true;
}

Json ResultJson(const Finding& f,
                const std::map<std::string, int>& rule_index) {
  Json j = Json::object();
  j["ruleId"] = f.rule_id;
  if (auto it = rule_index.find(f.rule_id); it != rule_index.end()) {
    j["ruleIndex"] = it->second;
  }
  j["level"] = std::string(SarifLevel(f.severity));
  j["message"] = Text(f.message.empty() ? f.rule_id : f.message);
  if (!f.path.empty()) {
    Json physical = Json::object();
    physical["artifactLocation"] = ArtifactLocation(f.path);
    AddRegion(f, &physical);
    Json location = Json::object();
    location["physicalLocation"] = std::move(physical);
    j["locations"] = Json::array({std::move(location)});
  }
  if (!f.fingerprint.empty()) {
    Json fingerprints = Json::object();
    // Bound to the path so that one secret committed in two files is two
    // alerts; never to the line, so moving code does not churn alerts.
    fingerprints[std::string(kSarifFingerprintKey)] =
        Sha256Hex(f.fingerprint + '\0' + f.path);
    j["partialFingerprints"] = std::move(fingerprints);
  }
  Json properties = Json::object();
  properties["category"] = f.category;
  properties["redacted"] = f.redacted;
  properties["fingerprint"] = f.fingerprint;
  properties["severity"] = std::string(SeverityName(f.severity));
  for (const auto& [key, value] :
       {std::pair<const char*, const std::string*>{"commit", &f.commit},
        {"author", &f.author},
        {"date", &f.date},
        {"firstCommit", &f.first_commit},
        {"lastCommit", &f.last_commit}}) {
    if (!value->empty()) properties[key] = *value;
  }
  if (!f.decoders.empty()) properties["decoders"] = f.decoders;
  for (const auto& [key, value] :
       {std::pair<const char*, const std::string*>{"verification",
                                                   &f.verification},
        {"verificationReason", &f.verification_reason},
        {"verificationIdentity", &f.verification_identity}}) {
    if (!value->empty()) properties[key] = *value;
  }
  j["properties"] = std::move(properties);
  return j;
}

Json NotificationJson(const InputError& e) {
  Json j = Json::object();
  j["level"] = "error";
  std::string text;
  if (!e.path.empty()) {
    text = e.path;
    if (e.line > 0) text += ":" + std::to_string(e.line);
    text += ": ";
  }
  text += e.message;
  j["message"] = Text(text);
  if (!e.path.empty()) {
    Json physical = Json::object();
    physical["artifactLocation"] = ArtifactLocation(e.path);
    if (e.line > 0) {
      Json region = Json::object();
      region["startLine"] = e.line;
      physical["region"] = std::move(region);
    }
    Json location = Json::object();
    location["physicalLocation"] = std::move(physical);
    j["locations"] = Json::array({std::move(location)});
  }
  return j;
}

Json OriginalUriBaseIds(const Report& report) {
  Json root = Json::object();
  if (report.root.starts_with('/')) {
    std::string uri = "file://" + PercentEncodePath(report.root);
    if (!uri.ends_with('/')) uri.push_back('/');
    root["uri"] = uri;
  }
  // Without an absolute root the entry carries no uri, which SARIF allows:
  // the consumer supplies the base (GitHub uses the repository checkout).
  root["description"] = Text(
      report.root.empty() ? std::string("The root of the scanned tree.")
                          : "The root of the scanned tree: " + report.root);
  Json ids = Json::object();
  ids[std::string(kSarifSourceRootId)] = std::move(root);
  return ids;
}

}  // namespace

std::string_view SarifLevel(Severity s) {
  switch (s) {
    case Severity::kCritical:
    case Severity::kHigh:
      return "error";
    case Severity::kMedium:
      return "warning";
    case Severity::kLow:
    case Severity::kInfo:
      return "note";
  }
  return "note";
}

std::string_view SarifSecuritySeverity(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "9.5";
    case Severity::kHigh:
      return "8.0";
    case Severity::kMedium:
      return "5.5";
    case Severity::kLow:
      return "3.0";
    case Severity::kInfo:
      return "1.0";
  }
  return "1.0";
}

std::string PercentEncodePath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  static constexpr std::string_view kKeep = "-._~!$&'()*+,;=@/";
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    auto b = static_cast<unsigned char>(c);
    bool unreserved = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
                      (b >= '0' && b <= '9') ||
                      kKeep.find(c) != std::string_view::npos;
    if (unreserved && b < 0x80) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 0xF]);
    }
  }
  return out;
}

Status SarifSink::Write(const Report& report, std::ostream& out) {
  Json driver = Json::object();
  driver["name"] = report.tool_name.empty() ? "keylint" : report.tool_name;
  if (!report.tool_version.empty()) driver["version"] = report.tool_version;
  Json rules = Json::array();
  std::map<std::string, int> rule_index;
  for (const RuleInfo& rule : report.rules) {
    // Rule ids are unique in a valid SARIF log; keep the first definition.
    if (!rule_index.emplace(rule.id, static_cast<int>(rules.size())).second) {
      continue;
    }
    rules.push_back(RuleJson(rule));
  }
  driver["rules"] = std::move(rules);
  Json tool = Json::object();
  tool["driver"] = std::move(driver);

  Json invocation = Json::object();
  // InputErrors are per-input problems that did not stop the run.
  invocation["executionSuccessful"] = true;
  std::vector<const InputError*> errors = OrderedErrors(report);
  if (!errors.empty()) {
    Json notifications = Json::array();
    for (const InputError* e : errors) {
      notifications.push_back(NotificationJson(*e));
    }
    invocation["toolExecutionNotifications"] = std::move(notifications);
  }

  Json results = Json::array();
  for (const Finding* f : OrderedFindings(report)) {
    results.push_back(ResultJson(*f, rule_index));
  }

  Json run = Json::object();
  run["tool"] = std::move(tool);
  run["invocations"] = Json::array({std::move(invocation)});
  run["originalUriBaseIds"] = OriginalUriBaseIds(report);
  run["results"] = std::move(results);

  Json doc = Json::object();
  doc["$schema"] = std::string(kSarifSchemaUri);
  doc["version"] = std::string(kSarifVersion);
  doc["runs"] = Json::array({std::move(run)});

  std::string text;
  try {
    // Messages may quote file names, which need not be UTF-8.
    text = doc.dump(2, ' ', false, Json::error_handler_t::replace);
  } catch (const Json::exception& e) {
    return Status::Internal(std::string("cannot encode the SARIF report: ") +
                            e.what());
  }
  out << text << '\n';
  out.flush();
  if (!out) return Status::IoError("cannot write the SARIF report");
  return Status::Ok();
}

}  // namespace keylint
