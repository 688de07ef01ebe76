// The frame every keylint HTML document shares (the scan report, the audit
// report, the report diff): one self-contained file with inline CSS, inline
// SVG charts and a little inline JavaScript that sorts and filters tables.
// Nothing is fetched when the file is opened: there is no external URL, no
// font, image or script reference, and a Content-Security-Policy meta tag
// (default-src 'none') makes the browser refuse any request anyway.
//
// Every piece of report text goes through Html() (EscapeMarkup): '<', '&',
// quotes become character references and control characters become visible
// escapes, in text and attributes alike. Table rows carry their filter keys
// in data-* attributes, so no report text is ever placed inside the script.
//
// Thread-safety: pure functions.
#ifndef KEYLINT_REPORTS_HTML_PAGE_H_
#define KEYLINT_REPORTS_HTML_PAGE_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/severity.h"

namespace keylint {

// Text made safe for HTML character data and attribute values.
std::string Html(std::string_view text);

// <!DOCTYPE html> ... <body><main>, with the CSS and the page title.
void WriteHtmlHead(std::string_view title, std::ostream& out);

// </main>, the footer line, the sorting/filtering script, </body></html>.
void WriteHtmlTail(std::string_view footer, std::ostream& out);

// <span class="sev sev-high">high</span>
std::string SeverityBadge(Severity s);

// One horizontal bar per (label, value, css class) as an inline SVG chart
// with the value written after each bar; `title` is the chart's accessible
// name.
struct Bar {
  std::string label;
  uint64_t value = 0;
  std::string css_class;  // colour, e.g. "sev-critical"
};
std::string BarChartSvg(std::string_view title, const std::vector<Bar>& bars);

// A horizontal meter for a rate, "compliant of total", as inline SVG.
std::string RateMeterSvg(uint64_t compliant, uint64_t total);

// The filter bar above a findings table with id `table_id`: a text search,
// a minimum severity and, when `families` is not empty, a family selector;
// and a "N of M shown" counter.
std::string FilterBar(std::string_view table_id, uint64_t total,
                      const std::vector<std::string>& families);

}  // namespace keylint

#endif  // KEYLINT_REPORTS_HTML_PAGE_H_
