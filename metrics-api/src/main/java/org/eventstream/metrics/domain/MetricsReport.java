package org.eventstream.metrics.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The answer: totals over the whole range and, when grouped, per group.
 *
 * @param from the effective start: the query's, or the first matching event's (empty when
 * nothing matched)
 * @param to the effective end: the query's, or the time the answer was computed
 * @param measures the question's measures over all counted events, in its order
 * @param truncated whether dimension groups beyond the limit were left out
 */
public record MetricsReport(Optional<String> eventName, Optional<Instant> from, Instant to, long totalCount,
		long uniqueUserCount, UserCounting counting, List<Measure> measureNames, List<OptionalDouble> measures,
		List<GroupMetrics> groups, boolean truncated) {

	public MetricsReport {
		measureNames = List.copyOf(measureNames);
		measures = List.copyOf(measures);
		groups = List.copyOf(groups);
	}

	public MetricsReport(Optional<String> eventName, Optional<Instant> from, Instant to, long totalCount,
			long uniqueUserCount, UserCounting counting, List<GroupMetrics> groups, boolean truncated) {
		this(eventName, from, to, totalCount, uniqueUserCount, counting, List.of(), List.of(), groups, truncated);
	}

}
