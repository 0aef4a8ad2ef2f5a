package org.eventstream.ingest.adapter.out.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eventstream.ingest.application.port.out.EventsNotPublishedException;
import org.eventstream.model.EventFixture;
import org.eventstream.model.event.AcceptedEvent;
import org.eventstream.model.event.EventId;
import org.eventstream.model.event.EventId.IdSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventstream.model.TestEvents.event;

/**
 * The publisher against Kafka's own {@link MockProducer}, acknowledging records one by
 * one: a request is answered once every record of it is acknowledged or failed; and
 * {@code send} runs on the caller's thread only while the producer cannot block in it.
 */
class KafkaEventPublisherTest {

	private static final int BATCH_BYTES = 262_144;

	private static final int PARTITIONS = 6;

	private final MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
			new ByteArraySerializer());

	/** The producer's {@code buffer-available-bytes}. */
	private final AtomicLong bufferAvailable = new AtomicLong(64L << 20);

	private final AtomicInteger handedOff = new AtomicInteger();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final KafkaEventPublisher publisher = publisher(producer, InlineSendGate.ANSWERING, Duration.ofSeconds(30));

	@BeforeEach
	void bufferGauge() {
		producer.setMockMetrics(
				new MetricName("buffer-available-bytes", "producer-metrics", "", Map.of("client-id", "producer-1")),
				gauge(bufferAvailable));
	}

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

	@Test
	void sendsOnTheExecutorUntilAPublishIsAcknowledgedThenOnTheCallersThread() {
		publisher.publish(events(2));
		assertThat(handedOff).as("no acknowledgement yet: the producer may lack metadata").hasValue(1);
		producer.completeNext();
		producer.completeNext();

		CompletableFuture<Void> published = publisher.publish(events(2));

		assertThat(handedOff).hasValue(1);
		assertThat(producer.history()).hasSize(4);
		producer.completeNext();
		producer.completeNext();
		assertThat(published).isCompleted();
		assertThat(sends("request")).isEqualTo(1);
		assertThat(sends("send-executor")).isEqualTo(1);
	}

	@Test
	void handsOffAgainOnceAPublishFailsUntilOneIsAcknowledged() {
		acknowledgeOne();
		publisher.publish(events(1));
		producer.errorNext(new KafkaException("broker gone"));

		publisher.publish(events(1));
		assertThat(handedOff).hasValue(2);
		producer.completeNext();
		publisher.publish(events(1));

		assertThat(handedOff).hasValue(2);
	}

	@Test
	void handsOffWhileTheBufferLacksRoomForTheRecordsAndABatchPerPartition() {
		acknowledgeOne();
		bufferAvailable.set((long) BATCH_BYTES * PARTITIONS);
		publisher.publish(events(1));
		assertThat(handedOff).hasValue(2);

		bufferAvailable.set((long) BATCH_BYTES * PARTITIONS + 100_000);
		publisher.publish(events(1));
		assertThat(handedOff).hasValue(2);
	}

	@Test
	void handsOffWhenTheProducerShowsNoBuffer() {
		MockProducer<String, byte[]> bare = new MockProducer<>(false, null, new StringSerializer(),
				new ByteArraySerializer());
		KafkaEventPublisher onBare = publisher(bare, InlineSendGate.ANSWERING, Duration.ofSeconds(30));
		acknowledgeOne(onBare, bare);

		onBare.publish(events(1));

		assertThat(handedOff).hasValue(2);
	}

	@Test
	void handsOffOnceTheLastAcknowledgementIsOlderThanKafkaAnswering() {
		KafkaEventPublisher forgetful = publisher(producer, Duration.ZERO, Duration.ofSeconds(30));
		acknowledgeOne(forgetful, producer);

		forgetful.publish(events(1));

		assertThat(handedOff).hasValue(2);
	}

	@Test
	void handsOffOnceAPublishMissesItsDeadline() {
		KafkaEventPublisher hasty = publisher(producer, InlineSendGate.ANSWERING, Duration.ofMillis(50));
		acknowledgeOne(hasty, producer);
		CompletableFuture<Void> unanswered = hasty.publish(events(1));
		assertThat(handedOff).hasValue(1);

		assertThatThrownBy(unanswered::join).cause().hasMessageContaining("no acknowledgement within");
		hasty.publish(events(1));

		assertThat(handedOff).hasValue(2);
	}

	private void acknowledgeOne() {
		acknowledgeOne(publisher, producer);
	}

	/** The first publish, handed off (nothing acknowledged yet), then acknowledged. */
	private void acknowledgeOne(KafkaEventPublisher on, MockProducer<String, byte[]> producer) {
		on.publish(events(1));
		producer.completeNext();
		assertThat(handedOff).hasValue(1);
	}

	private KafkaEventPublisher publisher(MockProducer<String, byte[]> on, Duration answering, Duration deadline) {
		return new KafkaEventPublisher(() -> on, "events", deadline, task -> {
			handedOff.incrementAndGet();
			task.run();
		}, new InlineSendGate(answering, BATCH_BYTES, PARTITIONS), meters);
	}

	private double sends(String thread) {
		return meters.get("event_stream.ingest.kafka.sends").tag("thread", thread).counter().count();
	}

	private static Metric gauge(AtomicLong value) {
		return new Metric() {
			@Override
			public MetricName metricName() {
				return null;
			}

			@Override
			public Object metricValue() {
				return (double) value.get();
			}
		};
	}

	private static List<AcceptedEvent> events(int count) {
		Instant now = Instant.parse("2026-11-29T04:00:00Z");
		return IntStream.range(0, count)
			.mapToObj(i -> new AcceptedEvent(new EventId("e" + i, IdSource.CLIENT), event(EventFixture.pageView()), now,
					now))
			.toList();
	}

}
