package org.eventstream.metrics.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code event-stream.privacy.*}: how deletions of users are carried out (docs/DESIGN.md
 * "Deleting a user").
 *
 * @param writeHoldGrace how long a round of deletions waits after holding the writers
 * before it deletes: longer than a writer's insert may take (its insert timeout, 60 s by
 * default, plus a margin)
 * @param heartbeat how often a deletion in progress is refreshed (the writers hold their
 * inserts while it is fresh: keep it well under their deletion-hold-limit, 60 s)
 * @param abandonedAfter when a deletion another instance left unfinished is taken up
 * @param sweepInterval how often an instance looks for deletions to carry out
 */
@ConfigurationProperties("event-stream.privacy")
public record PrivacyProperties(@DefaultValue("65s") Duration writeHoldGrace, @DefaultValue("5s") Duration heartbeat,
		@DefaultValue("2m") Duration abandonedAfter, @DefaultValue("30s") Duration sweepInterval) {

	public PrivacyProperties {
		if (heartbeat.isZero() || heartbeat.isNegative() || heartbeat.compareTo(Duration.ofSeconds(30)) > 0) {
			throw new IllegalArgumentException("event-stream.privacy.heartbeat must be 1 ms to 30 s, was " + heartbeat);
		}
		if (abandonedAfter.compareTo(heartbeat.multipliedBy(4)) < 0 || sweepInterval.isZero()
				|| sweepInterval.isNegative() || writeHoldGrace.isNegative()) {
			throw new IllegalArgumentException("event-stream.privacy: abandoned-after must be at least four "
					+ "heartbeats, sweep-interval positive and write-hold-grace not negative");
		}
	}

}
