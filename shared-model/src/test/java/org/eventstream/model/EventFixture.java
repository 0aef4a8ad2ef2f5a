package org.eventstream.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds event JSON trees (plain maps and lists, as a JSON parser produces them) for
 * tests. {@code EventFixture.pageView().withUser("u1").json()}.
 */
public final class EventFixture {

	private final Map<String, Object> json = new LinkedHashMap<>();

	private EventFixture() {
	}

	/**
	 * The smallest valid event: the seed's first curl example without its optional parts.
	 */
	public static EventFixture pageView() {
		return new EventFixture().with("name", "page_view").with("channel_type", "web").with("user_id", "user-123");
	}

	/** The seed README's full event schema example, every field set. */
	public static EventFixture seedExample() {
		return pageView().with("timestamp", 1234567890L)
			.with("previous_timestamp", 1234567880L)
			.with("date", "2024-01-15T10:30:00Z")
			.with("user_pseudo_id", "pseudo-456")
			.with("event_params",
					list(map("key", "page_title", "string_value", "Home Page"),
							map("key", "scroll_depth", "number_value", 75.5),
							map("key", "is_logged_in", "boolean_value", true)))
			.with("user_params", list(map("key", "subscription", "string_value", "premium")))
			.with("device",
					map("category", "mobile", "mobile_brand_name", "Apple", "mobile_model_name", "iPhone 14",
							"operating_system", "iOS", "operating_system_version", "17.0", "language", "en-US",
							"browser_name", "Safari", "browser_version", "17.0", "hostname", "example.com"))
			.with("app_info", map("id", "com.example.app", "version", "2.1.0"))
			.with("items", list(map("id", "SKU-001", "name", "Blue T-Shirt", "brand", "Nike", "variant", "Large",
					"price_in_usd", 29.99, "quantity", 2, "revenue_in_usd", 59.98)));
	}

	public EventFixture with(String field, Object value) {
		json.put(field, value);
		return this;
	}

	public EventFixture without(String field) {
		json.remove(field);
		return this;
	}

	public EventFixture withUser(String userId) {
		return with("user_id", userId);
	}

	public EventFixture withEventParams(Object... params) {
		return with("event_params", list(params));
	}

	public Map<String, Object> json() {
		return deepCopy(json);
	}

	@SuppressWarnings("unchecked")
	private static <T> T deepCopy(T value) {
		if (value instanceof Map<?, ?> map) {
			Map<Object, Object> copy = new LinkedHashMap<>();
			map.forEach((k, v) -> copy.put(k, deepCopy(v)));
			return (T) copy;
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>();
			list.forEach(v -> copy.add(deepCopy(v)));
			return (T) copy;
		}
		return value;
	}

	/**
	 * A JSON object with its fields in order:
	 * {@code map("key", "a", "string_value", "b")}.
	 */
	public static Map<String, Object> map(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	public static List<Object> list(Object... values) {
		return new ArrayList<>(java.util.Arrays.asList(values));
	}

	public static Map<String, Object> stringParam(String key, String value) {
		return map("key", key, "string_value", value);
	}

	public static Map<String, Object> numberParam(String key, double value) {
		return map("key", key, "number_value", value);
	}

}
