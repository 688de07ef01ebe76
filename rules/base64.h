// Standard base64 encoding (RFC 4648 section 4, with '=' padding): HTTP
// basic auth headers for verification, and test fixtures that hide a value
// under base64. Decoding lives with the encoded-secrets stage
// (scanner/decode.h), which must also accept base64url and bad input.
//
// Thread-safety: a pure function.
#ifndef KEYLINT_RULES_BASE64_H_
#define KEYLINT_RULES_BASE64_H_

#include <string>
#include <string_view>

namespace keylint {

std::string EncodeBase64(std::string_view in);

}  // namespace keylint

#endif  // KEYLINT_RULES_BASE64_H_
