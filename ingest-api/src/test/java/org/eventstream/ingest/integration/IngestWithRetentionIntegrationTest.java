package org.eventstream.ingest.integration;

import java.time.Duration;
import java.time.Instant;

import org.eventstream.testinfra.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With a retention ({@code EVENT_STREAM_RETENTION}), events older than it less a day are
 * refused: the store would soon forget their ids, and a resend would then be stored
 * again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestWithRetentionIntegrationTest {

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("event-stream.ingest.kafka.topic", () -> "events-retention-" + System.nanoTime());
		registry.add("event-stream.retention", () -> "30d");
	}

	@LocalServerPort
	int port;

	@Test
	void anEventOlderThanTheRetentionLessADayIsRefusedAndAYoungerOneAccepted() {
		WebTestClient web = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();

		post(web, Instant.now().minus(Duration.ofDays(29)).minus(Duration.ofMinutes(5))).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/date");
		post(web, Instant.now().minus(Duration.ofDays(28))).expectStatus().isAccepted();
	}

	private static WebTestClient.ResponseSpec post(WebTestClient web, Instant date) {
		return web.post()
			.uri("/events")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"page_view\",\"channel_type\":\"web\",\"user_id\":\"u1\",\"date\":\"" + date + "\"}")
			.exchange();
	}

}
