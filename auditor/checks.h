// The audit check catalogue. Each check lives in its own file
// (auditor/check_<id>.cc) and is added to a registry here, explicitly, by
// RegisterAllChecks: no static initialisers. docs/audit.md describes them.
#ifndef KEYLINT_AUDITOR_CHECKS_H_
#define KEYLINT_AUDITOR_CHECKS_H_

#include <memory>

#include "auditor/check.h"

namespace keylint {

// naming
std::unique_ptr<Check> NewNamingParameterPathCheck();
std::unique_ptr<Check> NewNamingSecretPathCheck();
std::unique_ptr<Check> NewNamingEnvironmentTagCheck();
std::unique_ptr<Check> NewNamingScopeMismatchCheck();
std::unique_ptr<Check> NewNamingReservedPrefixCheck();
std::unique_ptr<Check> NewNamingSecretSuffixCheck();
// rotation
std::unique_ptr<Check> NewRotationDisabledCheck();
std::unique_ptr<Check> NewRotationIntervalCheck();
std::unique_ptr<Check> NewRotationOverdueCheck();
std::unique_ptr<Check> NewRotationFailingCheck();
std::unique_ptr<Check> NewRotationNoFunctionCheck();
std::unique_ptr<Check> NewRotationUnusedCheck();
// resource and identity policies
std::unique_ptr<Check> NewPolicyPublicPrincipalCheck();
std::unique_ptr<Check> NewPolicyUntrustedAccountCheck();
std::unique_ptr<Check> NewPolicyWildcardActionCheck();
std::unique_ptr<Check> NewPolicyManagementActionCheck();
std::unique_ptr<Check> NewPolicyNotPrincipalCheck();
std::unique_ptr<Check> NewPolicyNotActionCheck();
std::unique_ptr<Check> NewPolicySecretReadWildcardCheck();
std::unique_ptr<Check> NewPolicyKmsDecryptWildcardCheck();
// placement
std::unique_ptr<Check> NewPlacementPlaintextParameterCheck();
std::unique_ptr<Check> NewPlacementCfnParameterCheck();
std::unique_ptr<Check> NewPlacementLiteralSecretCheck();
std::unique_ptr<Check> NewPlacementConfigInSecretsManagerCheck();
std::unique_ptr<Check> NewPlacementAwsManagedKeyCheck();
std::unique_ptr<Check> NewPlacementOversizedParameterCheck();
std::unique_ptr<Check> NewPlacementSecretInEnvironmentCheck();

// Adds every check above to `registry`, in catalogue order.
void RegisterAllChecks(CheckRegistry* registry);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_CHECKS_H_
