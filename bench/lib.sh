# Shared preamble of the bench/ scripts; source it after `set -uo pipefail`:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   bench_find_binary NAME "${1:-}"    # sets HERE, REPO and BIN (absolute)
# The binary is the one given, else build-release/keylint, else
# build/keylint; none of them is exit 2 with a one-line message.

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"

bench_find_binary() {
  local name="$1" given="${2:-}" c
  BIN="$given"
  if [[ -z "$BIN" ]]; then
    for c in "$REPO/build-release/keylint" "$REPO/build/keylint"; do
      if [[ -x "$c" ]]; then BIN="$c"; break; fi
    done
  fi
  if [[ -z "$BIN" || ! -x "$BIN" ]]; then
    echo "$name: keylint binary not found (tried ${given:-$REPO/build-release/keylint and $REPO/build/keylint}); build it or pass its path" >&2
    exit 2
  fi
  BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
}
