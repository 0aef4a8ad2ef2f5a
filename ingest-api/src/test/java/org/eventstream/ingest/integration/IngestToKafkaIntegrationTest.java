package org.eventstream.ingest.integration;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eventstream.model.EventFixture;
import org.eventstream.model.event.EventId.IdSource;
import org.eventstream.model.wire.EventWireFormat;
import org.eventstream.model.wire.EventWireFormat.WireDecoding;
import org.eventstream.testinfra.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestToKafkaIntegrationTest {

	private static final String TOPIC = "events-it-" + System.nanoTime();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("event-stream.ingest.kafka.topic", () -> TOPIC);
		registry.add("event-stream.ingest.kafka.partitions", () -> "3");
	}

	@LocalServerPort
	int port;

	WebTestClient web;

	@BeforeEach
	void client() {
		web = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
	}

	@Test
	void aPostedEventIsOnTheTopicKeyedByItsIdWithItsWireValue() {
		var recent = EventFixture.seedExample()
			.with("id", "it-single-1")
			.with("timestamp", java.time.Instant.now().toEpochMilli())
			.with("date", java.time.Instant.now().toString());
		String id = post("/events", recent, null).replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

		assertThat(id).isEqualTo("it-single-1");
		ConsumerRecord<String, byte[]> record = recordsWithKey(id, 1).get(0);
		var decoded = new EventWireFormat().decode(record.value());
		assertThat(decoded).isInstanceOfSatisfying(WireDecoding.Decoded.class, d -> {
			assertThat(d.event().id().source()).isEqualTo(IdSource.CLIENT);
			assertThat(d.event().event().eventParams()).hasSize(3);
			assertThat(d.event().event().items().get(0).revenueInUsd()).contains(59.98);
			assertThat(d.event().receivedAt()).isNotNull();
		});
	}

	@Test
	void resendingABatchWithTheSameIdempotencyKeyYieldsTheSameIds() {
		String key = "it-batch-" + System.nanoTime();
		String batch = "{\"events\":[" + json(EventFixture.pageView()) + ","
				+ json(EventFixture.pageView().with("channel_type", "mobile")) + "]}";

		String first = postRaw("/events/batch", batch, key);
		String resend = postRaw("/events/batch", batch, key);

		assertThat(resend).isEqualTo(first);
		List<String> ids = JSON.readValue(first, BatchIds.class).ids();
		assertThat(ids).hasSize(2).doesNotHaveDuplicates();
		for (String id : ids) {
			assertThat(recordsWithKey(id, 2)).hasSize(2);
		}
	}

	@Test
	void exportsTheProducersOwnMetrics() {
		postRaw("/events", json(EventFixture.pageView()), null);

		web.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value(metrics -> assertThat(metrics)
				.contains("kafka_producer_buffer_available_bytes{", "kafka_producer_request_latency_avg{")
				// both producers (the one that never waits refuses a context's first
				// send: no metadata yet), each with a client id of its own (two of one
				// id clash in JMX; the second then reads kafka_version "unknown")
				.contains("spring_id=\"immediateProducerFactory.", "spring_id=\"eventProducerFactory.")
				.doesNotContain("kafka_version=\"unknown\""));
	}

	@Test
	void createsTheTopicWithTheConfiguredPartitions() throws Exception {
		try (Admin admin = Admin.create(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers()))) {
			var description = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS);
			assertThat(description.get(TOPIC).partitions()).hasSize(3);
		}
	}

	@Test
	void servesSwaggerUiAtTheSeedsPathAndDocumentsBothEndpoints() {
		web.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody(String.class).value(docs -> {
			assertThat(docs).contains("\"/events\"", "\"/events/batch\"", "\"/events/import\"", "application/x-ndjson",
					"channel_type", "Idempotency-Key");
		});
		var swagger = web.get().uri("/swagger/index.html").exchange().returnResult(String.class);
		assertThat(swagger.getStatus().is2xxSuccessful() || swagger.getStatus().is3xxRedirection()).isTrue();
	}

	@Test
	void reportsHealthUp() {
		web.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

	record BatchIds(List<String> ids) {
	}

	private List<ConsumerRecord<String, byte[]>> recordsWithKey(String key, int expected) {
		return TopicReader.withKey(TestInfrastructure.kafka().bootstrapServers(), TOPIC, key, expected);
	}

	private String post(String path, EventFixture event, String key) {
		return postRaw(path, json(event), key);
	}

	private String postRaw(String path, String body, String key) {
		var request = web.post().uri(path).contentType(MediaType.APPLICATION_JSON);
		if (key != null) {
			request = request.header("Idempotency-Key", key);
		}
		byte[] response = request.bodyValue(body)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.returnResult()
			.getResponseBody();
		return new String(response, StandardCharsets.UTF_8);
	}

	private static String json(EventFixture event) {
		return JSON.writeValueAsString(event.json());
	}

}
