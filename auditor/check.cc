#include "auditor/check.h"

#include "auditor/text_util.h"

namespace keylint {

void FindingCollector::Add(const CheckInfo& check, Severity severity,
                           const ResourceOrigin& origin,
                           const SourceLocation& where, std::string resource,
                           std::string arn, std::string identity,
                           std::string message, std::string fix) {
  AuditFinding f;
  f.check = &check;
  f.severity = severity;
  f.origin = &origin;
  f.where = where.line > 0 ? where : origin.where;
  if (f.where.path.empty()) f.where.path = origin.where.path;
  f.resource = std::move(resource);
  f.arn = std::move(arn);
  f.identity = std::move(identity);
  f.message = std::move(message);
  f.fix = std::move(fix);
  findings_.push_back(std::move(f));
}

void CheckRegistry::Add(std::unique_ptr<Check> check) {
  checks_.push_back(std::move(check));
}

const Check* CheckRegistry::Find(std::string_view id) const {
  for (const auto& c : checks_) {
    if (c->info().id == id) return c.get();
  }
  return nullptr;
}

namespace {

class FunctionCheck final : public Check {
 public:
  FunctionCheck(const CheckInfo& info, CheckFunction run)
      : info_(info), run_(run) {}
  const CheckInfo& info() const override { return info_; }
  void Run(const Inventory& inventory, const AuditContext& ctx,
           FindingCollector* out) const override {
    run_(info_, inventory, ctx, out);
  }

 private:
  const CheckInfo& info_;
  CheckFunction run_;
};

std::string Placeholder(const ResourceOrigin& origin, std::string_view what) {
  return "'<" + std::string(what) + " of " +
         (origin.logical_id.empty() ? std::string("the resource")
                                    : origin.logical_id) +
         ">'";
}

}  // namespace

std::unique_ptr<Check> MakeCheck(const CheckInfo& info, CheckFunction run) {
  return std::make_unique<FunctionCheck>(info, run);
}

std::string SecretIdArg(const Secret& s) {
  if (!s.arn.empty()) return ShellArg(s.arn);
  if (!s.name.empty()) return ShellArg(s.name);
  return Placeholder(s.origin, "secret name");
}

std::string ParameterNameArg(const Parameter& p) {
  if (!p.name.empty()) return ShellArg(p.name);
  return Placeholder(p.origin, "parameter name");
}

}  // namespace keylint
