package org.eventstream.model.event;

import java.time.Instant;
import java.util.Objects;

/**
 * An event the ingest API accepted: what travels on Kafka and is stored in ClickHouse.
 *
 * @param id the event's stable id
 * @param event the validated content
 * @param receivedAt the server clock when the request arrived
 * @param eventTime when the event happened: the client's time corrected for clock skew,
 * or {@code receivedAt}
 */
public record AcceptedEvent(EventId id, Event event, Instant receivedAt, Instant eventTime) {

	public AcceptedEvent {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(event, "event");
		Objects.requireNonNull(receivedAt, "receivedAt");
		Objects.requireNonNull(eventTime, "eventTime");
	}

}
