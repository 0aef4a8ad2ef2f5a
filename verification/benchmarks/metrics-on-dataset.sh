# Sourced by the benchmarks that query the metrics API over HTTP on the 10 M-event set (dashboard.sh, analysis.sh):
# generates the dataset when missing (the metrics benchmark does, about 2 minutes), then runs the local ClickHouse
# (chDB) on it on :18123 and metrics-api (cache off) on :18082 until the sourcing script exits. Sets $end, the
# dataset's last event time, and $from, $to and $range (from=...&to=...), 30 days that start and end off the hour. Run from the checkout's root; $1 names the log files (/tmp/<name>-bench-*.log).
data=${EVENT_STREAM_BENCH_DATA:-$HOME/.cache/event-stream/bench-clickhouse}
jar() { ls "$1"/target/"$(basename "$1")"-*-exec.jar | head -n 1; }
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT

bash scripts/fetch-chdb.sh >/dev/null # the engine, once per machine (a build with -DskipTests does not fetch it)
echo "# the dataset (generated when missing) ..."
./mvnw -q -pl verification/benchmarks exec:java -Dexec.args="--events=10000000 --runs=1" | grep -E "dataset" | head -1

java -Xmx1g -jar "$(jar local/local-clickhouse)" --port=18123 --data-dir="$data" --host=127.0.0.1 \
  > "/tmp/$1-bench-clickhouse.log" 2>&1 &
pids+=($!)
until curl -sf http://127.0.0.1:18123/ping >/dev/null; do sleep 0.5; done
end=$(curl -sf 'http://127.0.0.1:18123/' --data-binary \
  "SELECT formatDateTime(max(event_time), '%Y-%m-%dT%H:%i:%SZ', 'UTC') FROM bench_10000000.events")
SERVER_PORT=18082 EVENT_STREAM_CLICKHOUSE_URL=http://127.0.0.1:18123 EVENT_STREAM_CLICKHOUSE_DATABASE=bench_10000000 \
  EVENT_STREAM_SECURITY_ANONYMOUS=true EVENT_STREAM_METRICS_CACHE_MAX_STALENESS=0s \
  java -Xmx256m -XX:+UseSerialGC -jar "$(jar metrics-api)" > "/tmp/$1-bench-metrics.log" 2>&1 &
pids+=($!)
until curl -sf http://127.0.0.1:18082/actuator/health/readiness >/dev/null; do sleep 0.5; done

# ranges that do not end on a whole hour: the dataset's last event minus 13 minutes, back 30 days plus 17 minutes
to=$(date -u -d "$end - 13 minutes" +%FT%TZ)
from=$(date -u -d "$end - 30 days + 17 minutes" +%FT%TZ)
range="from=$from&to=$to"
