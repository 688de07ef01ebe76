#!/usr/bin/env bash
# keylint benchmark: throughput side by side with ripgrep, peak RSS, start-up
# time on a small tree, and recall on planted secrets; and, when
# keylint_prefilter_bench is built beside keylint, the ceiling that reading
# the files and the Hyperscan pass alone put on throughput here. See
# docs/benchmarks.md.
#
#   bench/run.sh [KEYLINT_BINARY]
#
# KEYLINT_BINARY defaults to build-release/keylint, then build/keylint.
# Environment (all optional):
#   KEYLINT_BENCH_DIR      cache for generated trees  (${TMPDIR:-/tmp}/keylint-bench)
#   KEYLINT_BENCH_MB       size of the generated corpus in MB (200)
#   KEYLINT_BENCH_REAL     real source tree to scan (first of /usr/include,
#                          /usr/lib/python3*, /usr/share that exists)
#   KEYLINT_BENCH_THREADS  threads for keylint and rg (2)
#   KEYLINT_BENCH_RUNS     timed runs per throughput cell, after one warm-up (3)
#   KEYLINT_BENCH_SMALL_RUNS  timed runs on the 20-file tree (20)
#
# Exits non-zero only when something fails to run (a missing binary, a tool
# that crashes or exits with an error status); missed targets do not fail.

set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ---------------------------------------------------------------- settings --
bench_find_binary bench/run.sh "${1:-}"

THREADS="${KEYLINT_BENCH_THREADS:-2}"
RUNS="${KEYLINT_BENCH_RUNS:-3}"
SMALL_RUNS="${KEYLINT_BENCH_SMALL_RUNS:-20}"
CORPUS_MB="${KEYLINT_BENCH_MB:-200}"
CACHE="${KEYLINT_BENCH_DIR:-${TMPDIR:-/tmp}/keylint-bench}"
CORPUS="$CACHE/corpus-${CORPUS_MB}mb"
SMALL="$CACHE/small-20files"

REAL="${KEYLINT_BENCH_REAL:-}"
if [[ -z "$REAL" ]]; then
  for c in /usr/include /usr/lib/python3 /usr/lib/python3.* /usr/share; do
    if [[ -d "$c" ]]; then REAL="$c"; break; fi
  done
fi

RG_LITERAL='kEyLiNt-nEvEr-MaTcHeS-7f3a9c1e'
RG_REGEX='AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{36}|xox[bp]-|sk_live_[0-9a-zA-Z]{24}|glpat-[0-9A-Za-z_-]{20}'

TARGET_MBPS=800
TARGET_SMALL_MS=60
TARGET_RSS_MIB=200

FAILED=0
fail() { echo "bench/run.sh: $*" >&2; FAILED=1; }

OUT="$(mktemp -d "${TMPDIR:-/tmp}/keylint-bench-run.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT

mkdir -p "$CACHE"
# Benchmark a private copy so that a rebuild during the run cannot swap it.
BIN_ORIG="$BIN"
cp "$BIN_ORIG" "$OUT/keylint" || { echo "bench/run.sh: cannot copy $BIN_ORIG" >&2; exit 2; }
BIN="$OUT/keylint"
# The prefilter bench built beside keylint (make bench builds both), if any.
PREFILTER_BIN=""
if [[ -x "$(dirname "$BIN_ORIG")/keylint_prefilter_bench" ]]; then
  cp "$(dirname "$BIN_ORIG")/keylint_prefilter_bench" "$OUT/" && PREFILTER_BIN="$OUT/keylint_prefilter_bench"
fi
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"

# ----------------------------------------------------------------- corpora --
gen_tree() {  # DIR ARGS...
  local dir="$1"; shift
  if [[ -f "$dir.info.json" && -d "$dir" ]]; then return 0; fi
  echo "bench/run.sh: generating $dir (once; cached) ..." >&2
  if ! python3 "$HERE/gen_corpus.py" "$dir" --force "$@"; then
    fail "gen_corpus.py failed for $dir"
    return 1
  fi
}
gen_tree "$CORPUS" --mb "$CORPUS_MB" || exit 1
gen_tree "$SMALL" --files 20 --mb 0.2 || exit 1
# A cached corpus from an older generator is used as is (regenerating 200 MB
# is slow on a shared machine); the report says so.
CORPUS_NOTE=$(python3 - "$HERE" "$CORPUS.info.json" <<'EOF'
import json, sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
import gen_corpus
have = json.load(open(sys.argv[2])).get("generator_version")
if have != gen_corpus.GENERATOR_VERSION:
    print("note: the corpus was made by gen_corpus.py v%s (current v%s); delete %s* to regenerate it"
          % (have, gen_corpus.GENERATOR_VERSION, sys.argv[2][:-len(".info.json")]))
EOF
)

