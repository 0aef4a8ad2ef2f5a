#!/usr/bin/env bash
# Kept-alive connections through the front door: nginx keeps its connections to metrics-api open and sends the next
# request as soon as it has read an answer. A tier that stops reading such a connection, or never answers a request
# on it, shows as a 504 after nginx's 30 s (proxy_read_timeout). This drives metrics queries answered at once (the
# same query, from metrics-api's cache), optionally mixed with requests whose line is too long for the tier, through
# :8080 with wrk, and prints the answers by status: every one should be 200 (or 414 for the long ones).
#
#   EVENT_STREAM_SECURITY_RATE_LIMIT_PER_ANONYMOUS_CLIENT=1000000 ./event-stream up   # in another terminal
#   verification/benchmarks/keep-alive.sh [seconds per run, default 60] [connections, default 16]
#
# Two runs: the cached query alone, then with every 10th request too long. A run lasts longer than nginx's 30 s so a
# stalled request comes back as its 504 within it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=${1:-60}
connections=${2:-16}
scripts/require.sh wrk wrk "the load client"
url="http://127.0.0.1:8080/events/metrics"
echo "# $(date -u +%FT%TZ) $(nproc) cores; wrk -t2 -c$connections -d${seconds}s --timeout 40s through :8080"
curl -fsS -o /dev/null "$url?event_name=page_view&from=2026-01-01T00:00:00Z&to=2026-01-01T12:30:00Z"   # fills the cache
for every in 0 10; do
  out=$(LONG_EVERY=$every wrk -t2 -c"$connections" -d"${seconds}s" --timeout 40s \
    -s verification/benchmarks/keep-alive/metrics.lua "$url")
  rate=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  label="the cached query alone"
  [[ $every == 0 ]] || label="every ${every}th request line too long"
  echo "$label: $rate req/s; $(grep '^answers by status' <<<"$out")"
done
