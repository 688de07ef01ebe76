#!/usr/bin/env bash
# Installs the Debian packages keylint needs to build, test and benchmark.
# Idempotent and quiet when everything is already present.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git python3
  libre2-dev libhyperscan-dev libyaml-cpp-dev nlohmann-json3-dev
  libcurl4-openssl-dev libssl-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev
  ripgrep
  openssl  # the --verify tests make a self-signed certificate
  python3-botocore  # the AWS tests check SigV4 signatures with botocore's signer
  pre-commit
  chromium
  clang libclang-rt-14-dev llvm  # make asan / make fuzz (llvm-symbolizer)
)
# Optional extras used by the test suite / benches when present.
if [[ "${KEYLINT_DEPS_EXTRA:-}" == "1" ]]; then
  PACKAGES+=(hyperfine)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
