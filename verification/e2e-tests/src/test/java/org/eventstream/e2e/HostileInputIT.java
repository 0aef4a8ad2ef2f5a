package org.eventstream.e2e;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of malformed and hostile requests against both APIs, through the front door
 * and straight at the services, with keys required (as deployed): every one answered with
 * a 4xx problem, never a 5xx; afterwards every service is ready and nothing stored has
 * changed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String WRITE_KEY = "hostile-write-key-3b9f";

	static final String READ_KEY = "hostile-read-key-51ac";

	static final int FRONT_DOOR = 8080;

	static final int INGEST = 8081;

	static final int METRICS = 8082;

	/** A valid event, to break one field at a time. */
	static final String VALID = "{\"name\":\"hostile_probe\",\"channel_type\":\"web\",\"user_id\":\"u1\","
			+ "\"device\":{\"category\":\"desktop\"},\"app_info\":{\"id\":\"a\",\"version\":\"1\"},"
			+ "\"event_params\":[{\"key\":\"k\",\"string_value\":\"v\"}],"
			+ "\"items\":[{\"id\":\"i\",\"price_in_usd\":1.5,\"quantity\":1}]}";

	@TempDir
	static Path dir;

	static StackProcess stack;

	/** One hostile request: where it goes and what it is. */
	record Case(String label, int port, String[] head, byte[] body) {
	}

	@BeforeAll
	static void up() throws Exception {
		stack = StackProcess.withKeys(dir.resolve("data"), "sdk=" + StackProcess.sha256(WRITE_KEY),
				"dash=" + StackProcess.sha256(READ_KEY));
	}

	@AfterAll
	static void down() {
		if (stack != null) {
			stack.kill();
		}
	}

	@Test
	@Order(1)
	void everyHostileRequestGetsA4xxProblemAndChangesNothing() throws Exception {
		RawHttp.Response accepted = post(FRONT_DOOR, "/events", WRITE_KEY, VALID.getBytes(StandardCharsets.UTF_8));
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		long stored = awaitStoredAtLeast(1);

		List<Case> corpus = corpus();
		assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
		Map<String, String> wrong = new LinkedHashMap<>();
		Map<Integer, Integer> statuses = new java.util.TreeMap<>();
		for (Case hostile : corpus) {
			RawHttp.Response response = RawHttp.send(hostile.port(), hostile.head(), hostile.body());
			statuses.merge(response.status(), 1, Integer::sum);
			String problem = problemIssue(response);
			if (problem != null) {
				wrong.put(hostile.label() + " (port " + hostile.port() + ")",
						response.status() + " " + problem + ": " + abbreviate(response.body()));
			}
		}
		System.out.println("[hostile] " + corpus.size() + " requests, statuses " + statuses);
		java.nio.file.Files.write(Path.of("target/hostile-input-failures.txt"),
				wrong.entrySet().stream().map(entry -> entry.getKey() + " -> " + entry.getValue()).toList());
		assertThat(wrong).as("requests not answered with a 4xx problem (target/hostile-input-failures.txt)").isEmpty();

		for (int port : List.of(FRONT_DOOR, INGEST, METRICS, 8083)) {
			assertThat(HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode()).as("ready after the corpus: " + port).isEqualTo(200);
		}
		Thread.sleep(3000);
		assertThat(storedCount()).as("rows in ClickHouse after the corpus").isEqualTo(stored);
		RawHttp.Response metrics = RawHttp.send(FRONT_DOOR,
				new String[] { "GET /events/metrics?from=2000-01-01T00:00:00Z HTTP/1.1", "X-API-Key: " + READ_KEY },
				null);
		assertThat(JSON.readTree(metrics.body()).get("total_count").asLong()).isEqualTo(stored);
	}

	/**
	 * Every metric the Grafana dashboard ({@code deploy/grafana}) queries is exported by
	 * a running service: a renamed meter must not leave an empty panel behind.
	 */
	@Test
	@Order(2)
	void theDashboardsMetricsAreExported() throws Exception {
		// traffic that creates the meters registered on first use
		RawHttp.send(FRONT_DOOR, json("POST /events", WRITE_KEY), VALID.getBytes(StandardCharsets.UTF_8));
		RawHttp.send(FRONT_DOOR,
				new String[] { "GET /events/metrics?event_name=dashboard_probe HTTP/1.1", "X-API-Key: " + READ_KEY },
				null);
		RawHttp.send(FRONT_DOOR, new String[] { "GET /events/metrics HTTP/1.1" }, null);
		StringBuilder exported = new StringBuilder();
		for (int port : List.of(INGEST, METRICS, 8083, FRONT_DOOR)) {
			exported.append(HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body());
		}
		java.util.Set<String> names = new java.util.TreeSet<>();
		exported.toString().lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
			int end = 0;
			while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
				end++;
			}
			names.add(line.substring(0, end));
		});
		JsonNode dashboard = JSON
			.readTree(StackProcess.HOME.resolve("deploy/grafana/event-stream-dashboard.json").toFile());
		java.util.Set<String> queried = new java.util.TreeSet<>();
		java.util.regex.Matcher metric = java.util.regex.Pattern
			.compile("\\b([a-z][a-z0-9_]*_(?:total|bucket|sum|count|max|seconds|size))\\b")
			.matcher("");
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				metric.reset(target.get("expr").asString());
				while (metric.find()) {
					queried.add(metric.group(1));
				}
			}
		}
		assertThat(queried).hasSizeGreaterThanOrEqualTo(10);
		assertThat(names).containsAll(queried);
	}

	static List<Case> corpus() throws Exception {
		List<Case> cases = new ArrayList<>();
		for (int port : List.of(FRONT_DOOR, INGEST)) {
			ingestCases(cases, port);
		}
		for (int port : List.of(FRONT_DOOR, METRICS)) {
			metricsCases(cases, port);
		}
		return cases;
	}

	private static void ingestCases(List<Case> cases, int port) throws Exception {
		// bodies that are not JSON, or not the JSON of an event
		List<String> bodies = new ArrayList<>(List.of("", " ", "null", "[]", "{}", "{", "}", "{]", "nul", "\"event\"",
				"42", "{\"name\":}", VALID + "x", VALID + VALID, "{'name':'a'}", "{\"name\":\"a\" /* c */}",
				"{\"name\":NaN}", "{\"name\":\"a\",}"));
		for (int cut = 1; cut < VALID.length(); cut += VALID.length() / 12) {
			bodies.add(VALID.substring(0, cut));
		}
		// wrong types for every field, unknown fields, duplicate keys
		Map<String, List<String>> wrongTypes = new LinkedHashMap<>();
		for (String field : List.of("name", "channel_type")) {
			wrongTypes.put(field, List.of("1", "true", "[]", "{}"));
		}
		wrongTypes.put("channel_type", List.of("1", "true", "[]", "{}", "\"radio\"", "\"WEB \""));
		for (String field : List.of("timestamp", "previous_timestamp")) {
			wrongTypes.put(field,
					List.of("\"abc\"", "true", "[]", "{}", "1e400", "-1", "9223372036854775808", "1.5e300"));
		}
		for (String field : List.of("date", "sent_at")) {
			wrongTypes.put(field, List.of("\"yesterday\"", "true", "[]", "{}", "\"2024-13-45T99:00:00Z\""));
		}
		for (String field : List.of("user_id", "user_pseudo_id")) {
			wrongTypes.put(field, List.of("true", "[]", "{}", "\"" + "u".repeat(300) + "\""));
		}
		wrongTypes.put("id", List.of("true", "[]", "{}", "\"has spaces\"", "\"" + "i".repeat(500) + "\""));
		for (String field : List.of("event_params", "user_params")) {
			wrongTypes.put(field,
					List.of("\"x\"", "1", "true", "{}", "[1]", "[{\"key\":1,\"string_value\":\"v\"}]",
							"[{\"key\":\"k\"}]", "[{\"key\":\"bad key\",\"string_value\":\"v\"}]",
							"[{\"key\":\"k\",\"int_value\":\"x\"}]"));
		}
		wrongTypes.put("device", List.of("\"x\"", "1", "true", "[]", "{\"category\":1}", "{\"browser_name\":[]}",
				"{\"unknown\":\"x\"}"));
		wrongTypes.put("app_info", List.of("\"x\"", "1", "[]", "{\"version\":{}}", "{\"id\":true}"));
		wrongTypes.put("items", List.of("\"x\"", "1", "{}", "[1]", "[{\"price_in_usd\":\"x\"}]",
				"[{\"quantity\":\"many\"}]", "[{\"price_in_usd\":1e400}]"));
		wrongTypes.put("unknown_field", List.of("1"));
		for (var entry : wrongTypes.entrySet()) {
			for (String value : entry.getValue()) {
				bodies.add(withField(entry.getKey(), value));
			}
		}
		bodies.add("{\"name\":\"a\",\"name\":\"b\",\"channel_type\":\"web\"}");
		bodies.add(
				"{\"name\":\"page_view\",\"channel_type\":\"web\",\"device\":{\"category\":\"a\",\"category\":\"b\"}}");
		// names with control characters and unicode tricks
		for (String name : List.of("page\\u0000view", "page\\u0007view", "page\u200Bview", "p\u0430ge_view",
				"page\u202Eweiv", "page_view\uD83D\uDE00", "page\u0301_view", "\\ud800", "a b", "1abc")) {
			bodies.add("{\"name\":\"" + name + "\",\"channel_type\":\"web\"}");
		}
		// deep nesting and huge strings and arrays
		bodies.add("{\"name\":\"a\",\"channel_type\":\"web\",\"event_params\":" + "[".repeat(5000) + "]".repeat(5000)
				+ "}");
		bodies.add("[".repeat(100_000));
		bodies.add("{\"name\":\"" + "a".repeat(200_000) + "\",\"channel_type\":\"web\"}");
		bodies.add("{\"name\":\"a\",\"channel_type\":\"web\",\"event_params\":["
				+ "{\"key\":\"k\",\"string_value\":\"v\"},".repeat(20_000)
				+ "{\"key\":\"k\",\"string_value\":\"v\"}]}");
		bodies.add("{\"name\":\"a\",\"channel_type\":\"web\",\"user_id\":\"" + "x".repeat(6_000_000) + "\"}");
		for (String body : bodies) {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			cases.add(new Case("POST /events " + abbreviate(body), port, json("POST /events", WRITE_KEY), bytes));
			cases.add(new Case("POST /events/batch " + abbreviate(body), port, json("POST /events/batch", WRITE_KEY),
					("{\"events\":[" + body + "]}").getBytes(StandardCharsets.UTF_8)));
		}
		cases.add(new Case("batch of 20,000 events", port, json("POST /events/batch", WRITE_KEY),
				("{\"events\":[" + (VALID + ",").repeat(19_999) + VALID + "]}").getBytes(StandardCharsets.UTF_8)));
		cases.add(new Case("batch without events", port, json("POST /events/batch", WRITE_KEY),
				"{\"events\":[]}".getBytes(StandardCharsets.UTF_8)));
		cases.add(new Case("batch events not an array", port, json("POST /events/batch", WRITE_KEY),
				"{\"events\":{}}".getBytes(StandardCharsets.UTF_8)));
		// invalid UTF-8
		for (byte[] bad : List.of(new byte[] { (byte) 0xC3, 0x28 }, new byte[] { (byte) 0xFF },
				new byte[] { (byte) 0xC0, (byte) 0xAF }, new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
				new byte[] { (byte) 0xE2, (byte) 0x82 })) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			body.write(
					"{\"name\":\"page_view\",\"channel_type\":\"web\",\"user_id\":\"".getBytes(StandardCharsets.UTF_8));
			body.write(bad);
			body.write("\"}".getBytes(StandardCharsets.UTF_8));
			cases.add(new Case("invalid UTF-8 " + HexFormat.of().formatHex(bad), port, json("POST /events", WRITE_KEY),
					body.toByteArray()));
		}
		// compression: a gzip bomb, broken gzip, unknown encodings
		ByteArrayOutputStream bomb = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
			byte[] zeros = new byte[1 << 20];
			for (int i = 0; i < 200; i++) {
				gzip.write(zeros);
			}
		}
		cases.add(new Case("gzip bomb (200 MB of zeros)", port,
				with(json("POST /events", WRITE_KEY), "Content-Encoding: gzip"), bomb.toByteArray()));
		cases.add(new Case("gzip declared, plain body", port,
				with(json("POST /events", WRITE_KEY), "Content-Encoding: gzip"),
				VALID.getBytes(StandardCharsets.UTF_8)));
		cases.add(new Case("Content-Encoding: br", port, with(json("POST /events", WRITE_KEY), "Content-Encoding: br"),
				VALID.getBytes(StandardCharsets.UTF_8)));
		// media types, methods, paths
		for (String type : List.of("application/xml", "multipart/form-data; boundary=x",
				"application/x-www-form-urlencoded", "image/png")) {
			cases.add(new Case("Content-Type " + type, port,
					new String[] { "POST /events HTTP/1.1", "Content-Type: " + type, "X-API-Key: " + WRITE_KEY },
					VALID.getBytes(StandardCharsets.UTF_8)));
		}
		cases.add(new Case("no Content-Type", port, new String[] { "POST /events HTTP/1.1", "X-API-Key: " + WRITE_KEY },
				VALID.getBytes(StandardCharsets.UTF_8)));
		cases.add(new Case("DELETE /events", port,
				new String[] { "DELETE /events HTTP/1.1", "X-API-Key: " + WRITE_KEY }, null));
		cases.add(new Case("GET /events/../../etc/passwd", port,
				new String[] { "GET /events/../../etc/passwd HTTP/1.1", "X-API-Key: " + WRITE_KEY }, null));
		// headers: idempotency keys, oversized and repeated headers, keys
		for (String key : List.of("has space", "k".repeat(1000), "ключ", "a\tb")) {
			cases.add(new Case("Idempotency-Key " + abbreviate(key), port,
					with(json("POST /events", WRITE_KEY), "Idempotency-Key: " + key),
					VALID.getBytes(StandardCharsets.UTF_8)));
		}
		for (int size : List.of(20_000, 100_000)) {
			cases.add(new Case("a header of " + size + " bytes", port,
					with(json("POST /events", WRITE_KEY), "X-Padding: " + "p".repeat(size)),
					VALID.getBytes(StandardCharsets.UTF_8)));
		}
		cases.add(new Case("a request line of 20,000 bytes", port,
				json("POST /events?" + "q".repeat(20_000), WRITE_KEY), VALID.getBytes(StandardCharsets.UTF_8)));
		for (String[] auth : List.of(new String[0], new String[] { "X-API-Key: wrong" },
				new String[] { "X-API-Key: " + READ_KEY }, new String[] { "Authorization: Bearer" },
				new String[] { "Authorization: Basic " + WRITE_KEY }, new String[] { "X-API-Key: ' OR 1=1 --" },
				new String[] { "X-API-Key: " + "k".repeat(4000) }, new String[] { "X-API-Key: ключ" },
				new String[] { "X-API-Key: " + WRITE_KEY, "X-API-Key: " + WRITE_KEY },
				new String[] { "X-API-Key: " + WRITE_KEY, "Authorization: Bearer other" })) {
			String[] head = new String[2 + auth.length];
			head[0] = "POST /events HTTP/1.1";
			head[1] = "Content-Type: application/json";
			System.arraycopy(auth, 0, head, 2, auth.length);
			cases.add(new Case("auth " + String.join(" | ", auth), port, head, VALID.getBytes(StandardCharsets.UTF_8)));
		}
		cases.add(new Case("validate_only=maybe", port, json("POST /events?validate_only=maybe", WRITE_KEY),
				VALID.getBytes(StandardCharsets.UTF_8)));
	}

	private static void metricsCases(List<Case> cases, int port) {
		String base = "event_name=page_view&from=2024-01-01T00:00:00Z&to=2024-01-31T23:59:59Z";
		List<String> injections = List.of("' OR 1=1 --", "'; DROP TABLE events; --", "page_view') UNION SELECT 1 --",
				"\u0000", "page\u200Bview", "p\u0430ge_view", "\u202Eweiv_egap", "%00", "${jndi:ldap://x}",
				"x".repeat(3000));
		for (String parameter : List.of("event_name", "from", "to", "channel", "platform", "group_by", "tz",
				"unique_users", "limit")) {
			for (String value : injections) {
				cases.add(new Case("metrics " + parameter + "=" + abbreviate(value), port,
						metrics(base.replaceAll("(^|&)" + parameter + "=[^&]*", "") + "&" + parameter + "="
								+ URLEncoder.encode(value, StandardCharsets.UTF_8)),
						null));
			}
		}
		for (String query : List.of("from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z&group_by=hourly",
				"from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z", "from=-999999999-01-01T00:00:00Z",
				"from=%2B10000-01-01T00:00:00Z", "from=2024-13-45T00:00:00Z", "from=1704067200", "to=now",
				"from=2000-01-01T00:00:00Z&to=2030-01-01T00:00:00Z&group_by=daily", "limit=-1", "limit=0", "limit=1001",
				"limit=99999999999999999999", "group_by=channel,daily,hourly", "group_by=daily,hourly",
				"filter=event_params.x%3E%3Dten", "measure=median:x", "group_by=", "tz=Mars/Phobos", "tz=%2B02:00",
				"from=2024-01-01T00:00:00Z&from=2024-01-02T00:00:00Z", "unknown=1", "event_name=",
				"unique_users=all")) {
			cases.add(new Case("metrics " + query, port, metrics(query), null));
		}
		for (String[] auth : List.of(new String[0], new String[] { "X-API-Key: " + WRITE_KEY },
				new String[] { "X-API-Key: wrong" }, new String[] { "Authorization: Bearer " + "k".repeat(4000) })) {
			String[] head = new String[1 + auth.length];
			head[0] = "GET /events/metrics?event_name=page_view HTTP/1.1";
			System.arraycopy(auth, 0, head, 1, auth.length);
			cases.add(new Case("metrics auth " + String.join(" | ", auth), port, head, null));
		}
		cases
			.add(new Case(
					"POST /events/metrics", port, new String[] { "POST /events/metrics HTTP/1.1",
							"X-API-Key: " + READ_KEY, "Content-Type: application/json" },
					"{}".getBytes(StandardCharsets.UTF_8)));
	}

	private static String[] metrics(String query) {
		return new String[] { "GET /events/metrics?" + query + " HTTP/1.1", "X-API-Key: " + READ_KEY };
	}

	private static String[] json(String requestLine, String key) {
		return new String[] { requestLine + " HTTP/1.1", "Content-Type: application/json", "X-API-Key: " + key };
	}

	private static String[] with(String[] head, String line) {
		String[] longer = java.util.Arrays.copyOf(head, head.length + 1);
		longer[head.length] = line;
		return longer;
	}

	private static String withField(String field, String value) {
		JsonNode valid = JSON.readTree(VALID);
		String json = JSON.writeValueAsString(valid);
		String key = "\"" + field + "\":";
		if (valid.has(field)) {
			int start = json.indexOf(key) + key.length();
			int end = endOfValue(json, start);
			return json.substring(0, start) + value + json.substring(end);
		}
		return json.substring(0, json.length() - 1) + "," + key + value + "}";
	}

	/**
	 * Where the JSON value starting at {@code start} ends (strings, objects, arrays,
	 * scalars).
	 */
	private static int endOfValue(String json, int start) {
		int depth = 0;
		boolean inString = false;
		for (int i = start; i < json.length(); i++) {
			char c = json.charAt(i);
			if (inString) {
				if (c == '\\') {
					i++;
				}
				else if (c == '"') {
					inString = false;
					if (depth == 0) {
						return i + 1;
					}
				}
			}
			else if (c == '"') {
				inString = true;
			}
			else if (c == '{' || c == '[') {
				depth++;
			}
			else if (c == '}' || c == ']') {
				if (depth == 0) {
					return i;
				}
				depth--;
				if (depth == 0) {
					return i + 1;
				}
			}
			else if (c == ',' && depth == 0) {
				return i;
			}
		}
		return json.length();
	}

	/**
	 * Null when the answer is a 4xx problem+json whose status matches; else what is
	 * wrong.
	 */
	private static String problemIssue(RawHttp.Response response) {
		if (response.status() < 400 || response.status() > 499) {
			return "not a 4xx";
		}
		String type = response.header("Content-Type");
		if (type == null || !type.startsWith("application/problem+json")) {
			return "content type " + type;
		}
		try {
			JsonNode problem = JSON.readTree(response.body());
			if (problem.path("status").asInt() != response.status() || !problem.hasNonNull("type")) {
				return "problem without matching status or type";
			}
		}
		catch (RuntimeException ex) {
			return "body is not JSON";
		}
		return null;
	}

	private static RawHttp.Response post(int port, String path, String key, byte[] body) throws Exception {
		return RawHttp.send(port, json("POST " + path, key), body);
	}

	private static long awaitStoredAtLeast(long count) throws Exception {
		long deadline = System.nanoTime() + 30_000_000_000L;
		long stored = storedCount();
		while (stored < count && System.nanoTime() < deadline) {
			Thread.sleep(200);
			stored = storedCount();
		}
		return stored;
	}

	private static long storedCount() throws Exception {
		return Long.parseLong(StackProcess.clickHouse("SELECT count() FROM events").trim());
	}

	private static String abbreviate(String text) {
		String flat = text.replaceAll("[\\r\\n]", " ");
		return (flat.length() <= 80) ? flat : flat.substring(0, 80) + "...(" + flat.length() + " chars)";
	}

}
