// Fuzz target: Terraform plan/state JSON (auditor/terraform_loader.h), then
// every audit check, and the resource-address normaliser.
#include <cstdint>
#include <string>
#include <vector>

#include "auditor/doc.h"
#include "auditor/terraform_loader.h"
#include "tests/fuzz/fuzz_audit_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keylint;
  std::string_view text = fuzz::AsText(data, size);
  std::string stripped = StripAddressIndices(text.substr(0, 256));
  FUZZ_CHECK(stripped.size() <= std::min<size_t>(text.size(), 256),
             "stripping indices never grows an address");
  DocNode doc;
  DocParseError err;
  if (!ParseJsonDocument(text, &doc, &err)) {
    FUZZ_CHECK(fuzz::IsOneLine(err.cause), "one-line parse error");
    return 0;
  }
  if (!IsTerraformJson(doc)) return 0;
  InventoryBuilder builder;
  std::vector<InputError> errors;
  LoadTerraformJson(doc, "plan.json", &builder, &errors);
  fuzz::AuditAndCheck(&builder, &errors);
  return 0;
}
