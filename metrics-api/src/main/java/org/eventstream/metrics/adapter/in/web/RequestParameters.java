package org.eventstream.metrics.adapter.in.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eventstream.metrics.domain.EventField;
import org.eventstream.metrics.domain.Filter;
import org.eventstream.metrics.domain.MetricsQuery;
import org.eventstream.model.event.ChannelType;
import org.eventstream.model.validation.EventLimits;
import org.eventstream.model.validation.EventReader;
import org.springframework.util.MultiValueMap;

/**
 * The query parameters of a read request, and every problem found in them: each reader of
 * a parameter records what is wrong with it and goes on, so that a request hears of all
 * its problems at once, with the allowed values.
 */
abstract class RequestParameters {

	/** ClickHouse's DateTime64 range, where event times are stored. */
	static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

	static final Instant LATEST = Instant.parse("2299-12-31T23:59:59Z");

	/** The longest value a filter may compare with. */
	static final int MAX_FILTER_VALUE = 1000;

	protected final Map<String, String> problems = new LinkedHashMap<>();

	protected final MultiValueMap<String, String> parameters;

	protected RequestParameters(MultiValueMap<String, String> parameters) {
		this.parameters = parameters;
	}

	/** What the parameters say: the question, or every problem of them. */
	sealed interface Parsed<T> {

		record Valid<T>(T query) implements Parsed<T> {
		}

		/**
		 * @param problems parameter name → what is wrong with it
		 */
		record Invalid<T>(Map<String, String> problems) implements Parsed<T> {

			public Invalid {
				problems = Map.copyOf(problems);
			}

		}

	}

	/** The question read, unless a problem was found. */
	protected <T> Parsed<T> parsed(T query) {
		return problems.isEmpty() ? new Parsed.Valid<>(query) : new Parsed.Invalid<>(problems);
	}

	/** Unknown parameters are refused, so a typo never silently widens a question. */
	protected void refuseUnknown(Set<String> known) {
		parameters.keySet()
			.stream()
			.filter(name -> !known.contains(name))
			.forEach(name -> problems.put(name,
					"unknown parameter; allowed: " + String.join(", ", known.stream().sorted().toList())));
	}

	/**
	 * {@code filter=<property><operator><value>}, repeatable: {@code event_params.<key>},
	 * {@code user_params.<key>} or an event field; {@code == != >= <= > <}.
	 */
	protected List<Filter> filters() {
		List<String> values = parameters.getOrDefault("filter", List.of());
		Optional<String> country = single("country");
		if (values.size() + (country.isPresent() ? 1 : 0) > MetricsQuery.MAX_FILTERS) {
			problems.put("filter",
					"may be given at most " + MetricsQuery.MAX_FILTERS + " times (country= counts as one)");
			return List.of();
		}
		List<Filter> filters = new ArrayList<>();
		for (String value : values) {
			filter(value).ifPresent(filters::add);
		}
		country.flatMap(this::country).ifPresent(filters::add);
		return filters;
	}

	/**
	 * {@code country=Germany}: the same as {@code filter=geo.country==Germany}, the name
	 * as the events carry it.
	 */
	private Optional<Filter> country(String value) {
		String name = value.strip();
		if (name.isEmpty() || name.length() > MAX_FILTER_VALUE) {
			problems.put("country", "must be a country's name as the events carry it (e.g. Germany), 1 to "
					+ MAX_FILTER_VALUE + " characters");
			return Optional.empty();
		}
		return Optional.of(new Filter(new Filter.Property.Field(EventField.GEO_COUNTRY), Filter.Operator.EQ, name));
	}

	protected Optional<Filter> filter(String text) {
		int at = -1;
		Filter.Operator operator = null;
		for (Filter.Operator candidate : Filter.Operator.bySymbolLength()) {
			int index = text.indexOf(candidate.symbol());
			if (index >= 0 && (at < 0 || index < at)) {
				at = index;
				operator = candidate;
			}
		}
		if (operator == null) {
			problems.put("filter",
					"'" + shortened(text)
							+ "' has no comparison; write <property><operator><value> with one of == != >= <= > <, "
							+ "e.g. event_params.page_title==Home");
			return Optional.empty();
		}
		String value = text.substring(at + operator.symbol().length());
		Optional<Filter.Property> property = property(text.substring(0, at).strip());
		String problem = null;
		if (property.isEmpty()) {
			problem = "the left side must be event_params.<key>, user_params.<key> or one of: "
					+ String.join(", ", EventField.wireNames());
		}
		else if (value.length() > MAX_FILTER_VALUE) {
			problem = "the value may have at most " + MAX_FILTER_VALUE + " characters";
		}
		else if (operator.numeric() && Filter.number(value).isEmpty()) {
			problem = operator.symbol() + " takes a number, such as 10 or -2.5";
		}
		else if (operator.numeric() && property.get() instanceof Filter.Property.Field) {
			problem = operator.symbol() + " compares parameters only; an event field takes == or !=";
		}
		if (problem != null) {
			problems.put("filter", "'" + shortened(text) + "': " + problem);
			return Optional.empty();
		}
		return Optional.of(new Filter(property.get(), operator, value));
	}

	protected static Optional<Filter.Property> property(String name) {
		int limit = EventLimits.DEFAULTS.maxParamKeyLength();
		if (name.startsWith("event_params.") && name.length() > 13 && name.length() - 13 <= limit) {
			return Optional.of(new Filter.Property.EventParam(name.substring(13)));
		}
		if (name.startsWith("user_params.") && name.length() > 12 && name.length() - 12 <= limit) {
			return Optional.of(new Filter.Property.UserParam(name.substring(12)));
		}
		return EventField.fromWireName(name).map(Filter.Property.Field::new);
	}

	protected Optional<String> single(String name) {
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
	protected boolean eventName(String parameter, String value) {
		int max = EventLimits.DEFAULTS.maxNameLength();
		if (value.length() > max || !EventReader.isName(value)) {
			problems.put(parameter, "must be an event name: a letter, then letters, digits and underscores, at most "
					+ max + " characters");
			return false;
		}
		return true;
	}

	protected Optional<Instant> instant(String name, String value) {
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

	protected Set<ChannelType> channels() {
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
	protected static String shortened(String value) {
		return (value.length() <= 40) ? value : value.substring(0, 40) + "...";
	}

}
