package org.eventstream.model.validation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eventstream.model.event.AppInfo;
import org.eventstream.model.event.ChannelType;
import org.eventstream.model.event.Device;
import org.eventstream.model.event.EpochTimestamp;
import org.eventstream.model.event.Event;
import org.eventstream.model.event.EventId;
import org.eventstream.model.event.Geo;
import org.eventstream.model.event.Item;

/**
 * Reads one event from a JSON tree of plain Java values ({@code Map}, {@code List},
 * {@code String}, {@code Number}, {@code Boolean}, {@code null}) and checks every rule of
 * the schema, reporting all problems at once.
 *
 * <p>
 * Rules that are not about a single field's type: names and parameter keys match
 * {@code [A-Za-z][A-Za-z0-9_]*}; unknown fields are refused (so a misspelt field is never
 * silently dropped); {@code null} means absent.
 */
public final class EventReader {

	static final Set<String> EVENT_FIELDS = ObjectReader.fields("id", "name", "channel_type", "timestamp",
			"previous_timestamp", "date", "user_id", "user_pseudo_id", "event_params", "user_params", "device",
			"app_info", "geo", "items", "sent_at");

	private static final Set<String> DEVICE_FIELDS = ObjectReader.fields("category", "mobile_brand_name",
			"mobile_model_name", "operating_system", "operating_system_version", "language", "browser_name",
			"browser_version", "hostname");

	private static final Set<String> GEO_FIELDS = ObjectReader.fields("continent", "country", "region", "city");

	private static final Set<String> APP_INFO_FIELDS = ObjectReader.fields("id", "version");

	private static final Set<String> ITEM_FIELDS = ObjectReader.fields("id", "name", "brand", "variant", "price_in_usd",
			"quantity", "revenue_in_usd");

