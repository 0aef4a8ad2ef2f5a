-- Hourly rollups for the approximate mode of the metrics API: events per (name, channel, hour) and a HyperLogLog
-- sketch of their users, kept by a materialized view as the writer inserts. Exact metrics never read them.
--
-- Coverage: the view sees only rows inserted after it was created, and an event's time can be up to the ingest
-- API's max-future tolerance (10 minutes by default; keep it under 1 hour) after its receipt. So every hour from
-- "creation + 2 hours" on is complete in the rollup; earlier hours are read from the events table. rollup_coverage
-- records that hour; after a backfill an operator records an earlier one (the latest record wins).
CREATE TABLE IF NOT EXISTS ${database}.events_hourly
(
    event_name   LowCardinality(String),
    channel_type LowCardinality(String),
    hour         DateTime('UTC'),
    event_count  SimpleAggregateFunction(sum, UInt64),
    users        AggregateFunction(uniqHLL12, UInt128)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (event_name, hour, channel_type);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.events_hourly_mv TO ${database}.events_hourly AS
SELECT event_name, channel_type, toDateTime(toStartOfHour(event_time), 'UTC') AS hour, count() AS event_count,
       uniqHLL12StateIf(user_hash, user_hash != 0) AS users
FROM ${database}.events
GROUP BY event_name, channel_type, hour;

CREATE TABLE IF NOT EXISTS ${database}.rollup_coverage
(
    rollup      String,
    covers_from DateTime('UTC'),
    recorded_at DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = MergeTree
ORDER BY (rollup, recorded_at);

INSERT INTO ${database}.rollup_coverage (rollup, covers_from)
SELECT 'events_hourly', toStartOfHour(now() + INTERVAL 2 HOUR);
