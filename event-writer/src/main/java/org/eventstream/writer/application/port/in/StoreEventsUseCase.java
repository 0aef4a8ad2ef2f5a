package org.eventstream.writer.application.port.in;

/**
 * Stores a micro-batch so that every event id is stored exactly once, however often its
 * records are consumed.
 *
 * <p>
 * Contract with the caller (the Kafka adapter): call it with the records of one poll, in
 * log order, from partitions this instance owns; commit their offsets only after it
 * returned. It returns only once the poison records are acknowledged by the dead-letter
 * topic and the new events by ClickHouse; it throws when either is unavailable, having
 * committed nothing the caller must undo: the same records, consumed again, are stored
 * exactly once.
 */
public interface StoreEventsUseCase {

	StoreResult store(EventBatch batch);

}
