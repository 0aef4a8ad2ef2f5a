package org.eventstream.writer.config;

import java.time.Duration;

import org.eventstream.model.wire.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code event-stream.writer.*} and {@code event-stream.clickhouse.*}.
 *
 * @param topic the events topic to consume
 * @param deadLetterTopic where poison records go (created at start-up if missing)
 * @param insertTimeout how long one ClickHouse insert may take before it counts as failed
 * and is retried
 * @param retryBackoffMax the longest pause between retries while ClickHouse is
 * unavailable
 * @param startupTimeout how long start-up waits for ClickHouse to apply the schema
 * @param deduplicate {@code false} stores every record as it comes, so that replays and
 * retries store events twice: only for the fault suite's negative control
 * @param rememberedUsers how many user keys this writer remembers having registered (and
 * so does not register again); about 100 bytes each
 * @param deletedUserWindow how long after a user's deletion their events are still not
 * stored (in the topic, resent, queued by an SDK): events of the user's keys that
 * happened before the deletion plus this window
 * @param deletionHoldLimit the longest a deletion whose executor stopped refreshing it
 * holds this writer's inserts (at most 2 minutes)
 */
@ConfigurationProperties("event-stream.writer")
public record WriterProperties(@DefaultValue(Topics.EVENTS) String topic,
		@DefaultValue(Topics.EVENTS_DEAD_LETTER) String deadLetterTopic, @DefaultValue("60s") Duration insertTimeout,
		@DefaultValue("10s") Duration retryBackoffMax, @DefaultValue("60s") Duration startupTimeout,
		@DefaultValue("true") boolean deduplicate, @DefaultValue("200000") int rememberedUsers,
		@DefaultValue("30d") Duration deletedUserWindow, @DefaultValue("60s") Duration deletionHoldLimit) {
}
