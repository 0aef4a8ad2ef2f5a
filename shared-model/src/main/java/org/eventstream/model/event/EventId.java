package org.eventstream.model.event;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The stable identity of an event: the Kafka record key and the ClickHouse deduplication
 * key.
 *
 * @param value 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._:-]}, starting
 * with a letter or digit
 * @param source how the id was obtained
 */
public record EventId(String value, IdSource source) {

	public static final int MAX_LENGTH = 64;

	private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0," + (MAX_LENGTH - 1) + "}");

	public EventId {
		Objects.requireNonNull(source, "source");
		if (!isWellFormed(value)) {
			throw new IllegalArgumentException("not a well-formed event id: " + value);
		}
	}

	public static boolean isWellFormed(String value) {
		return value != null && FORMAT.matcher(value).matches();
	}

	@Override
	public String toString() {
		return value;
	}

	/** Where an event id came from; the rules are applied in this order. */
	public enum IdSource {

		/** The client sent the event's {@code id}. */
		CLIENT,
		/**
		 * Derived from the request's {@code Idempotency-Key} header and the event's
		 * position.
		 */
		IDEMPOTENCY_KEY,
		/**
		 * Derived from the event's canonical content; only for events that carry their
		 * own time.
		 */
		CONTENT,
		/** Random: nothing identified the event, so a resend cannot be recognised. */
		RANDOM;

		public String wireName() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

		public static java.util.Optional<IdSource> fromWireName(String name) {
			return java.util.Arrays.stream(values()).filter(source -> source.wireName().equals(name)).findFirst();
		}

	}

}
