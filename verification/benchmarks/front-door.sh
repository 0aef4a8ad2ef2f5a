#!/usr/bin/env bash
# The front door's cost: requests per second straight to ingest-api (:8081) and through the front door (:8080),
# single events and batches of 100, with wrk (a C client, far faster than the stack on this machine), and the CPU
# the front door and ingest-api spent per event (from /proc/<pid>/stat over each measured run).
#
#   EVENT_STREAM_SECURITY_RATE_LIMIT_PER_ANONYMOUS_CLIENT=1000000 ./event-stream up     # in another terminal
#   verification/benchmarks/front-door.sh [seconds per run, default 20] [connections, default 32] [rounds, default 3]
#
# Each kind of request first gets a warm-up run per target as long as a measured one (the JIT of six JVMs on two
# cores; start it a minute or more after the stack), then rounds of direct and front door in turn: the rest of the
# machine (the writer and ClickHouse storing what was sent) drifts between runs, so each round's ratio is printed
# and their median is the figure. wrk comes
# from Debian's packages; scripts/require.sh installs it when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=${1:-20}
connections=${2:-32}
rounds=${3:-3}
data=${EVENT_STREAM_DATA_DIR:-data}
scripts/require.sh wrk wrk "the load client"
hz=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
front=$(cat "$data/run/front-door.pid")
ingest=$(cat "$data/run/ingest-api.pid")
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -n 1); wrk -t2 -c$connections -d${seconds}s"
printf '%-28s %10s %12s %9s %22s %22s\n' run "req/s" "events/s" "p99" "front door CPU µs/ev" "ingest-api CPU µs/ev"
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
for kind in event batch; do
  path=/events; per=1
  if [[ $kind == batch ]]; then path=/events/batch; per=100; fi
  for port in 8081 8080; do   # warm-up, not measured
    wrk -t2 -c"$connections" -d"${seconds}s" -s "verification/benchmarks/front-door/$kind.lua" "http://127.0.0.1:$port$path" >/dev/null
  done
  ratios=()
  for round in $(seq "$rounds"); do
    declare -A rate=()
    for port in 8081 8080; do
      f0=$(cpu "$front"); i0=$(cpu "$ingest")
      out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "verification/benchmarks/front-door/$kind.lua" \
        "http://127.0.0.1:$port$path")
      f1=$(cpu "$front"); i1=$(cpu "$ingest")
      rps=$(awk '/^Requests\/sec/{print $2}' <<<"$out")
      requests=$(awk '/requests in/{print $1}' <<<"$out")
      p99=$(awk '$1=="99%"{print $2}' <<<"$out")
      non2xx=$(awk '/Non-2xx/{print $NF}' <<<"$out")
      events=$((requests * per))
      fcpu=$(echo "scale=1; ($f1 - $f0) * 1000000 / $hz / $events" | bc)
      icpu=$(echo "scale=1; ($i1 - $i0) * 1000000 / $hz / $events" | bc)
      label="$kind -> :$port"; [[ $port == 8080 ]] && label="$label (front door)" || label="$label (direct)"
      printf '%-28s %10s %12s %9s %22s %22s\n' "$label" "$rps" "$(echo "$rps * $per" | bc)" "$p99" "$fcpu" "$icpu"
      [[ -n "$non2xx" ]] && echo "  non-2xx answers: $non2xx"
      rate[$port]=$rps
    done
    ratios+=("$(echo "scale=3; ${rate[8080]} / ${rate[8081]}" | bc)")
  done
  echo "  $kind: through the front door / direct, each round: ${ratios[*]}; median $(printf '%s\n' "${ratios[@]}" | median)"
done
