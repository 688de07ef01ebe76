// Fuzz target: AWS CLI inventory exports (auditor/export_loader.h) through
// the production entry point, LoadSourceText: concatenated JSON documents
// with the streaming list handler, or YAML (`--output yaml`) when the text
// does not start with '{' or '[', then every audit check.
#include <cstdint>
#include <string>
#include <vector>

#include "auditor/source_loader.h"
#include "tests/fuzz/fuzz_audit_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keylint;
  std::string text(fuzz::AsText(data, size));
  // No .json/.yaml extension: the loader decides by the first character.
  std::string path = "aws-export";
  InventoryBuilder builder;
  std::vector<InputError> errors;
  SourceLoadStats stats;
  LoadSourceText(text, path, /*explicit_file=*/true, &builder, &errors,
                 &stats);
  FUZZ_CHECK(stats.bytes_read == text.size(), "bytes counted");
  fuzz::AuditAndCheck(&builder, &errors);
  return 0;
}
