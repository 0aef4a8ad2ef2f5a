package org.eventstream.ingest.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eventstream.ingest.adapter.out.kafka.KafkaEventPublisher;
import org.eventstream.model.EventFixture;
import org.eventstream.model.event.AcceptedEvent;
import org.eventstream.model.event.EventId;
import org.eventstream.model.event.EventId.IdSource;
import org.eventstream.testinfra.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.eventstream.model.TestEvents.event;

/**
 * The publisher's two producers against a real broker: records go through the producer
 * that never waits, on the caller's thread, and only a send it refuses (no metadata yet)
 * goes to the executor's producer, which waits for it; nothing is lost or sent twice
 * either way.
 */
class PublishWithoutWaitingIntegrationTest {

	private static final TestInfrastructure.EmbeddedKafka BROKER = TestInfrastructure.privateKafka();

	private static final String SERVERS = BROKER.endpoint().bootstrapServers();

	private final DefaultKafkaProducerFactory<String, byte[]> immediate = factory(0);

	private final DefaultKafkaProducerFactory<String, byte[]> waiting = factory(10_000);

	private final ExecutorService pool = Executors.newSingleThreadExecutor();

	private final AtomicInteger handedToExecutor = new AtomicInteger();

	private final KafkaEventPublisher publisher = new KafkaEventPublisher(immediate, waiting, "published",
			Duration.ofSeconds(20), task -> {
				handedToExecutor.incrementAndGet();
				pool.execute(task);
			});

	@AfterAll
	static void stopBroker() {
		BROKER.close();
	}

	@Test
	void aSendThatWouldWaitForMetadataGoesToTheExecutorThenTheCallersThreadSuffices() throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SERVERS))) {
			admin.createTopics(List.of(new NewTopic("published", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		try {
			// the immediate producer has never asked for this topic's metadata: it
			// refuses
			// the first record at once, and that record and the next go to the executor
			publisher.publish(List.of(accepted("first-1"), accepted("first-2"))).get(30, TimeUnit.SECONDS);
			assertThat(handedToExecutor).as("the refused send handed over once").hasValue(1);

			// its metadata has arrived since (the refusal asked for it): every later
			// record
			// goes on the caller's thread
			awaitMetadata();
			publisher.publish(List.of(accepted("later-1"), accepted("later-2"), accepted("later-3")))
				.get(30, TimeUnit.SECONDS);
			assertThat(handedToExecutor).as("no hand-over once the producer has metadata").hasValue(1);

			for (String key : List.of("first-1", "first-2", "later-1", "later-2", "later-3")) {
				assertThat(TopicReader.withKey(SERVERS, "published", key, 1)).as(key).hasSize(1);
			}
		}
		finally {
			immediate.destroy();
			waiting.destroy();
			pool.shutdownNow();
		}
	}

	/**
	 * The immediate producer's metadata request, made by its refusal, answered
	 * ({@code partitionsFor} throws until then: it may not wait either).
	 */
	private void awaitMetadata() {
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> !immediate.createProducer().partitionsFor("published").isEmpty());
	}

	private static DefaultKafkaProducerFactory<String, byte[]> factory(int maxBlockMs) {
		return new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SERVERS, ProducerConfig.ACKS_CONFIG, "all",
						ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs),
				new StringSerializer(), new ByteArraySerializer());
	}

	private static AcceptedEvent accepted(String id) {
		Instant now = Instant.parse("2026-11-30T10:00:00Z");
		return new AcceptedEvent(new EventId(id, IdSource.CLIENT), event(EventFixture.pageView()), now, now);
	}

}
