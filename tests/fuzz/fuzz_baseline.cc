// Fuzz target: baseline files (reports/baseline.h), which live in the
// repository and so are written by whoever writes the repository. A
// baseline that parses must serialise to a text that parses back to the
// same baseline (Serialize is a fixed point after one round).
#include <cstdint>
#include <string>

#include "reports/baseline.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keylint;
  Baseline baseline;
  Status st = Baseline::Parse(fuzz::AsText(data, size), "baseline.json",
                              &baseline);
  if (!st.ok()) {
    FUZZ_CHECK(fuzz::IsOneLine(st.message()), "one-line baseline error");
    return 0;
  }
  std::string once = baseline.Serialize();
  Baseline again;
  st = Baseline::Parse(once, "baseline.json", &again);
  FUZZ_CHECK(st.ok(), "a serialised baseline parses");
  FUZZ_CHECK(again.Serialize() == once, "serialisation round-trips");
  return 0;
}
