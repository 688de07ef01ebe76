// Fuzz target: CloudFormation templates (auditor/cfn_loader.h), JSON when
// the text starts with '{' (as the audit loader decides), else YAML with
// short-form tags, then every audit check.
#include <cstdint>
#include <string>
#include <vector>

#include "auditor/cfn_loader.h"
#include "auditor/doc.h"
#include "tests/fuzz/fuzz_audit_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keylint;
  std::string text(fuzz::AsText(data, size));
  size_t first = text.find_first_not_of(" \t\r\n");
  bool json = first != std::string::npos && text[first] == '{';
  DocNode doc;
  DocParseError err;
  bool ok = json ? ParseJsonDocument(text, &doc, &err)
                 : ParseYamlDocument(text, &doc, &err);
  if (!ok) {
    FUZZ_CHECK(fuzz::IsOneLine(err.cause), "one-line parse error");
    FUZZ_CHECK(!fuzz::Leaks(err.cause, text, 8) || text.size() < 8,
               "parse error does not quote the input");
    return 0;
  }
  if (!IsCloudFormationTemplate(doc)) return 0;
  InventoryBuilder builder;
  std::vector<InputError> errors;
  LoadCloudFormation(doc, "template.yaml", &builder, &errors);
  fuzz::AuditAndCheck(&builder, &errors);
  return 0;
}
