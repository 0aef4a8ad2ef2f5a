package org.eventstream.model.validation;

import java.util.List;

import org.eventstream.model.event.Event;

/** The outcome of reading one event: a valid event, or every problem found in it. */
public sealed interface ValidationResult {

	record Valid(Event event) implements ValidationResult {

		public Valid {
			java.util.Objects.requireNonNull(event, "event");
		}

	}

	record Invalid(List<Violation> violations) implements ValidationResult {

		public Invalid {
			violations = List.copyOf(violations);
			if (violations.isEmpty()) {
				throw new IllegalArgumentException("an invalid event has at least one violation");
			}
		}

	}

}
