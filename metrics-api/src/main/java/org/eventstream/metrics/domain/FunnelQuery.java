package org.eventstream.metrics.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.eventstream.model.event.ChannelType;

/**
 * How many users went through a sequence of events in order: each step after the previous
 * one, all within {@code window} of the first (ClickHouse's {@code windowFunnel}). A user
 * is a user key ({@code user_id}, else {@code user_pseudo_id}); events without one are
 * not counted.
 *
 * @param steps the event names, in order: 2 to {@value #MAX_STEPS}, all different
 * @param window how long after a first step the last may come
 * @param from the first instant an event of the funnel may have
 * @param to the last; now when empty
 * @param channels only events of these channels; all when empty
 * @param byChannel whether to answer per channel too (a user's steps all in that channel)
 * @param filters conditions every counted event meets
 */
public record FunnelQuery(List<String> steps, Duration window, Instant from, Optional<Instant> to,
		Set<ChannelType> channels, boolean byChannel, List<Filter> filters) {

	public static final int MAX_STEPS = 10;

	public static final Duration MAX_WINDOW = Duration.ofDays(90);

	public FunnelQuery {
		steps = List.copyOf(steps);
		Objects.requireNonNull(window, "window");
		Objects.requireNonNull(from, "from");
		Objects.requireNonNull(to, "to");
		channels = Set.copyOf(channels);
		filters = List.copyOf(filters);
		if (steps.size() < 2 || steps.size() > MAX_STEPS || new HashSet<>(steps).size() != steps.size()) {
			throw new IllegalArgumentException("a funnel has 2 to " + MAX_STEPS + " different steps");
		}
		if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(MAX_WINDOW) > 0) {
			throw new IllegalArgumentException("the window is 1 second to 90 days");
		}
		if (to.isPresent() && from.isAfter(to.get())) {
			throw new IllegalArgumentException("from is after to");
		}
		if (filters.size() > MetricsQuery.MAX_FILTERS) {
			throw new IllegalArgumentException("at most " + MetricsQuery.MAX_FILTERS + " filters");
		}
	}

}
