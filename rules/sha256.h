// SHA-256 helpers over OpenSSL's EVP interface. Thread-safe.
#ifndef KEYLINT_RULES_SHA256_H_
#define KEYLINT_RULES_SHA256_H_

#include <string>
#include <string_view>

namespace keylint {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace keylint

#endif  // KEYLINT_RULES_SHA256_H_
