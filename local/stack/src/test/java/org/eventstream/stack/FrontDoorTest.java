package org.eventstream.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The front door as the launcher runs it, a real nginx from the configuration the
 * launcher writes, between a client and instances of each tier. The instances here are
 * plain HTTP servers that record what reached them and answer with a fixed status; the
 * end-to-end tests run it in front of the real services ({@code FrontDoorFidelityIT}).
 * nginx must be installed ({@code scripts/require.sh nginx nginx-light}, which the test
 * command runs).
 */
class FrontDoorTest {

	static final Instance INGEST_A = new Instance("ingest-a", 202);

	static final Instance INGEST_B = new Instance("ingest-b", 202);

	static final Instance METRICS = new Instance("metrics", 400);

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static Path dataDir;

	static int port;

	static ManagedProcess nginx;

	static StackLayout layout;

	@BeforeAll
	static void start() throws Exception {
		assertThat(FrontDoor.nginx()).as("nginx is installed (scripts/require.sh nginx nginx-light)").isPresent();
		dataDir = Files.createTempDirectory("front-door-test");
		layout = new StackLayout(Path.of("../..").toAbsolutePath().normalize(), dataDir);
		layout.create();
		port = freePort();
		ManagedProcess.Spec spec = new FrontDoor(layout, "1K", "200M").spec(port,
				List.of(INGEST_A.url(), URI.create("http://127.0.0.1:" + freePort()), INGEST_B.url()),
				List.of(METRICS.url()));
		nginx = new ManagedProcess(spec, layout, new Console(new PrintStream(new ByteArrayOutputStream())));
		nginx.start();
		assertThat(nginx.awaitReady(Duration.ofSeconds(20))).as("nginx started: " + nginx.tail(20)).isTrue();
	}

	@AfterAll
	static void stop() {
		if (nginx != null) {
			nginx.stop();
		}
		List.of(INGEST_A, INGEST_B, METRICS).forEach(instance -> instance.server.stop(0));
	}

	@BeforeEach
	void clear() {
		List.of(INGEST_A, INGEST_B, METRICS).forEach(instance -> instance.received.clear());
	}

	@Test
	void sendsEventsToTheIngestTierWithBodyHeadersAndQuery() throws Exception {
		HttpResponse<String> answer = send(
				request("/events/batch?validate_only=true").header("Idempotency-Key", "key-1")
					.header("Content-Type", "application/json")
					.header("X-Forwarded-For", "10.1.2.3")
					.header("Forwarded", "for=10.9.9.9")
					.POST(BodyPublishers.ofString("{\"events\":[]}")));
		assertThat(answer.statusCode()).isEqualTo(202);
		assertThat(answer.headers().firstValue("X-Instance")).get().isIn("ingest-a", "ingest-b");
		assertThat(answer.body()).startsWith("{\"instance\":\"ingest-");
		Received received = single(INGEST_A.received, INGEST_B.received);
		assertThat(received.method()).isEqualTo("POST");
		assertThat(received.uri()).isEqualTo("/events/batch?validate_only=true");
		assertThat(received.body()).isEqualTo("{\"events\":[]}");
		assertThat(received.idempotencyKey()).isEqualTo("key-1");
		assertThat(received.contentType()).isEqualTo("application/json");
		// the tiers trust the last entry, which is the address the front door saw
		assertThat(received.forwardedFor()).isEqualTo("10.1.2.3, 127.0.0.1");
		assertThat(received.forwarded()).as("RFC 7239 Forwarded is dropped").isNull();
	}

