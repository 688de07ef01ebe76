#!/usr/bin/env bash
# keylint git-source benchmark:
#   1. `keylint scan --staged` on a 10-file change in a repository of 50,000
#      files: median wall time, process start-up included (target < 50 ms);
#   2. `keylint scan --history` on a repository with a few thousand commits:
#      total time and MB/s of patch text, side by side with `git log -p | rg`
#      on the same patterns.
#
#   bench/git_bench.sh [KEYLINT_BINARY]
#
# KEYLINT_BINARY defaults to build-release/keylint, then build/keylint.
# Environment (all optional):
#   KEYLINT_BENCH_DIR           cache for generated repositories
#                               (${TMPDIR:-/tmp}/keylint-bench)
#   KEYLINT_BENCH_HISTORY_REPO  a real repository for the history part
#                               (default: a generated one, 3,000 commits)
#   KEYLINT_BENCH_COMMITS       commits of the generated history (3000)
#   KEYLINT_BENCH_STAGED_RUNS   timed --staged runs (30)
#   KEYLINT_BENCH_RUNS          timed --history runs per tool (3)
#
# "Patch text" is what `git log -p` prints with git's defaults (3 lines of
# context) for the same commits: the input `rg` searches. keylint asks git
# for the whole new side of each changed file instead (so multi-line rules
# and context see what a directory scan sees) and reports its own bytes too.
# Exits non-zero only when something fails to run; missed targets do not.

set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_find_binary bench/git_bench.sh "${1:-}"

CACHE="${KEYLINT_BENCH_DIR:-${TMPDIR:-/tmp}/keylint-bench}"
COMMITS="${KEYLINT_BENCH_COMMITS:-3000}"
STAGED_RUNS="${KEYLINT_BENCH_STAGED_RUNS:-30}"
RUNS="${KEYLINT_BENCH_RUNS:-3}"
WIDE="$CACHE/git-wide-50000"
HIST="${KEYLINT_BENCH_HISTORY_REPO:-$CACHE/git-history-$COMMITS}"
RG_REGEX='AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{36}|xox[bp]-|sk_live_[0-9a-zA-Z]{24}|glpat-[0-9A-Za-z_-]{20}'
TARGET_STAGED_MS=50

FAILED=0
fail() { echo "bench/git_bench.sh: $*" >&2; FAILED=1; }

OUT="$(mktemp -d "${TMPDIR:-/tmp}/keylint-git-bench.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$CACHE"
# Benchmark a private copy so that a rebuild during the run cannot swap it,
# with a private rules cache warmed once (a hook runs with a warm cache).
cp "$BIN" "$OUT/keylint" || exit 2
export KEYLINT_CACHE_DIR="$OUT/cache"
export GIT_CONFIG_NOSYSTEM=1
KL="$OUT/keylint"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"

