#!/usr/bin/env bash
# Cost of the encoded-secrets stage (scanner/decode.h): keylint's throughput
# with decoding off (--decode-depth 0), at depth 1 and at the default depth
# 2, next to ripgrep on the same trees in the same run. Target: the default
# at most 15% slower than off. See docs/benchmarks.md.
#
#   bench/decode_bench.sh [KEYLINT_BINARY]
#
# Environment (all optional):
#   KEYLINT_BENCH_DIR      cache for generated trees  (${TMPDIR:-/tmp}/keylint-bench)
#   KEYLINT_BENCH_MB       size of the generated corpus in MB (200)
#   KEYLINT_BENCH_REAL     real source tree (first of /usr/include,
#                          /usr/lib/python3*, /usr/share that exists)
#   KEYLINT_BENCH_THREADS  threads for keylint and rg (2)
#   KEYLINT_BENCH_RUNS     timed runs per cell after one warm-up (5)
#
# Runs alternate between the variants (off, depth 1, depth 2, rg, off, ...)
# so that a change in machine load hits them alike; the median counts.
# Exits non-zero only when a tool fails to run; a missed target does not.

set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_find_binary bench/decode_bench.sh "${1:-}"

THREADS="${KEYLINT_BENCH_THREADS:-2}"
RUNS="${KEYLINT_BENCH_RUNS:-5}"
CORPUS_MB="${KEYLINT_BENCH_MB:-200}"
CACHE="${KEYLINT_BENCH_DIR:-${TMPDIR:-/tmp}/keylint-bench}"
CORPUS="$CACHE/corpus-${CORPUS_MB}mb"
REAL="${KEYLINT_BENCH_REAL:-}"
if [[ -z "$REAL" ]]; then
  for c in /usr/include /usr/lib/python3 /usr/lib/python3.* /usr/share; do
    if [[ -d "$c" ]]; then REAL="$c"; break; fi
  done
fi
TARGET_PCT=15
RG_LITERAL='kEyLiNt-nEvEr-MaTcHeS-7f3a9c1e'

OUT="$(mktemp -d "${TMPDIR:-/tmp}/keylint-decode-bench.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
cp "$BIN" "$OUT/keylint" || { echo "decode_bench: cannot copy $BIN" >&2; exit 2; }
BIN="$OUT/keylint"
mkdir -p "$CACHE"
if [[ ! -f "$CORPUS.info.json" || ! -d "$CORPUS" ]]; then
  echo "decode_bench: generating $CORPUS (once; cached) ..." >&2
  python3 "$HERE/gen_corpus.py" "$CORPUS" --force --mb "$CORPUS_MB" || exit 2
fi
command -v rg >/dev/null 2>&1 || { echo "decode_bench: rg (ripgrep) missing; run scripts/install-deps.sh" >&2; exit 2; }
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"

now_ns() { date +%s%N; }
median() { sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
tree_bytes() { find "$1" -type f -printf '%s\n' 2>/dev/null | awk '{s += $1} END {printf "%d\n", s}'; }
mbps() { awk -v b="$1" -v ms="$2" 'BEGIN {printf "%.0f", b / 1e6 / (ms / 1000)}'; }

# timed NAME CMD... : appends the wall time in ms to $OUT/NAME.times.
timed() {
  local name="$1" t0 t1 rc; shift
  t0=$(now_ns)
  "$@" >/dev/null 2>>"$OUT/stderr.log"
  rc=$?
  t1=$(now_ns)
  if [[ $rc -ne 0 && $rc -ne 1 ]]; then
    echo "decode_bench: '$*' exited with status $rc" >&2
    tail -n 5 "$OUT/stderr.log" >&2
    exit 1
  fi
  echo $(( (t1 - t0) / 1000000 )) >>"$OUT/$name.times"
}

TREES=("$CORPUS")
[[ -n "$REAL" && -d "$REAL" ]] && TREES+=("$REAL")

printf '\nEncoded-secrets stage: throughput (median of %s runs, %s threads)\n' "$RUNS" "$THREADS"
printf 'load average at start: %s\n\n' "$LOAD_START"
printf '%-28s %8s %10s %10s %10s %10s %9s\n' tree MB "off MB/s" "d1 MB/s" "d2 MB/s" "rg MB/s" "d2 vs off"
status_all=0
for tree in "${TREES[@]}"; do
  bytes=$(tree_bytes "$tree")
  rm -f "$OUT"/*.times
  scan() { "$BIN" scan "$tree" --threads "$THREADS" --format json --output "$OUT/$1.json" --decode-depth "$2"; }
  # Warm-up (page cache, rules cache), then alternating timed runs.
  scan warm 2 >/dev/null 2>&1
  for ((i = 0; i < RUNS; i++)); do
    timed off scan off 0
    timed d1 scan d1 1
    timed d2 scan d2 2
    timed rg rg -uu --threads "$THREADS" -c -F -e "$RG_LITERAL" "$tree"
  done
  off=$(median <"$OUT/off.times"); d1=$(median <"$OUT/d1.times")
  d2=$(median <"$OUT/d2.times"); rgm=$(median <"$OUT/rg.times")
  pct=$(awk -v a="$d2" -v b="$off" 'BEGIN {printf "%+.1f%%", (a / b - 1) * 100}')
  printf '%-28s %8.0f %10s %10s %10s %10s %9s\n' "$(basename "$tree")" \
    "$(awk -v b="$bytes" 'BEGIN {print b / 1e6}')" "$(mbps "$bytes" "$off")" \
    "$(mbps "$bytes" "$d1")" "$(mbps "$bytes" "$d2")" "$(mbps "$bytes" "$rgm")" "$pct"
  # What decoding adds: findings that went through a decoder.
  decoded=$(python3 -c 'import json,sys; print(sum(1 for f in json.load(open(sys.argv[1]))["findings"] if f.get("decoders")))' "$OUT/d2.json")
  total_off=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$OUT/off.json")
  printf '%-28s findings off: %s, decoded findings at depth 2: %s\n' "" "$total_off" "$decoded"
  if awk -v a="$d2" -v b="$off" -v t="$TARGET_PCT" 'BEGIN {exit !((a / b - 1) * 100 > t)}'; then
    echo "  target missed: depth 2 is more than ${TARGET_PCT}% slower than off" >&2
    status_all=1
  fi
done
printf '\nload average at end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
[[ $status_all == 0 ]] && echo "target met: decoding at depth 2 costs at most ${TARGET_PCT}%"
exit 0
