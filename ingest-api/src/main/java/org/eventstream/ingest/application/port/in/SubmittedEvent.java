package org.eventstream.ingest.application.port.in;

import java.util.Objects;

import org.eventstream.model.validation.Violation;

/** One entry of a request: the event as a JSON tree, or why it could not even be read. */
public sealed interface SubmittedEvent {

	/**
	 * The event as a tree of {@code Map}, {@code List}, {@code String}, {@code Number},
	 * {@code Boolean}.
	 */
	record Json(Object tree) implements SubmittedEvent {
	}

	/** Refused before validation, e.g. larger than the per-event byte limit. */
	record Unreadable(Violation violation) implements SubmittedEvent {

		public Unreadable {
			Objects.requireNonNull(violation, "violation");
		}

	}

}
