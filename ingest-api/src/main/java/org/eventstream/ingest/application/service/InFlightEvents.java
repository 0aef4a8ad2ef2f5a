package org.eventstream.ingest.application.service;

import java.util.concurrent.Semaphore;

/**
 * Bounds the events waiting for Kafka's acknowledgement, so that a slow or dead broker
 * makes the service answer "unavailable" early instead of buffering requests until memory
 * runs out.
 */
public final class InFlightEvents {

	private final int limit;

	private final Semaphore permits;

	public InFlightEvents(int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("the in-flight limit must be positive, was " + limit);
		}
		this.limit = limit;
		this.permits = new Semaphore(limit);
	}

	boolean tryAcquire(int events) {
		return permits.tryAcquire(events);
	}

	void release(int events) {
		permits.release(events);
	}

	public int limit() {
		return limit;
	}

	public int inFlight() {
		return limit - permits.availablePermits();
	}

}
