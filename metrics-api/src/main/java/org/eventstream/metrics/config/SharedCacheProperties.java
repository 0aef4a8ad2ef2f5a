package org.eventstream.metrics.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code event-stream.metrics.shared-cache.*}: answers shared by every metrics-api
 * instance, in Redis. Off unless {@code url} is set.
 *
 * @param url Redis, e.g. {@code redis://redis:6379} ({@code rediss://} for TLS,
 * {@code redis://:password@host:6379/0} with a password); empty: no shared cache
 * @param recentTtl how long an answer for a range reaching "now" is kept
 * @param pastTtl how long an answer for a range that ended longer ago than this is kept
 * @param timeout the longest a read or write may take before it counts as a miss
 */
@ConfigurationProperties("event-stream.metrics.shared-cache")
public record SharedCacheProperties(@DefaultValue("") String url, @DefaultValue("5s") Duration recentTtl,
		@DefaultValue("10m") Duration pastTtl, @DefaultValue("100ms") Duration timeout) {

	public boolean enabled() {
		return !url.isBlank();
	}

}
