package org.eventstream.ingest.adapter.in.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;

import org.eventstream.ingest.application.port.out.EventsNotPublishedException;
import org.eventstream.ingest.application.service.RecordingPublisher;
import org.eventstream.model.EventFixture;
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

@WebFluxTest(controllers = ImportController.class)
@Import({ IngestControllerTest.Wiring.class, ImportControllerTest.ImportWiring.class })
class ImportControllerTest {

	static final ImportLimits IMPORT_LIMITS = new ImportLimits(64 * 1024, 3, 1_000_000, 1, 2);

	static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	/** The ingest controller's wiring, and the import's limits. */
	@TestConfiguration(proxyBeanMethods = false)
	static class ImportWiring {

		@Bean
		ImportLimits importLimits() {
			return IMPORT_LIMITS;
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
	void acceptsTheValidLinesAndNamesTheRejectedOnesByLineNumber() {
		String body = ndjson(history("2009-02-13T23:31:30Z"), EventFixture.pageView(), history("2015-06-01T00:00:00Z"))
				+ "\n{not json\n" + ndjson(history("1999-12-31T00:00:00Z"), history("2020-01-01T00:00:00Z"));

		web.post()
			.uri("/events/import")
			.contentType(NDJSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.lines")
			.isEqualTo(7)
			.jsonPath("$.accepted")
			.isEqualTo(3)
			.jsonPath("$.rejected")
			.isEqualTo(3)
			.jsonPath("$.errors.length()")
			.isEqualTo(2)
			.jsonPath("$.errors[0].line")
			.isEqualTo(2)
			.jsonPath("$.errors[0].errors[0].message")
			.isEqualTo("an imported event needs its own time: timestamp or date")
			.jsonPath("$.errors[1].line")
			.isEqualTo(5)
			.jsonPath("$.errors_truncated")
			.isEqualTo(true);
		assertThat(publisher.published).extracting(event -> event.eventTime().toString())
			.containsExactly("2009-02-13T23:31:30Z", "2015-06-01T00:00:00Z", "2020-01-01T00:00:00Z");
	}

	@Test
	void theSameFileImportedTwiceGivesTheSameIds() {
		String body = ndjson(history("2019-03-01T10:00:00Z"), history("2019-03-01T10:00:01Z"));

		importing(body);
		importing(body);

		List<String> ids = publisher.published.stream().map(event -> event.id().value()).toList();
		assertThat(ids).hasSize(4);
		assertThat(ids.subList(2, 4)).isEqualTo(ids.subList(0, 2)).doesNotHaveDuplicates();
	}

	@Test
	void acceptsAGzipBody() throws IOException {
		web.post()
			.uri("/events/import")
			.contentType(NDJSON)
			.header("Content-Encoding", "gzip")
			.bodyValue(gzip(ndjson(history("2021-01-01T00:00:00Z")).getBytes(StandardCharsets.UTF_8)))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.accepted")
			.isEqualTo(1);
	}

	@Test
	void aBodyThatIsNotTheGzipItClaimsIsA400() {
		problem(web.post()
			.uri("/events/import")
			.contentType(NDJSON)
			.header("Content-Encoding", "gzip")
			.bodyValue(ndjson(history("2021-01-01T00:00:00Z"))), 400).jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).contains("not valid gzip"));
	}

	@Test
	void anImportOverItsSizeLimitStopsSayingHowFarItGot() throws IOException {
		List<EventFixture> events = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			events.add(history("2021-01-01T00:00:00Z").with("user_id", "user-" + i));
		}
		byte[] body = gzip(ndjson(events.toArray(EventFixture[]::new)).getBytes(StandardCharsets.UTF_8));

		problem(web.post().uri("/events/import").contentType(NDJSON).header("Content-Encoding", "gzip").bodyValue(body),
				413)
			.jsonPath("$.limit")
			.isEqualTo(IMPORT_LIMITS.maxBytes())
			.jsonPath("$.processed_through_line")
			.value(line -> assertThat(((Number) line).longValue()).isPositive()
				.isEqualTo(publisher.published.size())
				.isLessThan(1000));
	}

	@Test
	void aKafkaFailureMidImportIsA503WithRetryAfterAndTheLinesAlreadyAccepted() {
		String body = ndjson(history("2021-01-01T00:00:00Z"), history("2021-01-01T00:00:01Z"),
				history("2021-01-01T00:00:02Z"), history("2021-01-01T00:00:03Z"));
		publisher.answeringAfter(1, CompletableFuture
			.failedFuture(new EventsNotPublishedException(1, "broker down", Duration.ofSeconds(2), null)));

		web.post()
			.uri("/events/import")
			.contentType(NDJSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals("Retry-After", "2")
			.expectBody()
			.jsonPath("$.type")
			.value(type -> assertThat((String) type).endsWith("kafka-unavailable"))
			.jsonPath("$.processed_through_line")
			.isEqualTo(IMPORT_LIMITS.chunkEvents())
			.jsonPath("$.accepted")
			.isEqualTo(IMPORT_LIMITS.chunkEvents());
	}

	@Test
	void refusesAnotherMediaTypeAndAnEmptyImport() {
		web.post()
			.uri("/events/import")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(415);
		problem(web.post().uri("/events/import").contentType(NDJSON).bodyValue("\n\n"), 400);
	}

	private void importing(String body) {
		web.post().uri("/events/import").contentType(NDJSON).bodyValue(body).exchange().expectStatus().isAccepted();
	}

	private static EventFixture history(String date) {
		return EventFixture.pageView().with("date", date);
	}

	private static String ndjson(EventFixture... events) {
		StringBuilder text = new StringBuilder();
		for (EventFixture event : events) {
			text.append(JSON.writeValueAsString(event.json())).append('\n');
		}
		return text.toString();
	}

	private static byte[] gzip(byte[] bytes) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(bytes);
		}
		return out.toByteArray();
	}

	private static WebTestClient.BodyContentSpec problem(WebTestClient.RequestHeadersSpec<?> request, int status) {
		return request.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status);
	}

}
