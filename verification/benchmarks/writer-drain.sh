#!/usr/bin/env bash
# How fast one event-writer stores a backlog: start the writer JAR against the running stack's Kafka and ClickHouse
# with its own database and consumer group (so it reads the whole `events` topic again, into empty tables), and time
# it from its first stored row until every record of the topic is stored or skipped as a duplicate.
#
#   ./event-stream up --without=event-writer          # a stack without a writer, in another terminal
#   wrk -t2 -c32 -d60s -s verification/benchmarks/load/batch.lua http://127.0.0.1:8080/events/batch   # fills the topic
#   verification/benchmarks/writer-drain.sh event-writer/target/event-writer-0.1.0-SNAPSHOT-exec.jar drain_a
#
# Run it again with another name (and another writer JAR, e.g. one built from an older commit) to compare.
set -euo pipefail
jar=$1
name=$2
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
total=$(./mvnw -q -o -pl verification/benchmarks exec:java -Dbenchmark.main=org.eventstream.benchmarks.load.TopicEnd \
  -Dexec.args="localhost:9092 events" 2>/dev/null | grep -E '^[0-9]+$' | tail -n 1)
echo "topic events holds $total records"
log=$(mktemp)
EVENT_STREAM_CLICKHOUSE_URL=http://user:1234@localhost:8123 EVENT_STREAM_CLICKHOUSE_DATABASE="$name" \
  SPRING_KAFKA_BOOTSTRAP_SERVERS=localhost:9092 SPRING_KAFKA_CONSUMER_GROUP_ID="$name" \
  java -Xmx512m -jar "$jar" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
metrics=$(mktemp)
until curl -sf localhost:8083/actuator/prometheus >"$metrics"; do sleep 1; done
first=""
while true; do
  curl -s localhost:8083/actuator/prometheus >"$metrics"
  stored=$(awk '/^event_stream_writer_rows_written_total/{w=$2} /^event_stream_writer_duplicates_skipped_total/{d=$2} END{printf "%d", w+d}' "$metrics")
  if [[ -z "$first" && "$stored" -gt 0 ]]; then first=$(date +%s.%N); fi
  [[ "$stored" -ge "$total" ]] && break
  sleep 0.5
done
end=$(date +%s.%N)
grep -E '^event_writer_(insert_latency_seconds|users_register_latency_seconds)_(count|sum)' "$metrics" || true
echo "$name: $stored records in $(echo "$end - $first" | bc) s = $(echo "$stored / ($end - $first)" | bc) rows/s; writer CPU $(ps -o cputime= -p $pid)"
