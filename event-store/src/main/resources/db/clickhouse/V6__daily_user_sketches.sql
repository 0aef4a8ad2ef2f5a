-- Daily rollups for the approximate mode, beside the hourly ones of V3 and V4: a query over 30 days merges 30 (or 180
-- with channels) sketches for the whole UTC days of its range instead of 720 (or 4,320), and reads hours only at the
-- range's edges. Coverage is recorded as for the hourly rollups, from the first whole day after "creation + 2 hours".
CREATE TABLE IF NOT EXISTS ${database}.events_daily
(
    event_name   LowCardinality(String),
    channel_type LowCardinality(String),
    day          DateTime('UTC'),
    event_count  SimpleAggregateFunction(sum, UInt64),
    users        AggregateFunction(uniqHLL12, UInt128)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (event_name, day, channel_type);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.events_daily_mv TO ${database}.events_daily AS
SELECT event_name, channel_type, toDateTime(toStartOfDay(event_time), 'UTC') AS day, count() AS event_count,
       uniqHLL12StateIf(user_hash, user_hash != 0) AS users
FROM ${database}.events
GROUP BY event_name, channel_type, day;

CREATE TABLE IF NOT EXISTS ${database}.events_daily_by_name
(
    event_name  LowCardinality(String),
    day         DateTime('UTC'),
    event_count SimpleAggregateFunction(sum, UInt64),
    users       AggregateFunction(uniqHLL12, UInt128)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (event_name, day);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.events_daily_by_name_mv TO ${database}.events_daily_by_name AS
SELECT event_name, toDateTime(toStartOfDay(event_time), 'UTC') AS day, count() AS event_count,
       uniqHLL12StateIf(user_hash, user_hash != 0) AS users
FROM ${database}.events
GROUP BY event_name, day;

INSERT INTO ${database}.rollup_coverage (rollup, covers_from)
SELECT 'events_daily', toStartOfDay(now('UTC') + INTERVAL 2 HOUR) + INTERVAL 1 DAY;

INSERT INTO ${database}.rollup_coverage (rollup, covers_from)
SELECT 'events_daily_by_name', toStartOfDay(now('UTC') + INTERVAL 2 HOUR) + INTERVAL 1 DAY;
