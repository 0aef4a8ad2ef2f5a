package org.eventstream.stack.importer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one chunk of NDJSON to {@code POST /events/import} and waits for every line to be
 * durably accepted. A busy or unavailable API (429, 503, connection refused) is retried
 * with its {@code Retry-After} or a growing pause, for up to {@link #PATIENCE}; a resend
 * is harmless, as imported events are identified by their content.
 */
final class ImportClient {

	static final Duration PATIENCE = Duration.ofMinutes(5);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final URI endpoint;

	private final Optional<String> writeKey;

	ImportClient(URI endpoint, Optional<String> writeKey) {
		this.endpoint = endpoint.resolve("/events/import");
		this.writeKey = writeKey;
	}

	/** What the API said of one chunk; error line numbers are the chunk's (from 1). */
	record ChunkResult(long accepted, long rejected, List<Map.Entry<Long, String>> errors) {
	}

	/** The import could not go on; the message says why. */
	static final class ImportFailedException extends Exception {

		ImportFailedException(String message) {
			super(message);
		}

	}

	ChunkResult send(byte[] ndjson) throws ImportFailedException, InterruptedException {
		long giveUpAt = System.nanoTime() + PATIENCE.toNanos();
		long pauseMillis = 500;
		String lastProblem = "";
		while (System.nanoTime() < giveUpAt) {
			HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
				.timeout(Duration.ofMinutes(5))
				.header("Content-Type", "application/x-ndjson")
				.POST(HttpRequest.BodyPublishers.ofByteArray(ndjson));
			writeKey.ifPresent(key -> request.header("X-API-Key", key));
			try {
				HttpResponse<String> response = http.send(request.build(),
						HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
				int status = response.statusCode();
				if (status == 202) {
					return result(JSON.readTree(response.body()));
				}
				JsonNode problem = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
				if (status == 400 && problem.has("errors") && !problem.has("processed_through_line")) {
					return new ChunkResult(0, problem.path("errors").size(), errors(problem));
				}
				lastProblem = status + " " + problem.path("detail").asString(response.body());
				if (status != 429 && status != 503 && status != 502 && status != 504) {
					throw new ImportFailedException(lastProblem);
				}
				pauseMillis = response.headers()
					.firstValueAsLong("Retry-After")
					.stream()
					.map(seconds -> seconds * 1000)
					.findFirst()
					.orElse(pauseMillis);
			}
			catch (IOException ex) {
				lastProblem = "no answer from " + endpoint + ": " + ex;
			}
			Thread.sleep(pauseMillis);
			pauseMillis = Math.min(10_000, pauseMillis * 2);
		}
		throw new ImportFailedException("gave up after " + PATIENCE.toMinutes() + " minutes: " + lastProblem);
	}

	private static ChunkResult result(JsonNode answer) {
		return new ChunkResult(answer.path("accepted").asLong(), answer.path("rejected").asLong(), errors(answer));
	}

	private static List<Map.Entry<Long, String>> errors(JsonNode answer) {
		return answer.path("errors")
			.valueStream()
			.map(error -> Map.entry(error.path("line").asLong(), error.path("errors")
				.valueStream()
				.map(problem -> problem.path("pointer").asString("") + " " + problem.path("message").asString(""))
				.reduce((a, b) -> a + "; " + b)
				.orElse("")))
			.toList();
	}

}
