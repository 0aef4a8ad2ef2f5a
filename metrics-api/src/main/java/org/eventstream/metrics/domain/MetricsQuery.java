package org.eventstream.metrics.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.eventstream.model.event.ChannelType;

/**
 * One metrics question. Bounds are inclusive.
 *
 * @param eventName only this event name; all when empty
 * @param from from this instant; from the first event when empty
 * @param to up to this instant; up to now when empty
 * @param channels only these channels; all when empty
 * @param groupBy split the result; a single total when empty
 * @param zone the time zone of day and hour buckets
 * @param limit the most dimension groups returned (time buckets are capped separately)
 */
public record MetricsQuery(Optional<String> eventName, Optional<Instant> from, Optional<Instant> to,
		Set<ChannelType> channels, Optional<GroupBy> groupBy, ZoneId zone, UserCounting counting, int limit) {

	public MetricsQuery {
		Objects.requireNonNull(eventName, "eventName");
		Objects.requireNonNull(from, "from");
		Objects.requireNonNull(to, "to");
		channels = Set.copyOf(channels);
		Objects.requireNonNull(groupBy, "groupBy");
		Objects.requireNonNull(zone, "zone");
		Objects.requireNonNull(counting, "counting");
		if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
			throw new IllegalArgumentException("from is after to");
		}
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be positive");
		}
	}

}
