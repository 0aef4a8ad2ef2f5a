package org.eventstream.metrics.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the store computed for a query: totals, and the groups that have events (the
 * service fills the gaps).
 *
 * @param to the end the store used (the query's, or "now" when the query had none)
 * @param firstEvent the earliest matching event time, empty when nothing matched
 * @param groups for a dimension grouping: key = the dimension's value ({@code ""} when
 * unset); for a time grouping: key = the bucket start as epoch seconds
 */
public record Aggregates(Instant to, Optional<Instant> firstEvent, long totalCount, long uniqueUserCount,
		List<Group> groups) {

	public Aggregates {
		groups = List.copyOf(groups);
	}

	public record Group(String key, long totalCount, long uniqueUserCount) {
	}

}
