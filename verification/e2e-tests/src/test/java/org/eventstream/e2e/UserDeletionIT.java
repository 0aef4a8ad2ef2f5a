package org.eventstream.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting a user through the front door, against the whole stack: the same events are
 * sent for two days, day X with the user and day Y (three days earlier) without; after
 * the deletion every metric of X, exact and approximate (through the rebuilt rollups), in
 * every grouping, equals Y's; the user's rows are gone from every table; a resend of
 * their old events is not stored; and only an admin key may ask.
 */
class UserDeletionIT {

	static final String API = "http://localhost:8080";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final HttpClient HTTP = HttpClient.newHttpClient();

	static final String ADMIN_KEY = "admin-key-for-the-test";

	static final String GONE = "user-to-delete";

	static final Instant X = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));

	static final Instant Y = X.minus(Duration.ofDays(3));

	@TempDir
	static Path dataDir;

	static StackProcess stack;

	@BeforeAll
	static void up() throws Exception {
		stack = StackProcess.up(dataDir.resolve("data"),
				Map.of("EVENT_STREAM_SECURITY_ADMIN_KEYS", "ops=" + StackProcess.sha256(ADMIN_KEY),
						"EVENT_STREAM_PRIVACY_WRITE_HOLD_GRACE", "2s", "EVENT_STREAM_PRIVACY_SWEEP_INTERVAL", "2s"));
	}

	@AfterAll
	static void down() {
		if (stack != null) {
			stack.kill();
		}
	}

	@Test
	void aDeletedUserLeavesNoTraceAndTheMetricsAreThoseOfADatasetWithoutThem() throws Exception {
		List<String> x = new ArrayList<>();
		List<String> y = new ArrayList<>();
		List<String> ofTheUser = new ArrayList<>();
		String[] names = { "page_view", "purchase" };
		String[] channels = { "web", "mobile", "tv" };
		int n = 0;
		for (int hour = 0; hour < 24; hour += 3) {
			for (int user = 0; user < 12; user++) {
				String name = names[(hour + user) % 2];
				String channel = channels[user % 3];
				String who = "\"user_id\":\"u" + user + "\"," + device(user);
				x.add(event("x-" + n, name, channel, who, X.plus(Duration.ofMinutes(hour * 60 + user))));
				y.add(event("y-" + n, name, channel, who, Y.plus(Duration.ofMinutes(hour * 60 + user))));
				n++;
			}
			// the user to delete, by user_id and as the pseudo id of another user_id, on
			// day X only
			ofTheUser.add(event("gone-" + hour, names[hour % 2], channels[hour % 3],
					"\"user_id\":\"" + GONE + "\"," + device(hour), X.plus(Duration.ofMinutes(hour * 60 + 30))));
			ofTheUser.add(event("gone-pseudo-" + hour, "purchase", "web",
					"\"user_id\":\"alias-" + hour + "\",\"user_pseudo_id\":\"" + GONE + "\"",
					X.plus(Duration.ofMinutes(hour * 60 + 40))));
		}
		List<String> all = new ArrayList<>(x);
		all.addAll(y);
		all.addAll(ofTheUser);
		assertThat(post(batch(all)).statusCode()).isEqualTo(202);
		awaitStored(all.size());
		// every hour here is complete in the rollups (they were created before any
		// event): let the
		// approximate answers read them, as an operator does after a backfill
		for (String rollup : List.of("events_hourly", "events_hourly_by_name", "events_daily",
				"events_daily_by_name")) {
			clickHouse("INSERT INTO rollup_coverage (rollup, covers_from) VALUES ('" + rollup + "', '2000-01-01')");
		}
		assertThat(metrics(X, "unique_users=exact").get("total_count").asLong()).isEqualTo(x.size() + 16);

		HttpResponse<String> anonymous = delete(GONE, null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.body()).contains("/problems/unauthorized");
		assertThat(delete(GONE, "not-an-admin-key").statusCode()).isEqualTo(401);
		assertThat(HTTP
			.send(HttpRequest.newBuilder(URI.create(API + "/users/deletions")).build(),
					HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(401);

		HttpResponse<String> accepted = delete(GONE, ADMIN_KEY);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		JsonNode deletion = JSON.readTree(accepted.body());
		String statusUrl = deletion.get("status_url").asText();
		assertThat(accepted.headers().firstValue("Location")).contains(statusUrl);
		JsonNode done = awaitDone(statusUrl);
		assertThat(done.get("requested_by").asText()).isEqualTo("ops");
		assertThat(done.get("rows_deleted").get("events").asLong()).isEqualTo(16);
		assertThat(done.get("rows_deleted").get("users").asLong()).isEqualTo(9);

		for (String table : List.of("events WHERE user_id = '" + GONE + "' OR user_pseudo_id = '" + GONE + "'",
				"users WHERE user_key = '" + GONE + "' OR user_key LIKE 'alias-%'",
				"user_hash64_collisions WHERE user_key = '" + GONE + "'")) {
			assertThat(clickHouse("SELECT count() FROM " + table)).as(table).isEqualTo("0");
		}
		assertSameMetrics();

		// a resend of the deleted user's old events, then one more event to know the
		// writer got past them
		assertThat(post(batch(ofTheUser)).statusCode()).isEqualTo(202);
		assertThat(post(batch(List.of(event("marker", "page_view", "web", "\"user_id\":\"u1\"", Y.minusSeconds(60)))))
			.statusCode()).isEqualTo(202);
		awaitStored(x.size() + y.size() + 1);
		assertThat(clickHouse(
				"SELECT count() FROM events WHERE user_id = '" + GONE + "' OR user_pseudo_id = '" + GONE + "'"))
			.isEqualTo("0");
		assertSameMetrics();

		JsonNode audit = JSON.readTree(adminGet("/users/deletions").body());
		assertThat(audit.get(0).get("deletion_id").asText()).isEqualTo(deletion.get("deletion_id").asText());
		assertThat(audit.get(0).get("status").asText()).isEqualTo("done");
	}

	/** Every grouping the API offers, and none. */
	static final List<String> GROUPINGS = List.of("", "&group_by=hourly", "&group_by=daily", "&group_by=channel",
			"&group_by=event_name", "&group_by=device_category", "&group_by=operating_system", "&group_by=browser",
			"&group_by=device_brand", "&group_by=language", "&group_by=hostname", "&group_by=app_id",
			"&group_by=app_version");

	/** Day X's metrics equal day Y's, for every grouping, exact and approximate. */
	private static void assertSameMetrics() throws Exception {
		for (String users : List.of("exact", "approximate")) {
			for (String name : List.of("", "&event_name=page_view", "&event_name=purchase")) {
				for (String group : GROUPINGS) {
					String query = "unique_users=" + users + name + group;
					JsonNode onX = metrics(X, query);
					JsonNode onY = metrics(Y, query);
					assertThat(onX.get("total_count")).as(query).isEqualTo(onY.get("total_count"));
					assertThat(onX.get("unique_user_count")).as(query).isEqualTo(onY.get("unique_user_count"));
					assertThat(values(onX)).as(query).isEqualTo(values(onY));
				}
			}
		}
	}

	/**
	 * The groups without their keys for time buckets (the days differ), with them
	 * otherwise.
	 */
	private static List<String> values(JsonNode answer) {
		List<String> values = new ArrayList<>();
		for (JsonNode group : answer.get("grouped_metrics")) {
			String key = group.get("group_key").asText();
			values.add((key.matches("\\d{4}-.*") ? "" : key) + ":" + group.get("total_count") + ":"
					+ group.get("unique_user_count"));
		}
		return values;
	}

	/** Device fields that vary, so that the device groupings have groups to lose. */
	private static String device(int n) {
		String[] categories = { "desktop", "mobile", "tablet" };
		String[] systems = { "Linux", "iOS", "Android", "Windows" };
		return "\"device\":{\"category\":\"" + categories[n % 3] + "\",\"operating_system\":\"" + systems[n % 4]
				+ "\",\"browser_name\":\"b" + (n % 2) + "\",\"language\":\"l" + (n % 5)
				+ "\"},\"app_info\":{\"id\":\"app" + (n % 2) + "\",\"version\":\"1." + (n % 3) + "\"}";
	}

	private static String event(String id, String name, String channel, String who, Instant at) {
		return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"channel_type\":\"" + channel + "\"," + who
				+ ",\"date\":\"" + at + "\"}";
	}

	private static String batch(List<String> events) {
		return "{\"events\":[" + String.join(",", events) + "]}";
	}

	private static HttpResponse<String> post(String body) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(API + "/events/batch"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> delete(String userKey, String key) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(API + "/users/" + URLEncoder.encode(userKey, StandardCharsets.UTF_8)))
			.DELETE();
		if (key != null) {
			request.header("X-API-Key", key);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> adminGet(String path) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(API + path)).header("X-API-Key", ADMIN_KEY).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode awaitDone(String statusUrl) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		String last = "";
		while (System.nanoTime() < deadline) {
			HttpResponse<String> status = adminGet(statusUrl);
			last = status.body();
			if (status.statusCode() == 200 && JSON.readTree(last).get("status").asText().equals("done")) {
				return JSON.readTree(last);
			}
			Thread.sleep(250);
		}
		throw new AssertionError("the deletion was not done within 90 s: " + last + "\n" + stack.output());
	}

	private static JsonNode metrics(Instant day, String query) throws Exception {
		String range = "from=" + day + "&to=" + day.plus(Duration.ofDays(1)).minusSeconds(1);
		HttpResponse<String> response = HTTP.send(
				HttpRequest.newBuilder(URI.create(API + "/events/metrics?" + range + "&" + query)).build(),
				HttpResponse.BodyHandlers.ofString());
		// with a failure, the services' logs and threads: two runs of the test command
		// (2026-11-29, before 05:00 and at 13:26) got no answer within 30 s (a 504 from
		// the front door), nothing in the logs, and passed on rerun: where the threads
		// wait is the clue
		assertThat(response.statusCode())
			.as(() -> query + ": " + response.body()
					+ (response.statusCode() == 200 ? ""
							: "\n" + stack.logTail("metrics-api", 60) + "\n" + stack.logTail("clickhouse", 60) + "\n"
									+ stack.threadDump("metrics-api") + "\n" + stack.threadDump("clickhouse")))
			.isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static void awaitStored(long expected) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		String seen = "";
		while (System.nanoTime() < deadline) {
			seen = clickHouse("SELECT count() FROM events");
			if (seen.equals(Long.toString(expected))) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("stored " + seen + " events, not " + expected + "\n" + stack.output());
	}

	private static String clickHouse(String sql) throws Exception {
		return StackProcess.clickHouse(sql).trim();
	}

}
