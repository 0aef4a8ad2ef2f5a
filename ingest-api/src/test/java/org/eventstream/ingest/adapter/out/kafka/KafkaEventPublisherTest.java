package org.eventstream.ingest.adapter.out.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eventstream.ingest.application.port.out.EventsNotPublishedException;
import org.eventstream.model.EventFixture;
import org.eventstream.model.event.AcceptedEvent;
import org.eventstream.model.event.EventId;
import org.eventstream.model.event.EventId.IdSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventstream.model.TestEvents.event;

/**
 * The publisher against Kafka's own {@link MockProducer}, acknowledging records one by
 * one: a request is answered once every record of it is acknowledged or failed.
 */
class KafkaEventPublisherTest {

	private final MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
			new ByteArraySerializer());

	private final KafkaEventPublisher publisher = new KafkaEventPublisher(() -> producer, () -> producer, "events",
			Duration.ofSeconds(30), Runnable::run);

	@Test
	void completesOnlyWhenEveryRecordIsAcknowledgedKeyedByItsId() {
		CompletableFuture<Void> published = publisher.publish(events(3));

		assertThat(producer.history()).extracting(record -> record.key()).containsExactly("e0", "e1", "e2");
		producer.completeNext();
		producer.completeNext();
		assertThat(published).isNotDone();
		producer.completeNext();
		assertThat(published).isCompleted();
	}

	@Test
	void failsOnceEveryRecordHasAnsweredWhenOneFailed() {
		CompletableFuture<Void> published = publisher.publish(events(3));

		producer.errorNext(new KafkaException("broker gone"));
		assertThat(published).as("two records still in flight").isNotDone();
		producer.completeNext();
		producer.completeNext();

		assertThatThrownBy(published::join).isInstanceOf(CompletionException.class)
			.cause()
			.isInstanceOf(EventsNotPublishedException.class)
			.hasMessageContaining("broker gone");
	}

	@Test
	void failsWhenTheProducerRefusesASendOutright() {
		producer.sendException = new KafkaException("producer closed");

		assertThatThrownBy(() -> publisher.publish(events(2)).join()).cause()
			.isInstanceOf(EventsNotPublishedException.class)
			.hasMessageContaining("producer closed");
	}

	@Test
	void completesAnEmptyRequestAtOnce() {
		assertThat(publisher.publish(List.of())).isCompleted();
	}

	private static List<AcceptedEvent> events(int count) {
		Instant now = Instant.parse("2026-11-29T04:00:00Z");
		return IntStream.range(0, count)
			.mapToObj(i -> new AcceptedEvent(new EventId("e" + i, IdSource.CLIENT), event(EventFixture.pageView()), now,
					now))
			.toList();
	}

}
