-- The same hourly rollup as V3 without the channel: a query that neither filters nor groups by channel merges one
-- sketch per hour instead of one per hour and channel. Coverage is recorded the same way, under its own name.
CREATE TABLE IF NOT EXISTS ${database}.events_hourly_by_name
(
    event_name  LowCardinality(String),
    hour        DateTime('UTC'),
    event_count SimpleAggregateFunction(sum, UInt64),
    users       AggregateFunction(uniqHLL12, UInt128)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (event_name, hour);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.events_hourly_by_name_mv TO ${database}.events_hourly_by_name AS
SELECT event_name, toDateTime(toStartOfHour(event_time), 'UTC') AS hour, count() AS event_count,
       uniqHLL12StateIf(user_hash, user_hash != 0) AS users
FROM ${database}.events
GROUP BY event_name, hour;

INSERT INTO ${database}.rollup_coverage (rollup, covers_from)
SELECT 'events_hourly_by_name', toStartOfHour(now() + INTERVAL 2 HOUR);
