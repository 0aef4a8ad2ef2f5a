package org.eventstream.model.wire;

/**
 * The Kafka side of the contract between ingest-api and the writers: the topics, by their
 * default names (each service can be pointed elsewhere by configuration). What a record
 * of them holds is {@link EventWireFormat}; its key is the event id.
 */
public final class Topics {

	/** Every accepted event; ingest-api publishes, the writers consume. */
	public static final String EVENTS = "events";

	/**
	 * Records of {@link #EVENTS} no writer could read, parked unchanged by the writers.
	 */
	public static final String EVENTS_DEAD_LETTER = "events.dlt";

	private Topics() {
	}

}
