#!/usr/bin/env bash
# The pipeline's cost per event: wrk (a C client; see "the client" below) posts batches of GA4-style events to the
# running stack's front door, then waits until the writer has stored every accepted event, and prints for each
# process of the stack the CPU it spent per stored event (from /proc/<pid>/stat, user + system, over the measured
# run and its drain), their sum, events/s accepted and stored end to end, the writer's average insert size, request
# latency percentiles and the stored events' freshness (from ingest-api's receipt to ClickHouse's acknowledgement, the
# writer's event_stream_writer_freshness histogram: p50 and p99 as the bounds of its buckets).
#
#   EVENT_STREAM_SECURITY_RATE_LIMIT_PER_ANONYMOUS_CLIENT=1000000 ./event-stream up --detach
#   verification/benchmarks/load.sh [seconds, default 30] [warm-up seconds, default 150] [connections, default 32] [rounds, default 1]
#
# EVENTS_PER_USER=k brings each user back k times (1 event in k from a new user; default 1, a new user per event, the
# user registry's worst case; see load/batch.lua). BATCH=0 PATH_=/events posts single events instead;
# TARGET=http://127.0.0.1:8081 goes straight to ingest-api;
# USERS_BEFORE=n registers n made-up users (random UUIDs, straight into ClickHouse's users table) before the warm-up:
# the user registry as large as a long run leaves it (the 150 s warm-up registers ~18 M) with a 30 s warm-up, the
# registry's cost at tens of millions of users in minutes (docs/PERFORMANCE.md, change 22);
# DELAY_MS=n paces every connection (n ms before each request: latencies and freshness at a partial rate, see
# load/batch.lua; e.g. DELAY_MS=140 with 32 connections is about half of what the stack accepts flat out). The
# warm-up is the same load, not measured: seven JVMs compiling on two cores cost 1.5-2x more CPU per event in the first
# minute, and on a busy hour ingest-api was still warming after 60 s (runs 38-42 in docs/bench-load). Each round is
# measured on its own; the median of the rounds' totals is printed. BASELINES=1 then measures,
# on the same machine and in the same run, what the pipeline is compared with: a bare Reactor Netty handler driven by
# the same wrk load (proof that the client outruns the tiers), the raw Kafka producer and the raw ClickHouse insert
# (verification/benchmarks/src/.../load/Baselines.java), each with its CPU per event.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=${1:-30}
warmup=${2:-150}
connections=${3:-32}
rounds=${4:-1}
data=${EVENT_STREAM_DATA_DIR:-data}
target=${TARGET:-http://127.0.0.1:8080}
path=${PATH_:-/events/batch}
export BATCH=${BATCH:-100}
per=$(( BATCH > 0 ? BATCH : 1 ))   # events per request
scripts/require.sh wrk wrk "the load client"
hz=$(getconf CLK_TCK)
declare -A pids=()
for f in "$data"/run/*.pid; do
  name=$(basename "$f" .pid)
  pid=$(cat "$f")
  [[ -r /proc/$pid/stat ]] && pids[$name]=$pid
done
names=$(printf '%s\n' "${!pids[@]}" | sort)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# ClickHouse's CPU by kind of thread, as "name ticks" lines with digits dropped from the names: its merge pool
# "MergeMutate"; the pipelines of queries and inserts, "ThreadPool" and "QueryPipelineEx"; the request threads, the
# local endpoint's "clickhouse-http" (its HTTP layer in Java, then each statement's parsing, planning and part of its
# execution, as chDB runs a statement on the calling thread) or a server's "HTTPHandler". A thread that exits takes
# its ticks with it; the round's line reports that remainder as "exited threads"
thread_ticks() {
  for t in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(tr -d '0-9' <"$t/comm" | tr ' ' '_')" "$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0)"
  done | awk '{s[$1] += $2} END {for (n in s) print n, s[n]}' | sort
}
clickhouse() { curl -s -u user:1234 localhost:8123 --data-binary "$1"; }   # the local ClickHouse, a statement
stored() { curl -sf localhost:8083/actuator/prometheus | awk '/^event_stream_writer_rows_written_total/{w+=$2} /^event_stream_writer_duplicates_skipped_total/{d+=$2} END{printf "%d", w+d}'; }
writer_metric() { curl -sf localhost:8083/actuator/prometheus | awk -v m="$1" '$1 ~ "^"m {s+=$2} END{printf "%.6f", s}'; }
freshness_buckets() { # the writer's freshness histogram: "<upper bound> <events at most that old>" per bucket
  curl -sf localhost:8083/actuator/prometheus | awk -F'[{}]' '/^event_stream_writer_freshness_seconds_bucket/ {
    match($2, /(^|,)le="[^"]*"/); split($3, v, " "); l = substr($2, RSTART, RLENGTH); sub(/^,?le="/, "", l); sub(/"$/, "", l)
    print l, v[1] }'
}
freshness() { # p50 and p99 of the events stored between two snapshots of freshness_buckets, as bucket bounds
  awk 'NR == FNR {b[$1] = $2; next} {print ($1 == "+Inf" ? "inf" : $1), $2 - b[$1]}' "$1" "$2" | LC_ALL=C sort -g |
    awk '{le[NR] = $1; c[NR] = $2} END {t = c[NR]; if (t <= 0) {print "  freshness: no events"; exit}
      for (i = 1; i <= NR; i++) {if (p50 == "" && c[i] >= 0.5 * t) p50 = le[i]; if (p99 == "" && c[i] >= 0.99 * t) p99 = le[i]}
      printf "  freshness, receipt to stored (the writer'"'"'s histogram, bucket bounds): p50 <= %s s, p99 <= %s s, of %d events\n", p50, p99, t}'
}
drain() { # waits until the writer has stored $1 events more than $2, up to 120 s; prints the seconds it took
  local want=$(( $2 + $1 )) start=$(date +%s.%N)
  for _ in $(seq 1200); do
    [[ $(stored) -ge $want ]] && break
    sleep 0.1
  done
  echo "$(date +%s.%N) - $start" | bc
}
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -n 1); $(wrk -v 2>&1 | head -n 1)"
echo "# wrk -t2 -c$connections -d${seconds}s $target$path, $per events per request, ${EVENTS_PER_USER:-1} events per user, warm-up ${warmup}s${DELAY_MS:+, each connection pausing ${DELAY_MS} ms before each request}${USERS_BEFORE:+, $USERS_BEFORE made-up users registered before it}"
if [[ ${USERS_BEFORE:-0} -gt 0 ]]; then
  clickhouse "INSERT INTO event_stream.users (user_key)
    SELECT toString(generateUUIDv4()) FROM numbers($USERS_BEFORE)"
  sleep 20   # its parts merge
  echo "# users registered before the warm-up: $(clickhouse "SELECT count() FROM event_stream.users")"
fi
if [[ $warmup -gt 0 ]]; then
  before=$(stored)
  wrk -t2 -c"$connections" -d"${warmup}s" -s verification/benchmarks/load/batch.lua "$target$path" >/dev/null
  sleep 5
  until [[ $(stored) == "$before" ]]; do before=$(stored); sleep 3; done   # the warm-up stored
fi
totals=()
for round in $(seq "$rounds"); do
  before=$(stored)
  rows0=$(writer_metric event_stream_writer_rows_written_total); inserts0=$(writer_metric event_stream_writer_insert_latency_seconds_count)
  freshness_buckets > /tmp/load-freshness-before.$$
  declare -A t0=()
  for n in $names; do t0[$n]=$(ticks "${pids[$n]}"); done
  [[ -n ${pids[clickhouse]:-} ]] && thread_ticks "${pids[clickhouse]}" >/tmp/load-threads-before.$$
  start=$(date +%s.%N)
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s verification/benchmarks/load/batch.lua "$target$path")
  requests=$(awk '/requests in/{print $1}' <<<"$out")
  non2xx=$(awk '/Non-2xx/{print $NF}' <<<"$out"); non2xx=${non2xx:-0}
  accepted=$(( (requests - non2xx) * per ))
  tail_s=$(drain "$accepted" "$before")
  end=$(date +%s.%N)
  after=$(stored)
  count=$(( after - before ))
  rows1=$(writer_metric event_stream_writer_rows_written_total); inserts1=$(writer_metric event_stream_writer_insert_latency_seconds_count)
  echo "round $round: $requests requests ($non2xx not 2xx), $accepted events accepted, $count stored" \
    "($(echo "scale=0; $accepted / $seconds" | bc) events/s accepted; all stored $tail_s s after the load," \
    "$(echo "scale=0; $count / ($end - $start)" | bc) events/s end to end)"
  awk '/Latency/ && !/Distribution/{print "  request latency avg " $2 ", max " $4} $1=="50%"{p50=$2} $1=="99%"{print "  request latency p50 " p50 ", p99 " $2}' <<<"$out"
  echo "  writer inserts: $(echo "scale=0; ($rows1 - $rows0) / ($inserts1 - $inserts0)" | bc) rows on average ($(echo "$inserts1 - $inserts0" | bc) inserts)"
  freshness_buckets > /tmp/load-freshness-after.$$
  freshness /tmp/load-freshness-before.$$ /tmp/load-freshness-after.$$
  rm -f /tmp/load-freshness-before.$$ /tmp/load-freshness-after.$$
  printf '  %-16s %14s\n' process "CPU µs/event"
  sum=0
  for n in $names; do
    us=$(echo "scale=1; ($(ticks "${pids[$n]}") - ${t0[$n]}) * 1000000 / $hz / $count" | bc)
    sum=$(echo "$sum + $us" | bc)
    printf '  %-16s %14s\n' "$n" "$us"
  done
  printf '  %-16s %14s\n' total "$sum"
  totals+=("$sum")
  if [[ -n ${pids[clickhouse]:-} ]]; then
    ch=$(( $(ticks "${pids[clickhouse]}") - ${t0[clickhouse]} ))
    thread_ticks "${pids[clickhouse]}" >/tmp/load-threads-after.$$
    join -a 2 -e 0 -o 0,1.2,2.2 /tmp/load-threads-before.$$ /tmp/load-threads-after.$$ |
      awk -v hz="$hz" -v n="$count" -v all="$ch" '{d = $3 - $2; k = ($1 == "MergeMutate") ? "merges" : ($1 ~ /^(ThreadPool|QueryPipelineEx|QueryPullPipeEx)$/) ? "pipelines" : ($1 ~ /^(clickhouse-http|HTTPHandler|TCPHandler)$/) ? "request threads" : "other threads"; c[k] += d; live += d}
        END {printf "  clickhouse by thread, CPU µs/event:"; split("merges,pipelines,request threads,other threads", o, ",")
          for (i = 1; i <= 4; i++) printf " %s %.1f;", o[i], c[o[i]] * 1000000 / hz / n
          printf " exited threads %.1f\n", (all - live) * 1000000 / hz / n}'
    rm -f /tmp/load-threads-before.$$ /tmp/load-threads-after.$$
  fi
done
echo "total CPU µs per event, each round: ${totals[*]}; median $(printf '%s\n' "${totals[@]}" | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}')"
# where the CPU went, since each process started (warm-up and every round): ClickHouse's own counters (rows merged per
# row inserted is its write amplification), the services' garbage collections, and each process's peak RSS
echo "# ClickHouse counters since it started (system.events), and the active parts of events and users"
clickhouse "SELECT event, value FROM system.events WHERE event IN ('InsertedRows',
  'MergedRows', 'MergedUncompressedBytes', 'MergeExecuteMilliseconds', 'MergeTreeDataWriterMergingBlocksMicroseconds',
  'SelectedRows', 'UserTimeMicroseconds', 'SystemTimeMicroseconds') FORMAT TSV" | sed 's/^/  /'
clickhouse "SELECT table, count(), sum(rows), max(level) FROM system.parts
  WHERE database = 'event_stream' AND active AND table IN ('events', 'users') GROUP BY table FORMAT TSV" |
  awk '{print "  " $1 ": " $2 " parts, " $3 " rows, highest merge level " $4}'
echo "# garbage collections since start (jstat -gc: young count and seconds, full count and seconds) and peak RSS"
for n in $names; do
  gc=$(jstat -gc "${pids[$n]}" 2>/dev/null | awk 'NR == 1 {for (i = 1; i <= NF; i++) c[$i] = i}
    NR == 2 {print "young " $c["YGC"] " (" $c["YGCT"] " s), full " $c["FGC"] " (" $c["FGCT"] " s)"}') || true
  printf '  %-16s %-40s peak RSS %s\n' "$n" "${gc:-not a JVM}" "$(awk '/VmHWM/{printf "%d MB", $2 / 1024}' "/proc/${pids[$n]}/status")"
done
if [[ ${BASELINES:-0} == 1 ]]; then
  echo "# baselines, same machine, same run"
  baseline() { ./mvnw -q -o -pl verification/benchmarks exec:java -Dbenchmark.main=org.eventstream.benchmarks.load.Baselines \
    -Dexec.args="$*"; }
  baseline netty 18099 >/dev/null 2>&1 &
  trap 'kill %1 2>/dev/null || true' EXIT
  until curl -s -o /dev/null -X POST localhost:18099/; do sleep 0.5; done
  netty=$(ss -ltnpH 'sport = :18099' | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)   # the JVM serving it
  wrk -t2 -c"$connections" -d"${warmup}s" -s verification/benchmarks/load/batch.lua "http://127.0.0.1:18099$path" >/dev/null
  n0=$(ticks "$netty")
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" -s verification/benchmarks/load/batch.lua "http://127.0.0.1:18099$path")
  n1=$(ticks "$netty")
  rps=$(awk '/^Requests\/sec/{print $2}' <<<"$out")
  requests=$(awk '/requests in/{print $1}' <<<"$out")
  echo "bare Reactor Netty handler, same wrk load: $rps requests/s ($(echo "$rps * $per" | bc) events/s);" \
    "CPU $(echo "scale=1; ($n1 - $n0) * 1000000 / $hz / ($requests * $per)" | bc) µs per event"
  kill $netty
  baseline kafka localhost:9092 "$seconds" "${pids[kafka]}" 2>/dev/null | grep records
  baseline clickhouse http://user:1234@localhost:8123 "$seconds" "${pids[clickhouse]}" 2>/dev/null | grep records
fi
