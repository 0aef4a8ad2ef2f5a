package org.eventstream.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The front door is byte-exact: for generated requests (every printable byte raw and
 * percent-encoded in query names and values, invalid percent sequences, long query
 * strings, odd but legal headers, empty, sized and chunked bodies), what {@code :8080}
 * answers equals what the tier answers to the same bytes sent to it directly, status and
 * body; and it never answers a 5xx of its own while the tier is up. Against the stack as
 * {@code ./event-stream up} runs it (without a writer: nothing here is stored).
 */
class FrontDoorFidelityIT {

	static final int FRONT_DOOR = 8080;

	static final int INGEST = 8081;

	static final int METRICS = 8082;

	static final String RANGE = "event_name=page_view&from=2026-01-01T00:00:00Z&to=2026-01-01T12:30:00Z";

	static StackProcess stack;

	static Path dataDir;

	@BeforeContainer
	static void up() throws Exception {
		dataDir = Files.createTempDirectory("front-door-fidelity");
		stack = StackProcess.up(dataDir.resolve("data"), Map.of(), "--without=event-writer");
	}

	@AfterContainer
	static void down() {
		if (stack != null) {
			stack.kill();
		}
	}

	@Property(tries = 400)
	void aMetricsQueryIsAnsweredAsTheTierAnswersIt(@ForAll("queries") String query,
			@ForAll("oddHeaders") List<String> headers) throws Exception {
		List<String> head = new ArrayList<>(List.of("GET /events/metrics?" + query + " HTTP/1.1"));
		head.addAll(headers);
		assertSameAnswer(head, null, METRICS);
	}

	@Property(tries = 300)
	void anEventIsAnsweredAsTheTierAnswersIt(@ForAll("queries") String query, @ForAll("bodies") Body body,
			@ForAll("oddHeaders") List<String> headers) throws Exception {
		List<String> head = new ArrayList<>(
				List.of("POST /events?validate_only=true&" + query + " HTTP/1.1", "Content-Type: application/json"));
		head.addAll(headers);
		head.addAll(body.headers());
		assertSameAnswer(head, body.bytes(), INGEST);
	}

	private static void assertSameAnswer(List<String> head, byte[] body, int tier) throws Exception {
		RawHttp.Response direct = RawHttp.send(tier, head.toArray(String[]::new), body);
		RawHttp.Response throughFrontDoor = RawHttp.send(FRONT_DOOR, head.toArray(String[]::new), body);
		String request = String.join("\n", head);
		assertThat(throughFrontDoor.status()).as("status through the front door of\n%s", request)
			.isEqualTo(direct.status());
		assertThat(throughFrontDoor.body()).as("body through the front door of\n%s", request).isEqualTo(direct.body());
		assertThat(throughFrontDoor.header("Content-Type")).as("content type of\n%s", request)
			.isEqualTo(direct.header("Content-Type"));
	}

	/** The seed's range, then up to five more parameters made of anything. */
	@Provide
	Arbitrary<String> queries() {
		Arbitrary<String> name = Arbitraries.oneOf(
				Arbitraries.of("group_by", "channel", "platform", "timezone", "unique_users", "event_name", "to"),
				component(12));
		Arbitrary<String> pair = Combinators.combine(name, Arbitraries.oneOf(component(40), component(5000)))
			.as((key, value) -> key + "=" + value);
		return pair.list().ofMaxSize(5).map(pairs -> RANGE + (pairs.isEmpty() ? "" : "&" + String.join("&", pairs)));
	}

	/**
	 * A query component: printable bytes raw (all but space, which ends the request
	 * target), their percent-encodings in either case, {@code +}, and broken escapes.
	 */
	static Arbitrary<String> component(int maxLength) {
		Arbitrary<String> raw = Arbitraries.chars().range('!', '~').map(String::valueOf);
		Arbitrary<String> encoded = Arbitraries.integers()
			.between(0x20, 0xff)
			.flatMap(b -> Arbitraries.of("%" + HexFormat.of().withUpperCase().toHexDigits((byte) (int) b),
					"%" + HexFormat.of().toHexDigits((byte) (int) b)));
		Arbitrary<String> broken = Arbitraries.of("%", "%Z", "%zz", "%4", "%%", "%G0", "+", "%2B", "%25", "%00");
		return Arbitraries
			.frequencyOf(net.jqwik.api.Tuple.of(6, raw), net.jqwik.api.Tuple.of(3, encoded),
					net.jqwik.api.Tuple.of(1, broken))
			.list()
			.ofMaxSize(maxLength)
			.map(parts -> String.join("", parts));
	}

	/** Headers a client may legally send, if oddly. */
	@Provide
	Arbitrary<List<String>> oddHeaders() {
		Arbitrary<String> value = Arbitraries.strings().withCharRange('!', '~').withChars(' ', '\t').ofMaxLength(300);
		Arbitrary<String> header = Combinators
			.combine(Arbitraries.of("X-Odd", "x-ODD-case", "Accept", "Accept-Language", "X-Request-Id", "Cookie"),
					value)
			.as((name, text) -> name + ":" + text.strip());
		return header.list().ofMaxSize(4);
	}

	/** A request body and the headers that frame it. */
	record Body(byte[] bytes, List<String> headers) {
	}

	@Provide
	Arbitrary<Body> bodies() {
		String event = "{\"id\":\"fidelity-1\",\"name\":\"page_view\",\"channel_type\":\"web\",\"user_id\":\"u-1\"}";
		byte[] json = event.getBytes(StandardCharsets.UTF_8);
		byte[] chunked = (Integer.toHexString(10) + "\r\n" + event.substring(0, 10) + "\r\n"
				+ Integer.toHexString(json.length - 10) + "\r\n" + event.substring(10) + "\r\n0\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
		return Arbitraries.of(new Body(json, List.of()), new Body(new byte[0], List.of()),
				new Body(chunked, List.of("Transfer-Encoding: chunked")),
				new Body("{\"name\":".getBytes(StandardCharsets.UTF_8), List.of()));
	}

}
