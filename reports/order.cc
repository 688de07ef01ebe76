#include "reports/order.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <string_view>
#include <tuple>

namespace keylint {
namespace {

std::string Plural(uint64_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

}  // namespace

std::vector<const Finding*> OrderedFindings(const Report& report) {
  std::vector<const Finding*> ordered;
  ordered.reserve(report.findings.size());
  for (const Finding& f : report.findings) ordered.push_back(&f);
  std::stable_sort(
      ordered.begin(), ordered.end(),
      [](const Finding* a, const Finding* b) { return FindingLess(*a, *b); });
  return ordered;
}

std::vector<const InputError*> OrderedErrors(const Report& report) {
  std::vector<const InputError*> ordered;
  ordered.reserve(report.errors.size());
  for (const InputError& e : report.errors) ordered.push_back(&e);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const InputError* a, const InputError* b) {
                     return std::tie(a->path, a->line, a->message) <
                            std::tie(b->path, b->line, b->message);
                   });
  return ordered;
}

std::string SummaryLine(const Report& report) {
  std::array<uint64_t, 5> by_severity{};
  std::set<std::string_view> files;
  for (const Finding& f : report.findings) {
    size_t index = static_cast<size_t>(f.severity);
    if (index < by_severity.size()) ++by_severity[index];
    files.insert(f.path);
  }
  std::string line = Plural(report.findings.size(), "finding");
  std::vector<std::string> parts;
  for (Severity s : {Severity::kCritical, Severity::kHigh, Severity::kMedium,
                     Severity::kLow, Severity::kInfo}) {
    uint64_t n = by_severity[static_cast<size_t>(s)];
    if (n > 0) parts.push_back(fmt::format("{} {}", n, SeverityName(s)));
  }
  for (size_t k = 0; k < parts.size(); ++k) {
    line += k == 0 ? " (" : ", ";
    line += parts[k];
  }
  if (!parts.empty()) line += ")";
  line += " in " + Plural(files.size(), "file");
  if (!report.errors.empty()) {
    line += ", " + Plural(report.errors.size(), "error");
  }
  if (report.stats.files_scanned > 0) {
    line += fmt::format("; {} scanned",
                        Plural(report.stats.files_scanned, "file"));
  }
  return line;
}

}  // namespace keylint
