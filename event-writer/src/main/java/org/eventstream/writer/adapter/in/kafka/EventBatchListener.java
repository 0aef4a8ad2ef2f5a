package org.eventstream.writer.adapter.in.kafka;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eventstream.model.wire.EventRecord;
import org.eventstream.model.wire.EventWireFormat;
import org.eventstream.model.wire.EventWireFormat.WireDecoding;
import org.eventstream.model.wire.EventWireFormat.WireScan;
import org.eventstream.writer.application.port.in.ConsumedEvent;
import org.eventstream.writer.application.port.in.EventBatch;
import org.eventstream.writer.application.port.in.PoisonRecord;
import org.eventstream.writer.application.port.in.SourcePosition;
import org.eventstream.writer.application.port.in.StoreEventsUseCase;
import org.eventstream.writer.application.port.in.StoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Turns each poll of the events topic into one micro-batch. The container commits the
 * poll's offsets only after this method returned (ack mode BATCH); when it throws, the
 * container's error handler retries the same records with back-off, pausing the consumer
 * meanwhile so that it stays in the group. See docs/DESIGN.md.
 */
public class EventBatchListener {

	private static final Logger log = LoggerFactory.getLogger(EventBatchListener.class);

	private final StoreEventsUseCase store;

	private final EventWireFormat wire = new EventWireFormat();

	private final DistributionSummary batchSize;

	private final Counter duplicates;

	private final Counter deletedUsers;

	public EventBatchListener(StoreEventsUseCase store, MeterRegistry meters) {
		this.store = store;
		this.batchSize = DistributionSummary.builder("event_stream.writer.batch.size")
			.description("Records per micro-batch")
			.register(meters);
		this.duplicates = Counter.builder("event_stream.writer.duplicates.skipped")
			.description("Events not stored again because their id was already stored")
			.register(meters);
		this.deletedUsers = Counter.builder("event_stream.writer.deleted_users.skipped")
			.description("Events not stored because their user was deleted")
			.register(meters);
	}

	@KafkaListener(id = "event-writer", idIsGroup = false, topics = "${event-stream.writer.topic}", batch = "true")
	public void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
		List<ConsumedEvent> events = new ArrayList<>(records.size());
		List<PoisonRecord> poison = new ArrayList<>();
		for (ConsumerRecord<byte[], byte[]> record : records) {
			SourcePosition position = new SourcePosition(record.partition(), record.offset());
			WireScan scanned = wire.scan(record.value());
			if (scanned instanceof EventRecord.Scanned ok) {
				events.add(new ConsumedEvent(ok, position));
			}
			else {
				String reason = ((WireDecoding.Undecodable) scanned).reason();
				log.warn("dead-lettering the record at partition {} offset {}: {}", position.partition(),
						position.offset(), reason);
				poison.add(new PoisonRecord(position, record.key(), record.value(), reason));
			}
		}
		StoreResult result = store.store(new EventBatch(events, poison));
		batchSize.record(records.size());
		duplicates.increment(result.duplicates());
		deletedUsers.increment(result.deletedUsers());
		log.debug("batch of {} records: {} inserted, {} duplicates, {} dead-lettered", records.size(),
				result.inserted(), result.duplicates(), result.deadLettered());
	}

}
