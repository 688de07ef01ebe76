#include "auditor/checks.h"

namespace keylint {

void RegisterAllChecks(CheckRegistry* registry) {
  registry->Add(NewNamingParameterPathCheck());
  registry->Add(NewNamingSecretPathCheck());
  registry->Add(NewNamingEnvironmentTagCheck());
  registry->Add(NewNamingScopeMismatchCheck());
  registry->Add(NewNamingReservedPrefixCheck());
  registry->Add(NewNamingSecretSuffixCheck());
  registry->Add(NewRotationDisabledCheck());
  registry->Add(NewRotationIntervalCheck());
  registry->Add(NewRotationOverdueCheck());
  registry->Add(NewRotationFailingCheck());
  registry->Add(NewRotationNoFunctionCheck());
  registry->Add(NewRotationUnusedCheck());
  registry->Add(NewPolicyPublicPrincipalCheck());
  registry->Add(NewPolicyUntrustedAccountCheck());
  registry->Add(NewPolicyWildcardActionCheck());
  registry->Add(NewPolicyManagementActionCheck());
  registry->Add(NewPolicyNotPrincipalCheck());
  registry->Add(NewPolicyNotActionCheck());
  registry->Add(NewPolicySecretReadWildcardCheck());
  registry->Add(NewPolicyKmsDecryptWildcardCheck());
  registry->Add(NewPlacementPlaintextParameterCheck());
  registry->Add(NewPlacementCfnParameterCheck());
  registry->Add(NewPlacementLiteralSecretCheck());
  registry->Add(NewPlacementConfigInSecretsManagerCheck());
  registry->Add(NewPlacementAwsManagedKeyCheck());
  registry->Add(NewPlacementOversizedParameterCheck());
  registry->Add(NewPlacementSecretInEnvironmentCheck());
}

}  // namespace keylint
