package org.eventstream.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's protocol against a stand-in of the API that records each batch and answers
 * as a test says: batching, retries with the same ids, Retry-After, splitting on 413,
 * giving up on 400, back-pressure and a flushing close. The end-to-end test
 * ({@code SdkEndToEndIT}) runs it against the real stack.
 */
class EventStreamClientTest {

	static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

	final List<Batch> received = new CopyOnWriteArrayList<>();

	HttpServer server;

	record Batch(List<String> ids, String body, long at, String key) {
	}

	/**
	 * @param answer the status for a batch, by the batches received so far
	 */
	URI api(Function<Batch, Integer> answer) throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/events/batch", exchange -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			List<String> ids = new ArrayList<>();
			Matcher id = ID.matcher(body);
			while (id.find()) {
				ids.add(id.group(1));
			}
			Batch batch = new Batch(ids, body, System.nanoTime(), exchange.getRequestHeaders().getFirst("X-API-Key"));
			received.add(batch);
			respond(exchange, answer.apply(batch));
		});
		server.start();
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
	}

	static void respond(HttpExchange exchange, int status) throws IOException {
		byte[] body = ((status < 300) ? "{\"ids\":[]}" : "{\"type\":\"/problems/x\",\"status\":" + status + "}")
			.getBytes(StandardCharsets.UTF_8);
		if (status == 503 || status == 429) {
			exchange.getResponseHeaders().add("Retry-After", "1");
		}
		exchange.sendResponseHeaders(status, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop(0);
		}
	}

	static Event event(int n) {
		return Event.builder("test_event", "other").param("n", n).build();
	}

	@Test
	void sendsFullBatchesAtOnceAndTheRestAfterTheInterval() throws Exception {
		try (EventStreamClient client = EventStreamClient.builder(api(batch -> 202))
			.writeKey("k1")
			.flushAt(10)
			.flushInterval(Duration.ofMillis(300))
			.build()) {
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 25; i++) {
				Event event = event(i);
				ids.add(event.id());
				client.track(event);
			}
			assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
			assertThat(received).extracting(batch -> batch.ids().size()).containsExactly(10, 10, 5);
			assertThat(received.stream().flatMap(batch -> batch.ids().stream())).containsExactlyElementsOf(ids);
			assertThat(received).allSatisfy(batch -> {
				assertThat(batch.key()).isEqualTo("k1");
				assertThat(batch.body()).startsWith("{\"events\":[{\"id\":").contains("\"sent_at\":\"");
			});
		}
	}

	@Test
	void retriesAfterRetryAfterWithTheSameIds() throws Exception {
		try (EventStreamClient client = EventStreamClient.builder(api(batch -> (received.size() <= 2) ? 503 : 202))
			.flushAt(3)
			.build()) {
			for (int i = 0; i < 3; i++) {
				client.track(event(i));
			}
			assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
		}
		assertThat(received).hasSize(3);
		assertThat(received.get(1).ids()).isEqualTo(received.get(0).ids());
		assertThat(received.get(2).ids()).isEqualTo(received.get(0).ids());
		assertThat(TimeUnit.NANOSECONDS.toMillis(received.get(1).at() - received.get(0).at()))
			.as("waited for Retry-After: 1")
			.isGreaterThanOrEqualTo(950);
	}

	@Test
	void splitsABatchTheApiFindsTooLarge() throws Exception {
		try (EventStreamClient client = EventStreamClient.builder(api(batch -> (batch.ids().size() > 4) ? 413 : 202))
			.flushAt(20)
			.build()) {
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				Event event = event(i);
				ids.add(event.id());
				client.track(event);
			}
			assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
			List<String> accepted = received.stream()
				.filter(batch -> batch.ids().size() <= 4)
				.flatMap(batch -> batch.ids().stream())
				.toList();
			assertThat(accepted).containsExactlyElementsOf(ids);
		}
	}

	@Test
	void givesInvalidEventsToTheListenerAndNeverSendsThemAgain() throws Exception {
		List<Integer> failures = new CopyOnWriteArrayList<>();
		try (EventStreamClient client = EventStreamClient.builder(api(batch -> 400))
			.flushAt(2)
			.listener((events, status, answer) -> failures.add(status * 100 + events.size()))
			.build()) {
			client.track(event(1));
			client.track(event(2));
			assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
			Thread.sleep(1500);
		}
		assertThat(received).hasSize(1);
		assertThat(failures).containsExactly(400 * 100 + 2);
	}

	@Test
	void aFullQueueRefusesOffersAndMakesTrackWait() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try (EventStreamClient client = EventStreamClient.builder(api(batch -> {
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return 202;
		})).flushAt(1).maxQueue(2).build()) {
			client.track(event(0)); // taken by the sender, which waits for the stand-in
			while (received.isEmpty() || client.pending() > 0) {
				Thread.onSpinWait();
			}
			assertThat(client.offer(event(1))).isTrue();
			assertThat(client.offer(event(2))).isTrue();
			assertThat(client.offer(event(3))).as("the queue holds 2").isFalse();
			Thread tracker = new Thread(() -> {
				try {
					client.track(event(4));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			tracker.start();
			tracker.join(500);
			assertThat(tracker.isAlive()).as("track waits while the queue is full").isTrue();
			release.countDown();
			tracker.join(5000);
			assertThat(tracker.isAlive()).isFalse();
			assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
		}
		assertThat(received.stream().mapToInt(batch -> batch.ids().size()).sum()).isEqualTo(4);
	}

	@Test
	void closeSendsWhatIsQueued() throws Exception {
		EventStreamClient client = EventStreamClient.builder(api(batch -> 202))
			.flushAt(100)
			.flushInterval(Duration.ofHours(1))
			.build();
		for (int i = 0; i < 7; i++) {
			client.track(event(i));
		}
		client.close();
		assertThat(received).singleElement().satisfies(batch -> assertThat(batch.ids()).hasSize(7));
	}

	@Test
	void closeGivesUpOnWhatItCannotSendInTime() throws Exception {
		List<Integer> lost = new CopyOnWriteArrayList<>();
		EventStreamClient client = EventStreamClient.builder(api(batch -> 503))
			.closeTimeout(Duration.ofSeconds(2))
			.listener((events, status, answer) -> lost.add(events.size()))
			.build();
		for (int i = 0; i < 3; i++) {
			client.track(event(i));
		}
		long start = System.nanoTime();
		client.close();
		assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(8);
		assertThat(lost).containsExactly(3);
	}

	@Test
	void writesTheApisJson() {
		Event event = Event.builder("purchase", "mobile")
			.id("order-1")
			.timestamp(java.time.Instant.parse("2024-01-15T10:30:00.123456Z"))
			.userId("u\"1")
			.param("value", 59.98)
			.param("coupon", "a\nb")
			.param("first", true)
			.device("language", "en-US")
			.app("com.example", "2.1.0")
			.geo("country", "Germany")
			.geo("region", "Baden-Württemberg")
			.build();
		assertThat(event.toString()).isEqualTo("{\"id\":\"order-1\",\"name\":\"purchase\",\"channel_type\":\"mobile\","
				+ "\"timestamp\":1705314600123456,\"user_id\":\"u\\\"1\",\"event_params\":[{\"key\":\"value\","
				+ "\"number_value\":59.98},{\"key\":\"coupon\",\"string_value\":\"a\\nb\"},{\"key\":\"first\","
				+ "\"boolean_value\":true}],\"device\":{\"language\":\"en-US\"},\"app_info\":{\"id\":\"com.example\","
				+ "\"version\":\"2.1.0\"},\"geo\":{\"country\":\"Germany\",\"region\":\"Baden-Württemberg\"}}");
	}

}
