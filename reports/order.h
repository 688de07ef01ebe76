// The one order every sink emits findings and errors in. A Report arrives
// sorted from the drivers; sinks sort a view again so that their output is
// deterministic even when a caller forgets.
#ifndef KEYLINT_REPORTS_ORDER_H_
#define KEYLINT_REPORTS_ORDER_H_

#include <string>
#include <vector>

#include "rules/report.h"

namespace keylint {

// Pointers into `report`, ordered by FindingLess.
std::vector<const Finding*> OrderedFindings(const Report& report);

// Pointers into `report`, ordered by path, line, message.
std::vector<const InputError*> OrderedErrors(const Report& report);

// "3 findings (1 critical, 2 high) in 2 files, 1 error; 40 files scanned":
// the one-line summary the text and Markdown sinks print.
std::string SummaryLine(const Report& report);

}  // namespace keylint

#endif  // KEYLINT_REPORTS_ORDER_H_
