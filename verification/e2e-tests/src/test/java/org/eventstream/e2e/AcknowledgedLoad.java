package org.eventstream.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A steady client of the ingest API that remembers every id it was given a 2xx for. Each
 * batch has its own Idempotency-Key and is sent again, unchanged, until it is accepted:
 * what a well-behaved SDK does.
 */
final class AcknowledgedLoad {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** One request as sent, to send again later. */
	record Batch(String key, String body) {
	}

	final String name;

	final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

	final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();

	final List<Batch> sent = new ArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Thread thread;

	AcknowledgedLoad(String name, int eventsPerBatch, Duration pause) {
		this.name = name;
		this.thread = new Thread(() -> {
			for (int batch = 0; running.get(); batch++) {
				Batch request = batch(batch, eventsPerBatch);
				sent.add(request);
				send(request);
				sleep(pause.toMillis());
			}
		}, "load-" + name);
	}

	AcknowledgedLoad start() {
		thread.start();
		return this;
	}

	/**
	 * Stops sending new batches; the one in flight is still sent until it is accepted.
	 */
	void stop() throws InterruptedException {
		running.set(false);
		thread.join(Duration.ofMinutes(2).toMillis());
	}

	/** Sends every batch again, as a client that lost its state would. */
	void resendAll() {
		new ArrayList<>(sent).forEach(this::send);
	}

	private Batch batch(int number, int size) {
		StringBuilder body = new StringBuilder("{\"events\":[");
		for (int i = 0; i < size; i++) {
			body.append(i == 0 ? "" : ",")
				.append("{\"name\":\"")
				.append(name)
				.append("\",\"channel_type\":\"web\",\"user_id\":\"user-")
				.append(number % 50)
				.append("\",\"timestamp\":")
				.append(Instant.now().toEpochMilli())
				.append(",\"event_params\":[{\"key\":\"seq\",\"number_value\":")
				.append(number * 1000 + i)
				.append("}]}");
		}
		return new Batch(name + "-" + number, body.append("]}").toString());
	}

	/** Until accepted (or, once stopped, for at most two minutes more). */
	private void send(Batch batch) {
		long giveUp = Long.MAX_VALUE;
		while (true) {
			try {
				HttpResponse<String> response = HTTP
					.send(HttpRequest.newBuilder(URI.create("http://localhost:8080/events/batch"))
						.timeout(Duration.ofSeconds(15))
						.header("Content-Type", "application/json")
						.header("Idempotency-Key", batch.key())
						.POST(HttpRequest.BodyPublishers.ofString(batch.body()))
						.build(), HttpResponse.BodyHandlers.ofString());
				statuses.merge(response.statusCode(), 1, Integer::sum);
				if (response.statusCode() / 100 == 2) {
					for (JsonNode id : JSON.readTree(response.body()).get("ids")) {
						acknowledged.add(id.asString());
					}
					return;
				}
			}
			catch (IOException ex) {
				statuses.merge(0, 1, Integer::sum);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (!running.get() && giveUp == Long.MAX_VALUE) {
				giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
			}
			if (System.nanoTime() > giveUp) {
				return;
			}
			sleep(200);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
