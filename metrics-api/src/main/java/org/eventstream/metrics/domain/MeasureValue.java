package org.eventstream.metrics.domain;

import java.util.OptionalDouble;

/**
 * A measure's value over some events: the sum of the values and how many events carried
 * one, from which the sum and the mean are read.
 *
 * @param sum the sum of the values (0 when none)
 * @param count how many events carried a value
 */
public record MeasureValue(double sum, long count) {

	/**
	 * What the measure reports: the sum, or the mean (none when no event carried a
	 * value).
	 */
	public OptionalDouble of(Measure measure) {
		if (measure.kind() != Measure.Kind.AVG) {
			return OptionalDouble.of(sum);
		}
		return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / count);
	}

}
