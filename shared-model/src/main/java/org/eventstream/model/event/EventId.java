package org.eventstream.model.event;

import java.util.Objects;

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

	public EventId {
		Objects.requireNonNull(source, "source");
		if (!isWellFormed(value)) {
			throw new IllegalArgumentException("not a well-formed event id: " + value);
		}
	}

	/**
	 * {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}, checked with a loop: every event's id
	 * goes through here, and a regular expression cost measurable CPU under load.
	 */
	public static boolean isWellFormed(String value) {
		if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !isLetterOrDigit(value.charAt(0))) {
			return false;
		}
		for (int i = 1; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!isLetterOrDigit(c) && c != '.' && c != '_' && c != ':' && c != '-') {
				return false;
			}
		}
		return true;
	}

	private static boolean isLetterOrDigit(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
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

		// computed once: every event's record names its source (the writer reads it
		// back from every record)
		private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

		public String wireName() {
			return wireName;
		}

		public static java.util.Optional<IdSource> fromWireName(String name) {
			for (IdSource source : values()) {
				if (source.wireName.equals(name)) {
					return java.util.Optional.of(source);
				}
			}
			return java.util.Optional.empty();
		}

	}

}
