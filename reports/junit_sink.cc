#include "reports/junit_sink.h"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "reports/markup.h"
#include "reports/order.h"
#include "rules/finding.h"
#include "rules/severity.h"

namespace keylint {
namespace {

std::string Attr(std::string_view text) { return EscapeMarkup(text); }

std::string Location(const Finding& f) {
  if (f.line < 1) return f.path;
  return fmt::format("{}:{}:{}", f.path, f.line, f.column);
}

// The failure's body: one "key: value" line per known fact.
std::string FailureText(const Finding& f) {
  std::vector<std::pair<std::string_view, std::string>> rows = {
      {"rule", f.rule_id},
      {"severity", std::string(SeverityName(f.severity))},
      {"location", Location(f)},
      {"redacted", f.redacted},
      {"fingerprint", f.fingerprint},
      {"commit", f.commit},
      {"author", f.author},
      {"date", f.date},
      {"last commit", f.last_commit != f.commit ? f.last_commit : ""},
      {"decoded", DecoderChain(f)},
      {"verification", VerificationSummary(f)},
      {"code", f.context},
  };
  std::string text;
  for (const auto& [key, value] : rows) {
    if (value.empty()) continue;
    text += std::string(key) + ": " + EscapeMarkup(value) + "\n";
  }
  return text;
}

}  // namespace

Status JunitSink::Write(const Report& report, std::ostream& out) {
  std::vector<const Finding*> findings = OrderedFindings(report);
  std::vector<const InputError*> errors = OrderedErrors(report);
  size_t tests = findings.size() + errors.size();
  if (tests == 0) tests = 1;  // the passing "no secrets found" case
  std::string name = Attr(report.tool_name.empty() ? "keylint" : report.tool_name);
  std::string counts = fmt::format(R"(tests="{}" failures="{}" errors="{}")",
                                   tests, findings.size(), errors.size());
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << fmt::format("<testsuites name=\"{}\" {}>\n", name, counts)
      << fmt::format("  <testsuite name=\"{}\" {} skipped=\"0\">\n", name,
                     counts);
  for (const Finding* f : findings) {
    out << fmt::format(
        "    <testcase classname=\"{}.{}\" name=\"{}\" file=\"{}\"", name,
        Attr(f->rule_id), Attr(Location(*f)), Attr(f->path));
    if (f->line > 0) out << fmt::format(" line=\"{}\"", f->line);
    std::string message = std::string(SeverityName(f->severity)) + ": " +
                          (f->message.empty() ? f->rule_id : f->message);
    if (!f->redacted.empty()) message += " (" + f->redacted + ")";
    out << ">\n"
        << fmt::format("      <failure type=\"{}\" message=\"{}\">",
                       Attr(f->rule_id), Attr(message))
        << FailureText(*f) << "</failure>\n"
        << "    </testcase>\n";
  }
  for (const InputError* e : errors) {
    std::string where = e->path;
    if (e->line > 0) where += ":" + std::to_string(e->line);
    out << fmt::format(
        "    <testcase classname=\"{}.errors\" name=\"{}\">\n"
        "      <error type=\"input-error\" message=\"{}\"/>\n"
        "    </testcase>\n",
        name, Attr(where.empty() ? "(run)" : where), Attr(e->message));
  }
  if (findings.empty() && errors.empty()) {
    out << fmt::format(
        "    <testcase classname=\"{}\" name=\"no secrets found\"/>\n", name);
  }
  out << "  </testsuite>\n</testsuites>\n";
  out.flush();
  if (!out) return Status::IoError("cannot write the JUnit report");
  return Status::Ok();
}

}  // namespace keylint