	/**
	 * An event name or parameter key: {@code [A-Za-z][A-Za-z0-9_]*}. A loop, not a
	 * regular expression: it runs for every name and key of every event, and the regular
	 * expression was the ingest tier's largest CPU cost under load (JFR, issue 8).
	 */
	public static boolean isName(String text) {
		if (text.isEmpty() || !isAsciiLetter(text.charAt(0))) {
			return false;
		}
		for (int i = 1; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '_') {
				return false;
			}
		}
		return true;
	}

	private static boolean isAsciiLetter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	private final EventLimits limits;

	private final ParamsReader params;

	public EventReader(EventLimits limits) {
		this.limits = limits;
		this.params = new ParamsReader(limits);
	}

	public ValidationResult read(Object json) {
		List<Violation> problems = new ArrayList<>();
		Optional<Event> event = ObjectReader.of(json, "", problems).flatMap(this::readEvent);
		if (problems.isEmpty() && event.isPresent()) {
			return new ValidationResult.Valid(event.get());
		}
		return new ValidationResult.Invalid(problems);
	}

	private Optional<Event> readEvent(ObjectReader fields) {
		fields.rejectUnknownFields(EVENT_FIELDS);
		Optional<String> clientId = fields.string("id", EventId.MAX_LENGTH);
		clientId.filter(id -> !EventId.isWellFormed(id))
			.ifPresent(id -> fields.problem("id", "must be 1 to " + EventId.MAX_LENGTH
					+ " characters of letters, digits, '.', '_', ':' or '-', starting with a letter or digit"));
		Optional<String> name = fields.requiredString("name", limits.maxNameLength());
		name.filter(n -> !isName(n))
			.ifPresent(n -> fields.problem("name",
					"must start with a letter and contain only letters, digits and underscores"));
		Optional<ChannelType> channel = channelType(fields);
		Optional<EpochTimestamp> timestamp = epoch(fields, "timestamp");
		Optional<EpochTimestamp> previousTimestamp = epoch(fields, "previous_timestamp");
		Optional<Instant> date = rfc3339(fields, "date");
		Optional<Instant> sentAt = (fields.value("sent_at").orElse(null) instanceof String) ? rfc3339(fields, "sent_at")
				: epoch(fields, "sent_at").map(EpochTimestamp::toInstant);
		Optional<String> userId = fields.string("user_id", limits.maxUserIdLength());
		Optional<String> userPseudoId = fields.string("user_pseudo_id", limits.maxUserIdLength());
		var eventParams = params.read(fields, "event_params");
		var userParams = params.read(fields, "user_params");
		Optional<Device> device = fields.object("device").map(this::device);
		Optional<AppInfo> appInfo = fields.object("app_info").map(this::appInfo);
		Optional<Geo> geo = fields.object("geo").map(this::geo).filter(g -> !g.isEmpty());
		List<Item> items = items(fields);
		if (fields.hasProblems()) {
			return Optional.empty();
		}
		return Optional.of(new Event(clientId, name.orElseThrow(), channel.orElseThrow(), timestamp, previousTimestamp,
				date, userId, userPseudoId, eventParams, userParams, device, appInfo, geo, items, sentAt));
	}

	private static Optional<ChannelType> channelType(ObjectReader fields) {
		if (!fields.has("channel_type")) {
			fields.problem("channel_type",
					"is required; allowed values: " + String.join(", ", ChannelType.wireNames()));
			return Optional.empty();
		}
		Object value = fields.value("channel_type").orElseThrow();
		Optional<ChannelType> channel = value instanceof String text ? ChannelType.fromWireName(text)
				: Optional.empty();
		if (channel.isEmpty()) {
			fields.problem("channel_type", "must be one of: " + String.join(", ", ChannelType.wireNames()));
		}
		return channel;
	}

	private static Optional<EpochTimestamp> epoch(ObjectReader fields, String field) {
		Optional<Long> raw = fields.integer(field);
		Optional<EpochTimestamp> timestamp = raw.flatMap(EpochTimestamp::of);
		if (timestamp.isEmpty() && raw.isPresent()) {
			fields.problem(field, "must be a Unix epoch time in seconds (below 10^11), milliseconds (below 10^14) "
					+ "or microseconds (below 10^17), and not negative");
		}
		return timestamp;
	}

	private static Optional<Instant> rfc3339(ObjectReader fields, String field) {
		Optional<String> text = fields.string(field, 64);
		try {
			return text.map(t -> OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
		}
		catch (DateTimeParseException ex) {
			fields.problem(field, "must be an RFC 3339 date-time with an offset, e.g. 2024-01-15T10:30:00Z");
			return Optional.empty();
		}
	}

	private Device device(ObjectReader fields) {
		fields.rejectUnknownFields(DEVICE_FIELDS);
		int max = limits.maxFieldLength();
		return new Device(fields.string("category", max), fields.string("mobile_brand_name", max),
				fields.string("mobile_model_name", max), fields.string("operating_system", max),
				fields.string("operating_system_version", max), fields.string("language", max),
				fields.string("browser_name", max), fields.string("browser_version", max),
				fields.string("hostname", max));
	}

	private AppInfo appInfo(ObjectReader fields) {
		fields.rejectUnknownFields(APP_INFO_FIELDS);
		return new AppInfo(fields.string("id", limits.maxFieldLength()),
				fields.string("version", limits.maxFieldLength()));
	}

	private Geo geo(ObjectReader fields) {
		fields.rejectUnknownFields(GEO_FIELDS);
		int max = limits.maxFieldLength();
		return new Geo(fields.string("continent", max), fields.string("country", max), fields.string("region", max),
				fields.string("city", max));
	}

	private List<Item> items(ObjectReader fields) {
		List<?> entries = fields.array("items", limits.maxItems()).orElse(List.of());
		List<Item> items = new ArrayList<>(entries.size());
		for (int i = 0; i < entries.size(); i++) {
			fields.child(entries.get(i), "items", i).flatMap(this::item).ifPresent(items::add);
		}
		return items;
	}

	private Optional<Item> item(ObjectReader fields) {
		fields.rejectUnknownFields(ITEM_FIELDS);
		int max = limits.maxFieldLength();
		Optional<String> id = fields.string("id", max);
		Optional<String> name = fields.string("name", max);
		Optional<String> brand = fields.string("brand", max);
		Optional<String> variant = fields.string("variant", max);
		Optional<Double> price = fields.number("price_in_usd");
		Optional<Long> quantity = fields.integer("quantity");
		Optional<Double> revenue = fields.number("revenue_in_usd");
		if (id.isEmpty() && name.isEmpty()) {
			fields.problem("id", "an item needs a non-empty id or name");
			return Optional.empty();
		}
		return Optional.of(new Item(id, name, brand, variant, price, quantity, revenue));
	}

}
