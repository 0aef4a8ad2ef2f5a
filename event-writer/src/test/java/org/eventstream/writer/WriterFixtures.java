package org.eventstream.writer;

import java.time.Instant;

import org.eventstream.model.EventFixture;
import org.eventstream.model.TestEvents;
import org.eventstream.model.event.AcceptedEvent;
import org.eventstream.model.event.EventId;
import org.eventstream.model.event.EventId.IdSource;
import org.eventstream.model.wire.EventRecord;
import org.eventstream.writer.application.port.in.ConsumedEvent;
import org.eventstream.writer.application.port.in.SourcePosition;

/** Consumed events for the writer's tests: {@code consumed("e1", 0, 7)}. */
public final class WriterFixtures {

	public static final Instant RECEIVED = Instant.parse("2024-01-15T10:30:00.123456Z");

	private WriterFixtures() {
	}

	public static ConsumedEvent consumed(String id, int partition, long offset) {
		return consumed(id, EventFixture.pageView(), partition, offset);
	}

	public static ConsumedEvent consumed(String id, EventFixture fixture, int partition, long offset) {
		return consumed(id, fixture, RECEIVED, partition, offset);
	}

	/** An event that happened at {@code eventTime} (history), received now. */
	public static ConsumedEvent consumed(String id, EventFixture fixture, Instant eventTime, int partition,
			long offset) {
		return consumed(id, fixture, eventTime, RECEIVED, partition, offset);
	}

	/**
	 * An event that happened at {@code eventTime} and reached ingest-api at
	 * {@code receivedAt}.
	 */
	public static ConsumedEvent consumed(String id, EventFixture fixture, Instant eventTime, Instant receivedAt,
			int partition, long offset) {
		AcceptedEvent event = new AcceptedEvent(new EventId(id, IdSource.CLIENT),
				TestEvents.event(fixture.with("id", id)), receivedAt, eventTime);
		return new ConsumedEvent(EventRecord.scan(EventRecord.encode(event)), new SourcePosition(partition, offset));
	}

}
