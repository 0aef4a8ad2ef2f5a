package org.eventstream.e2e;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eventstream.client.Event;
import org.eventstream.client.EventStreamClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both SDKs against the stack as {@code ./event-stream up} runs it, keys required. The
 * browser SDK ({@code sdk/js}) in real Chromium: {@code sdk/js/test/browser.test.mjs}
 * drives a page on its own origin (online, offline and back, a reload while the API is
 * unreachable, a close with events queued) and lists the ids it tracked; every one of
 * them must be in {@code /events/metrics} exactly once, and stay so. The page's key is a
 * public key limited to the page's origin; another origin is refused. The Java client
 * ({@code sdk/java}) with a secret key keeps sending while ingest-api is killed, and
 * every event is counted once.
 */
class SdkEndToEndIT {

	static final String PUBLIC_KEY = "pk-browser-test";

	static final String SECRET_KEY = "sk-java-test";

	static final String READ_KEY = "rk-browser-test";

	static final HttpClient HTTP = HttpClient.newHttpClient();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static StackProcess stack;

	static int pagePort;

	static Path dataDir;

	@BeforeAll
	static void up() throws Exception {
		pagePort = freePort();
		dataDir = Files.createTempDirectory("sdk-e2e");
		stack = StackProcess.withKeys(dataDir.resolve("data"), "web=" + StackProcess.sha256(PUBLIC_KEY)
				+ "@http://127.0.0.1:" + pagePort + ",server=" + StackProcess.sha256(SECRET_KEY),
				"dash=" + StackProcess.sha256(READ_KEY));
	}

	@AfterAll
	static void down() {
		if (stack != null) {
			stack.kill();
		}
	}

	@Test
	void everyEventAPageTracksIsCountedOnceThroughOfflineReloadAndClose() throws Exception {
		String eventName = "sdk_test_" + Long.toString(System.nanoTime(), 36);
		Instant start = Instant.now().minusSeconds(60);
		Path sdk = StackProcess.HOME.resolve("sdk/js");
		Process test = new ProcessBuilder("node", "test/browser.test.mjs", "--endpoint=http://127.0.0.1:8080",
				"--write-key=" + PUBLIC_KEY, "--page-port=" + pagePort, "--event-name=" + eventName)
			.directory(sdk.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		String output = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(test.waitFor(3, TimeUnit.MINUTES)).isTrue();
		assertThat(test.exitValue()).as("the browser test (its output is above)").isZero();
		JsonNode tracked = JSON.readTree(output.lines().reduce((first, last) -> last).orElseThrow());
		List<String> ids = new java.util.ArrayList<>();
		tracked.get("ids").forEach(id -> ids.add(id.asString()));
		assertThat(ids).hasSize(12 + 9 + 6 + 7).doesNotHaveDuplicates();

		String query = "event_name=" + eventName + "&from=" + start + "&to=" + Instant.now().plusSeconds(3600);
		assertCountedOnce(query, ids.size());
		// ... and they came from the browser: the SDK filled in the web fields
		JsonNode byChannel = metrics(query + "&group_by=channel");
		assertThat(byChannel.toString()).contains("\"web\"");
	}

	@Test
	void thePublicKeyIsRefusedFromAnotherOriginAndFromScripts() throws Exception {
		String body = "{\"events\":[{\"name\":\"sdk_test_refused\",\"channel_type\":\"web\"}]}";
		for (String origin : List.of("http://127.0.0.1:" + (pagePort + 1), "https://evil.example")) {
			HttpResponse<String> refused = HTTP
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/events/batch?write_key=" + PUBLIC_KEY))
					.header("Origin", origin)
					.header("Content-Type", "text/plain")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
			assertThat(refused.body()).contains("/problems/origin-not-allowed");
		}
		HttpResponse<String> script = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/events/batch"))
			.header("X-API-Key", PUBLIC_KEY)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(script.statusCode()).as(script.body()).isEqualTo(403);
	}

	@Test
	void theJavaClientDeliversEveryEventOnceWhileIngestApiIsKilled() throws Exception {
		String eventName = "java_client_" + Long.toString(System.nanoTime(), 36);
		Instant start = Instant.now().minusSeconds(60);
		int events = 5000;
		List<Integer> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (EventStreamClient client = EventStreamClient.builder(URI.create("http://127.0.0.1:8080"))
			.writeKey(SECRET_KEY)
			.flushAt(100)
			.maxRetryDelay(Duration.ofSeconds(2))
			.listener((lost, status, answer) -> failed.add(status))
			.build()) {
			for (int i = 0; i < events; i++) {
				client.track(Event.builder(eventName, "other").userId("user-" + (i % 50)).param("n", i).build());
				if (i % 100 == 99) {
					Thread.sleep(20);
				}
				if (i == events / 5) {
					// the launcher restarts it; meanwhile the front door answers 503
					long pid = Long.parseLong(Files.readString(dataDir.resolve("data/run/ingest-api.pid")).trim());
					ProcessHandle.of(pid).orElseThrow().destroyForcibly();
				}
			}
			assertThat(client.flush(Duration.ofMinutes(3))).as("everything sent within 3 minutes").isTrue();
		}
		assertThat(failed).as("no batch given up on").isEmpty();
		assertCountedOnce("event_name=" + eventName + "&from=" + start + "&to=" + Instant.now().plusSeconds(3600),
				events);
	}

	/**
	 * Every event once: the count reaches the number sent within a minute, and a look 3 s
	 * later finds no more (a late duplicate would show there).
	 */
	private static void assertCountedOnce(String query, long expected) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
		long total = -1;
		while (Instant.now().isBefore(deadline) && total != expected) {
			Thread.sleep(500);
			total = metrics(query).get("total_count").asLong();
		}
		assertThat(total).as("events counted for " + expected + " sent").isEqualTo(expected);
		Thread.sleep(3000);
		assertThat(metrics(query).get("total_count").asLong()).as("and no event arrived twice").isEqualTo(expected);
	}

	private static JsonNode metrics(String query) throws Exception {
		HttpResponse<String> response = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/events/metrics?" + query))
				.header("X-API-Key", READ_KEY)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
