package org.eventstream.ingest.integration;

import java.time.Duration;

import org.eventstream.model.EventFixture;
import org.eventstream.testinfra.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With its broker stopped, the API must answer 503 (never 2xx), quickly, and keep
 * answering.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestWithoutKafkaIntegrationTest {

	private static final TestInfrastructure.EmbeddedKafka BROKER = TestInfrastructure.privateKafka();

	private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> BROKER.endpoint().bootstrapServers());
		registry.add("event-stream.ingest.kafka.publish-timeout", () -> PUBLISH_TIMEOUT.toMillis() + "ms");
		registry.add("event-stream.ingest.kafka.topic", () -> "events-down");
	}

	@AfterAll
	static void stopBroker() {
		BROKER.close();
	}

	@LocalServerPort
	int port;

	@Test
	void answers503NotA2xxOnceTheBrokerIsGone() {
		WebTestClient web = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		post(web).expectStatus().isAccepted();
		web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();

		BROKER.close();

		web.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.components.kafka.status")
			.isEqualTo("DOWN");
		// alive: a Kafka outage must not restart the instance
		web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();

		for (int attempt = 0; attempt < 12; attempt++) {
			long start = System.nanoTime();
			post(web).expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.exists("Retry-After")
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("/problems/kafka-unavailable");
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(took).isLessThan(PUBLISH_TIMEOUT.plusSeconds(3));
		}
	}

	private static WebTestClient.ResponseSpec post(WebTestClient web) {
		return web.post()
			.uri("/events")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JsonMapper.builder().build().writeValueAsBytes(EventFixture.pageView().json()))
			.exchange();
	}

}