	@Test
	void passesTheRawQueryAndTheTiersAnswerThroughUnchanged() throws Exception {
		// sent as raw bytes, as curl sends what it is given (invalid percent sequences
		// are
		// FrontDoorFidelityIT's: this stand-in's URI parser would refuse them itself)
		String query = "event_name=page_view&group_by==&name=it's&plus=a+b%2B%2b&empty=&&x&sum=1%3D1";
		String answer = raw("GET /events/metrics?" + query + " HTTP/1.1\r\nHost: localhost\r\n");
		assertThat(answer).startsWith("HTTP/1.1 400 ")
			.containsIgnoringCase("Content-Type: application/problem+json")
			.endsWith("\r\n\r\n{\"instance\":\"metrics\"}");
		assertThat(METRICS.received).singleElement()
			.satisfies(received -> assertThat(received.uri()).isEqualTo("/events/metrics?" + query));
	}

	/**
	 * A request line nginx cannot parse has no URI: the error page must still be the
	 * problem, not nginx's own 500 page.
	 */
	@Test
	void answersAProblemForARequestItCannotParse() throws Exception {
		for (String head : List.of("GET /ev ents HTTP/1.1\r\nHost: localhost\r\n", "GARBAGE\r\n",
				"GET /events HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(70_000) + "\r\n")) {
			assertThat(raw(head)).as(head.substring(0, Math.min(20, head.length())))
				.startsWith("HTTP/1.1 400 ")
				.containsIgnoringCase("Content-Type: application/problem+json")
				.contains("\"type\":\"/problems/bad-request\"");
		}
		assertThat(INGEST_A.received).isEmpty();
		assertThat(INGEST_B.received).isEmpty();
	}

	/** Sends a request head as raw bytes and returns the whole answer. */
	static String raw(String head) throws IOException {
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
			socket.getOutputStream().write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	@Test
	void spreadsRequestsOverInstancesAndSkipsOneThatRefusesConnections() throws Exception {
		for (int i = 0; i < 6; i++) {
			assertThat(send(request("/events").POST(BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(202);
		}
		// six requests, three instances in turn, one of them down: its turns go to the
		// next, and it rests for a while
		assertThat(INGEST_A.received.size() + INGEST_B.received.size()).isEqualTo(6);
		assertThat(INGEST_A.received).hasSizeGreaterThanOrEqualTo(2);
		assertThat(INGEST_B.received).hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	void answersProblemsForUnknownPathsAndOversizedBodies() throws Exception {
		HttpResponse<String> unknown = send(request("/metrics").GET());
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(unknown.body()).contains("\"type\":\"/problems/not-found\"");

		HttpResponse<String> large = send(request("/events").POST(BodyPublishers.ofString("x".repeat(2048))));
		assertThat(large.statusCode()).isEqualTo(413);
		assertThat(large.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(large.body()).contains("\"type\":\"/problems/payload-too-large\"", "at most 1KB");
		assertThat(INGEST_A.received).isEmpty();
		assertThat(INGEST_B.received).isEmpty();
	}

	@Test
	void refusesAChunkedBodyOnceItStreamsPastTheLimit() throws Exception {
		// no Content-Length: the client sends it chunked, and the limit is found as it
		// streams
		HttpResponse<String> answer = send(request("/events")
			.POST(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[4 * 512]))));
		assertThat(answer.statusCode()).isEqualTo(413);
		assertThat(answer.body()).contains("\"type\":\"/problems/payload-too-large\"");
	}

	@Test
	void answersServiceUnavailableWithRetryAfterWhenNoInstanceTakesTheConnection() throws Exception {
		Path other = Files.createTempDirectory("front-door-test-down");
		StackLayout downLayout = new StackLayout(layout.home(), other);
		downLayout.create();
		int downPort = freePort();
		ManagedProcess down = new ManagedProcess(
				new FrontDoor(downLayout).spec(downPort, List.of(URI.create("http://127.0.0.1:" + freePort())),
						List.of(URI.create("http://127.0.0.1:" + freePort()))),
				downLayout, new Console(new PrintStream(new ByteArrayOutputStream())));
		down.start();
		try {
			assertThat(down.awaitReady(Duration.ofSeconds(20))).isTrue();
			for (String path : List.of("/events", "/events/metrics", "/events/funnel")) {
				HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + downPort + path));
				HttpResponse<String> answer = send(
						path.equals("/events") ? request.POST(BodyPublishers.ofString("{}")) : request.GET());
				assertThat(answer.statusCode()).isEqualTo(503);
				assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
				assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				assertThat(answer.body()).contains("\"type\":\"/problems/tier-unavailable\"");
			}
		}
		finally {
			down.stop();
		}
	}

	/**
	 * 100 MB to {@code /events/import}, generated as it is sent: the instance receives
	 * the first bytes before the client has made the last ones, so the front door passed
	 * the body on as it came instead of holding it.
	 */
	@Test
	void streamsA100MegabyteImportThrough() throws Exception {
		int chunks = 1600;
		int chunkSize = 64 * 1024;
		AtomicLong lastChunkMadeAt = new AtomicLong();
		InputStream generated = new InputStream() {
			long left = (long) chunks * chunkSize;

			@Override
			public int read() {
				byte[] one = new byte[1];
				return (read(one, 0, 1) < 0) ? -1 : one[0];
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				if (left == 0) {
					return -1;
				}
				int n = (int) Math.min(length, left);
				java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'x');
				left -= n;
				if (left == 0) {
					lastChunkMadeAt.set(System.nanoTime());
				}
				return n;
			}
		};
		HttpResponse<String> answer = send(request("/events/import").timeout(Duration.ofMinutes(2))
			.header("Content-Type", "application/x-ndjson")
			.POST(BodyPublishers.ofInputStream(() -> generated)));
		assertThat(answer.statusCode()).isEqualTo(202);
		Received received = single(INGEST_A.received, INGEST_B.received);
		assertThat(received.body()).isEqualTo(((long) chunks * chunkSize) + " bytes");
		assertThat(received.firstByteAt()).as("the instance had the first bytes before the last were made")
			.isLessThan(lastChunkMadeAt.get());
	}

	@Test
	void servesItsOwnHealth() throws Exception {
		HttpResponse<String> answer = send(request("/actuator/health/readiness").GET());
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).contains("\"UP\"");
	}

	@Test
	void isOneProcessTaggedWithItsDataDirectory() {
		ProcessHandle process = ProcessHandle.of(nginx.pid()).orElseThrow();
		assertThat(process.children()).as("no worker processes: master_process off").isEmpty();
		assertThat(layout.tags(List.of(process.info().arguments().orElseThrow()))).isTrue();
		assertThat(new StackLayout(layout.home(), dataDir.resolve("other"))
			.tags(List.of(process.info().arguments().orElseThrow()))).isFalse();
	}

	static HttpRequest.Builder request(String pathAndQuery) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
			.timeout(Duration.ofSeconds(30));
	}

	static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return HTTP.send(request.build(), BodyHandlers.ofString());
	}

	record Received(String method, String uri, String body, String idempotencyKey, String contentType,
			String forwardedFor, String forwarded, long firstByteAt) {
	}

	static Received single(List<Received> first, List<Received> second) {
		List<Received> all = new ArrayList<>(first);
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
				received.add(new Received(exchange.getRequestMethod(),
						exchange.getRequestURI().getRawPath() + ((exchange.getRequestURI().getRawQuery() != null)
								? "?" + exchange.getRequestURI().getRawQuery() : ""),
						body, exchange.getRequestHeaders().getFirst("Idempotency-Key"),
						exchange.getRequestHeaders().getFirst("Content-Type"),
						exchange.getRequestHeaders().getFirst("X-Forwarded-For"),
						exchange.getRequestHeaders().getFirst("Forwarded"), firstByteAt));
			}
			byte[] body = ("{\"instance\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders()
				.add("Content-Type", (status >= 400) ? "application/problem+json" : "application/json");
			exchange.getResponseHeaders().add("X-Instance", name);
			exchange.sendResponseHeaders(status, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		}

		URI url() {
			return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
		}

	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
