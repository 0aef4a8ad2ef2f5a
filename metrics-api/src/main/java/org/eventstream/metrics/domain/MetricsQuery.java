package org.eventstream.metrics.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
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
 * @param thenBy split each group again by a second dimension (never a time one: a time
 * dimension comes first)
 * @param zone the time zone of day and hour buckets
 * @param limit the most dimension groups returned (time buckets are capped separately);
 * with two dimensions, the most values of each dimension, the rest counted as "other"
 * @param filters conditions the counted events meet, all of them
 * @param measures numbers summed or averaged over the counted events
 */
public record MetricsQuery(Optional<String> eventName, Optional<Instant> from, Optional<Instant> to,
		Set<ChannelType> channels, Optional<GroupBy> groupBy, Optional<GroupBy> thenBy, ZoneId zone,
		UserCounting counting, int limit, List<Filter> filters, List<Measure> measures) {

	/** The most filters one question may carry. */
	public static final int MAX_FILTERS = 10;

	/** The most measures one question may carry. */
	public static final int MAX_MEASURES = 5;

	public MetricsQuery {
		Objects.requireNonNull(eventName, "eventName");
		Objects.requireNonNull(from, "from");
		Objects.requireNonNull(to, "to");
		channels = Set.copyOf(channels);
		Objects.requireNonNull(groupBy, "groupBy");
		Objects.requireNonNull(thenBy, "thenBy");
		Objects.requireNonNull(zone, "zone");
		Objects.requireNonNull(counting, "counting");
		filters = List.copyOf(filters);
		measures = List.copyOf(measures);
		if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
			throw new IllegalArgumentException("from is after to");
		}
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be positive");
		}
		if (thenBy.isPresent() && (groupBy.isEmpty() || thenBy.equals(groupBy) || thenBy.get().isTime())) {
			throw new IllegalArgumentException("a second dimension needs a first, other than it; time comes first");
		}
		if (filters.size() > MAX_FILTERS || measures.size() > MAX_MEASURES) {
			throw new IllegalArgumentException("at most " + MAX_FILTERS + " filters and " + MAX_MEASURES + " measures");
		}
		if (new HashSet<>(measures).size() != measures.size()) {
			throw new IllegalArgumentException("a measure is asked for twice");
		}
	}

	/** A question of counts and users only, split one way at most. */
	public MetricsQuery(Optional<String> eventName, Optional<Instant> from, Optional<Instant> to,
			Set<ChannelType> channels, Optional<GroupBy> groupBy, ZoneId zone, UserCounting counting, int limit) {
		this(eventName, from, to, channels, groupBy, Optional.empty(), zone, counting, limit, List.of(), List.of());
	}

	/**
	 * Whether the question is of plain counts: no filter, no measure, one dimension at
	 * most.
	 */
	public boolean isPlain() {
		return thenBy.isEmpty() && filters.isEmpty() && measures.isEmpty();
	}

}
