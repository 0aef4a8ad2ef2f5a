package org.eventstream.model.identity;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The value of a request's {@code Idempotency-Key} header: 1 to {@value #MAX_LENGTH}
 * printable ASCII characters.
 */
public record IdempotencyKey(String value) {

	public static final int MAX_LENGTH = 128;

	private static final Pattern FORMAT = Pattern.compile("[\\x21-\\x7e]{1," + MAX_LENGTH + "}");

	public IdempotencyKey {
		if (!isWellFormed(value)) {
			throw new IllegalArgumentException("not a well-formed idempotency key");
		}
	}

	public static boolean isWellFormed(String value) {
		return value != null && FORMAT.matcher(value).matches();
	}

	/** Empty when the value is not well formed; callers report that to the client. */
	public static Optional<IdempotencyKey> parse(String value) {
		return isWellFormed(value) ? Optional.of(new IdempotencyKey(value)) : Optional.empty();
	}

}
