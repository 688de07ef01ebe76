#include "reports/report_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>
#include <utility>

#include "reports/html_page.h"
#include "reports/json_util.h"
#include "reports/markdown_sink.h"
#include "reports/markup.h"
#include "reports/text_sink.h"

namespace keylint {
namespace {

using Json = nlohmann::json;

bool DiffLess(const DiffFinding& a, const DiffFinding& b) {
  return std::make_tuple(b.severity, a.rule_id, a.resource, a.path, a.line,
                         a.fingerprint) <
         std::make_tuple(a.severity, b.rule_id, b.resource, b.path, b.line,
                         b.fingerprint);
}

std::string Location(const DiffFinding& f) {
  return f.line > 0 ? fmt::format("{}:{}", f.path, f.line) : f.path;
}

struct Section {
  std::string_view title;
  const std::vector<DiffFinding>* findings;
};

std::vector<Section> Sections(const ReportDiff& diff) {
  return {{"New", &diff.added},
          {"Resolved", &diff.resolved},
          {"Unchanged", &diff.unchanged}};
}

std::string Headline(const ReportDiff& diff) {
  return fmt::format("{} new, {} resolved, {} unchanged", diff.added.size(),
                     diff.resolved.size(), diff.unchanged.size());
}

}  // namespace

Status ParseReportFindings(const std::string& text, const std::string& name,
                           std::vector<DiffFinding>* findings) {
  Json doc;
  Status parsed = ParseJsonDocument(text, name, &doc);
  if (!parsed.ok()) return parsed;
  if (!doc.is_object() || !doc.contains("findings") ||
      !doc["findings"].is_array()) {
    return Status::InvalidArgument(fmt::format(
        "{}: not a keylint JSON report (no \"findings\" array)", name));
  }
  size_t index = 0;
  for (const Json& f : doc["findings"]) {
    ++index;
    if (!f.is_object()) {
      return Status::InvalidArgument(
          fmt::format("{}: finding {} is not an object", name, index));
    }
    auto text_field = [&](const char* key, bool required,
                          std::string* value) -> Status {
      auto it = f.find(key);
      if (it == f.end() || it->is_null()) {
        if (!required) return Status::Ok();
        return Status::InvalidArgument(
            fmt::format("{}: finding {}: no '{}'", name, index, key));
      }
      if (!it->is_string()) {
        return Status::InvalidArgument(fmt::format(
            "{}: finding {}: '{}' is not a string", name, index, key));
      }
      *value = it->get<std::string>();
      return Status::Ok();
    };
    DiffFinding d;
    std::string severity;
    KL_RETURN_IF_ERROR(text_field("rule_id", true, &d.rule_id));
    KL_RETURN_IF_ERROR(text_field("fingerprint", true, &d.fingerprint));
    KL_RETURN_IF_ERROR(text_field("severity", true, &severity));
    KL_RETURN_IF_ERROR(text_field("message", false, &d.message));
    KL_RETURN_IF_ERROR(text_field("resource", false, &d.resource));
    KL_RETURN_IF_ERROR(text_field("path", false, &d.path));
    std::optional<Severity> s = ParseSeverity(severity);
    if (!s) {
      return Status::InvalidArgument(fmt::format(
          "{}: finding {}: unknown severity '{}'", name, index,
          EscapeForTerminal(severity)));
    }
    d.severity = *s;
    if (auto it = f.find("line"); it != f.end() && it->is_number_integer()) {
      d.line = it->get<int>();
    }
    findings->push_back(std::move(d));
  }
  return Status::Ok();
}

Status LoadReportFindings(const std::string& path,
                          std::vector<DiffFinding>* findings) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(fmt::format("{}: cannot read", path));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoError(fmt::format("{}: cannot read", path));
  return ParseReportFindings(text.str(), path, findings);
}

ReportDiff DiffReports(const std::vector<DiffFinding>& old_findings,
                       const std::vector<DiffFinding>& new_findings) {
  using Key = std::pair<std::string, std::string>;
  std::map<Key, std::vector<const DiffFinding*>> old_by_key, new_by_key;
  for (const DiffFinding& f : old_findings) {
    old_by_key[{f.rule_id, f.fingerprint}].push_back(&f);
  }
  for (const DiffFinding& f : new_findings) {
    new_by_key[{f.rule_id, f.fingerprint}].push_back(&f);
  }
  ReportDiff diff;
  for (auto& [key, now] : new_by_key) {
    std::vector<const DiffFinding*> before;
    if (auto it = old_by_key.find(key); it != old_by_key.end()) {
      before = std::move(it->second);
      old_by_key.erase(it);
    }
    std::vector<bool> paired(now.size(), false);
    // Same path first, then whatever is left, in order.
    for (int pass = 0; pass < 2; ++pass) {
      for (size_t i = 0; i < now.size(); ++i) {
        if (paired[i]) continue;
        for (auto b = before.begin(); b != before.end(); ++b) {
          if (pass == 0 && (*b)->path != now[i]->path) continue;
          diff.unchanged.push_back(*now[i]);
          paired[i] = true;
          before.erase(b);
          break;
        }
      }
    }
    for (size_t i = 0; i < now.size(); ++i) {
      if (!paired[i]) diff.added.push_back(*now[i]);
    }
    for (const DiffFinding* b : before) diff.resolved.push_back(*b);
  }
  for (auto& [key, before] : old_by_key) {
    for (const DiffFinding* b : before) diff.resolved.push_back(*b);
  }
  for (auto* list : {&diff.added, &diff.resolved, &diff.unchanged}) {
    std::sort(list->begin(), list->end(), DiffLess);
  }
  return diff;
}

