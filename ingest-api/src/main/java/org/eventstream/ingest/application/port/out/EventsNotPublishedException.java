package org.eventstream.ingest.application.port.out;

import java.time.Duration;

/** The log did not acknowledge a request's events: down, too slow, or refusing them. */
public class EventsNotPublishedException extends RuntimeException {

	private final int events;

	private final Duration retryAfter;

	public EventsNotPublishedException(int events, String reason, Duration retryAfter, Throwable cause) {
		super(events + " events were not acknowledged by Kafka: " + reason, cause);
		this.events = events;
		this.retryAfter = retryAfter;
	}

	public int events() {
		return events;
	}

	/** When a retry is worth trying. */
	public Duration retryAfter() {
		return retryAfter;
	}

}
