// naming-parameter-path: parameter names follow /env/app/scope/name.
#include <fmt/format.h>

#include "auditor/checks.h"
#include "auditor/naming_convention.h"
#include "auditor/text_util.h"

namespace keylint {
namespace {

constexpr CheckInfo kInfo = {
    "naming-parameter-path", "naming", Severity::kMedium,
    "Parameter name does not follow the /env/app/scope/name convention",
    "IAM policies grant Parameter Store access by path "
    "(arn:aws:ssm:*:*:parameter/prod/payments/*). Names outside the "
    "convention cannot be covered by such a policy, so access ends up "
    "granted on '*', and nobody can tell from a name which environment, "
    "application and kind of value it holds.",
    "Create the parameter under a conforming name, point its readers at the "
    "new name, then delete the old one. Parameters cannot be renamed in "
    "place; the command copies the value without printing it. In a template, "
    "change the Name property instead."};

void Run(const CheckInfo& info, const Inventory& inv, const AuditContext& ctx,
         FindingCollector* out) {
  const AuditPolicy& policy = *ctx.policy;
  for (const Parameter& p : inv.parameters) {
    if (p.name.empty()) continue;
    std::vector<std::string> problems =
        NamingProblems(p.name, policy.parameter_layout, policy);
    if (problems.empty()) continue;
    std::string joined;
    for (const std::string& problem : problems) {
      joined += (joined.empty() ? "" : "; ") + problem;
    }
    out->Add(info, info.severity, p.origin, p.origin.where, p.name, p.arn,
             ResourceIdentity("parameter", p.origin, p.name, p.arn),
             fmt::format("Parameter {} does not follow {}: {}", p.name,
                         ConventionText(policy.parameter_layout), joined),
             RenameParameterFix(
                 p, SuggestName(p.name, policy.parameter_layout, policy)));
  }
}

}  // namespace

std::unique_ptr<Check> NewNamingParameterPathCheck() {
  return MakeCheck(kInfo, Run);
}

}  // namespace keylint