void WriteDiffText(const ReportDiff& diff, std::ostream& out) {
  out << "keylint report diff: " << EscapeForTerminal(diff.old_name) << " -> "
      << EscapeForTerminal(diff.new_name) << "\n"
      << Headline(diff) << "\n";
  for (const Section& s : Sections(diff)) {
    if (s.findings->empty() || s.title == "Unchanged") continue;
    out << "\n" << s.title << ":\n";
    for (const DiffFinding& f : *s.findings) {
      out << fmt::format("  {:<8} {}  {}{}\n", SeverityName(f.severity),
                         EscapeForTerminal(f.rule_id),
                         f.resource.empty()
                             ? ""
                             : EscapeForTerminal(f.resource) + "  ",
                         EscapeForTerminal(Location(f)))
          << "           " << EscapeForTerminal(f.message) << "\n";
    }
  }
}

void WriteDiffMarkdown(const ReportDiff& diff, std::ostream& out) {
  out << "### keylint report diff: " << Headline(diff) << "\n\n"
      << MarkdownCode(diff.old_name) << " → " << MarkdownCode(diff.new_name)
      << "\n";
  for (const Section& s : Sections(diff)) {
    if (s.findings->empty()) continue;
    bool fold = s.title == "Unchanged";
    out << "\n"
        << (fold ? "<details><summary>" : "#### ") << s.title << " ("
        << s.findings->size() << ")" << (fold ? "</summary>" : "") << "\n\n"
        << "| Severity | Rule | Resource | Location | Finding |\n"
           "| --- | --- | --- | --- | --- |\n";
    size_t shown = 0;
    for (const DiffFinding& f : *s.findings) {
      if (shown++ == kMaxMarkdownRows) {
        out << "\n… and " << (s.findings->size() - kMaxMarkdownRows)
            << " more.\n";
        break;
      }
      out << "| " << SeverityName(f.severity) << " | "
          << MarkdownText(f.rule_id) << " | " << MarkdownCode(f.resource)
          << " | " << MarkdownCode(Location(f)) << " | "
          << MarkdownText(f.message) << " |\n";
    }
    if (fold) out << "\n</details>\n";
  }
}

void WriteDiffHtml(const ReportDiff& diff, std::ostream& out) {
  WriteHtmlHead("keylint report diff", out);
  out << "<h1>keylint report diff</h1>\n<p class=\"meta\"><b>"
      << Html(diff.old_name) << "</b> → <b>" << Html(diff.new_name)
      << "</b> · " << Html(Headline(diff)) << "</p>\n"
      << "<div class=\"cards\"><div class=\"card\"><h3>Changes</h3>"
      << BarChartSvg("Findings new, resolved and unchanged",
                     {{"new", diff.added.size(), "sev-critical"},
                      {"resolved", diff.resolved.size(), "ok"},
                      {"unchanged", diff.unchanged.size(), "neutral"}})
      << "</div></div>\n";
  int table = 0;
  for (const Section& s : Sections(diff)) {
    std::string id = fmt::format("diff-{}", table++);
    out << "<h2>" << s.title << " (" << s.findings->size() << ")</h2>\n";
    if (s.findings->empty()) {
      out << "<p class=\"muted\">None.</p>\n";
      continue;
    }
    std::string css = s.title == "New"        ? "new"
                      : s.title == "Resolved" ? "resolved"
                                              : "muted";
    out << FilterBar(id, s.findings->size(), {}) << "\n<table id=\"" << id
        << "\" class=\"sortable\"><thead><tr><th data-sort>Severity</th>"
           "<th data-sort>Rule</th><th data-sort>Resource</th>"
           "<th data-sort>Location</th><th>Finding</th></tr></thead>"
           "<tbody>\n";
    for (const DiffFinding& f : *s.findings) {
      out << fmt::format(
          "<tr data-sev=\"{0}\" class=\"{1}\"><td data-key=\"{0}\">{2}</td>"
          "<td><code>{3}</code></td><td><code>{4}</code></td>"
          "<td><code>{5}</code></td><td>{6}</td></tr>\n",
          static_cast<int>(f.severity), css, SeverityBadge(f.severity),
          Html(f.rule_id), Html(f.resource), Html(Location(f)),
          Html(f.message));
    }
    out << "</tbody></table>\n";
  }
  WriteHtmlTail("Generated by keylint. Findings are matched by rule and "
                "fingerprint, so moved lines are not new findings.",
                out);
}

}  // namespace keylint