# ------------------------------------------------------------------- tools --
if ! command -v rg >/dev/null 2>&1; then
  echo "bench/run.sh: rg missing; running scripts/install-deps.sh" >&2
  "$REPO/scripts/install-deps.sh" || true
fi
HAVE_RG=0; command -v rg >/dev/null 2>&1 && HAVE_RG=1
[[ $HAVE_RG == 1 ]] || fail "ripgrep (rg) is not available"
# KEYLINT_BENCH_NO_TIME / KEYLINT_BENCH_NO_HYPERFINE=1 force the fallbacks.
HAVE_TIME=0; [[ -x /usr/bin/time && -z "${KEYLINT_BENCH_NO_TIME:-}" ]] && HAVE_TIME=1
HAVE_HYPERFINE=0
command -v hyperfine >/dev/null 2>&1 && [[ -z "${KEYLINT_BENCH_NO_HYPERFINE:-}" ]] && HAVE_HYPERFINE=1

# ----------------------------------------------------------------- helpers --
now_ns() { date +%s%N; }

tree_bytes() { find "$1" -type f -printf '%s\n' 2>/dev/null | awk '{s += $1} END {printf "%d\n", s}'; }
tree_files() { find "$1" -type f 2>/dev/null | wc -l | tr -d ' '; }

median() {  # numbers on stdin -> median
  sort -g | awk '{a[NR] = $1} END {if (NR == 0) {print "nan"} else if (NR % 2) {print a[(NR + 1) / 2]} else {print (a[NR / 2] + a[NR / 2 + 1]) / 2}}'
}

# run_peak RSSFILE CMD... : runs CMD (stdout to /dev/null), writes its peak RSS
# in KiB to RSSFILE, returns CMD's exit status.
run_peak() {
  local rssfile="$1"; shift
  if [[ $HAVE_TIME == 1 ]]; then
    /usr/bin/time -f '%M' -o "$rssfile" "$@" >/dev/null 2>>"$OUT/stderr.log"
    local rc=$?
    # /usr/bin/time prefixes "Command exited with non-zero status N" lines.
    tail -n 1 "$rssfile" >"$rssfile.tmp" && mv "$rssfile.tmp" "$rssfile"
    return $rc
  fi
  "$@" >/dev/null 2>>"$OUT/stderr.log" &
  local pid=$! hwm=0 v
  while kill -0 "$pid" 2>/dev/null; do
    v=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
    [[ -n "$v" && "$v" -gt "$hwm" ]] && hwm=$v
    sleep 0.02
  done
  wait "$pid"
  local rc=$?
  echo "$hwm" >"$rssfile"
  return $rc
}

# bench_cmd NAME OKCODES CMD... : one warm-up run, then $RUNS timed runs.
# Prints the median wall time in ms; records the max peak RSS (KiB) in
# $OUT/NAME.rss. Returns 1 if any run exits with a status not in OKCODES.
bench_cmd() {
  local name="$1" ok="$2"; shift 2
  local i rc t0 t1 maxrss=0 r
  : >"$OUT/$name.times"
  for ((i = 0; i <= RUNS; i++)); do
    t0=$(now_ns)
    run_peak "$OUT/$name.rss1" "$@"
    rc=$?
    t1=$(now_ns)
    if [[ " $ok " != *" $rc "* ]]; then
      echo "bench/run.sh: '$*' exited with status $rc" >&2
      tail -n 5 "$OUT/stderr.log" >&2
      return 1
    fi
    r=$(cat "$OUT/$name.rss1" 2>/dev/null || echo 0)
    [[ "$r" =~ ^[0-9]+$ && "$r" -gt "$maxrss" ]] && maxrss=$r
    ((i == 0)) && continue  # warm-up
    echo "$(( (t1 - t0) / 1000 ))" | awk '{printf "%.3f\n", $1 / 1000}' >>"$OUT/$name.times"
  done
  echo "$maxrss" >"$OUT/$name.rss"
  median <"$OUT/$name.times"
}

