#include "reports/html_page.h"

#include <fmt/format.h>

#include <algorithm>

#include "reports/markup.h"

namespace keylint {
namespace {

// Severity colours: the badges' backgrounds and the charts' fills.
constexpr std::string_view kCss = R"css(
:root{--fg:#1d232b;--muted:#5b6673;--line:#d9dee4;--bg:#f6f7f9;--card:#fff;
--critical:#9c1c1c;--high:#d9480f;--medium:#c98a00;--low:#1c64b0;--info:#6b7785;
--ok:#2b8a3e}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid var(--line);
padding-bottom:4px}
.meta{color:var(--muted);margin:0 0 16px}
.meta b{color:var(--fg);font-weight:600}
.cards{display:flex;flex-wrap:wrap;gap:16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;
padding:14px 16px;flex:1 1 300px;min-width:0}
svg.chart{max-width:100%;height:auto}
.card h3{margin:0 0 8px;font-size:14px;color:var(--muted);font-weight:600}
.score{display:flex;align-items:center;gap:16px}
.score .big{font-size:40px;font-weight:700}
.score .grade{font-size:18px;color:var(--muted)}
table{border-collapse:collapse;width:100%;background:var(--card);
border:1px solid var(--line)}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);
vertical-align:top}
th{background:#eef1f4;font-weight:600;white-space:nowrap}
th[data-sort]{cursor:pointer}
th[data-sort]::after{content:" \2195";color:var(--muted)}
th[aria-sort=ascending]::after{content:" \2191"}
th[aria-sort=descending]::after{content:" \2193"}
td.num,th.num{text-align:right}
code,pre{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
overflow-wrap:anywhere;white-space:pre-wrap}
pre{background:#f0f2f5;border:1px solid var(--line);border-radius:4px;
padding:6px 8px;margin:4px 0}
td code{background:#f0f2f5;padding:0 3px;border-radius:3px}
details summary{cursor:pointer}
details p{margin:6px 0}
.sev{display:inline-block;min-width:64px;text-align:center;border-radius:10px;
padding:1px 8px;color:#fff;font-size:12px;font-weight:600}
.sev.sev-critical{background:var(--critical)}
.sev.sev-high{background:var(--high)}
.sev.sev-medium{background:var(--medium)}
.sev.sev-low{background:var(--low)}
.sev.sev-info{background:var(--info)}
svg text{font:12px system-ui,sans-serif;fill:var(--fg)}
svg .sev-critical{fill:var(--critical)}
svg .sev-high{fill:var(--high)}
svg .sev-medium{fill:var(--medium)}
svg .sev-low{fill:var(--low)}
svg .sev-info{fill:var(--info)}
svg .ok{fill:var(--ok)}
svg .track{fill:#e6e9ed}
svg .neutral{fill:#4c6ef5}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:8px 0}
.filters input,.filters select{font:inherit;padding:4px 6px;
border:1px solid var(--line);border-radius:4px;background:#fff}
.filters input{min-width:260px}
.muted{color:var(--muted)}
.note{background:#fff8e1;border:1px solid #f0d98c;border-radius:6px;
padding:8px 12px}
.new{color:var(--critical);font-weight:600}
.resolved{color:var(--ok);font-weight:600}
ul.plain{margin:6px 0;padding-left:20px}
footer{color:var(--muted);margin-top:32px;font-size:12px}
)css";

// Sorting: a click on a th[data-sort] orders the rows by each cell's
// data-key (else its text), numerically when both keys are numbers.
// Filtering: rows carry data-sev (0-4) and data-family; the search matches
// the row's text. Report text never appears in this script.
constexpr std::string_view kScript = R"js(
(function(){
  function num(s){return s!==''&&!isNaN(s);}
  document.querySelectorAll('table.sortable').forEach(function(t){
    t.tHead.addEventListener('click',function(e){
      var th=e.target.closest('th');
      if(!th||!th.hasAttribute('data-sort'))return;
      var i=th.cellIndex,asc=th.getAttribute('aria-sort')!=='ascending';
      Array.prototype.forEach.call(t.tHead.rows[0].cells,function(c){
        c.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      var rows=Array.prototype.slice.call(t.tBodies[0].rows);
      function key(r){var c=r.cells[i];
        return c.hasAttribute('data-key')?c.getAttribute('data-key'):c.textContent;}
      rows.sort(function(a,b){var x=key(a),y=key(b),d;
        if(num(x)&&num(y))d=x-y;else d=x.localeCompare(y);
        return asc?d:-d;});
      rows.forEach(function(r){t.tBodies[0].appendChild(r);});
    });
  });
  document.querySelectorAll('.filters').forEach(function(f){
    var t=document.getElementById(f.getAttribute('data-table'));
    if(!t)return;
    var q=f.querySelector('.f-text'),sev=f.querySelector('.f-sev'),
        fam=f.querySelector('.f-family'),shown=f.querySelector('.f-shown');
    function apply(){
      var s=q.value.toLowerCase(),m=+sev.value,g=fam?fam.value:'',n=0;
      Array.prototype.forEach.call(t.tBodies[0].rows,function(r){
        var ok=+r.getAttribute('data-sev')>=m&&
          (!g||r.getAttribute('data-family')===g)&&
          (!s||r.textContent.toLowerCase().indexOf(s)>=0);
        r.hidden=!ok;if(ok)n++;});
      shown.textContent=n;
    }
    [q,sev,fam].forEach(function(e){if(e)e.addEventListener('input',apply);});
  });
  document.documentElement.setAttribute('data-ready','1');
})();
)js";

}  // namespace

std::string Html(std::string_view text) { return EscapeMarkup(text); }

void WriteHtmlHead(std::string_view title, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
         "'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\">\n<title>"
      << Html(title) << "</title>\n<style>" << kCss
      << "</style>\n</head>\n<body>\n<main>\n";
}

void WriteHtmlTail(std::string_view footer, std::ostream& out) {
  out << "<footer>" << Html(footer) << "</footer>\n</main>\n<script>"
      << kScript << "</script>\n</body>\n</html>\n";
}

std::string SeverityBadge(Severity s) {
  std::string_view name = SeverityName(s);
  return fmt::format("<span class=\"sev sev-{0}\">{0}</span>", name);
}

std::string BarChartSvg(std::string_view title, const std::vector<Bar>& bars) {
  constexpr int kLabelWidth = 96, kBarWidth = 250, kRow = 24, kWidth = 400;
  uint64_t max = 1;
  for (const Bar& b : bars) max = std::max(max, b.value);
  int height = static_cast<int>(bars.size()) * kRow + 4;
  std::string svg = fmt::format(
      "<svg class=\"chart\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" role=\"img\" aria-label=\"{2}\"><title>{2}</title>",
      kWidth, height, Html(title));
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    int y = static_cast<int>(i) * kRow + 2;
    int w = static_cast<int>(static_cast<double>(b.value) * kBarWidth /
                             static_cast<double>(max));
    if (b.value > 0) w = std::max(w, 2);
    svg += fmt::format(
        "<text x=\"0\" y=\"{0}\">{1}</text><rect class=\"track\" x=\"{2}\" "
        "y=\"{3}\" width=\"{4}\" height=\"16\" rx=\"3\"/>"
        "<rect class=\"{5}\" x=\"{2}\" y=\"{3}\" width=\"{6}\" height=\"16\" "
        "rx=\"3\"/><text x=\"{7}\" y=\"{0}\">{8}</text>",
        y + 13, Html(b.label), kLabelWidth, y, kBarWidth, Html(b.css_class), w,
        kLabelWidth + kBarWidth + 8, b.value);
  }
  svg += "</svg>";
  return svg;
}

std::string RateMeterSvg(uint64_t compliant, uint64_t total) {
  constexpr int kWidth = 160;
  int w = total == 0 ? 0
                     : static_cast<int>(static_cast<double>(compliant) *
                                        kWidth / static_cast<double>(total));
  double rate = total == 0 ? 1.0
                           : static_cast<double>(compliant) /
                                 static_cast<double>(total);
  std::string_view fill = rate >= 0.9   ? "ok"
                          : rate >= 0.6 ? "sev-medium"
                                        : "sev-critical";
  return fmt::format(
      "<svg width=\"{0}\" height=\"12\" viewBox=\"0 0 {0} 12\" "
      "aria-hidden=\"true\"><rect class=\"track\" width=\"{0}\" height=\"12\" "
      "rx=\"3\"/><rect class=\"{1}\" width=\"{2}\" height=\"12\" "
      "rx=\"3\"/></svg>",
      kWidth, fill, w);
}

std::string FilterBar(std::string_view table_id, uint64_t total,
                      const std::vector<std::string>& families) {
  std::string html = fmt::format(
      "<div class=\"filters\" data-table=\"{}\"><input class=\"f-text\" "
      "type=\"search\" placeholder=\"Filter: resource, check, text…\" "
      "aria-label=\"Filter findings\"><select class=\"f-sev\" "
      "aria-label=\"Minimum severity\"><option value=\"0\">all "
      "severities</option>",
      Html(table_id));
  for (Severity s : {Severity::kLow, Severity::kMedium, Severity::kHigh,
                     Severity::kCritical}) {
    html += fmt::format("<option value=\"{}\">{} and above</option>",
                        static_cast<int>(s), SeverityName(s));
  }
  html += "</select>";
  if (!families.empty()) {
    html +=
        "<select class=\"f-family\" aria-label=\"Check family\"><option "
        "value=\"\">all families</option>";
    for (const std::string& f : families) {
      html += fmt::format("<option value=\"{0}\">{0}</option>", Html(f));
    }
    html += "</select>";
  }
  html += fmt::format(
      "<span class=\"muted\"><span class=\"f-shown\">{0}</span> of {0} "
      "shown</span></div>",
      total);
  return html;
}

}  // namespace keylint
