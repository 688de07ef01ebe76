#include "reports/order.h"

#include <algorithm>
#include <tuple>

namespace keylint {

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

}  // namespace keylint
