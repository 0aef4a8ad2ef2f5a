package org.eventstream.writer.application.port.in;

import java.util.Objects;

import org.eventstream.model.wire.EventRecord;

/**
 * A record read from the topic, scanned but not decoded (see {@link EventRecord}), and
 * its position.
 */
public record ConsumedEvent(EventRecord.Scanned event, SourcePosition position) {

	public ConsumedEvent {
		Objects.requireNonNull(event, "event");
		Objects.requireNonNull(position, "position");
	}

	public String id() {
		return event.id();
	}

	/** Who the event is counted for; empty when it names nobody. */
	public String userKey() {
		return event.userKey();
	}

}
