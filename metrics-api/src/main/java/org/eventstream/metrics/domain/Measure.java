package org.eventstream.metrics.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A number summed or averaged over the counted events, next to the counts:
 * {@code sum:event_params.value}, {@code avg:event_params.value}, or {@code revenue} (the
 * sum of the events' items' {@code revenue_in_usd}).
 *
 * @param kind what is computed
 * @param param the numeric event parameter it is computed over (not for revenue)
 */
public record Measure(Kind kind, Optional<String> param) {

	public Measure {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(param, "param");
		if ((kind == Kind.REVENUE) == param.isPresent()) {
			throw new IllegalArgumentException("revenue takes no parameter; sum and avg take one");
		}
	}

	public static Measure revenue() {
		return new Measure(Kind.REVENUE, Optional.empty());
	}

	public static Measure of(Kind kind, String param) {
		return new Measure(kind, Optional.of(param));
	}

	/** How the measure is named in a request and in the answer. */
	public String wireName() {
		return (kind == Kind.REVENUE) ? "revenue"
				: kind.name().toLowerCase(java.util.Locale.ROOT) + ":event_params." + param.get();
	}

	public enum Kind {

		/** The sum of the parameter over the events that carry it as a number. */
		SUM,
		/**
		 * Its mean over the events that carry it as a number; none when no event does.
		 */
		AVG,
		/** The sum of the items' {@code revenue_in_usd} over the events. */
		REVENUE

	}

}
