#!/usr/bin/env bash
# Two builds of metrics-api side by side on the 10 M-event set (30 days, 1 M users; the metrics benchmark's dataset):
# the metrics-api of an earlier commit ("old") and of this checkout ("new") on the same local ClickHouse, each query
# asked of old and new in turn, --runs times after one unmeasured request each; prints both medians, their ratio and
# whether the two whole answers are the same. Alternating on one machine is what makes a change of a few tens of
# milliseconds visible on a machine that drifts by more than that between runs.
#
#   ./mvnw -q -pl verification/benchmarks -am install -DskipTests      # once: the jars
#   verification/benchmarks/analysis-ab.sh <old commit> [runs, default 21]
#
# Builds the old commit's metrics-api in a temporary worktree (offline; the modules it depends on come from the local
# Maven repository as this checkout installed them, so compare commits that differ in metrics-api alone), runs its own
# ClickHouse (chDB) on :18123, the new metrics-api on :18082 and the old one on :18083, caches off, and stops them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
old_commit=$(git rev-parse --short "${1:?usage: analysis-ab.sh <old commit> [runs]}")
runs=${2:-21}
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -n 1); old $old_commit, new $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- metrics-api || echo ' with uncommitted changes')"
worktree=$(mktemp -d)
git worktree add -q --detach "$worktree" "$old_commit"
cleanup_worktree() { git worktree remove --force "$worktree" 2>/dev/null || true; }
trap cleanup_worktree EXIT
(cd "$worktree" && ./mvnw -q -B -o package -pl metrics-api -DskipTests)
old_jar=$(ls "$worktree"/metrics-api/target/metrics-api-*-exec.jar | head -n 1)
source verification/benchmarks/metrics-on-dataset.sh analysis-ab
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; cleanup_worktree' EXIT
SERVER_PORT=18083 EVENT_STREAM_CLICKHOUSE_URL=http://127.0.0.1:18123 EVENT_STREAM_CLICKHOUSE_DATABASE=bench_10000000 \
  EVENT_STREAM_SECURITY_ANONYMOUS=true EVENT_STREAM_METRICS_CACHE_MAX_STALENESS=0s \
  java -Xmx256m -XX:+UseSerialGC -jar "$old_jar" > /tmp/analysis-ab-bench-metrics-old.log 2>&1 &
pids+=($!)
until curl -sf http://127.0.0.1:18083/actuator/health/readiness >/dev/null; do sleep 0.5; done

queries=(
  "two dimensions: browser, os, limit 3|/events/metrics?event_name=page_view&$range&group_by=browser,operating_system&limit=3"
  "two dimensions: country, region, limit 5|/events/metrics?event_name=page_view&$range&group_by=country,region&limit=5"
  "two dimensions: browser, country, limit 10|/events/metrics?event_name=page_view&$range&group_by=browser,country&limit=10"
  "two dimensions: browser, channel, limit 3|/events/metrics?$range&group_by=browser,channel&limit=3"
  "two dimensions: browser, os, limit 3, a filter|/events/metrics?event_name=page_view&$range&group_by=browser,operating_system&limit=3&filter=event_params.page_title==Page%207"
  "two dimensions: country, region, limit 16|/events/metrics?event_name=page_view&$range&group_by=country,region&limit=16"
  "two dimensions: daily, channel|/events/metrics?event_name=page_view&$range&group_by=daily,channel"
  "baseline: totals, no filter|/events/metrics?event_name=page_view&$range"
)
echo "# range $from .. $to; $runs runs per query and build, alternating old and new"
median() { sort -n | awk '{ t[NR] = $1 * 1000 } END { print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'; }
printf '%-44s %10s %10s %9s   %s\n' query "old ms" "new ms" "new / old" "answers (md5)"
for entry in "${queries[@]}"; do
  name=${entry%%|*}
  path=${entry#*|}
  a=$(curl -sf "http://127.0.0.1:18083$path" | md5sum | cut -c1-12)
  b=$(curl -sf "http://127.0.0.1:18082$path" | md5sum | cut -c1-12)
  if [[ "$a" == "$b" ]]; then same="the same, $a"; else same="DIFFER: old $a, new $b"; fi
  old=() new=()
  for ((i = 0; i < runs; i++)); do
    old+=("$(curl -sf -o /dev/null -w '%{time_total}' "http://127.0.0.1:18083$path")")
    new+=("$(curl -sf -o /dev/null -w '%{time_total}' "http://127.0.0.1:18082$path")")
  done
  o=$(printf '%s\n' "${old[@]}" | median)
  n=$(printf '%s\n' "${new[@]}" | median)
  awk -v name="$name" -v o="$o" -v n="$n" -v same="$same" \
    'BEGIN { printf "%-44s %10.0f %10.0f %9.2f   %s\n", name, o, n, n / o, same }'
done
