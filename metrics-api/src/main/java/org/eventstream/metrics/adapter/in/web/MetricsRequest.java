package org.eventstream.metrics.adapter.in.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eventstream.metrics.domain.Filter;
import org.eventstream.metrics.domain.GroupBy;
import org.eventstream.metrics.domain.Measure;
import org.eventstream.metrics.domain.MetricsQuery;
import org.eventstream.metrics.domain.UserCounting;
import org.eventstream.model.event.ChannelType;
import org.eventstream.model.validation.EventLimits;
import org.springframework.util.MultiValueMap;

/**
 * Reads the query parameters of {@code GET /events/metrics} into a {@link MetricsQuery},
 * reporting every invalid parameter at once with the allowed values. Unknown parameters
 * are refused, so a typo never silently widens a query.
 */
final class MetricsRequest extends RequestParameters {

	static final Set<String> PARAMETERS = Set.of("event_name", "from", "to", "channel", "platform", "group_by", "tz",
			"unique_users", "limit", "filter", "measure", "country");

	static final int MAX_LIMIT = 1000;

	static final int DEFAULT_LIMIT = 100;

	/** With two dimensions, the values kept of each. */
	static final int DEFAULT_PAIR_LIMIT = 10;

	/** With two dimensions, the most values kept of each. */
	static final int MAX_PAIR_LIMIT = 100;

	private MetricsRequest(MultiValueMap<String, String> parameters) {
		super(parameters);
	}

	/** The query, or every problem of the parameters. */
	static Parsed<MetricsQuery> parse(MultiValueMap<String, String> parameters) {
		MetricsRequest request = new MetricsRequest(parameters);
		return request.parsed(request.read());
	}

	private MetricsQuery read() {
		refuseUnknown(PARAMETERS);
		Optional<String> eventName = single("event_name").filter(value -> eventName("event_name", value));
		Optional<Instant> from = single("from").flatMap(value -> instant("from", value));
		Optional<Instant> to = single("to").flatMap(value -> instant("to", value));
		if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
			problems.put("from", "must not be after to");
		}
		Set<ChannelType> channels = channels();
		List<GroupBy> dimensions = single("group_by").map(this::dimensions).orElse(List.of());
		ZoneId zone = single("tz").flatMap(this::zone).orElse(ZoneId.of("UTC"));
		UserCounting counting = single("unique_users").flatMap(this::counting).orElse(UserCounting.EXACT);
		int limit = single("limit").flatMap(this::limit)
			.orElse(dimensions.size() > 1 ? DEFAULT_PAIR_LIMIT : DEFAULT_LIMIT);
		if (dimensions.size() > 1 && limit > MAX_PAIR_LIMIT) {
			problems.put("limit", "with two dimensions, must be an integer from 1 to " + MAX_PAIR_LIMIT);
		}
		List<Filter> filters = filters();
		List<Measure> measures = measures();
		if (!problems.isEmpty()) {
			return null;
		}
		return new MetricsQuery(eventName, from, to, channels, dimensions.stream().findFirst(),
				dimensions.stream().skip(1).findFirst(), zone, counting, limit, filters, measures);
	}

	/**
	 * One dimension, or two separated by a comma: at most one of them a time, which then
	 * comes first whatever the order given.
	 */
	private List<GroupBy> dimensions(String value) {
		List<GroupBy> dimensions = new ArrayList<>();
		for (String name : value.split(",", -1)) {
			Optional<GroupBy> parsed = GroupBy.fromWireName(name.strip());
			if (parsed.isEmpty()) {
				problems.put("group_by",
						"must be one or two (comma-separated) of: " + String.join(", ", GroupBy.wireNames()));
				return List.of();
			}
			dimensions.add(parsed.get());
		}
		if (dimensions.size() > 2 || (dimensions.size() == 2 && dimensions.get(0) == dimensions.get(1))) {
			problems.put("group_by", "takes one dimension, or two different ones separated by a comma");
			return List.of();
		}
		if (dimensions.stream().filter(GroupBy::isTime).count() > 1) {
			problems.put("group_by", "may hold one time dimension (daily or hourly) at most");
			return List.of();
		}
		return dimensions.stream().sorted(Comparator.comparing(dimension -> !dimension.isTime())).toList();
	}

	/**
	 * {@code measure=sum:event_params.<key>}, {@code avg:...}, {@code revenue},
	 * repeatable.
	 */
	private List<Measure> measures() {
		List<String> values = parameters.getOrDefault("measure", List.of());
		if (values.size() > MetricsQuery.MAX_MEASURES) {
			problems.put("measure", "may be given at most " + MetricsQuery.MAX_MEASURES + " times");
			return List.of();
		}
		List<Measure> measures = new ArrayList<>();
		for (String value : values) {
			Optional<Measure> measure = measure(value.strip());
			if (measure.isEmpty()) {
				problems.put("measure",
						"'" + shortened(value) + "' must be sum:event_params.<key>, avg:event_params.<key> or revenue");
			}
			else if (measures.contains(measure.get())) {
				problems.put("measure", "'" + shortened(value) + "' is asked for twice");
			}
			else {
				measures.add(measure.get());
			}
		}
		return measures;
	}

	private static Optional<Measure> measure(String value) {
		if (value.equals("revenue")) {
			return Optional.of(Measure.revenue());
		}
		for (Measure.Kind kind : List.of(Measure.Kind.SUM, Measure.Kind.AVG)) {
			String prefix = kind.name().toLowerCase(java.util.Locale.ROOT) + ":event_params.";
			if (value.startsWith(prefix) && value.length() > prefix.length()
					&& value.length() - prefix.length() <= EventLimits.DEFAULTS.maxParamKeyLength()) {
				return Optional.of(Measure.of(kind, value.substring(prefix.length())));
			}
		}
		return Optional.empty();
	}

	private Optional<ZoneId> zone(String value) {
		try {
			ZoneId zone = ZoneId.of(value);
			if (zone instanceof java.time.ZoneOffset) {
				throw new DateTimeException("an offset, not a zone");
			}
			return Optional.of(zone);
		}
		catch (DateTimeException ex) {
			problems.put("tz", "must be an IANA time zone such as UTC or Europe/Berlin");
			return Optional.empty();
		}
	}

	private Optional<UserCounting> counting(String value) {
		return switch (value) {
			case "exact" -> Optional.of(UserCounting.EXACT);
			case "approximate" -> Optional.of(UserCounting.APPROXIMATE);
			default -> {
				problems.put("unique_users", "must be one of: exact, approximate");
				yield Optional.empty();
			}
		};
	}

	private Optional<Integer> limit(String value) {
		try {
			int limit = Integer.parseInt(value);
			if (limit >= 1 && limit <= MAX_LIMIT) {
				return Optional.of(limit);
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		problems.put("limit", "must be an integer from 1 to " + MAX_LIMIT);
		return Optional.empty();
	}

}
