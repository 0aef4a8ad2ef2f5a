package org.eventstream.ingest.integration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.eventstream.model.EventFixture;
import org.eventstream.testinfra.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ingest-api's own routes ({@code IngestRoutes}, on Reactor Netty) answer every request
 * exactly as WebFlux answers it: the same requests go to the service's port, where the
 * routes serve {@code POST /events} and {@code /events/batch}, and to a second server
 * that runs only the same context's WebFlux handler (the same controller, filters and
 * problem handler); status, headers and body must be equal, byte for byte.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestRoutesTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("event-stream.ingest.kafka.topic", () -> "events-routes-" + System.nanoTime());
		registry.add("event-stream.ingest.limits.max-body-size", () -> "16KB");
		registry.add("event-stream.ingest.limits.max-events-per-batch", () -> "5");
		registry.add("event-stream.ingest.limits.max-event-size", () -> "2KB");
		registry.add("event-stream.security.anonymous", () -> "false");
		registry.add("event-stream.security.write-keys", () -> "w1=" + sha256("w1") + ",limited=" + sha256("limited")
				+ ":1,page=" + sha256("page") + "@https://shop.example");
		registry.add("event-stream.security.cors-allowed-origins", () -> "https://shop.example,https://*.example.org");
	}

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	MeterRegistry meters;

	private static DisposableServer webflux;

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@AfterAll
	static void stopWebFlux() {
		if (webflux != null) {
			webflux.disposeNow();
		}
	}

	private int webfluxPort() {
		if (webflux == null) {
			webflux = HttpServer.create()
				.host("127.0.0.1")
				.port(0)
				.handle(new ReactorHttpHandlerAdapter(WebHttpHandlerBuilder.applicationContext(context).build()))
				.bindNow();
		}
		return webflux.port();
	}

	@Test
	void acceptedEventsAndBatchesAreAnsweredAsWebFluxAnswersThem() throws Exception {
		byte[] event = json(EventFixture.pageView().json());
		sameAnswer(post("/events", event).key("w1").idempotencyKey("same-1"), 202);
		sameAnswer(post("/events", event).key("w1").idempotencyKey("same-2").contentType("text/plain;charset=UTF-8"),
				202);
		sameAnswer(post("/events", gzip(event)).key("w1").idempotencyKey("same-3").header("Content-Encoding", "gzip"),
				202);
		sameAnswer(post("/events?validate_only=true", event).key("w1").idempotencyKey("same-4"), 200);
		sameAnswer(post("/events?validate_only=false", event).key("w1").idempotencyKey("same-5"), 202);
		sameAnswer(post("/events", event).key("w1").idempotencyKey("same-6").header("Accept", "application/json"), 202);
		sameAnswer(post("/events", event).key("w1").idempotencyKey("same-7").header("Accept", "*/*"), 202);
		sameAnswer(post("/events/batch", batch(EventFixture.pageView().json(),
				EventFixture.pageView().without("name").json(), EventFixture.pageView().json()))
			.key("w1")
			.idempotencyKey("same-8"), 202);
		sameAnswer(post("/events/batch", batch(EventFixture.pageView().json())).header("Authorization", "Bearer w1")
			.idempotencyKey("same-9"), 202);
	}

	@Test
	void refusedRequestsGetTheSameProblems() throws Exception {
		byte[] event = json(EventFixture.pageView().json());
		sameAnswer(post("/events", "{\"event_name\": ".getBytes(StandardCharsets.UTF_8)).key("w1"), 400);
		sameAnswer(post("/events", "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)).key("w1"), 400);
		sameAnswer(post("/events", json(EventFixture.pageView().without("name").json())).key("w1"), 400);
		sameAnswer(post("/events", new byte[0]).key("w1"), 400);
		sameAnswer(post("/events", new byte[] { '{', (byte) 0xC3, '}' }).key("w1"), 400);
		sameAnswer(post("/events", new byte[20_000]).key("w1"), 413);
		sameAnswer(post("/events", gzip(new byte[200_000])).key("w1").header("Content-Encoding", "gzip"), 413);
		sameAnswer(post("/events", event).key("w1").header("Content-Encoding", "br"), 415);
		sameAnswer(post("/events", event).key("w1").idempotencyKey("has spaces"), 400);
		sameAnswer(post("/events/batch", "{\"events\": {}}".getBytes(StandardCharsets.UTF_8)).key("w1"), 400);
		sameAnswer(post("/events/batch", batch(EventFixture.pageView().without("name").json())).key("w1"), 400);
		Object[] six = new Object[6];
		Arrays.fill(six, EventFixture.pageView().json());
		sameAnswer(post("/events/batch", batch(six)).key("w1"), 413);
	}

	@Test
	void keysAndOriginsAreCheckedAsWebFluxChecksThem() throws Exception {
		byte[] event = json(EventFixture.pageView().json());
		sameAnswer(post("/events", event), 401);
		sameAnswer(post("/events", event).key("wrong"), 401);
		sameAnswer(post("/events", event).key("w1").header("Authorization", "Bearer page"), 401);
		sameAnswer(post("/events", event).header("Authorization", "Basic dzE="), 401);
		sameAnswer(post("/events?write_key=w1", event), 401);
		sameAnswer(post("/events?write_key=page", event).idempotencyKey("origin-1")
			.header("Origin", "https://shop.example"), 202);
		sameAnswer(post("/events?write_key=page", event).header("Origin", "https://other.example"), 403);
		sameAnswer(post("/events", event).key("page"), 403);
		sameAnswer(
				post("/events", event).key("w1").idempotencyKey("origin-2").header("Origin", "https://a.example.org"),
				202);
		sameAnswer(post("/events", event).key("w1").header("Origin", "https://evil.example"), 403);
		sameAnswer(post("/events", event).key("w1").header("Origin", "not a url at all"), 403);
	}

	@Test
	void overTheRateLimitBothWaysAnswer429() throws Exception {
		byte[] event = json(EventFixture.pageView().json());
		Request request = post("/events", event).key("limited").idempotencyKey("limited-1");
		Answer first = send(request, port);
		Answer second = send(request, port);
		Answer third = send(request, webfluxPort());
		assertThat(first.status()).isEqualTo(202);
		assertThat(second.status()).isEqualTo(429);
		// the same second's window, unless it just turned
		if (third.status() == 429) {
			assertThat(second).isEqualTo(third);
		}
	}

	@Test
	void requestsOfAnotherShapeStillGetWebFluxsAnswers() throws Exception {
		byte[] event = json(EventFixture.pageView().json());
		sameAnswer(post("/events", event).key("w1").contentType("application/xml"), 415);
		sameAnswer(post("/events", event).key("w1").header("Accept", "text/html"), 406);
		sameAnswer(post("/events?validate_only=perhaps", event).key("w1"), 400);
		sameAnswer(post("/events/", event).key("w1"), 404);
		sameAnswer(new Request("PUT", "/events", event, new ArrayList<>()).key("w1").contentType("application/json"),
				405);
	}

	@Test
	void theRoutesRequestsAreTimedLikeWebFluxs() throws Exception {
		send(post("/events", json(EventFixture.pageView().json())).key("w1").idempotencyKey("timed-1"), port);
		send(post("/events", json(EventFixture.pageView().json())).key("wrong"), port);
		send(new Request("GET", "/actuator/health", null, new ArrayList<>()), port);
		send(new Request("POST", "/events/import", new byte[0], new ArrayList<>()).key("wrong")
			.contentType("application/x-ndjson"), port);

		// WebFlux's observation stops once the answer is written: the client may be first
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Timer accepted = meters.find("http.server.requests").tag("uri", "/events").tag("status", "202").timer();
			Timer refused = meters.find("http.server.requests").tag("uri", "/events").tag("status", "401").timer();
			Timer health = meters.find("http.server.requests").tag("uri", "/actuator/health").timer();
			// WebFlux tags a request its filters refuse "UNKNOWN" (no handler was mapped
			// yet); the routes know theirs, so this timer is the routes' own
			Timer importRefused = meters.find("http.server.requests")
				.tag("status", "401")
				.timers()
				.stream()
				.filter(timer -> !timer.getId().getTag("uri").startsWith("/events"))
				.findFirst()
				.orElseThrow();
			assertThat(refused).isNotNull();
			assertThat(accepted).isNotNull();
			assertThat(accepted.count()).isPositive();
			assertThat(tagKeys(accepted)).isEqualTo(tagKeys(health));
			assertThat(accepted.getId().getTag("outcome")).isEqualTo("SUCCESS");
			assertThat(accepted.getId().getTag("exception")).isEqualTo("none");
			assertThat(refused.getId().getTag("outcome")).isEqualTo(importRefused.getId().getTag("outcome"));
			assertThat(refused.getId().getTag("exception")).isEqualTo(importRefused.getId().getTag("exception"));
			assertThat(refused.getId().getTag("error")).isEqualTo(importRefused.getId().getTag("error"));
		});
	}

	private static List<String> tagKeys(Timer timer) {
		return timer.getId().getTags().stream().map(Tag::getKey).sorted().toList();
	}

	private void sameAnswer(Request request, int status) throws Exception {
		Answer routed = send(request, port);
		Answer viaWebFlux = send(request, webfluxPort());
		assertThat(routed.status()).as(request.describe()).isEqualTo(status);
		assertThat(routed).as(request.describe()).isEqualTo(viaWebFlux);
	}

	/**
	 * Status, headers (but the date and how many requests this second has left), body.
	 */
	record Answer(int status, Map<String, List<String>> headers, String body) {
	}

	private static Answer send(Request request, int port) throws IOException, InterruptedException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + request.target()))
			.method(request.method(), (request.body() == null) ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofByteArray(request.body()));
		for (String[] header : request.headers()) {
			builder.header(header[0], header[1]);
		}
		HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
		Map<String, List<String>> headers = new TreeMap<>();
		response.headers().map().forEach((name, values) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if (!lower.equals("date") && !lower.equals("x-ratelimit-remaining")) {
				headers.put(lower, values);
			}
		});
		return new Answer(response.statusCode(), headers, response.body());
	}

	record Request(String method, String target, byte[] body, List<String[]> headers) {

		Request header(String name, String value) {
			headers.add(new String[] { name, value });
			return this;
		}

		Request key(String key) {
			return header("X-API-Key", key);
		}

		Request idempotencyKey(String key) {
			return header("Idempotency-Key", key);
		}

		Request contentType(String type) {
			headers.removeIf(header -> header[0].equals("Content-Type"));
			return header("Content-Type", type);
		}

		String describe() {
			return method + " " + target + " " + headers.stream().map(header -> header[0] + ": " + header[1]).toList();
		}

	}

	private static Request post(String target, byte[] body) {
		return new Request("POST", target, body, new ArrayList<>()).contentType("application/json");
	}

	private static byte[] json(Object value) {
		return JSON.writeValueAsBytes(value);
	}

	private static byte[] batch(Object... events) {
		return json(Map.of("events", List.of(events)));
	}

	private static byte[] gzip(byte[] bytes) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
			zip.write(bytes);
		}
		return out.toByteArray();
	}

	private static String sha256(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
