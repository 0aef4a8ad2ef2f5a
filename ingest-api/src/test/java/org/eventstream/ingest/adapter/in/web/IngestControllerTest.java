package org.eventstream.ingest.adapter.in.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;

import org.eventstream.ingest.application.port.in.IngestEventsUseCase;
import org.eventstream.ingest.application.port.out.EventsNotPublishedException;
import org.eventstream.ingest.application.port.out.GeoLocationPort;
import org.eventstream.ingest.application.service.InFlightEvents;
import org.eventstream.ingest.application.service.IngestEventsService;
import org.eventstream.ingest.application.service.RecordingPublisher;
import org.eventstream.model.EventFixture;
import org.eventstream.model.identity.EventIdentifier;
import org.eventstream.model.time.EventTimePolicy;
import org.eventstream.model.validation.EventLimits;
import org.eventstream.model.validation.EventReader;
import org.eventstream.web.access.ClientAddress;
import org.eventstream.web.problem.ProblemJsonExceptionHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

@WebFluxTest(controllers = IngestController.class)
@Import(IngestControllerTest.Wiring.class)
class IngestControllerTest {

	static final RequestLimits LIMITS = new RequestLimits(16 * 1024, 5, 2048, 8, 4096, 64);

	@TestConfiguration(proxyBeanMethods = false)
	static class Wiring {

		@Bean
		RecordingPublisher recordingPublisher() {
			return new RecordingPublisher();
		}

		@Bean
		IngestEventsUseCase ingestEventsUseCase(RecordingPublisher publisher) {
			return new IngestEventsService(Clock.systemUTC(), new EventReader(EventLimits.DEFAULTS),
					EventTimePolicy.DEFAULTS, EventIdentifier.withRandomUuids(), publisher, new InFlightEvents(1000),
					GeoLocationPort.NONE);
		}

		@Bean
		ClientAddress clientAddress() {
			return new ClientAddress(List.of());
		}

		@Bean
		RequestLimits requestLimits() {
			return LIMITS;
		}

		@Bean
		ProblemJsonExceptionHandler problemJsonExceptionHandler() {
			return new ProblemJsonExceptionHandler(IngestProblems::of);
		}

	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	WebTestClient web;

	@Autowired
	RecordingPublisher publisher;

	@BeforeEach
	void resetPublisher() {
		publisher.published.clear();
		publisher.answering(CompletableFuture.completedFuture(null));
	}

	@Test
	void acceptsTheSeedsSingleEventWithItsId() {
		web.post()
			.uri("/events")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json(EventFixture.pageView().with("id", "evt-1")))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.json("{\"id\":\"evt-1\"}", true);
		assertThat(publisher.published).hasSize(1);
	}

	@Test
	void acceptsJsonSentAsTextPlainLikeSendBeacon() {
		web.post()
			.uri("/events")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue(json(EventFixture.pageView()))
			.exchange()
			.expectStatus()
			.isAccepted();
	}

	@Test
	void acceptsAGzipBody() throws IOException {
		web.post()
			.uri("/events/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Content-Encoding", "gzip")
			.bodyValue(gzip(batch(EventFixture.pageView(), EventFixture.pageView())))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.ids.length()")
			.isEqualTo(2);
	}

	@Test
	void refusesAGzipBombOnceItExpandsPastTheBodyLimit() throws IOException {
		byte[] bomb = gzip(new byte[LIMITS.maxBodyBytes() * 64]);
		assertThat(bomb.length).isLessThan(LIMITS.maxBodyBytes());

		problem(web.post()
			.uri("/events")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Content-Encoding", "gzip")
			.bodyValue(bomb), 413).jsonPath("$.limit").isEqualTo(LIMITS.maxBodyBytes());
	}