now_ns() { date +%s%N; }
median() {
  sort -g | awk '{a[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}
# time_runs N CMD... : median wall ms of N runs after one warm-up; the
# command's exit status must be 0 or 1.
time_runs() {
  local n="$1" i rc t0 t1; shift
  : >"$OUT/times"
  for ((i = 0; i <= n; i++)); do
    t0=$(now_ns)
    "$@" >/dev/null 2>>"$OUT/stderr.log"
    rc=$?
    t1=$(now_ns)
    if [[ $rc -gt 1 ]]; then
      echo "bench/git_bench.sh: '$*' exited with status $rc" >&2
      tail -n 3 "$OUT/stderr.log" >&2
      return 1
    fi
    ((i == 0)) && continue
    awk -v d="$((t1 - t0))" 'BEGIN {printf "%.2f\n", d / 1e6}' >>"$OUT/times"
  done
  median <"$OUT/times"
}

# ------------------------------------------------------- 1. --staged, 50k --
if [[ ! -f "$WIDE/.git/keylint-bench-ok" ]]; then
  echo "bench/git_bench.sh: generating $WIDE (once; cached) ..." >&2
  python3 "$HERE/gen_git_repo.py" wide "$WIDE" --files 50000 &&
    touch "$WIDE/.git/keylint-bench-ok" || { fail "gen_git_repo.py wide failed"; exit 1; }
fi
# The change: ten files, each with a few new lines, one of them a token.
git -C "$WIDE" reset -q --hard main
for i in 0 5003 10007 15011 20021 25033 30047 35051 40063 45077; do
  f=$(printf 'pkg%02d/mod%02d/file_%05d.py' $((i / 2000)) $(((i / 100) % 20)) "$i")
  printf 'def added_%d(self):\n    return self.cache_value(%d)\n' "$i" "$i" >>"$WIDE/$f"
done
printf '    api_token = "ghp_%s"\n' "R8s7Tq2LkP0vW3nX5yZ1aB4cD6eF8gH0iJ2k" >>"$WIDE/pkg00/mod00/file_00000.py"
git -C "$WIDE" add -A
CHANGED=$(git -C "$WIDE" diff --cached --name-only | wc -l | tr -d ' ')
WIDE_FILES=$(git -C "$WIDE" ls-files | wc -l | tr -d ' ')
echo "bench/git_bench.sh: timing keylint scan --staged ($CHANGED staged files of $WIDE_FILES) ..." >&2
( cd "$WIDE" && "$KL" scan --staged >/dev/null 2>&1 )  # warms the rules cache
STAGED_MS=$(cd "$WIDE" && time_runs "$STAGED_RUNS" "$KL" scan --staged) || fail "keylint --staged failed"
DIFF_MS=$(cd "$WIDE" && time_runs "$STAGED_RUNS" git diff --cached -p --unified=100000000) || fail "git diff failed"
VERSION_MS=$(time_runs "$STAGED_RUNS" "$KL" --version) || fail "keylint --version failed"
STAGED_FINDINGS=$(cd "$WIDE" && "$KL" scan --staged --format json 2>/dev/null |
  python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')
git -C "$WIDE" reset -q --hard main

# --------------------------------------------------- 2. --history vs rg ----
if [[ -z "${KEYLINT_BENCH_HISTORY_REPO:-}" && ! -f "$HIST/.git/keylint-bench-ok" ]]; then
  echo "bench/git_bench.sh: generating $HIST (once; cached) ..." >&2
  python3 "$HERE/gen_git_repo.py" history "$HIST" --commits "$COMMITS" &&
    touch "$HIST/.git/keylint-bench-ok" || { fail "gen_git_repo.py history failed"; exit 1; }
fi
NCOMMITS=$(git -C "$HIST" rev-list --count HEAD)
PATCH_BYTES=$(git -C "$HIST" log -p | wc -c | tr -d ' ')
echo "bench/git_bench.sh: timing --history on $HIST ($NCOMMITS commits) ..." >&2
HIST_MS=$(cd "$HIST" && time_runs "$RUNS" "$KL" scan --history --format json --output "$OUT/h.json") ||
  fail "keylint --history failed"
HIST3_MS=$(cd "$HIST" && time_runs "$RUNS" "$KL" scan --history --git-context 3 --format json --output "$OUT/h3.json") ||
  fail "keylint --history --git-context 3 failed"
GITLOG_MS=$(cd "$HIST" && time_runs "$RUNS" sh -c 'git log -p >/dev/null') || fail "git log -p failed"
RG_MS=""
if command -v rg >/dev/null 2>&1; then
  RG_MS=$(cd "$HIST" && time_runs "$RUNS" sh -c "git log -p | rg -c -e '$RG_REGEX'") || fail "git log -p | rg failed"
else
  fail "ripgrep (rg) is not available"
fi
read -r KL_BYTES KL_FINDINGS < <(python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(j["stats"]["bytes_scanned"], len(j["findings"]))' "$OUT/h.json")
RG_LINES=$(cd "$HIST" && git log -p | rg -c -e "$RG_REGEX" || true)

# ------------------------------------------------------------------ report --
mbps() { awk -v b="$1" -v ms="$2" 'BEGIN {if (ms == "" || ms == "nan" || ms <= 0) print "n/a"; else printf "%.1f", b / 1e6 / (ms / 1000)}'; }
status() { awk -v v="$1" -v t="$2" 'BEGIN {if (v == "" || v == "nan") print "-"; else if (v + 0 < t) print "ok"; else print "MISS"}'; }
version=$("$KL" --version 2>/dev/null | head -n 1)
echo
echo "keylint git bench: $BIN${version:+ ($version)}"
echo "machine: $(nproc) cores; load average at start: $LOAD_START; git $(git --version | cut -d' ' -f3)"
echo
printf '%-58s %12s  %-10s %s\n' "--staged, $CHANGED-file change in a $WIDE_FILES-file repository" "" "target" "status"
printf '%-58s %9s ms  %-10s %s\n' "  keylint scan --staged, median of $STAGED_RUNS (start-up incl.)" "$STAGED_MS" "< $TARGET_STAGED_MS ms" "$(status "$STAGED_MS" "$TARGET_STAGED_MS")"
printf '%-58s %9s ms\n' "  of which: git diff --cached -p (whole-file context)" "$DIFF_MS"
printf '%-58s %9s ms\n' "  of which: process start (keylint --version)" "$VERSION_MS"
printf '%-58s %12s\n' "  findings (one planted token)" "$STAGED_FINDINGS"
echo
PATCH_MB=$(awk -v b="$PATCH_BYTES" 'BEGIN {printf "%.1f", b / 1e6}')
echo "--history on $HIST: $NCOMMITS commits, $PATCH_MB MB of patch text (git log -p)"
printf '  %-44s %10s %14s  %s\n' "tool" "time" "patch MB/s" "notes"
printf '  %-44s %8s s %14s  %s\n' "keylint scan --history (whole-file context)" \
  "$(awk -v m="$HIST_MS" 'BEGIN {printf "%.2f", m / 1000}')" "$(mbps "$PATCH_BYTES" "$HIST_MS")" \
  "$KL_FINDINGS findings, $(awk -v b="$KL_BYTES" 'BEGIN {printf "%.1f", b / 1e6}') MB scanned"
printf '  %-44s %8s s %14s\n' "keylint scan --history --git-context 3" \
  "$(awk -v m="$HIST3_MS" 'BEGIN {printf "%.2f", m / 1000}')" "$(mbps "$PATCH_BYTES" "$HIST3_MS")"
printf '  %-44s %8s s %14s  %s\n' "git log -p | rg -c (same patterns)" \
  "$(awk -v m="$RG_MS" 'BEGIN {printf "%.2f", m / 1000}')" "$(mbps "$PATCH_BYTES" "$RG_MS")" \
  "$RG_LINES matching lines (any +/-/context line)"
printf '  %-44s %8s s %14s\n' "git log -p > /dev/null alone" \
  "$(awk -v m="$GITLOG_MS" 'BEGIN {printf "%.2f", m / 1000}')" "$(mbps "$PATCH_BYTES" "$GITLOG_MS")"
echo "(medians after one warm-up run; MB = 10^6 bytes)"
exit "$FAILED"
