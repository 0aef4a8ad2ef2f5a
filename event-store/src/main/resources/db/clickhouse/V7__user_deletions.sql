-- Deletions of users (DELETE /users/{user_key}, see docs/DESIGN.md "Deleting a user"): the request, its progress and,
-- once done, its audit record. One row per change; the latest (by updated_at) is the deletion's state.
--
-- * status: queued (accepted, or waiting to be retried after an error named in detail), deleting (an executor is at
--   work: it refreshes updated_at every few seconds, and the writers hold their inserts while that is fresh), done.
-- * Every writer reads this table before each insert: events of a deleted user_key (as user_id or user_pseudo_id) are
--   not stored again if they happened before requested_at plus the writer's deleted-user window.
-- * executor: the metrics-api instance carrying it out.
-- * affected_hours, affected_user_keys: the (name, channel, hour) keys of the user's events, whose rollup rows are
--   rebuilt, and the user keys those events are counted by, whose registry entries go; recorded before the events are
--   deleted, so that an interrupted deletion can finish.
CREATE TABLE IF NOT EXISTS ${database}.user_deletions
(
    deletion_id        String,
    user_key           String,
    requested_by       String,
    requested_at       DateTime64(6, 'UTC'),
    status             LowCardinality(String),
    updated_at         DateTime64(6, 'UTC'),
    executor           String,
    affected_hours     Array(Tuple(event_name String, channel_type String, hour DateTime('UTC'))),
    affected_user_keys Array(String),
    events_deleted     UInt64,
    users_deleted      UInt64,
    collisions_deleted UInt64,
    rollup_rows_rebuilt UInt64,
    finished_at        Nullable(DateTime64(6, 'UTC')),
    detail             String
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY deletion_id;