	@Test
	void refusesABodyOverTheLimitNamingIt() {
		byte[] large = ("{\"name\":\"" + "x".repeat(LIMITS.maxBodyBytes()) + "\"}").getBytes(StandardCharsets.UTF_8);

		problem(web.post().uri("/events").contentType(MediaType.APPLICATION_JSON).bodyValue(large), 413)
			.jsonPath("$.limit")
			.isEqualTo(LIMITS.maxBodyBytes())
			.jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).contains(Integer.toString(LIMITS.maxBodyBytes())));
	}

	@Test
	void reportsWhereTheJsonIsMalformed() {
		problem(web.post().uri("/events").contentType(MediaType.APPLICATION_JSON).bodyValue("{\n  \"name\": }"), 400)
			.jsonPath("$.type")
			.isEqualTo("/problems/malformed-json")
			.jsonPath("$.line")
			.isEqualTo(2)
			.jsonPath("$.column")
			.isNumber();
		assertThat(publisher.published).isEmpty();
	}

	@Test
	void refusesDuplicateKeysAndExcessiveNesting() {
		problem(web.post()
			.uri("/events")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"a\",\"name\":\"b\",\"channel_type\":\"web\"}"), 400).jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).contains("Duplicate"));
		problem(web.post()
			.uri("/events")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"device\":" + "[".repeat(20) + "]".repeat(20) + "}"), 400).jsonPath("$.type")
			.isEqualTo("/problems/malformed-json");
	}

	@Test
	void reportsEveryProblemOfAnInvalidEvent() {
		problem(web.post()
			.uri("/events")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json(EventFixture.pageView().without("name").with("channel_type", "radio"))), 400)
			.jsonPath("$.type")
			.isEqualTo("/problems/invalid-event")
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/name")
			.jsonPath("$.errors[1].pointer")
			.isEqualTo("/channel_type")
			.jsonPath("$.errors[1].message")
			.isEqualTo("must be one of: web, mobile, desktop, tv, console, other");
	}

	@Test
	void acceptsTheValidEventsOfABatchAndListsTheRejectedOnes() {
		web.post()
			.uri("/events/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(batch(EventFixture.pageView().with("id", "a"), EventFixture.pageView().without("channel_type"),
					EventFixture.pageView().with("id", "c")))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.ids")
			.isEqualTo(java.util.Arrays.asList("a", null, "c"))
			.jsonPath("$.rejected[0].index")
			.isEqualTo(1)
			.jsonPath("$.rejected[0].errors[0].pointer")
			.isEqualTo("/channel_type");
		assertThat(publisher.published).extracting(event -> event.id().value()).containsExactly("a", "c");
	}

	@Test
	void aBatchWithoutAValidEventIsABadRequest() {
		problem(web.post()
			.uri("/events/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(batch(EventFixture.pageView().without("name"), EventFixture.pageView().with("user_id", 1))), 400)
			.jsonPath("$.rejected.length()")
			.isEqualTo(2);
		assertThat(publisher.published).isEmpty();
	}

	@Test
	void refusesABatchOverTheEventCountNamingTheLimit() {
		EventFixture[] events = new EventFixture[LIMITS.maxEventsPerBatch() + 1];
		java.util.Arrays.fill(events, EventFixture.pageView());

		problem(web.post().uri("/events/batch").contentType(MediaType.APPLICATION_JSON).bodyValue(batch(events)), 413)
			.jsonPath("$.limit")
			.isEqualTo(LIMITS.maxEventsPerBatch());
	}

	@Test
	void rejectsAnEventOverTheByteLimitAndKeepsItsNeighbours() {
		var large = EventFixture.pageView().with("user_pseudo_id", "p".repeat(LIMITS.maxEventBytes()));

		web.post()
			.uri("/events/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(batch(EventFixture.pageView(), large))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.rejected[0].index")
			.isEqualTo(1)
			.jsonPath("$.rejected[0].errors[0].message")
			.value(message -> assertThat((String) message).contains("limit is " + LIMITS.maxEventBytes()));
	}

	@Test
	void refusesMalformedBatchEnvelopes() {
		for (String body : List.of("[]", "{}", "{\"events\": []}", "{\"events\": {}}", "{\"events\": [], \"x\": 1}")) {
			problem(web.post().uri("/events/batch").contentType(MediaType.APPLICATION_JSON).bodyValue(body), 400);
		}
	}

	@Test
	void validateOnlyAnswersLikeTheRealCallButPublishesNothing() {
		web.post()
			.uri("/events?validate_only=true")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json(EventFixture.pageView().with("id", "dry")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"id\":\"dry\"}", true);
		assertThat(publisher.published).isEmpty();
	}

	@Test
	void theIdempotencyKeyMakesIdsReproducibleAndMustBeWellFormed() {
		String first = idOf(web.post().uri("/events").header("Idempotency-Key", "req-1"));
		String again = idOf(web.post().uri("/events").header("Idempotency-Key", "req-1"));
		assertThat(again).isEqualTo(first);

		problem(web.post()
			.uri("/events")
			.header("Idempotency-Key", "has space")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json(EventFixture.pageView())), 400);
	}

	@Test
	void answers503WithRetryAfterWhenKafkaDoesNotAcknowledge() {
		publisher.answering(CompletableFuture.failedFuture(
				new EventsNotPublishedException(1, "no acknowledgement within PT10S", Duration.ofSeconds(7), null)));

		web.post()
			.uri("/events")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json(EventFixture.pageView()))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals("Retry-After", "7")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/kafka-unavailable");
	}

	@Test
	void answersProblemsForUnknownPathsMethodsMediaTypesAndEncodings() {
		problem(web.get().uri("/nowhere"), 404);
		problem(web.get().uri("/events"), 405);
		problem(web.post().uri("/events").contentType(MediaType.APPLICATION_XML).bodyValue("<event/>"), 415);
		problem(web.post()
			.uri("/events")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Content-Encoding", "br")
			.bodyValue(json(EventFixture.pageView())), 415);
		problem(web.post()
			.uri("/events?validate_only=perhaps")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json(EventFixture.pageView())), 400);
		problem(web.post().uri("/events").contentType(MediaType.APPLICATION_JSON), 400);
	}

	private String idOf(WebTestClient.RequestBodySpec request) {
		return new String(request.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json(EventFixture.pageView()))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.returnResult()
			.getResponseBody(), StandardCharsets.UTF_8).replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
	}

	private static WebTestClient.BodyContentSpec problem(WebTestClient.RequestHeadersSpec<?> request, int status) {
		return request.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status)
			.jsonPath("$.title")
			.isNotEmpty();
	}

	static byte[] json(EventFixture event) {
		return JSON.writeValueAsBytes(event.json());
	}

	static byte[] batch(EventFixture... events) {
		return JSON.writeValueAsBytes(
				java.util.Map.of("events", java.util.Arrays.stream(events).map(EventFixture::json).toList()));
	}

	static byte[] gzip(byte[] bytes) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(bytes);
		}
		return out.toByteArray();
	}

}
