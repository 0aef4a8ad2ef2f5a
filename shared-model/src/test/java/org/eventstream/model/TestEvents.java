package org.eventstream.model;

import org.eventstream.model.event.Event;
import org.eventstream.model.validation.EventLimits;
import org.eventstream.model.validation.EventReader;
import org.eventstream.model.validation.ValidationResult;

/** Turns fixtures into validated domain events. */
public final class TestEvents {

	private static final EventReader READER = new EventReader(EventLimits.DEFAULTS);

	private TestEvents() {
	}

	public static Event event(EventFixture fixture) {
		ValidationResult result = READER.read(fixture.json());
		if (result instanceof ValidationResult.Valid valid) {
			return valid.event();
		}
		throw new AssertionError("fixture is not a valid event: " + result);
	}

}
