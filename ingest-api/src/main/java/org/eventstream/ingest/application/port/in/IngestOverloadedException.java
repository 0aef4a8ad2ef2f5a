package org.eventstream.ingest.application.port.in;

/** Accepting the request would exceed the bound on events in flight to Kafka. */
public class IngestOverloadedException extends RuntimeException {

	private final int requested;

	private final int limit;

	public IngestOverloadedException(int requested, int limit) {
		super(requested + " more events would exceed the limit of " + limit + " events in flight to Kafka");
		this.requested = requested;
		this.limit = limit;
	}

	public int requested() {
		return requested;
	}

	public int limit() {
		return limit;
	}

}