mbps() {  # BYTES MS
  awk -v b="$1" -v ms="$2" 'BEGIN {if (ms == "" || ms == "nan" || ms <= 0) print "n/a"; else printf "%.0f", b / 1e6 / (ms / 1000)}'
}

# ------------------------------------------------------------- throughput --
declare -A SIZE FILES KL KLND RGL RGR PF
TREES=("$CORPUS")
if [[ -n "$REAL" && -d "$REAL" ]]; then
  TREES+=("$REAL")
else
  fail "no real source tree found (set KEYLINT_BENCH_REAL)"
fi

KL_RSS_KIB=0
idx=0
for tree in "${TREES[@]}"; do
  idx=$((idx + 1))
  echo "bench/run.sh: timing on $tree ..." >&2
  SIZE[$tree]=$(tree_bytes "$tree")
  FILES[$tree]=$(tree_files "$tree")

  ms=$(bench_cmd "kl$idx" "0 1" "$BIN" scan "$tree" --threads "$THREADS" --format json --output "$OUT/kl$idx.json") \
    || { fail "keylint scan of $tree failed"; ms=""; }
  KL[$tree]="$ms"
  r=$(cat "$OUT/kl$idx.rss" 2>/dev/null || echo 0)
  ((r > KL_RSS_KIB)) && KL_RSS_KIB=$r
  # The same scan without the env/log/usage detectors: what they cost.
  ms=$(KEYLINT_NO_DETECTORS=1 bench_cmd "klnd$idx" "0 1" "$BIN" scan "$tree" --threads "$THREADS" --format json --output /dev/null) \
    || { fail "keylint scan (detectors off) of $tree failed"; ms=""; }
  KLND[$tree]="$ms"

  if [[ $HAVE_RG == 1 ]]; then
    ms=$(bench_cmd "rgl$idx" "0 1" rg -uu --threads "$THREADS" -c -F -e "$RG_LITERAL" "$tree") \
      || { fail "rg (literal) on $tree failed"; ms=""; }
    RGL[$tree]="$ms"
    ms=$(bench_cmd "rgr$idx" "0 1" rg -uu --threads "$THREADS" -c -e "$RG_REGEX" "$tree") \
      || { fail "rg (regex) on $tree failed"; ms=""; }
    RGR[$tree]="$ms"
  fi
  # The Hyperscan pass alone on one core (bench/prefilter_bench.cc).
  if [[ -n "$PREFILTER_BIN" ]]; then
    line=$("$PREFILTER_BIN" "$tree" 5 2>>"$OUT/stderr.log") \
      || { fail "keylint_prefilter_bench on $tree failed"; line=""; }
    PF[$tree]=$(echo "$line" | sed -nE 's/.* ([0-9]+) MB\/s per core.*/\1/p')
  fi
done

# --------------------------------------------------------- 20-file start-up --
echo "bench/run.sh: timing keylint scan of the 20-file tree ..." >&2
SMALL_MS=""; SMALL_FIRST_MS=""; SMALL_HOW=""
t0=$(now_ns)
"$BIN" scan "$SMALL" >/dev/null 2>>"$OUT/stderr.log"
rc=$?
t1=$(now_ns)
SMALL_FIRST_MS=$(awk -v d="$((t1 - t0))" 'BEGIN {printf "%.1f", d / 1e6}')
if [[ $rc -ne 0 && $rc -ne 1 ]]; then
  fail "keylint scan $SMALL exited with status $rc"
elif [[ $HAVE_HYPERFINE == 1 ]]; then
  SMALL_HOW="hyperfine, 3 warm-up runs"
  hf_shell=()
  hyperfine --help 2>/dev/null | grep -q -- '--shell' && hf_shell=(--shell=none)
  # -i: keylint exits 1 when it reports findings; the status was checked above.
  if hyperfine "${hf_shell[@]}" -i --warmup 3 --runs "$SMALL_RUNS" --style none \
       --export-json "$OUT/small.json" "$(printf '%q scan %q' "$BIN" "$SMALL")" >/dev/null 2>>"$OUT/stderr.log"; then
    SMALL_MS=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f" % (1000*r["median"]))' "$OUT/small.json")
  else
    fail "hyperfine run of keylint on $SMALL failed"
  fi
