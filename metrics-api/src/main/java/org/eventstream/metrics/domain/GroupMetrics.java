package org.eventstream.metrics.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The metrics of one group: a channel, a day, an hour, a browser... or, in a
 * two-dimension question, one pair of them.
 *
 * @param secondKey the second dimension's value, in a two-dimension question
 * @param measures the question's measures over the group's events, in its order
 */
public record GroupMetrics(String groupKey, Optional<String> secondKey, long totalCount, long uniqueUserCount,
		List<OptionalDouble> measures) {

	public GroupMetrics {
		Objects.requireNonNull(groupKey, "groupKey");
		Objects.requireNonNull(secondKey, "secondKey");
		measures = List.copyOf(measures);
	}

	public GroupMetrics(String groupKey, long totalCount, long uniqueUserCount) {
		this(groupKey, Optional.empty(), totalCount, uniqueUserCount, List.of());
	}

}
