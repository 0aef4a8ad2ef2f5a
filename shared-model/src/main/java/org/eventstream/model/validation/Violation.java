package org.eventstream.model.validation;

import java.util.Objects;

/**
 * One problem with one event.
 *
 * @param pointer RFC 6901 JSON pointer to the offending value, relative to the event
 * ({@code ""} is the event)
 * @param message what is wrong, in plain words, with the allowed values where there is a
 * fixed set
 */
public record Violation(String pointer, String message) {

	public Violation {
		Objects.requireNonNull(pointer, "pointer");
		Objects.requireNonNull(message, "message");
	}

}
