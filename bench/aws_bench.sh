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
#
# moto answers every request in Python, one at a time per connection: the
# figures say how keylint drives a slow server, not how fast AWS is.

set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_find_binary bench/aws_bench.sh "${1:-}"
SECRETS="${KEYLINT_AWS_SECRETS:-1000}"
PARAMETERS="${KEYLINT_AWS_PARAMETERS:-5000}"
CONCURRENCY="${KEYLINT_AWS_CONCURRENCY:-8}"
SEED="$REPO/tests/data/aws-live/seed_moto.py"

if ! python3 -c 'import moto.server, boto3' 2>/dev/null; then
  echo "bench/aws_bench.sh: moto/boto3 not importable by python3" >&2
  exit 2
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
WORK="$(mktemp -d)"
python3 -m moto.server -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO=$!
trap 'kill $MOTO 2>/dev/null; wait $MOTO 2>/dev/null; rm -rf "$WORK"' EXIT
URL="http://127.0.0.1:$PORT"
for _ in $(seq 100); do
  curl -s -o /dev/null "$URL/moto-api/" && break
  sleep 0.2
done

echo "seeding $SECRETS secrets and $PARAMETERS parameters into moto ..."
python3 "$SEED" "$URL" bulk "$SECRETS" "$PARAMETERS" || exit 1
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=benchbenchbenchbenchbenchbenchbenchbench
export KEYLINT_CACHE_DIR="$WORK/cache"
# One warm-up (moto loads each service on its first request).
"$BIN" audit --aws --endpoint-url "$URL" --region us-east-1 --format json \
  --output "$WORK/warm.json" 2>/dev/null
/usr/bin/time -f "TIME %e %M %U %S" -o "$WORK/time" \
  "$BIN" audit --aws --endpoint-url "$URL" --region us-east-1 --format json \
  --output "$WORK/report.json" --stats --concurrency "$CONCURRENCY" \
  2>"$WORK/stats"
read -r _ WALL RSS_KB USER_S SYS_S < <(grep "^TIME " "$WORK/time")
STATS=$(grep "AWS requests in" "$WORK/stats")
REQUESTS=$(sed -E 's/^keylint: ([0-9]+) AWS requests.*/\1/' <<<"$STATS")
WAIT=$(sed -E 's/.*s\), ([0-9.]+) s waiting.*/\1/' <<<"$STATS")
read -r PEER_S PEER_REQ < <(python3 "$SEED" "$URL" read)

printf '%-34s %8s %9s %11s %10s\n' tool seconds requests requests/s "peak MiB"
printf '%-34s %8.2f %9d %11.0f %10.1f\n' \
  "keylint audit --aws (c=$CONCURRENCY)" "$WALL" "$REQUESTS" \
  "$(echo "$REQUESTS / $WALL" | bc -l)" "$(echo "$RSS_KB / 1024" | bc -l)"
printf '%-34s %8.2f %9d %11.0f %10s\n' "boto3, sequential (peer)" "$PEER_S" \
  "$PEER_REQ" "$(echo "$PEER_REQ / $PEER_S" | bc -l)" "-"
printf 'keylint: CPU %.2f s (%.0f%% of wall); %.1f s of requests in flight, summed over up to %d connections\n' \
  "$(echo "$USER_S + $SYS_S" | bc -l)" \
  "$(echo "100 * ($USER_S + $SYS_S) / $WALL" | bc -l)" "$WAIT" "$CONCURRENCY"
