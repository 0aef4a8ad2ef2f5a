package org.eventstream.writer.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.clickhouse.client.api.Client;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eventstream.model.EventFixture;
import org.eventstream.model.TestEvents;
import org.eventstream.model.event.AcceptedEvent;
import org.eventstream.model.event.EventId.IdSource;
import org.eventstream.model.event.EventId;
import org.eventstream.model.wire.EventRecord;
import org.eventstream.model.wire.EventWireFormat;
import org.eventstream.store.ClickHouseConnection;
import org.eventstream.testinfra.ClickHouseEndpoint;
import org.eventstream.testinfra.FaultyTcpProxy;
import org.eventstream.testinfra.TestInfrastructure;
import org.eventstream.writer.EventWriterApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The writer against the real broker and the local ClickHouse, reached through a proxy
 * that can make ClickHouse look down or lose its answers. Each test uses ids of its own
 * prefix.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class EventWriterIntegrationTest {

	private static final String RUN = Long.toHexString(System.nanoTime());

	private static final String TOPIC = "events-writer-" + RUN;

	private static final String DEAD_LETTERS = TOPIC + ".dlt";

	private static final String DATABASE = "writer_" + RUN;

	private static final String GROUP = "event-writer-" + RUN;

	private static final FaultyTcpProxy PROXY;

	static {
		try {
			PROXY = FaultyTcpProxy.forUrl(TestInfrastructure.clickHouse().url());
			try (Admin admin = admin()) {
				admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
			}
		}
		catch (Exception ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		writerProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	/**
	 * The configuration of every writer instance of this test: the one Spring starts, and
	 * any second one.
	 */
	static Map<String, Object> writerProperties() {
		ClickHouseEndpoint clickHouse = TestInfrastructure.clickHouse();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", TestInfrastructure.kafka().bootstrapServers());
		properties.put("spring.kafka.consumer.group-id", GROUP);
		properties.put("spring.kafka.consumer.max-poll-records", "200");
		properties.put("spring.kafka.consumer.fetch-min-size", "1");
		properties.put("spring.kafka.consumer.fetch-max-wait", "100ms");
		properties.put("event-stream.writer.topic", TOPIC);
		properties.put("event-stream.writer.dead-letter-topic", DEAD_LETTERS);
		properties.put("event-stream.writer.insert-timeout", "5s");
		properties.put("event-stream.writer.retry-backoff-max", "1s");
		properties.put("event-stream.clickhouse.url", PROXY.url());
		properties.put("event-stream.clickhouse.user", clickHouse.user());
		properties.put("event-stream.clickhouse.password", clickHouse.password());
		properties.put("event-stream.clickhouse.database", DATABASE);
		return properties;
	}

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	MeterRegistry meters;

	private final EventWireFormat wire = new EventWireFormat();

	@AfterEach
	void healTheProxy() {
		PROXY.mode(FaultyTcpProxy.Mode.FORWARD);
	}

	@AfterAll
	static void closeProxy() {
		PROXY.close();
	}

	@Test
	void aProducedEventBecomesARowWithItsFieldsIntact() {
		produce(List.of(event("intact-1", EventFixture.seedExample())));

		awaitStored("intact-", 1);
		try (Client client = directClient()) {
			var row = client.queryAll("SELECT * FROM events WHERE event_id = 'intact-1'").get(0);
			assertThat(row.getString("device_browser_name")).isEqualTo("Safari");
			assertThat(row.getList("event_params")).hasSize(3);
			assertThat(row.getString("user_pseudo_id")).isEqualTo("pseudo-456");
		}
	}

	@Test
	void recordsOfEveryWireVersionBecomeTheSameRowAndATruncatedOneIsDeadLettered() {
		Instant now = Instant.now();
		AcceptedEvent binary = event("wire-binary", EventFixture.seedExample(), now);
		AcceptedEvent json = event("wire-json", EventFixture.seedExample(), now);
		// version 2 is version 3 without the four geo strings at its end
		// (EventWireFormatTest
		// reads one the tier wrote before geo)
		byte[] version3 = wire.encode(event("wire-v2", EventFixture.seedExample(), now));
		byte[] version2 = java.util.Arrays.copyOf(version3, version3.length - 4);
		version2[0] = EventRecord.VERSION_WITHOUT_GEO;
		AcceptedEvent located = event("wire-zgeo",
				EventFixture.seedExample()
					.with("geo", EventFixture.map("continent", "Europe", "country", "Germany", "region", "Bavaria")),
				now);
		byte[] truncated = wire.encode(event("wire-truncated", EventFixture.seedExample(), now));
		try (KafkaProducer<byte[], byte[]> producer = producer()) {
			producer.send(record(binary));
			producer.send(new ProducerRecord<>(TOPIC, json.id().value().getBytes(StandardCharsets.UTF_8),
					wire.encodeJson(json)));
			producer.send(new ProducerRecord<>(TOPIC, "wire-v2".getBytes(StandardCharsets.UTF_8), version2));
			producer.send(record(located));
			producer.send(new ProducerRecord<>(TOPIC, "wire-truncated".getBytes(StandardCharsets.UTF_8),
					java.util.Arrays.copyOf(truncated, truncated.length - 3)));
			producer.flush();
		}

		awaitStored("wire-", 4);
		try (Client client = directClient()) {
			// every column but the id and the position, as ClickHouse prints it
			var rows = client.queryAll("SELECT toString(tuple(* EXCEPT (event_id, kafka_partition, kafka_offset))) "
					+ "AS row, device_browser_name, geo_continent, geo_country, geo_region, geo_city FROM events "
					+ "WHERE event_id LIKE 'wire-%' ORDER BY event_id");
			assertThat(rows).hasSize(4);
			assertThat(rows.get(0).getString("device_browser_name")).isEqualTo("Safari");
			assertThat(rows.get(1).getString("row")).isEqualTo(rows.get(0).getString("row"));
			assertThat(rows.get(2).getString("row")).isEqualTo(rows.get(0).getString("row"));
			assertThat(List.of(rows.get(3).getString("geo_continent"), rows.get(3).getString("geo_country"),
					rows.get(3).getString("geo_region"), rows.get(3).getString("geo_city")))
				.containsExactly("Europe", "Germany", "Bavaria", "");
		}
		var parked = readDeadLetters(records -> records.stream()
			.anyMatch(record -> "wire-truncated".equals(new String(record.key(), StandardCharsets.UTF_8))));
		assertThat(parked)
			.filteredOn(record -> "wire-truncated".equals(new String(record.key(), StandardCharsets.UTF_8)))
			.first()
			.satisfies(record -> assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
				.contains("malformed binary record"));
	}

	@Test
	void consumingTheSameOffsetsTwiceLeavesCountsUnchanged() throws Exception {
		produce(events("replay-", 300));
		awaitStored("replay-", 300);
		awaitNoLag();

		MessageListenerContainer container = listeners.getListenerContainer("event-writer");
		container.stop();
		rewindGroupToTheBeginning();
		container.start();

		awaitNoLag();
		assertThat(stored("replay-")).isEqualTo(300);
	}

	@Test
	void eventsResentLaterWithTheSameIdsAreCountedOnce() {
		produce(events("resent-", 50));
		awaitStored("resent-", 50);

		produce(events("resent-", 50));
		produce(events("resent-late-", 5));

		awaitStored("resent-late-", 5);
		awaitNoLag();
		assertThat(stored("resent-")).isEqualTo(55);
	}

	@Test
	void aPoisonRecordIsDeadLetteredWhileItsNeighboursAreWritten() {
		try (KafkaProducer<byte[], byte[]> producer = producer()) {
			producer.send(record(event("poison-1", EventFixture.pageView())));
			producer.send(new ProducerRecord<>(TOPIC, 0, "bad".getBytes(), "{not json".getBytes()));
			producer.send(record(event("poison-2", EventFixture.pageView())));
			producer.flush();
		}

		awaitStored("poison-", 2);
		// a batch redone after a failure parks its poison again: the topic is at least
		// once
		List<ConsumerRecord<byte[], byte[]>> parked = readDeadLetters(records -> records.stream()
			.anyMatch(record -> "bad".equals(new String(record.key(), StandardCharsets.UTF_8))));
		assertThat(parked).filteredOn(record -> "bad".equals(new String(record.key(), StandardCharsets.UTF_8)))
			.first()
			.satisfies(record -> {
				assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
				assertThat(header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(TOPIC);
				assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("not a JSON object");
				assertThat(header(record, KafkaHeaders.DLT_ORIGINAL_OFFSET)).isNotBlank();
			});
	}

	@Test
	void clickHouseDownAndBackLosesNothing() {
		PROXY.mode(FaultyTcpProxy.Mode.REFUSE);
		produce(events("outage-", 200));

		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> stored("outage-") == 0);
		PROXY.mode(FaultyTcpProxy.Mode.FORWARD);

		awaitStored("outage-", 200);
		awaitNoLag();
		assertThat(stored("outage-")).isEqualTo(200);
	}

	@Test
	void insertsWhoseAcknowledgementWasLostAreNotCountedTwice() {
		PROXY.mode(FaultyTcpProxy.Mode.LOSE_INSERT_RESPONSES);
		int lostBefore = PROXY.lostResponses();
		produce(events("lost-ack-", 100));

		// ClickHouse stored the rows, but the writer never heard it: it retries, and must
		// not store them twice
		await().atMost(Duration.ofSeconds(30)).until(() -> PROXY.lostResponses() > lostBefore);
		assertThat(stored("lost-ack-")).isPositive();
		PROXY.mode(FaultyTcpProxy.Mode.FORWARD);

		awaitStored("lost-ack-", 100);
		awaitNoLag();
		assertThat(stored("lost-ack-")).isEqualTo(100);
	}

	@Test
	void aWriterStoppedMidStreamAndRestartedLeavesExactCounts() {
		MessageListenerContainer container = listeners.getListenerContainer("event-writer");
		for (int round = 0; round < 4; round++) {
			produce(events("restart-" + round + "-", 250));
			container.stop();
			container.start();
		}

		awaitNoLag();
		for (int round = 0; round < 4; round++) {
			assertThat(stored("restart-" + round + "-")).isEqualTo(250);
		}
	}

	@Test
	void aSecondWriterJoiningAndLeavingTheGroupLosesAndDuplicatesNothing() {
		produce(events("scale-before-", 300));
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(EventWriterApplication.class)
			.web(WebApplicationType.NONE)
			.run(writerProperties().entrySet()
				.stream()
				.map(property -> "--" + property.getKey() + "=" + property.getValue())
				.toArray(String[]::new))) {
			produce(events("scale-during-", 600));
			awaitStored("scale-during-", 600);
		}
		produce(events("scale-after-", 300));

		awaitNoLag();
		assertThat(stored("scale-before-")).isEqualTo(300);
		assertThat(stored("scale-during-")).isEqualTo(600);
		assertThat(stored("scale-after-")).isEqualTo(300);
	}

	@Test
	void reportsBatchSizesRowsAndConsumerLagAsMetrics() throws InterruptedException {
		produce(events("metered-", 20));
		awaitStored("metered-", 20);

		// the rows are visible in ClickHouse a moment before the writer's thread counts
		// them
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
		while (meters.get("event_stream.writer.rows.written").counter().count() < 20 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(meters.get("event_stream.writer.batch.size").summary().count()).isPositive();
		assertThat(meters.get("event_stream.writer.rows.written").counter().count()).isGreaterThanOrEqualTo(20);
		assertThat(meters.get("event_stream.writer.insert.latency").timer().count()).isPositive();
		assertThat(meters.find("kafka.consumer.fetch.manager.records.lag.max").meters()).isNotEmpty();
	}

	private List<AcceptedEvent> events(String prefix, int count) {
		List<AcceptedEvent> events = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			events.add(event(prefix + i, EventFixture.pageView().withUser("user-" + (i % 7))));
		}
		return events;
	}

	private static AcceptedEvent event(String id, EventFixture fixture) {
		return event(id, fixture, Instant.now());
	}

	private static AcceptedEvent event(String id, EventFixture fixture, Instant now) {
		return new AcceptedEvent(new EventId(id, IdSource.CLIENT), TestEvents.event(fixture.with("id", id)), now, now);
	}

	private void produce(List<AcceptedEvent> events) {
		try (KafkaProducer<byte[], byte[]> producer = producer()) {
			events.forEach(event -> producer.send(record(event)));
			producer.flush();
		}
	}

	private ProducerRecord<byte[], byte[]> record(AcceptedEvent event) {
		return new ProducerRecord<>(TOPIC, event.id().value().getBytes(StandardCharsets.UTF_8), wire.encode(event));
	}

	private static KafkaProducer<byte[], byte[]> producer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestInfrastructure.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
				new ByteArraySerializer(), new ByteArraySerializer());
	}

	private static Admin admin() {
		return Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers()));
	}

	private static void awaitStored(String prefix, long expected) {
		await().atMost(Duration.ofSeconds(60)).until(() -> stored(prefix) >= expected);
	}

	/** Waits until the writer committed everything in the topic. */
	private static void awaitNoLag() {
		await().atMost(Duration.ofSeconds(60)).until(() -> lag() == 0);
	}

	private static long lag() throws Exception {
		try (Admin admin = admin()) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
				.partitionsToOffsetAndMetadata()
				.get(10, TimeUnit.SECONDS);
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (int partition = 0; partition < 3; partition++) {
				latest.put(new TopicPartition(TOPIC, partition), OffsetSpec.latest());
			}
			long lag = 0;
			for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
				OffsetAndMetadata done = committed.get(end.getKey());
				lag += end.getValue().offset() - (done == null ? 0 : done.offset());
			}
			return lag;
		}
	}

	private static void rewindGroupToTheBeginning() throws Exception {
		Map<TopicPartition, OffsetAndMetadata> beginning = new HashMap<>();
		for (int partition = 0; partition < 3; partition++) {
			beginning.put(new TopicPartition(TOPIC, partition), new OffsetAndMetadata(0));
		}
		try (Admin admin = admin()) {
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
				admin.alterConsumerGroupOffsets(GROUP, beginning).all().get(10, TimeUnit.SECONDS);
				return true;
			});
		}
	}

	private static long stored(String prefix) {
		try (Client client = directClient()) {
			return client
				.queryAll("SELECT count() AS n FROM events WHERE startsWith(event_id, {p:String})", Map.of("p", prefix))
				.get(0)
				.getLong("n");
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	/** Bypasses the proxy: the test's own view of ClickHouse. */
	private static Client directClient() {
		ClickHouseEndpoint clickHouse = TestInfrastructure.clickHouse();
		return ClickHouseConnection.of(clickHouse.url(), clickHouse.user(), clickHouse.password(), DATABASE)
			.newClient();
	}

	private static List<ConsumerRecord<byte[], byte[]>> readDeadLetters(
			java.util.function.Predicate<List<ConsumerRecord<byte[], byte[]>>> enough) {
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + RUN, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
						"earliest"),
				new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(Set.of(DEAD_LETTERS));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
				return enough.test(records);
			});
		}
		return records;
	}

	private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
		var header = record.headers().lastHeader(name);
		return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
	}

}
