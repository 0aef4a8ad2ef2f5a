package org.eventstream.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The front door is byte-exact: for generated requests (every printable byte raw and
 * percent-encoded in query names and values, invalid percent sequences, long query
 * strings, odd but legal headers, empty, sized and chunked bodies), what {@code :8080}
 * answers equals what the tier answers to the same bytes sent to it directly, status,
 * content type and body; so it never answers a 5xx of its own while the tier is up.
 * Against the stack as {@code ./event-stream up} runs it (without a writer: nothing here
 * is stored). The requests come from a seeded generator: a failure names its seed, and
 * {@code -Dfidelity.seed=N} replays it.
 */
class FrontDoorFidelityIT {

	static final int FRONT_DOOR = 8080;

	static final int INGEST = 8081;

	static final int METRICS = 8082;

	static final long SEED = Long.getLong("fidelity.seed", System.nanoTime());

	static final String RANGE = "event_name=page_view&from=2026-01-01T00:00:00Z&to=2026-01-01T12:30:00Z";

	/** Known troublemakers, tried before the generated ones. */
	static final List<String> EDGE_QUERIES = List.of("", "&group_by==", "&group_by=it's", "&%", "&x=%zz", "&x=%", "&=x",
			"&x", "&&", "&x=%2B+%20", "&x=%00", "&channel=web&channel=tv", "&x=" + "a".repeat(5000));

	static StackProcess stack;

	@BeforeAll
	static void up() throws Exception {
		Path dataDir = Files.createTempDirectory("front-door-fidelity");
		stack = StackProcess.up(dataDir.resolve("data"), Map.of(), "--without=event-writer");
		System.out.println("[fidelity] seed " + SEED + " (-Dfidelity.seed=" + SEED + " replays it)");
	}

	@AfterAll
	static void down() {
		if (stack != null) {
			stack.kill();
		}
	}

	@Test
	void metricsQueriesAreAnsweredAsTheTierAnswersThem() throws Exception {
		Random random = new Random(SEED);
		List<String> queries = new ArrayList<>(EDGE_QUERIES.stream().map(edge -> RANGE + edge).toList());
		while (queries.size() < 400) {
			queries.add(query(random));
		}
		for (String query : queries) {
			List<String> head = new ArrayList<>(List.of("GET /events/metrics?" + query + " HTTP/1.1"));
			head.addAll(oddHeaders(random));
			assertSameAnswer(head, null, METRICS);
		}
	}

	@Test
	void eventsAreAnsweredAsTheTierAnswersThem() throws Exception {
		Random random = new Random(SEED + 1);
		for (int i = 0; i < 300; i++) {
			Body body = body(random);
			List<String> head = new ArrayList<>(
					List.of("POST /events?validate_only=true&" + query(random) + " HTTP/1.1",
							"Content-Type: application/json"));
			head.addAll(oddHeaders(random));
			head.addAll(body.headers());
			assertSameAnswer(head, body.bytes(), INGEST);
		}
	}

	private static void assertSameAnswer(List<String> head, byte[] body, int tier) throws Exception {
		RawHttp.Response direct = RawHttp.send(tier, head.toArray(String[]::new), body);
		RawHttp.Response throughFrontDoor = RawHttp.send(FRONT_DOOR, head.toArray(String[]::new), body);
		String request = "(seed " + SEED + ")\n" + String.join("\n", head);
		assertThat(throughFrontDoor.status()).as("status through the front door of\n%s", request)
			.isEqualTo(direct.status());
		assertThat(throughFrontDoor.body()).as("body through the front door of\n%s", request).isEqualTo(direct.body());
		assertThat(throughFrontDoor.header("Content-Type")).as("content type of\n%s", request)
			.isEqualTo(direct.header("Content-Type"));
	}

	/** The seed's range, then up to five more parameters made of anything. */
	static String query(Random random) {
		List<String> names = List.of("group_by", "channel", "platform", "timezone", "unique_users", "event_name", "to");
		StringBuilder query = new StringBuilder(RANGE);
		for (int pairs = random.nextInt(6); pairs > 0; pairs--) {
			String name = (random.nextInt(10) < 7) ? names.get(random.nextInt(names.size())) : component(random, 12);
			query.append('&').append(name).append('=').append(component(random, (random.nextInt(10) == 0) ? 5000 : 40));
		}
		return query.toString();
	}

	/**
	 * A query component: printable bytes raw (all but space, which ends the request
	 * target), percent-encodings of any byte from 0x20 in either case, and broken
	 * escapes.
	 */
	static String component(Random random, int maxLength) {
		List<String> broken = List.of("%", "%Z", "%zz", "%4", "%%", "%G0", "+", "%2B", "%25", "%00");
		StringBuilder text = new StringBuilder();
		for (int length = random.nextInt(maxLength + 1); length > 0; length--) {
			int kind = random.nextInt(10);
			if (kind < 6) {
				text.append((char) ('!' + random.nextInt('~' - '!' + 1)));
			}
			else if (kind < 9) {
				String hex = HexFormat.of().toHexDigits((byte) (0x20 + random.nextInt(0xe0)));
				text.append('%').append(random.nextBoolean() ? hex.toUpperCase() : hex);
			}
			else {
				text.append(broken.get(random.nextInt(broken.size())));
			}
		}
		return text.toString();
	}

	/** Headers a client may legally send, if oddly. */
	static List<String> oddHeaders(Random random) {
		List<String> names = List.of("X-Odd", "x-ODD-case", "Accept", "Accept-Language", "X-Request-Id", "Cookie");
		List<String> headers = new ArrayList<>();
		for (int count = random.nextInt(5); count > 0; count--) {
			StringBuilder value = new StringBuilder();
			for (int length = random.nextInt(301); length > 0; length--) {
				int pick = random.nextInt(100);
				value.append((pick < 4) ? ' ' : (pick < 6) ? '\t' : (char) ('!' + random.nextInt('~' - '!' + 1)));
			}
			headers.add(names.get(random.nextInt(names.size())) + ":" + value.toString().strip());
		}
		return headers;
	}

	/** A request body and the headers that frame it. */
	record Body(byte[] bytes, List<String> headers) {
	}

	static Body body(Random random) {
		String event = "{\"id\":\"fidelity-1\",\"name\":\"page_view\",\"channel_type\":\"web\",\"user_id\":\"u-1\"}";
		byte[] json = event.getBytes(StandardCharsets.UTF_8);
		byte[] chunked = (Integer.toHexString(10) + "\r\n" + event.substring(0, 10) + "\r\n"
				+ Integer.toHexString(json.length - 10) + "\r\n" + event.substring(10) + "\r\n0\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
		List<Body> bodies = List.of(new Body(json, List.of()), new Body(new byte[0], List.of()),
				new Body(chunked, List.of("Transfer-Encoding: chunked")),
				new Body("{\"name\":".getBytes(StandardCharsets.UTF_8), List.of()));
		return bodies.get(random.nextInt(bodies.size()));
	}

}
