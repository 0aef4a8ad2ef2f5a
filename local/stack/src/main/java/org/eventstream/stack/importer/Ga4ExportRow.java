package org.eventstream.stack.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A row of a GA4 BigQuery export ({@code events_*} tables, exported as JSON), turned into
 * an event of this API. The README's import section has the mapping as a table. GA4
 * exports write 64-bit integers as strings; both forms are read. Fields this API has no
 * place for ({@code geo.sub_continent}, {@code geo.metro}, {@code traffic_source},
 * {@code ecommerce}, ...) are left out, as is GA4's {@code (not set)} for an unknown
 * place.
 */
final class Ga4ExportRow {

	private static final Map<String, String> DEVICE_FIELDS = Map.of("category", "category", "mobile_brand_name",
			"mobile_brand_name", "mobile_model_name", "mobile_model_name", "operating_system", "operating_system",
			"operating_system_version", "operating_system_version", "language", "language");

	private static final Map<String, String> WEB_INFO_FIELDS = Map.of("browser", "browser_name", "browser_version",
			"browser_version", "hostname", "hostname");

	private static final Map<String, String> GEO_FIELDS = Map.of("continent", "continent", "country", "country",
			"region", "region", "city", "city");

	/** What GA4 writes for a place it could not tell. */
	private static final String NOT_SET = "(not set)";

	private static final Map<String, String> ITEM_FIELDS = Map.of("item_id", "id", "item_name", "name", "item_brand",
			"brand", "item_variant", "variant", "price_in_usd", "price_in_usd", "quantity", "quantity",
			"item_revenue_in_usd", "revenue_in_usd");

	private Ga4ExportRow() {
	}

	/** Whether a parsed line is a GA4 export row rather than an event of this API. */
	static boolean matches(Map<String, Object> row) {
		return row.containsKey("event_name") && row.containsKey("event_timestamp");
	}

	/** The event of this API that the row describes. */
	static Map<String, Object> toEvent(Map<String, Object> row) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("name", row.get("event_name"));
		event.put("channel_type", channel(row.get("platform")));
		integer(row.get("event_timestamp")).ifPresent(micros -> event.put("timestamp", micros));
		integer(row.get("event_previous_timestamp")).ifPresent(micros -> event.put("previous_timestamp", micros));
		text(row.get("user_id")).ifPresent(id -> event.put("user_id", id));
		text(row.get("user_pseudo_id")).ifPresent(id -> event.put("user_pseudo_id", id));
		List<Map<String, Object>> eventParams = params(row.get("event_params"));
		if (!eventParams.isEmpty()) {
			event.put("event_params", eventParams);
		}
		List<Map<String, Object>> userParams = params(row.get("user_properties"));
		if (!userParams.isEmpty()) {
			event.put("user_params", userParams);
		}
		Map<String, Object> device = device(row.get("device"));
		if (!device.isEmpty()) {
			event.put("device", device);
		}
		Map<String, Object> app = renamed(row.get("app_info"), Map.of("id", "id", "version", "version"));
		if (!app.isEmpty()) {
			event.put("app_info", app);
		}
		Map<String, Object> geo = renamed(row.get("geo"), GEO_FIELDS);
		geo.values().removeIf(NOT_SET::equals);
		if (!geo.isEmpty()) {
			event.put("geo", geo);
		}
		List<Map<String, Object>> items = new ArrayList<>();
		for (Object item : list(row.get("items"))) {
			Map<String, Object> mapped = renamed(item, ITEM_FIELDS);
			mapped.computeIfPresent("quantity", (key, quantity) -> integer(quantity).orElse(null));
			mapped.computeIfPresent("price_in_usd", (key, price) -> number(price).orElse(null));
			mapped.computeIfPresent("revenue_in_usd", (key, revenue) -> number(revenue).orElse(null));
			if (!mapped.isEmpty()) {
				items.add(mapped);
			}
		}
		if (!items.isEmpty()) {
			event.put("items", items);
		}
		return event;
	}

	/** GA4's {@code platform}: WEB, IOS, ANDROID (and others, rarely). */
	private static String channel(Object platform) {
		return switch (text(platform).orElse("").toUpperCase(Locale.ROOT)) {
			case "WEB" -> "web";
			case "IOS", "ANDROID" -> "mobile";
			default -> "other";
		};
	}

	/**
	 * {@code [{key, value: {string_value | int_value | float_value | double_value}}]}; a
	 * parameter without a value is left out.
	 */
	private static List<Map<String, Object>> params(Object value) {
		List<Map<String, Object>> params = new ArrayList<>();
		for (Object entry : list(value)) {
			if (!(entry instanceof Map<?, ?> param) || text(param.get("key")).isEmpty()) {
				continue;
			}
			Map<?, ?> values = (param.get("value") instanceof Map<?, ?> map) ? map : Map.of();
			Map<String, Object> mapped = new LinkedHashMap<>();
			mapped.put("key", param.get("key"));
			Optional<String> string = text(values.get("string_value"));
			Optional<? extends Number> number = integer(values.get("int_value")).<Number>map(Long::valueOf)
				.or(() -> number(values.get("double_value")))
				.or(() -> number(values.get("float_value")));
			if (string.isPresent()) {
				mapped.put("string_value", string.get());
			}
			else if (number.isPresent()) {
				mapped.put("number_value", number.get());
			}
			else {
				continue;
			}
			params.add(mapped);
		}
		return params;
	}

	private static Map<String, Object> device(Object value) {
		Map<String, Object> device = renamed(value, DEVICE_FIELDS);
		if (value instanceof Map<?, ?> map) {
			device.putAll(renamed(map.get("web_info"), WEB_INFO_FIELDS));
		}
		return device;
	}

	/**
	 * The non-null fields of an object that {@code names} knows, under their new names.
	 */
	private static Map<String, Object> renamed(Object value, Map<String, String> names) {
		Map<String, Object> renamed = new LinkedHashMap<>();
		if (value instanceof Map<?, ?> map) {
			names.forEach((from, to) -> {
				Object field = map.get(from);
				if (field != null && !"".equals(field)) {
					renamed.put(to, field);
				}
			});
		}
		return renamed;
	}

	private static List<?> list(Object value) {
		return (value instanceof List<?> list) ? list : List.of();
	}

	private static Optional<String> text(Object value) {
		return (value instanceof String string && !string.isEmpty()) ? Optional.of(string) : Optional.empty();
	}

	private static Optional<Long> integer(Object value) {
		return parsed(value, Number::longValue, Long::parseLong);
	}

	private static Optional<Double> number(Object value) {
		return parsed(value, Number::doubleValue, Double::parseDouble);
	}

	/** A JSON number, or a string holding one (as GA4 exports write 64-bit integers). */
	private static <T> Optional<T> parsed(Object value, Function<Number, T> fromNumber, Function<String, T> fromText) {
		if (value instanceof Number number) {
			return Optional.of(fromNumber.apply(number));
		}
		if (value instanceof String string) {
			try {
				return Optional.of(fromText.apply(string.trim()));
			}
			catch (NumberFormatException ex) {
				return Optional.empty();
			}
		}
		return Optional.empty();
	}

}
