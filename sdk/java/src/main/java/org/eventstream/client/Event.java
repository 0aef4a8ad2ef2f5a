package org.eventstream.client;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One event in the API's schema (the fields a backend knows; see the README's "The
 * event"). Its {@code id} is made when it is built, so every retry and resend of it
 * carries the same one and the server counts it once.
 *
 * <pre>{@code
 * Event event = Event.builder("purchase", "mobile")
 * 	.userId("user-123")
 * 	.param("value", 59.98)
 * 	.param("currency", "USD")
 * 	.build();
 * }</pre>
 */
public final class Event {

	private final String id;

	private final String json;

	private Event(String id, String json) {
		this.id = id;
		this.json = json;
	}

	/**
	 * @param name the event's name (a letter, then letters, digits and {@code _})
	 * @param channelType {@code web}, {@code mobile}, {@code desktop}, {@code tv},
	 * {@code console} or {@code other}
	 */
	public static Builder builder(String name, String channelType) {
		return new Builder(name, channelType);
	}

	/** The client id it is sent with. */
	public String id() {
		return id;
	}

	/** Its JSON, without {@code sent_at} (added when it leaves). */
	String json() {
		return json;
	}

	@Override
	public String toString() {
		return json;
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	/**
	 * RFC 9562 version 7: 48 bits of Unix milliseconds, then random bits. Ids that sort
	 * by time keep the server's lookup of new ids on its newest data.
	 */
	static String timeOrderedId() {
		long high = (System.currentTimeMillis() << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
		return new UUID(high, (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
	}

	public static final class Builder {

		private String id = timeOrderedId();

		private final String name;

		private final String channelType;

		private Instant timestamp = Instant.now();

		private String userId;

		private String userPseudoId;

		private final Map<String, Object> eventParams = new LinkedHashMap<>();

		private final Map<String, Object> userParams = new LinkedHashMap<>();

		private final Map<String, String> device = new LinkedHashMap<>();

		private final Map<String, String> appInfo = new LinkedHashMap<>();

		private final Map<String, String> geo = new LinkedHashMap<>();

		private Builder(String name, String channelType) {
			this.name = Objects.requireNonNull(name, "name");
			this.channelType = Objects.requireNonNull(channelType, "channelType");
		}

		/**
		 * Your own id for the event (1-64 characters of {@code A-Z a-z 0-9 . _ : -}), if
		 * it has one already; otherwise a random UUID that sorts by time (version 7),
		 * which the server looks up cheaply.
		 */
		public Builder id(String id) {
			this.id = Objects.requireNonNull(id, "id");
			return this;
		}

		/**
		 * When it happened (default: when the builder was made); sent in microseconds.
		 */
		public Builder timestamp(Instant timestamp) {
			this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
			return this;
		}

		public Builder userId(String userId) {
			this.userId = userId;
			return this;
		}

		public Builder userPseudoId(String userPseudoId) {
			this.userPseudoId = userPseudoId;
			return this;
		}

		public Builder param(String key, String value) {
			eventParams.put(key, Objects.requireNonNull(value, key));
			return this;
		}

		public Builder param(String key, double value) {
			eventParams.put(key, value);
			return this;
		}

		public Builder param(String key, boolean value) {
			eventParams.put(key, value);
			return this;
		}

		public Builder userParam(String key, String value) {
			userParams.put(key, Objects.requireNonNull(value, key));
			return this;
		}

		/**
		 * A field of {@code device}: {@code category}, {@code operating_system},
		 * {@code language}, ...
		 */
		public Builder device(String field, String value) {
			device.put(field, Objects.requireNonNull(value, field));
			return this;
		}

		public Builder app(String id, String version) {
			appInfo.put("id", Objects.requireNonNull(id, "id"));
			appInfo.put("version", Objects.requireNonNull(version, "version"));
			return this;
		}

		/**
		 * A field of {@code geo}, where the event came from: {@code continent},
		 * {@code country}, {@code region} or {@code city}, in the names you want in the
		 * metrics (GA4's are English: {@code Germany}). Without it, the server may locate
		 * the event by your client's address, if its operator configured that.
		 */
		public Builder geo(String field, String value) {
			geo.put(field, Objects.requireNonNull(value, field));
			return this;
		}

		public Event build() {
			StringBuilder json = new StringBuilder(256).append('{');
			Json.field(json, "id", id).append(',');
			Json.field(json, "name", name).append(',');
			Json.field(json, "channel_type", channelType).append(',');
			long micros = Math.addExact(Math.multiplyExact(timestamp.getEpochSecond(), 1_000_000L),
					timestamp.getNano() / 1000);
			Json.string(json, "timestamp").append(':').append(micros);
			if (userId != null) {
				Json.field(json.append(','), "user_id", userId);
			}
			if (userPseudoId != null) {
				Json.field(json.append(','), "user_pseudo_id", userPseudoId);
			}
			params(json, "event_params", eventParams);
			params(json, "user_params", userParams);
			object(json, "device", device);
			object(json, "app_info", appInfo);
			object(json, "geo", geo);
			return new Event(id, json.append('}').toString());
		}

		private static void params(StringBuilder json, String field, Map<String, Object> params) {
			if (params.isEmpty()) {
				return;
			}
			List<String> entries = new ArrayList<>();
			params.forEach((key, value) -> {
				StringBuilder entry = new StringBuilder("{");
				Json.field(entry, "key", key).append(',');
				if (value instanceof String text) {
					Json.field(entry, "string_value", text);
				}
				else if (value instanceof Boolean flag) {
					Json.string(entry, "boolean_value").append(':').append(flag);
				}
				else {
					double number = (Double) value;
					if (!Double.isFinite(number)) {
						throw new IllegalArgumentException(
								"parameter " + key + ": " + number + " is not a finite number");
					}
					Json.string(entry, "number_value").append(':').append(number);
				}
				entries.add(entry.append('}').toString());
			});
			Json.string(json.append(','), field).append(":[").append(String.join(",", entries)).append(']');
		}

		private static void object(StringBuilder json, String field, Map<String, String> fields) {
			if (fields.isEmpty()) {
				return;
			}
			Json.string(json.append(','), field).append(":{");
			boolean first = true;
			for (Map.Entry<String, String> entry : fields.entrySet()) {
				Json.field(first ? json : json.append(','), entry.getKey(), entry.getValue());
				first = false;
			}
			json.append('}');
		}

	}

}