else
  SMALL_HOW="date +%s%N loop, 3 warm-up runs"
  : >"$OUT/small.times"
  for ((i = 0; i < 3 + SMALL_RUNS; i++)); do
    t0=$(now_ns)
    "$BIN" scan "$SMALL" >/dev/null 2>&1
    t1=$(now_ns)
    ((i >= 3)) && awk -v d="$((t1 - t0))" 'BEGIN {printf "%.3f\n", d / 1e6}' >>"$OUT/small.times"
  done
  SMALL_MS=$(median <"$OUT/small.times" | awk '{printf "%.1f", $1}')
fi

# ------------------------------------------------------------------ recall --
RECALL=""
if [[ -s "$OUT/kl1.json" ]]; then
  RECALL=$(python3 "$HERE/manifest_recall.py" --summary --manifest "$CORPUS.manifest.jsonl" \
             --decoys "$CORPUS.decoys.jsonl" --findings "$OUT/kl1.json" --root "$CORPUS") \
    || fail "manifest_recall.py failed"
  python3 "$HERE/manifest_recall.py" --manifest "$CORPUS.manifest.jsonl" --decoys "$CORPUS.decoys.jsonl" \
    --findings "$OUT/kl1.json" --root "$CORPUS" >"$OUT/recall.txt" 2>&1 || true
fi

# ------------------------------------------------------------------- report --
status() {  # VALUE OP TARGET -> ok | MISS | -
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
    if (v == "" || v == "n/a" || v == "nan") { print "-"; exit }
    if ((op == ">=" && v + 0 >= t) || (op == "<" && v + 0 < t)) print "ok"; else print "MISS" }'
}
fmt_mbps() { local v; v=$(mbps "$1" "$2"); [[ "$v" == "n/a" ]] && echo "n/a" || echo "$v MB/s"; }

