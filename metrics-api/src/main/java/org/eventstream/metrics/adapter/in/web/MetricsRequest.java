package org.eventstream.metrics.adapter.in.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eventstream.metrics.domain.GroupBy;
import org.eventstream.metrics.domain.MetricsQuery;
import org.eventstream.metrics.domain.UserCounting;
import org.eventstream.model.event.ChannelType;
import org.eventstream.model.validation.EventLimits;
import org.eventstream.model.validation.EventReader;
import org.springframework.util.MultiValueMap;

/**
 * Reads the query parameters of {@code GET /events/metrics} into a {@link MetricsQuery},
 * reporting every invalid parameter at once with the allowed values. Unknown parameters
 * are refused, so a typo never silently widens a query.
 */
final class MetricsRequest {

	static final Set<String> PARAMETERS = Set.of("event_name", "from", "to", "channel", "platform", "group_by", "tz",
			"unique_users", "limit");

	static final int MAX_LIMIT = 1000;

	/** ClickHouse's DateTime64 range, where event times are stored. */
	static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

	static final Instant LATEST = Instant.parse("2299-12-31T23:59:59Z");

	static final int DEFAULT_LIMIT = 100;

	private final Map<String, String> problems = new LinkedHashMap<>();

	private final MultiValueMap<String, String> parameters;

	private MetricsRequest(MultiValueMap<String, String> parameters) {
		this.parameters = parameters;
	}

	/** The query, or every problem of the parameters. */
	static Parsed parse(MultiValueMap<String, String> parameters) {
		MetricsRequest request = new MetricsRequest(parameters);
		MetricsQuery query = request.read();
		return request.problems.isEmpty() ? new Parsed.Valid(query) : new Parsed.Invalid(request.problems);
	}

	/** What the parameters say: the query, or every problem of them. */
	sealed interface Parsed {

		record Valid(MetricsQuery query) implements Parsed {
		}

		/**
		 * @param problems parameter name → what is wrong with it
		 */
		record Invalid(Map<String, String> problems) implements Parsed {

			public Invalid {
				problems = Map.copyOf(problems);
			}

		}

	}

	private MetricsQuery read() {
		parameters.keySet()
			.stream()
			.filter(name -> !PARAMETERS.contains(name))
			.forEach(name -> problems.put(name,
					"unknown parameter; allowed: " + String.join(", ", PARAMETERS.stream().sorted().toList())));
		Optional<String> eventName = single("event_name").filter(this::eventName);
		Optional<Instant> from = single("from").flatMap(value -> instant("from", value));
		Optional<Instant> to = single("to").flatMap(value -> instant("to", value));
		if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
			problems.put("from", "must not be after to");
		}
		Set<ChannelType> channels = channels();
		Optional<GroupBy> groupBy = single("group_by").flatMap(value -> {
			Optional<GroupBy> parsed = GroupBy.fromWireName(value);
			if (parsed.isEmpty()) {
				problems.put("group_by", "must be one of: " + String.join(", ", GroupBy.wireNames()));
			}
			return parsed;
		});
		ZoneId zone = single("tz").flatMap(this::zone).orElse(ZoneId.of("UTC"));
		UserCounting counting = single("unique_users").flatMap(this::counting).orElse(UserCounting.EXACT);
		int limit = single("limit").flatMap(this::limit).orElse(DEFAULT_LIMIT);
		if (!problems.isEmpty()) {
			return null;
		}
		return new MetricsQuery(eventName, from, to, channels, groupBy, zone, counting, limit);
	}

	private Optional<String> single(String name) {
		List<String> values = parameters.getOrDefault(name, List.of());
		if (values.size() > 1) {
			problems.put(name, "may be given once");
			return Optional.empty();
		}
		if (values.size() == 1 && values.get(0).isBlank()) {
			problems.put(name, "must not be empty");
			return Optional.empty();
		}
		return values.stream().findFirst().map(String::strip);
	}

	/** The ingest API's rule: any other name cannot have been stored. */
	private boolean eventName(String value) {
		int max = EventLimits.DEFAULTS.maxNameLength();
		if (value.length() > max || !EventReader.isName(value)) {
			problems.put("event_name", "must be an event name: a letter, then letters, digits and underscores, at most "
					+ max + " characters");
			return false;
		}
		return true;
	}

	private Optional<Instant> instant(String name, String value) {
		try {
			Instant instant = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
			if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
				problems.put(name, "must be between " + EARLIEST + " and " + LATEST
						+ " (the range of the event store's timestamps)");
				return Optional.empty();
			}
			return Optional.of(instant);
		}
		catch (DateTimeParseException ex) {
			problems.put(name, "must be an RFC 3339 date-time with an offset, e.g. 2024-01-31T23:59:59Z");
			return Optional.empty();
		}
	}

	private Set<ChannelType> channels() {
		List<String> values = new ArrayList<>();
		for (String name : List.of("channel", "platform")) {
			parameters.getOrDefault(name, List.of()).forEach(value -> values.addAll(List.of(value.split(","))));
		}
		Set<ChannelType> channels = EnumSet.noneOf(ChannelType.class);
		for (String value : values) {
			Optional<ChannelType> channel = ChannelType.fromWireName(value.strip());
			if (channel.isEmpty()) {
				problems.put(parameters.containsKey("channel") ? "channel" : "platform", "'" + shortened(value)
						+ "' is not a channel; allowed: " + String.join(", ", ChannelType.wireNames()));
			}
			channel.ifPresent(channels::add);
		}
		return channels;
	}

	/** What a problem may repeat of a value: not all of a huge one. */
	private static String shortened(String value) {
		return (value.length() <= 40) ? value : value.substring(0, 40) + "...";
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
