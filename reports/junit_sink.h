// JunitSink: the report as JUnit XML, the test-report format every CI
// system reads (GitLab `artifacts:reports:junit`, Jenkins, Azure Pipelines,
// GitHub test-report actions).
//
//   <testsuites name="keylint" tests="T" failures="F" errors="E">
//     <testsuite name="keylint" tests="T" failures="F" errors="E" skipped="0">
//       <testcase classname="keylint.RULE_ID" name="PATH:LINE:COLUMN"
//                 file="PATH" line="LINE">
//         <failure type="RULE_ID" message="SEVERITY: MESSAGE (REDACTED)">
//           rule, severity, location, preview, fingerprint, commit and the
//           masked code line, one per line
//         </failure>
//       </testcase>
//       <testcase classname="keylint.errors" name="PATH">
//         <error message="..."/>
//       </testcase>
//     </testsuite>
//   </testsuites>
//
// One failing test case per finding, one erroring test case per input
// error, and one passing case "no secrets found" when there is neither, so
// that a clean run still shows up as a passed test. The class name is the
// rule id (rule ids hold no '.', which some readers split on). No time or
// timestamp attributes: the same Report always gives byte-identical output.
// Every value passes through EscapeMarkup (reports/markup.h).
//
// Thread-safety: a JunitSink is used by one thread at a time.
#ifndef KEYLINT_REPORTS_JUNIT_SINK_H_
#define KEYLINT_REPORTS_JUNIT_SINK_H_

#include <ostream>

#include "reports/sink.h"
#include "rules/report.h"
#include "rules/status.h"

namespace keylint {

class JunitSink : public FindingSink {
 public:
  JunitSink() = default;

  // Writes the report to `out`. Fails only when `out` does.
  Status Write(const Report& report, std::ostream& out) override;
};

}  // namespace keylint

#endif  // KEYLINT_REPORTS_JUNIT_SINK_H_