version=$("$BIN" --version 2>/dev/null | head -n 1)
echo
echo "keylint bench: $BIN_ORIG${version:+ ($version)}"
echo "machine: $(nproc) cores; load average at start: $LOAD_START"
echo "threads: $THREADS for keylint and rg; warm page cache; median of $RUNS runs after one warm-up"
echo "MB = 10^6 bytes, MiB = 2^20 bytes; MB/s = tree bytes / wall time"
[[ -n "$CORPUS_NOTE" ]] && echo "$CORPUS_NOTE"
echo "rg literal: rg -uu -c -F '$RG_LITERAL'"
echo "rg regex:   rg -uu -c -e '$RG_REGEX'"
echo
label_of() { if [[ "$1" == "$CORPUS" ]]; then echo "generated: $1"; else echo "real: $1"; fi; }
W=4
for tree in "${TREES[@]}"; do l=$(label_of "$tree"); ((${#l} > W)) && W=${#l}; done
printf "%-${W}s %10s %7s  %12s %14s %12s %12s  %-12s %s\n" "tree" "size" "files" "keylint" "no detectors" "rg literal" "rg regex" "target" "status"
for tree in "${TREES[@]}"; do
  label=$(label_of "$tree")
  size_mb=$(awk -v b="${SIZE[$tree]}" 'BEGIN {printf "%.1f MB", b / 1e6}')
  kl=$(mbps "${SIZE[$tree]}" "${KL[$tree]}")
  printf "%-${W}s %10s %7s  %12s %14s %12s %12s  %-12s %s\n" "$label" "$size_mb" "${FILES[$tree]}" \
    "$(fmt_mbps "${SIZE[$tree]}" "${KL[$tree]}")" \
    "$(fmt_mbps "${SIZE[$tree]}" "${KLND[$tree]:-}")" \
    "$(fmt_mbps "${SIZE[$tree]}" "${RGL[$tree]:-}")" \
    "$(fmt_mbps "${SIZE[$tree]}" "${RGR[$tree]:-}")" \
    ">= $TARGET_MBPS MB/s" "$(status "$kl" ">=" "$TARGET_MBPS")"
done
if [[ -n "$PREFILTER_BIN" ]]; then
  # The fastest a scan that reads every file and runs the Hyperscan pass can
  # be here: rg's literal search time stands for reading the files (its own
  # work is a small part of it), plus the prefilter's time on one core
  # divided over the threads; nothing confirmed, no detectors, no decoding.
  echo "ceiling (read + Hyperscan pass alone; rg literal time + prefilter time / $THREADS threads):"
  for tree in "${TREES[@]}"; do
    pf="${PF[$tree]:-}"
    ceil=$(awk -v b="${SIZE[$tree]}" -v rg="${RGL[$tree]:-}" -v pf="$pf" -v t="$THREADS" 'BEGIN {
      if (rg == "" || pf == "" || rg <= 0 || pf <= 0) { print "n/a"; exit }
      printf "%.0f", b / 1e6 / (rg / 1000 + b / 1e6 / pf / t) }')
    printf "  %-${W}s prefilter alone %s MB/s per core; ceiling %s MB/s  %s\n" "$(label_of "$tree")" \
      "${pf:-n/a}" "$ceil" "$(status "$ceil" ">=" "$TARGET_MBPS" | sed 's/^ok$/(target reachable)/; s/^MISS$/(below the target)/')"
  done
else
  echo "ceiling: n/a (keylint_prefilter_bench is not beside $BIN_ORIG; make bench builds it)"
fi
echo "detector cost (target <= 25 % of throughput; 'no detectors' is KEYLINT_NO_DETECTORS=1):"
for tree in "${TREES[@]}"; do
  cost=$(awk -v on="${KL[$tree]}" -v off="${KLND[$tree]:-}" 'BEGIN {
    if (on == "" || off == "" || on <= 0 || off <= 0) print "n/a"; else printf "%.0f", 100 * (1 - off / on) }')
  printf "  %-${W}s throughput %s%% lower with detectors  %s\n" "$(label_of "$tree")" "$cost" \
    "$(status "$cost" "<" 25.0001)"
done
echo
rss_mib=$(awk -v k="$KL_RSS_KIB" 'BEGIN {if (k > 0) printf "%.1f", k / 1024; else print "n/a"}')
rss_how=$([[ $HAVE_TIME == 1 ]] && echo "/usr/bin/time" || echo "VmHWM polling")
row() { printf '%-46s %12s   %-10s %s\n' "$@"; }
row "metric" "value" "target" "status"
row "keylint peak RSS (max of scans above)" "$rss_mib MiB" "< $TARGET_RSS_MIB MiB" "$(status "$rss_mib" "<" "$TARGET_RSS_MIB")"
row "keylint scan, 20-file tree, median of $SMALL_RUNS" "${SMALL_MS:-n/a} ms" "< $TARGET_SMALL_MS ms" "$(status "${SMALL_MS:-}" "<" "$TARGET_SMALL_MS")"
row "  same, one run without warm-up" "$SMALL_FIRST_MS ms" "" "info"
if [[ -n "$RECALL" ]]; then
  read -r caught total dhit dtotal other nfind < <(echo "$RECALL" | sed -E 's/recall=([0-9]+)\/([0-9]+) decoys=([0-9]+)\/([0-9]+) other=([0-9]+) findings=([0-9]+)/\1 \2 \3 \4 \5 \6/')
  pct=$(awk -v c="$caught" -v t="$total" 'BEGIN {if (t > 0) printf "%.1f %%", 100 * c / t; else print "n/a"}')
  row "recall on planted secrets ($caught/$total)" "$pct" "" "info"
  row "decoys reported (ideal 0)" "$dhit/$dtotal" "" "info"
  row "findings on unplanted lines (of $nfind)" "$other" "" "info"
fi
echo "(peak RSS via $rss_how; 20-file timing via $SMALL_HOW)"
stats=$(python3 - "$OUT/kl1.json" <<'EOF' 2>/dev/null
import json, sys
s = json.load(open(sys.argv[1])).get("stats", {})
b, w = s.get("bytes_scanned") or 0, s.get("wall_seconds") or 0
print("keylint self-reported on the corpus: %s files scanned, %s skipped, %.1f MB in %.2f s wall (%s MB/s excluding start-up);"
      " walk %.2f s, match %.2f s, %s threads" % (
    s.get("files_scanned"), s.get("files_skipped"), b / 1e6, w, "%.0f" % (b / 1e6 / w) if w else "n/a",
    s.get("walk_seconds") or 0, s.get("match_seconds") or 0, s.get("threads")))
EOF
)
[[ -n "$stats" ]] && { echo; echo "$stats"; }
if [[ -s "$OUT/recall.txt" ]]; then
  echo
  echo "recall by kind:"
  sed -n '2,/^decoys/p' "$OUT/recall.txt" | grep -v '^decoys' | sed 's/^/  /'
fi

exit "$FAILED"
