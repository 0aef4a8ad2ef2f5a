package org.eventstream.frontdoor;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The front door between a client and instances of each tier. The instances here are
 * plain HTTP servers that record what reached them and answer with a fixed status; the
 * stack's end-to-end tests run it in front of the real services.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "event-stream.front-door.max-body-size=1KB", "event-stream.front-door.max-import-size=200MB" })
class FrontDoorTest {

	static final Instance INGEST_A = new Instance("ingest-a", 202);

	static final Instance INGEST_B = new Instance("ingest-b", 202);

	static final Instance METRICS = new Instance("metrics", 400);

	static final int CLOSED_PORT = closedPort();

	@DynamicPropertySource
	static void instances(DynamicPropertyRegistry registry) {
		registry.add("event-stream.front-door.ingest",
				() -> INGEST_A.url() + ",http://127.0.0.1:" + CLOSED_PORT + "," + INGEST_B.url());
		registry.add("event-stream.front-door.metrics", METRICS::url);
	}

	@AfterAll
	static void stop() {
		List.of(INGEST_A, INGEST_B, METRICS).forEach(instance -> instance.server.stop(0));
	}

	@LocalServerPort
	int port;

	WebTestClient web;

	@BeforeEach
	void client() {
		web = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
		List.of(INGEST_A, INGEST_B, METRICS).forEach(instance -> instance.received.clear());
	}

	@Test
	void sendsEventsToTheIngestTierWithBodyHeadersAndQuery() {
		web.post()
			.uri("/events/batch?validate_only=true")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", "key-1")
			.bodyValue("{\"events\":[]}")
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectHeader()
			.value("X-Instance", instance -> assertThat(instance).isIn("ingest-a", "ingest-b"))
			.expectBody(String.class)
			.value(body -> assertThat(body).startsWith("{\"instance\":\"ingest-"));
		Received received = single(INGEST_A.received, INGEST_B.received);
		assertThat(received.method()).isEqualTo("POST");
		assertThat(received.uri()).isEqualTo("/events/batch?validate_only=true");
		assertThat(received.body()).isEqualTo("{\"events\":[]}");
		assertThat(received.idempotencyKey()).isEqualTo("key-1");
		assertThat(received.contentType()).isEqualTo("application/json");
		assertThat(received.forwardedFor()).isEqualTo("127.0.0.1");
	}

	@Test
	void passesTheMetricsTiersAnswerThroughUnchanged() {
		web.get()
			.uri("/events/metrics?event_name=page_view&group_by=weekly")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.isEqualTo("{\"instance\":\"metrics\"}");
		assertThat(METRICS.received).singleElement()
			.satisfies(received -> assertThat(received.uri())
				.isEqualTo("/events/metrics?event_name=page_view&group_by=weekly"));
	}

	@Test
	void spreadsRequestsOverInstancesAndSkipsOneThatRefusesConnections() {
		for (int i = 0; i < 6; i++) {
			web.post().uri("/events").bodyValue("{}").exchange().expectStatus().isAccepted();
		}
		// six requests, three instances in turn, one of them down: its turns go to the
		// next
		assertThat(INGEST_A.received.size() + INGEST_B.received.size()).isEqualTo(6);
		assertThat(INGEST_A.received).hasSizeGreaterThanOrEqualTo(2);
		assertThat(INGEST_B.received).hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	void answersProblemsForUnknownPathsAndOversizedBodies() {
		web.get()
			.uri("/metrics")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/not-found");
		web.post()
			.uri("/events")
			.bodyValue("x".repeat(2048))
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/body-too-large");
		assertThat(INGEST_A.received).isEmpty();
		assertThat(INGEST_B.received).isEmpty();
	}

	@Test
	void refusesAChunkedBodyOnceItStreamsPastTheLimit() {
		web.post()
			.uri("/events")
			.body(Flux.range(0, 4).map(i -> chunk(512)), DataBuffer.class)
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/body-too-large");
	}

	/**
	 * 100 MB to {@code /events/import}, generated as it is sent: the instance receives
	 * the first bytes before the client has made the last ones, so the front door passed
	 * the body on as it came instead of holding it.
	 */
	@Test
	void streamsA100MegabyteImportThrough() {
		int chunks = 1600;
		AtomicLong lastChunkMadeAt = new AtomicLong();
		Flux<DataBuffer> body = Flux.range(0, chunks).map(i -> {
			if (i == chunks - 1) {
				lastChunkMadeAt.set(System.nanoTime());
			}
			return chunk(64 * 1024);
		});

		web.mutate()
			.responseTimeout(java.time.Duration.ofMinutes(2))
			.build()
			.post()
			.uri("/events/import")
			.contentType(MediaType.parseMediaType("application/x-ndjson"))
			.body(body, DataBuffer.class)
			.exchange()
			.expectStatus()
			.isAccepted();
		Received received = single(INGEST_A.received, INGEST_B.received);
		assertThat(received.body()).isEqualTo((chunks * 64L * 1024) + " bytes");
		assertThat(received.firstByteAt()).as("the instance had the first bytes before the last were made")
			.isLessThan(lastChunkMadeAt.get());
	}

	private static DataBuffer chunk(int size) {
		byte[] bytes = new byte[size];
		java.util.Arrays.fill(bytes, (byte) 'x');
		return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
	}

	@Test
	void servesItsOwnHealth() {
		web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

	record Received(String method, String uri, String body, String idempotencyKey, String contentType,
			String forwardedFor, long firstByteAt) {
	}

	static Received single(List<Received> first, List<Received> second) {
		List<Received> all = new java.util.ArrayList<>(first);
		all.addAll(second);
		assertThat(all).hasSize(1);
		return all.get(0);
	}

	/** An instance of a tier: records each request, answers {@code status}. */
	static final class Instance {

		final HttpServer server;

		final List<Received> received = new CopyOnWriteArrayList<>();

		Instance(String name, int status) {
			try {
				server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			server.createContext("/", exchange -> answer(exchange, name, status));
			server.start();
		}

		private void answer(HttpExchange exchange, String name, int status) throws IOException {
			try (InputStream in = exchange.getRequestBody()) {
				String body;
				long firstByteAt = 0;
				if (exchange.getRequestURI().getPath().equals("/events/import")) {
					// counted, not kept: the import test sends 100 MB
					byte[] buffer = new byte[1 << 16];
					long total = 0;
					for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
						if (total == 0 && read > 0) {
							firstByteAt = System.nanoTime();
						}
						total += read;
					}
					body = total + " bytes";
				}
				else {
					body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
				received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), body,
						exchange.getRequestHeaders().getFirst("Idempotency-Key"),
						exchange.getRequestHeaders().getFirst("Content-Type"),
						exchange.getRequestHeaders().getFirst("X-Forwarded-For"), firstByteAt));
			}
			byte[] body = ("{\"instance\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders()
				.add("Content-Type", (status >= 400) ? "application/problem+json" : "application/json");
			exchange.getResponseHeaders().add("X-Instance", name);
			exchange.sendResponseHeaders(status, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		}

		String url() {
			return "http://127.0.0.1:" + server.getAddress().getPort();
		}

	}

	static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
