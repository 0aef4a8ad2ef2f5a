package org.eventstream.ingest.integration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.eventstream.testinfra.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest API as deployed: keys required (anonymous access off), a write key with its
 * own limit; health and docs open; keys and payloads never in the logs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ApiAccessIntegrationTest {

	static final String WRITE_KEY = "wk-2f8e1c9a-very-secret";

	static final String PAYLOAD_MARKER = "payload-marker-7c41";

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) throws Exception {
		String hash = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(WRITE_KEY.getBytes(StandardCharsets.UTF_8)));
		registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("event-stream.ingest.kafka.topic", () -> "events-access-" + System.nanoTime());
		registry.add("event-stream.security.anonymous", () -> "false");
		registry.add("event-stream.security.write-keys", () -> "sdk=" + hash + ":1000,other=" + "ab".repeat(32));
	}

	@LocalServerPort
	int port;

	WebTestClient web;

	@BeforeEach
	void client() {
		web = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
	}

	@Test
	void eventsNeedAWriteKey(CapturedOutput output) {
		String event = "{\"name\":\"page_view\",\"channel_type\":\"web\",\"user_id\":\"" + PAYLOAD_MARKER + "\"}";

		web.post()
			.uri("/events")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(event)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/unauthorized");
		web.post()
			.uri("/events/batch")
			.header("X-API-Key", WRITE_KEY + "x")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"events\":[" + event + "]}")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		web.post()
			.uri("/events")
			.header("Authorization", "Bearer " + WRITE_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(event)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectHeader()
			.valueEquals("X-RateLimit-Limit", "1000")
			.expectHeader()
			.exists("X-RateLimit-Remaining");

		assertThat(output.getAll()).as("keys and payloads stay out of the logs")
			.doesNotContain(WRITE_KEY)
			.doesNotContain(PAYLOAD_MARKER);
	}

	@Test
	void healthMetricsAndDocsAreNotBehindKeys() {
		web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
		web.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
	}

}
