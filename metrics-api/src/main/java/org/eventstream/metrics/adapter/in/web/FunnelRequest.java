package org.eventstream.metrics.adapter.in.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eventstream.metrics.domain.Filter;
import org.eventstream.metrics.domain.FunnelQuery;
import org.eventstream.model.event.ChannelType;
import org.springframework.util.MultiValueMap;

/**
 * Reads the query parameters of {@code GET /events/funnel} into a {@link FunnelQuery},
 * reporting every invalid parameter at once.
 */
final class FunnelRequest extends RequestParameters {

	static final Set<String> PARAMETERS = Set.of("steps", "window", "from", "to", "channel", "platform", "group_by",
			"filter", "country");

	static final Duration DEFAULT_WINDOW = Duration.ofDays(1);

	private static final Pattern SHORT_DURATION = Pattern.compile("([0-9]{1,7})(s|m|h|d)");

	private FunnelRequest(MultiValueMap<String, String> parameters) {
		super(parameters);
	}

	static Parsed<FunnelQuery> parse(MultiValueMap<String, String> parameters) {
		FunnelRequest request = new FunnelRequest(parameters);
		return request.parsed(request.read());
	}

	private FunnelQuery read() {
		refuseUnknown(PARAMETERS);
		List<String> steps = single("steps").map(this::steps).orElseGet(() -> {
			if (!problems.containsKey("steps")) {
				problems.put("steps", "is required: 2 to " + FunnelQuery.MAX_STEPS
						+ " comma-separated event names, e.g. view_item,add_to_cart,purchase");
			}
			return List.of();
		});
		Duration window = single("window").flatMap(this::window).orElse(DEFAULT_WINDOW);
		Optional<Instant> from = single("from").flatMap(value -> instant("from", value));
		if (from.isEmpty() && !problems.containsKey("from")) {
			problems.put("from", "is required: an RFC 3339 date-time, e.g. 2024-01-01T00:00:00Z");
		}
		Optional<Instant> to = single("to").flatMap(value -> instant("to", value));
		if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
			problems.put("from", "must not be after to");
		}
		Set<ChannelType> channels = channels();
		boolean byChannel = single("group_by").map(value -> {
			if (!value.equals("channel")) {
				problems.put("group_by", "a funnel may be grouped by channel only");
			}
			return true;
		}).orElse(false);
		List<Filter> filters = filters();
		if (!problems.isEmpty()) {
			return null;
		}
		return new FunnelQuery(steps, window, from.get(), to, channels, byChannel, filters);
	}

	private List<String> steps(String value) {
		List<String> steps = new ArrayList<>();
		for (String step : value.split(",", -1)) {
			if (!eventName("steps", step.strip())) {
				return List.of();
			}
			steps.add(step.strip());
		}
		if (steps.size() < 2 || steps.size() > FunnelQuery.MAX_STEPS) {
			problems.put("steps", "must hold 2 to " + FunnelQuery.MAX_STEPS + " event names, comma-separated");
		}
		else if (new HashSet<>(steps).size() != steps.size()) {
			problems.put("steps", "must be different event names");
		}
		return steps;
	}

	/**
	 * {@code 30s}, {@code 15m}, {@code 1h}, {@code 7d}, or ISO 8601 ({@code PT1H30M}).
	 */
	private Optional<Duration> window(String value) {
		Duration window = null;
		Matcher simple = SHORT_DURATION.matcher(value);
		if (simple.matches()) {
			long amount = Long.parseLong(simple.group(1));
			window = switch (simple.group(2)) {
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
		}
		else {
			try {
				window = Duration.parse(value);
			}
			catch (DateTimeParseException ex) {
				// reported below
			}
		}
		if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0
				|| window.compareTo(FunnelQuery.MAX_WINDOW) > 0) {
			problems.put("window", "must be a duration from 1s to 90d: 30s, 15m, 1h, 7d or ISO 8601 (PT1H30M)");
			return Optional.empty();
		}
		return Optional.of(window);
	}

}
