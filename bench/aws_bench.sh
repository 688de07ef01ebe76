#!/usr/bin/env bash
# `keylint audit --aws` benchmark: a live audit of an account held by moto's
# server (python3 -m moto.server) on loopback, seeded with many secrets and
# parameters by tests/data/aws-live/seed_moto.py. Prints wall time, requests,
# requests/s, the share of wall time spent waiting on the server, peak RSS,
# and, side by side, boto3 reading the same metadata sequentially (the
# peer; what a script would do).
#
#   bench/aws_bench.sh [KEYLINT_BINARY]
#
# Environment (optional):
#   KEYLINT_AWS_SECRETS      secrets to seed (1000)
#   KEYLINT_AWS_PARAMETERS   parameters to seed (5000)
#   KEYLINT_AWS_CONCURRENCY  keylint --concurrency (8)
#   KEYLINT_AWS_PEER         0: skip the boto3 peer (1)
#
# moto answers every request in Python, one at a time per connection: the
# figures say how keylint drives a slow server, not how fast AWS is. moto
# (5.x) also rebuilds the whole parameter list for every DescribeParameters
# page and pages by 10 whatever MaxResults says: its time grows with the
# square of the parameter count, and keylint's wait with it.

set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_find_binary bench/aws_bench.sh "${1:-}"
SECRETS="${KEYLINT_AWS_SECRETS:-1000}"
PARAMETERS="${KEYLINT_AWS_PARAMETERS:-5000}"
CONCURRENCY="${KEYLINT_AWS_CONCURRENCY:-8}"
PEER="${KEYLINT_AWS_PEER:-1}"
SEED="$REPO/tests/data/aws-live/seed_moto.py"

if ! python3 -c 'import moto.server, boto3' 2>/dev/null; then
  echo "bench/aws_bench.sh: moto/boto3 not importable by python3" >&2
  exit 2
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
WORK="$(mktemp -d)"
# Seeded in-process (bench/moto_bulk_server.py): through moto's HTTP front
# end 25,000 resources take minutes; this way, seconds.
echo "seeding $SECRETS secrets and $PARAMETERS parameters into moto ..."
python3 "$REPO/bench/moto_bulk_server.py" "$PORT" "$SECRETS" "$PARAMETERS" \
  >"$WORK/moto.out" 2>"$WORK/moto.log" &
MOTO=$!
trap 'kill $MOTO 2>/dev/null; wait $MOTO 2>/dev/null; rm -rf "$WORK"' EXIT
URL="http://127.0.0.1:$PORT"
for _ in $(seq 600); do
  grep -q '^ready' "$WORK/moto.out" && break
  kill -0 $MOTO 2>/dev/null || { cat "$WORK/moto.log" >&2; exit 1; }
  sleep 0.2
done
echo "seeded in $(cut -d' ' -f2 "$WORK/moto.out") s"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=benchbenchbenchbenchbenchbenchbenchbench
export KEYLINT_CACHE_DIR="$WORK/cache"
# moto loads each service on its first request: one cheap call to each.
python3 "$SEED" "$URL" warm || exit 1
/usr/bin/time -f "TIME %e %M %U %S" -o "$WORK/time" \
  "$BIN" audit --aws --endpoint-url "$URL" --region us-east-1 --format json \
  --output "$WORK/report.json" --stats --concurrency "$CONCURRENCY" \
  2>"$WORK/stats"
read -r _ WALL RSS_KB USER_S SYS_S < <(grep "^TIME " "$WORK/time")
STATS=$(grep "AWS requests in" "$WORK/stats")
REQUESTS=$(sed -E 's/^keylint: ([0-9]+) AWS requests.*/\1/' <<<"$STATS")
WAIT=$(sed -E 's/.*s\), ([0-9.]+) s waiting.*/\1/' <<<"$STATS")
OUTSTANDING=$(sed -E 's/.*, ([0-9.]+) s with a request outstanding.*/\1/' <<<"$STATS")
if [[ "$PEER" == 1 ]]; then
  read -r PEER_S PEER_REQ < <(python3 "$SEED" "$URL" read)
fi

printf '%-34s %8s %9s %11s %10s\n' tool seconds requests requests/s "peak MiB"
printf '%-34s %8.2f %9d %11.0f %10.1f\n' \
  "keylint audit --aws (c=$CONCURRENCY)" "$WALL" "$REQUESTS" \
  "$(echo "$REQUESTS / $WALL" | bc -l)" "$(echo "$RSS_KB / 1024" | bc -l)"
if [[ "$PEER" == 1 ]]; then
  printf '%-34s %8.2f %9d %11.0f %10s\n' "boto3, sequential (peer)" \
    "$PEER_S" "$PEER_REQ" "$(echo "$PEER_REQ / $PEER_S" | bc -l)" "-"
fi
printf 'keylint: CPU %.2f s (%.0f%% of wall); %.1f s of requests in flight, summed over up to %d connections\n' \
  "$(echo "$USER_S + $SYS_S" | bc -l)" \
  "$(echo "100 * ($USER_S + $SYS_S) / $WALL" | bc -l)" "$WAIT" "$CONCURRENCY"
# The share: wall time with at least one request outstanding is time spent
# waiting on the server; the rest (start-up, signing between requests, the
# checks, the report) is keylint's own.
printf 'share of wall time: %.1f%% waiting on the server (%.2f s with a request outstanding), %.1f%% in keylint\n' \
  "$(echo "100 * $OUTSTANDING / $WALL" | bc -l)" "$OUTSTANDING" \
  "$(echo "100 - 100 * $OUTSTANDING / $WALL" | bc -l)"
