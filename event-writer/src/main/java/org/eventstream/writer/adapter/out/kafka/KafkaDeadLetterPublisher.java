package org.eventstream.writer.adapter.out.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eventstream.writer.application.port.in.PoisonRecord;
import org.eventstream.writer.application.port.out.DeadLetterPort;
import org.eventstream.writer.application.port.out.DeadLetterUnavailableException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Parks poison records in the dead-letter topic, key and value unchanged, with Spring
 * Kafka's standard DLT headers: the original topic, partition and offset, the reason, and
 * when it failed. Waits for {@code acks=all}.
 */
public final class KafkaDeadLetterPublisher implements DeadLetterPort {

	private final KafkaTemplate<byte[], byte[]> kafka;

	private final String sourceTopic;

	private final String deadLetterTopic;

	private final Counter deadLettered;

	public KafkaDeadLetterPublisher(KafkaTemplate<byte[], byte[]> kafka, String sourceTopic, String deadLetterTopic,
			MeterRegistry meters) {
		this.kafka = kafka;
		this.sourceTopic = sourceTopic;
		this.deadLetterTopic = deadLetterTopic;
		this.deadLettered = Counter.builder("event_stream.writer.dead_lettered")
			.description("Records parked in the dead-letter topic")
			.register(meters);
	}

	@Override
	public void deadLetter(List<PoisonRecord> records) {
		CompletableFuture<?>[] acks = records.stream().map(this::send).toArray(CompletableFuture[]::new);
		try {
			CompletableFuture.allOf(acks).get(30, TimeUnit.SECONDS);
			deadLettered.increment(records.size());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DeadLetterUnavailableException("interrupted while dead-lettering", ex);
		}
		catch (Exception ex) {
			throw new DeadLetterUnavailableException(
					"the dead-letter topic " + deadLetterTopic + " did not acknowledge " + records.size() + " records",
					ex);
		}
	}

	private CompletableFuture<?> send(PoisonRecord poison) {
		ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(deadLetterTopic, poison.key(), poison.value());
		header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC, sourceTopic);
		header(record, KafkaHeaders.DLT_ORIGINAL_PARTITION, Integer.toString(poison.position().partition()));
		header(record, KafkaHeaders.DLT_ORIGINAL_OFFSET, Long.toString(poison.position().offset()));
		header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE, poison.reason());
		header(record, KafkaHeaders.DLT_EXCEPTION_FQCN, "org.eventstream.model.wire.EventWireFormat.Undecodable");
		header(record, "event_stream_failed_at", Instant.now().toString());
		return kafka.send(record);
	}

	private static void header(ProducerRecord<byte[], byte[]> record, String name, String value) {
		record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
	}

}
