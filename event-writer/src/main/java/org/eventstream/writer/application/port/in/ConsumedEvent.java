package org.eventstream.writer.application.port.in;

import java.util.Objects;

import org.eventstream.model.event.AcceptedEvent;

/** A decoded event and the position of its record. */
public record ConsumedEvent(AcceptedEvent event, SourcePosition position) {

	public ConsumedEvent {
		Objects.requireNonNull(event, "event");
		Objects.requireNonNull(position, "position");
	}

	public String id() {
		return event.id().value();
	}

}
