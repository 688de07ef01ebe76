// Filters that decide whether a candidate secret is real or a placeholder,
// reference, path, identifier or hash. Pure functions; thread-safe.
#ifndef KEYLINT_RULES_FILTERS_H_
#define KEYLINT_RULES_FILTERS_H_

#include <string_view>

namespace keylint {

// Shannon entropy of the byte distribution of `s`, in bits per byte.
double ShannonEntropy(std::string_view s);

// Filters applied to every rule's secret. Returns the reason the secret is
// a placeholder ("template variable", "example value", ...), or nullptr.
const char* PlaceholderReason(std::string_view secret);

// Extra filters for rules tagged `generic` (free-form assignments). `path`
// is the file the secret was found in (for lockfiles). Returns the reason
// or nullptr.
const char* GenericReason(std::string_view secret, std::string_view path);

// True for dependency lock files (package-lock.json, yarn.lock, go.sum, ...).
bool IsLockfilePath(std::string_view path);

}  // namespace keylint

#endif  // KEYLINT_RULES_FILTERS_H_
