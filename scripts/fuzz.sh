#!/usr/bin/env bash
# Runs every libFuzzer target built in BUILD_DIR (cmake -DKEYLINT_FUZZ=ON,
# see `make fuzz`) for SECONDS each, starting from the committed seeds in
# tests/fuzz/corpus/<target>/. New inputs go to a scratch corpus under
# BUILD_DIR/fuzz-corpus/ (never into the repository); a crash leaves its
# input in BUILD_DIR/fuzz-artifacts/ and fails the run.
#
#   scripts/fuzz.sh BUILD_DIR [SECONDS] [TARGET...]
#
# Prints one line per target: executions, seconds, executions per second,
# coverage, corpus size. Exits non-zero when any target crashed, leaked,
# timed out on one input (-timeout) or went over the memory limit.
set -uo pipefail
build=${1:?usage: fuzz.sh BUILD_DIR [SECONDS] [TARGET...]}
seconds=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))
root=$(cd "$(dirname "$0")/.." && pwd)
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for src in "$root"/tests/fuzz/fuzz_*.cc; do
    targets+=("$(basename "$src" .cc)")
  done
fi
mkdir -p "$build/fuzz-artifacts" "$build/fuzz-corpus"
failed=()
printf '%-18s %10s %8s %10s %6s %7s\n' target execs seconds execs/s cov corpus
for t in "${targets[@]}"; do
  bin="$build/$t"
  if [[ ! -x "$bin" ]]; then
    echo "fuzz: $bin is missing (configure with -DKEYLINT_FUZZ=ON)" >&2
    failed+=("$t"); continue
  fi
  seeds=("$root/tests/fuzz/corpus/${t#fuzz_}")
  # The test fixtures are seeds too (read recursively), not copied here.
  case "${t#fuzz_}" in
    scan) seeds+=("$root/tests/data/detectors" "$root/examples") ;;
    lexer) seeds+=("$root/tests/data/detectors/log") ;;
    cfn) seeds+=("$root/tests/data/audit/loaders/cfn") ;;
    terraform) seeds+=("$root/tests/data/audit/loaders/terraform") ;;
    export) seeds+=("$root/tests/data/audit/loaders/exports"
                    "$root/tests/data/audit/loaders/malformed") ;;
    sigv4) ;;
  esac
  work="$build/fuzz-corpus/${t#fuzz_}"
  mkdir -p "$work"
  log="$build/fuzz-artifacts/$t.log"
  start=$(date +%s.%N)
  # -timeout: one input taking longer is a hang (a finding); -rss_limit_mb
  # bounds memory; -max_len keeps inputs of the size that finds bugs fast.
  "$bin" "$work" "${seeds[@]}" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2560 -max_len=16384 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-artifacts/$t-" >"$log" 2>&1
  rc=$?
  end=$(date +%s.%N)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  # libFuzzer's own rate: executions over its fuzzing time, without the
  # start-up and the initial pass over the seeds that `seconds` includes.
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  corpus=$(ls "$work" | wc -l)
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  printf '%-18s %10s %8s %10s %6s %7s\n' "$t" "${execs:-?}" "$secs" "${rate:-?}" \
    "${cov:-?}" "$corpus"
  if [[ $rc -ne 0 ]]; then
    echo "fuzz: $t failed (exit $rc); log: $log" >&2
    grep -E 'ERROR|contract broken|SUMMARY|Test unit written' "$log" | head -5 >&2
    failed+=("$t")
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: failed: ${failed[*]}" >&2
  exit 1
fi
