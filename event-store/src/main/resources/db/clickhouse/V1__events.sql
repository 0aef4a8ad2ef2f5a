-- Every accepted event, one row per event id (see docs/DESIGN.md).
--
-- * The writer inserts an event only if its id is not in the table yet (first write wins), looking ids up through
--   the by_event_id projection. A projection lives in the same parts as the rows, so "the id is known" and "the row
--   is stored" are one fact: no crash can separate them.
-- * ReplacingMergeTree with event_id last in the sorting key is the safety net for the one window the lookup cannot
--   close (a writer that lost its partitions but still inserts): such copies are identical rows with identical keys,
--   and merges collapse them.
-- * ORDER BY (event_name, day, channel_type): metrics filter by name and time range and group by channel, day, hour.
-- * '' stands for an absent string; Nullable only where absent and a value must differ (numbers, raw timestamps).
CREATE TABLE IF NOT EXISTS ${database}.events
(
    event_id                 String,
    id_source                LowCardinality(String),
    event_name               LowCardinality(String),
    channel_type             LowCardinality(String),
    event_time               DateTime64(6, 'UTC'),
    received_at              DateTime64(6, 'UTC'),
    client_timestamp         Nullable(Int64),
    client_previous_timestamp Nullable(Int64),
    client_date              Nullable(DateTime64(6, 'UTC')),
    sent_at                  Nullable(DateTime64(6, 'UTC')),
    user_id                  String,
    user_pseudo_id           String,
    user_key                 String MATERIALIZED if(user_id != '', user_id, user_pseudo_id),
    event_params             Array(Tuple(key String, string_value Nullable(String), number_value Nullable(Float64), boolean_value Nullable(Bool))),
    user_params              Array(Tuple(key String, string_value Nullable(String), number_value Nullable(Float64), boolean_value Nullable(Bool))),
    device_category          LowCardinality(String),
    device_mobile_brand_name LowCardinality(String),
    device_mobile_model_name LowCardinality(String),
    device_operating_system  LowCardinality(String),
    device_operating_system_version LowCardinality(String),
    device_language          LowCardinality(String),
    device_browser_name      LowCardinality(String),
    device_browser_version   LowCardinality(String),
    device_hostname          LowCardinality(String),
    app_id                   LowCardinality(String),
    app_version              LowCardinality(String),
    items                    Array(Tuple(id Nullable(String), name Nullable(String), brand Nullable(String), variant Nullable(String), price_in_usd Nullable(Float64), quantity Nullable(Int64), revenue_in_usd Nullable(Float64))),
    kafka_partition          UInt32,
    kafka_offset             UInt64,
    PROJECTION by_event_id (SELECT event_id ORDER BY event_id)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (event_name, toDate(event_time), channel_type, event_id)
SETTINGS non_replicated_deduplication_window = 1000, deduplicate_merge_projection_mode = 'rebuild';
