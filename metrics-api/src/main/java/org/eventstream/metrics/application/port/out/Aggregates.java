package org.eventstream.metrics.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.eventstream.metrics.domain.MeasureValue;

/**
 * What the store computed for a query: totals, and the groups that have events (the
 * service fills the gaps).
 *
 * @param to the end the store used (the query's, or "now" when the query had none)
 * @param firstEvent the earliest matching event time, empty when nothing matched
 * @param measures the query's measures over all counted events, in the query's order
 * @param groups for a dimension grouping: key = the dimension's value ({@code ""} when
 * unset, {@link #OTHER} for the values beyond the limit of a two-dimension question); for
 * a time grouping: key = the bucket start as epoch seconds
 */
public record Aggregates(Instant to, Optional<Instant> firstEvent, long totalCount, long uniqueUserCount,
		List<MeasureValue> measures, List<Group> groups) {

	/** The values of a dimension beyond the limit, counted together. */
	public static final String OTHER = "(other)";

	public Aggregates {
		measures = List.copyOf(measures);
		groups = List.copyOf(groups);
	}

	public Aggregates(Instant to, Optional<Instant> firstEvent, long totalCount, long uniqueUserCount,
			List<Group> groups) {
		this(to, firstEvent, totalCount, uniqueUserCount, List.of(), groups);
	}

	/**
	 * One group's counts.
	 *
	 * @param secondKey the value of the second dimension, in a two-dimension question
	 */
	public record Group(String key, Optional<String> secondKey, long totalCount, long uniqueUserCount,
			List<MeasureValue> measures) {

		public Group {
			Objects.requireNonNull(key, "key");
			Objects.requireNonNull(secondKey, "secondKey");
			measures = List.copyOf(measures);
		}

		public Group(String key, long totalCount, long uniqueUserCount) {
			this(key, Optional.empty(), totalCount, uniqueUserCount, List.of());
		}

	}

}
