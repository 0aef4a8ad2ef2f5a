package org.eventstream.metrics.integration;

import java.util.List;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eventstream.metrics.integration.StoredEvents.event;

/**
 * The metrics API over a known dataset in the local ClickHouse. Users: u1 (web, tv), u2
 * (web), p1 (pseudo only, mobile); one event has no user at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsApiIntegrationTest {

	private static final String DATABASE = "metrics_" + Long.toHexString(System.nanoTime());

	@DynamicPropertySource
	static void clickHouse(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry, DATABASE);
	}

	@BeforeAll
	static void dataset() throws Exception {
		try (Client client = TestDatabase.migrated(DATABASE).newClient()) {
			new StoredEvents().add(event("e1").at("2024-01-15T10:30:00Z").byUser("u1").inBrowser("Chrome"))
				.add(event("e2").at("2024-01-15T11:10:00Z").byUser("u2").inBrowser("Chrome"))
				.add(event("e3").on("mobile").at("2024-01-16T09:00:00Z").byPseudoUser("p1").withAppVersion("2.1.0"))
				.add(event("e4").on("mobile").at("2024-01-16T09:30:00Z").withAppVersion("2.1.0"))
				.add(event("e5").named("button_click").at("2024-01-15T12:00:00Z").byUser("u1"))
				.add(event("e6").on("tv").at("2024-01-17T00:00:00Z").byUser("u1").byPseudoUser("p-of-u1"))
				.add(event("b1").named("dst_probe").at("2024-03-31T00:30:00Z").byUser("u1"))
				.add(event("b2").named("dst_probe").at("2024-03-31T01:30:00Z").byUser("u2"))
				.insertInto(client);
			forgeAHashCollision(client);
			// the rollup view saw every row above: let the approximate mode use it for
			// all hours
			client.queryAll("INSERT INTO rollup_coverage (rollup, covers_from) VALUES ('events_hourly', 0), "
					+ "('events_hourly_by_name', 0), ('events_daily', 0), ('events_daily_by_name', 0)");
			// a witness only the rollup holds: five events of a name the events table has
			// never seen
			client.queryAll("INSERT INTO events_hourly SELECT 'rollup_probe', 'web', "
					+ "toDateTime('2024-02-01 10:00:00', 'UTC'), 5, uniqHLL12State(toUInt128(42))");
			client.queryAll("INSERT INTO events_hourly_by_name SELECT 'rollup_probe', "
					+ "toDateTime('2024-02-01 10:00:00', 'UTC'), 7, uniqHLL12State(toUInt128(42))");
			// and witnesses only the daily rollups hold
			client.queryAll("INSERT INTO events_daily SELECT 'rollup_probe', 'web', "
					+ "toDateTime('2024-02-02 00:00:00', 'UTC'), 11, uniqHLL12State(toUInt128(42))");
			client.queryAll("INSERT INTO events_daily_by_name SELECT 'rollup_probe', "
					+ "toDateTime('2024-02-02 00:00:00', 'UTC'), 13, uniqHLL12State(toUInt128(42))");
		}
	}

	/**
	 * Events of {@code collision_probe} by alice (twice), mallory and nobody, where
	 * mallory's event carries alice's 64-bit user hash, and the two keys are on record as
	 * sharing it, as the writer would have recorded them. No two real keys are known to
	 * share a 64-bit hash, hence the forgery.
	 */
	private static void forgeAHashCollision(Client client) throws Exception {
		new StoredEvents().add(event("c1").named("collision_probe").at("2025-03-01T10:00:00Z").byUser("alice"))
			.add(event("c3").named("collision_probe").on("mobile").at("2025-03-01T11:00:00Z").byUser("alice"))
			.add(event("c4").named("collision_probe").at("2025-03-01T11:30:00Z"))
			.insertInto(client);
		client.queryAll("INSERT INTO events (event_id, id_source, event_name, channel_type, event_time, received_at, "
				+ "user_id, user_hash64, kafka_partition, kafka_offset) SELECT 'c2', id_source, event_name, "
				+ "channel_type, event_time + INTERVAL 30 MINUTE, received_at, 'mallory', user_hash64, 0, 0 "
				+ "FROM events WHERE event_id = 'c1'");
		client.queryAll("INSERT INTO user_hash64_collisions (user_hash64, user_key) "
				+ "SELECT user_hash64, user_key FROM events WHERE event_id IN ('c1', 'c2')");
		GenericRecord forged = client
			.queryAll("SELECT uniqExact(user_hash64) AS hashes, uniqExact(user_key) AS keys FROM events "
					+ "WHERE event_name = 'collision_probe' AND user_key != ''")
			.get(0);
		assertThat(List.of(forged.getLong("hashes"), forged.getLong("keys"))).as("the forgery: two users, one hash")
			.containsExactly(1L, 2L);
	}

	@LocalServerPort
	int port;

	WebTestClient web;

	@BeforeEach
	void client() {
		web = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
	}

	@Test
	void answersTheSeedsBasicQueryWithTotalsAndUsers() {
		get("/events/metrics?event_name=page_view").jsonPath("$.event_name")
			.isEqualTo("page_view")
			.jsonPath("$.total_count")
			.isEqualTo(5)
			.jsonPath("$.unique_user_count")
			.isEqualTo(3)
			.jsonPath("$.unique_users")
			.isEqualTo("exact")
			.jsonPath("$.from")
			.isEqualTo("2024-01-15T10:30:00Z")
			.jsonPath("$.grouped_metrics")
			.isEmpty();
	}

	@Test
	void countsAllEventsWithoutAName() {
		get("/events/metrics?to=2024-12-31T00:00:00Z").jsonPath("$.event_name")
			.doesNotExist()
			.jsonPath("$.total_count")
			.isEqualTo(8)
			.jsonPath("$.unique_user_count")
			.isEqualTo(3);
	}

	@Test
	void includesBothBoundsOfTheRange() {
		get("/events/metrics?event_name=page_view&from=2024-01-15T11:10:00Z&to=2024-01-17T00:00:00Z")
			.jsonPath("$.total_count")
			.isEqualTo(4)
			.jsonPath("$.to")
			.isEqualTo("2024-01-17T00:00:00Z");
		get("/events/metrics?event_name=page_view&from=2024-01-15T11:10:00.000001Z&to=2024-01-16T23:59:59.999999Z")
			.jsonPath("$.total_count")
			.isEqualTo(2);
	}

	@Test
	void countsNoUsersInARangeWithoutEvents() {
		for (String counting : new String[] { "exact", "approximate" }) {
			get("/events/metrics?event_name=page_view&from=2023-01-01T00:00:00Z&to=2023-01-31T23:59:59Z"
					+ "&unique_users=" + counting)
				.jsonPath("$.total_count")
				.isEqualTo(0)
				.jsonPath("$.unique_user_count")
				.isEqualTo(0);
		}
	}

	@Test
	void groupsByChannelLargestFirst() {
		get("/events/metrics?event_name=page_view&group_by=channel").jsonPath("$.grouped_metrics[0].group_key")
			.isEqualTo("mobile")
			.jsonPath("$.grouped_metrics[0].total_count")
			.isEqualTo(2)
			.jsonPath("$.grouped_metrics[0].unique_user_count")
			.isEqualTo(1)
			.jsonPath("$.grouped_metrics[1].group_key")
			.isEqualTo("web")
			.jsonPath("$.grouped_metrics[1].unique_user_count")
			.isEqualTo(2)
			.jsonPath("$.grouped_metrics[2].group_key")
			.isEqualTo("tv")
			.jsonPath("$.grouped_metrics.length()")
			.isEqualTo(3);
	}

	@Test
	void groupsByDayZeroFilledAndByHour() {
		get("/events/metrics?event_name=page_view&from=2024-01-14T00:00:00Z&to=2024-01-17T23:59:59Z&group_by=daily")
			.jsonPath("$.grouped_metrics[*].group_key")
			.isEqualTo(List.of("2024-01-14", "2024-01-15", "2024-01-16", "2024-01-17"))
			.jsonPath("$.grouped_metrics[*].total_count")
			.isEqualTo(List.of(0, 2, 2, 1));
		get("/events/metrics?event_name=page_view&from=2024-01-15T10:00:00Z&to=2024-01-15T11:59:59Z&group_by=hourly")
			.jsonPath("$.grouped_metrics[*].group_key")
			.isEqualTo(List.of("2024-01-15T10:00:00Z", "2024-01-15T11:00:00Z"))
			.jsonPath("$.grouped_metrics[*].unique_user_count")
			.isEqualTo(List.of(1, 1));
	}

	@Test
	void bucketsHoursInBerlinAcrossTheDstChange() {
		get("/events/metrics?event_name=dst_probe&from=2024-03-30T23:00:00Z&to=2024-03-31T01:59:59Z"
				+ "&group_by=hourly&tz=Europe/Berlin")
			.jsonPath("$.grouped_metrics[*].group_key")
			.isEqualTo(List.of("2024-03-31T00:00:00+01:00", "2024-03-31T01:00:00+01:00", "2024-03-31T03:00:00+02:00"))
			.jsonPath("$.grouped_metrics[*].total_count")
			.isEqualTo(List.of(0, 1, 1));
		get("/events/metrics?event_name=dst_probe&from=2024-03-30T00:00:00Z&to=2024-03-31T12:00:00Z"
				+ "&group_by=daily&tz=Europe/Berlin")
			.jsonPath("$.grouped_metrics[*].group_key")
			.isEqualTo(List.of("2024-03-30", "2024-03-31"))
			.jsonPath("$.grouped_metrics[*].total_count")
			.isEqualTo(List.of(0, 2));
	}

	@Test
	void filtersByChannelAndAcceptsPlatformAsAnAlias() {
		get("/events/metrics?event_name=page_view&channel=mobile,tv").jsonPath("$.total_count").isEqualTo(3);
		get("/events/metrics?event_name=page_view&platform=mobile&platform=tv").jsonPath("$.total_count").isEqualTo(3);
		get("/events/metrics?event_name=page_view&channel=web").jsonPath("$.unique_user_count").isEqualTo(2);
	}

	@Test
	void takesTheUserIdOverThePseudoIdAndCountsNoUserForEventsWithNeither() {
		get("/events/metrics?event_name=page_view&channel=tv").jsonPath("$.unique_user_count").isEqualTo(1);
		get("/events/metrics?event_name=page_view&channel=mobile").jsonPath("$.total_count")
			.isEqualTo(2)
			.jsonPath("$.unique_user_count")
			.isEqualTo(1);
		get("/events/metrics?group_by=event_name&to=2024-12-31T00:00:00Z").jsonPath("$.unique_user_count").isEqualTo(3);
	}

	@Test
	void groupsByBrowserAndAppVersionNamingUnsetValues() {
		get("/events/metrics?event_name=page_view&group_by=browser").jsonPath("$.grouped_metrics[0].group_key")
			.isEqualTo("(not set)")
			.jsonPath("$.grouped_metrics[1].group_key")
			.isEqualTo("Chrome");
		get("/events/metrics?event_name=page_view&group_by=app_version&limit=1").jsonPath("$.grouped_metrics.length()")
			.isEqualTo(1)
			.jsonPath("$.truncated")
			.isEqualTo(true);
	}

	@Test
	void countsTheUsersOfAHashOnRecordAsSharedByTheirKeys() {
		String probe = "/events/metrics?event_name=collision_probe&from=2025-03-01T00:00:00Z&to=2025-03-01T23:59:59Z";

		get(probe).jsonPath("$.total_count").isEqualTo(4).jsonPath("$.unique_user_count").isEqualTo(2);
		get(probe + "&group_by=channel").jsonPath("$.grouped_metrics[0].group_key")
			.isEqualTo("web")
			.jsonPath("$.grouped_metrics[0].total_count")
			.isEqualTo(3)
			.jsonPath("$.grouped_metrics[0].unique_user_count")
			.isEqualTo(2)
			.jsonPath("$.grouped_metrics[1].unique_user_count")
			.isEqualTo(1);
		// two dimensions, each cut to its first value: the pairs' users from one mask per
		// hash, the shared hash's users by their keys
		get(probe + "&group_by=channel,event_name&limit=1").jsonPath("$.unique_user_count")
			.isEqualTo(2)
			.jsonPath("$.grouped_metrics[0].group_key")
			.isEqualTo("web")
			.jsonPath("$.grouped_metrics[0].total_count")
			.isEqualTo(3)
			.jsonPath("$.grouped_metrics[0].unique_user_count")
			.isEqualTo(2)
			.jsonPath("$.grouped_metrics[1].group_key")
			.isEqualTo("(other)")
			.jsonPath("$.grouped_metrics[1].total_count")
			.isEqualTo(1)
			.jsonPath("$.grouped_metrics[1].unique_user_count")
			.isEqualTo(1);
		get(probe + "&group_by=hourly").jsonPath("$.grouped_metrics[10].group_key")
			.isEqualTo("2025-03-01T10:00:00Z")
			.jsonPath("$.grouped_metrics[10].unique_user_count")
			.isEqualTo(2)
			.jsonPath("$.grouped_metrics[11].total_count")
			.isEqualTo(2)
			.jsonPath("$.grouped_metrics[11].unique_user_count")
			.isEqualTo(1);
	}

	@Test
	void offersApproximateUsersAndSaysSo() {
		get("/events/metrics?event_name=page_view&unique_users=approximate").jsonPath("$.unique_users")
			.isEqualTo("approximate")
			.jsonPath("$.unique_user_count")
			.isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "&group_by=channel", "&group_by=daily", "&group_by=hourly",
			"&group_by=hourly&tz=Europe/Berlin", "&channel=web,mobile" })
	void approximateAnswersFromHourlyRollupsAgreeWithExactOnesAcrossPartialHours(String grouping) {
		String range = "/events/metrics?event_name=page_view&from=2024-01-15T10:45:00Z&to=2024-01-16T09:15:00Z";
		String exact = body(range + grouping);
		String approximate = body(range + grouping + "&unique_users=approximate");

		assertThat(approximate.replace("\"approximate\"", "\"exact\"")).isEqualTo(exact);
		assertThat(exact).contains("\"total_count\":2,");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "&group_by=channel", "&group_by=daily", "&group_by=hourly", "&channel=web,mobile",
			"&group_by=daily&tz=Europe/Berlin", "&group_by=channel&tz=Asia/Kolkata" })
	void approximateAnswersFromDailyAndHourlyRollupsAgreeWithExactOnes(String grouping) {
		String range = "/events/metrics?event_name=page_view&from=2024-01-14T22:30:00Z&to=2024-01-17T00:30:00Z";
		String exact = body(range + grouping);
		String approximate = body(range + grouping + "&unique_users=approximate");

		assertThat(approximate.replace("\"approximate\"", "\"exact\"")).isEqualTo(exact);
		assertThat(exact).contains(grouping.contains("channel=") ? "\"total_count\":4," : "\"total_count\":5,");
	}

	@Test
	void theApproximateModeReadsWholeDaysFromTheDailyRollupsButNotForHourlyBuckets() {
		// 1 February from 10:00 from the hourly rollups, 2 February from the daily ones
		String days = "/events/metrics?event_name=rollup_probe&from=2024-02-01T10:00:00Z&to=2024-02-03T00:00:00Z"
				+ "&unique_users=approximate";

		get(days).jsonPath("$.total_count").isEqualTo(7 + 13);
		get(days + "&group_by=channel").jsonPath("$.total_count").isEqualTo(5 + 11);
		get(days + "&group_by=daily").jsonPath("$.grouped_metrics[1].total_count").isEqualTo(13);
		get(days + "&group_by=hourly").jsonPath("$.total_count").isEqualTo(7);
		get(days + "&group_by=daily&tz=Europe/Berlin").jsonPath("$.total_count").isEqualTo(7);
	}

	@Test
	void theApproximateModeReadsWholeHoursFromTheRollupAndTheExactModeNever() {
		// not a whole day: no daily rollup
		String day = "/events/metrics?event_name=rollup_probe&from=2024-02-01T00:00:00Z&to=2024-02-01T22:59:59Z";

		get(day + "&unique_users=approximate").jsonPath("$.total_count").isEqualTo(7);
		get(day + "&unique_users=approximate&channel=web").jsonPath("$.total_count").isEqualTo(5);
		get(day + "&unique_users=approximate&group_by=channel").jsonPath("$.total_count").isEqualTo(5);
		get(day).jsonPath("$.total_count").isEqualTo(0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "from=yesterday", "from=-999999999-01-01T00:00:00Z", "to=%2B10000-01-01T00:00:00Z",
			"to=2024-01-15", "from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z", "group_by=weekly", "channel=radio",
			"platform=web,radio", "tz=Mars/Olympus", "tz=%2B02:00", "unique_users=roughly", "limit=0", "limit=1001",
			"limit=ten", "event_name=", "event_name=a&event_name=b", "grup_by=channel",
			"event_name=x%27%3B%20DROP%20TABLE%20events%3B--&group_by=nope" })
	void refusesEveryInvalidParameterNamingIt(String query) {
		web.get()
			.uri("/events/metrics?" + query)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].parameter")
			.isNotEmpty()
			.jsonPath("$.errors[0].message")
			.isNotEmpty();
	}

	@Test
	void refusesARangeWithMoreBucketsThanTheCapNamingIt() {
		web.get()
			.uri("/events/metrics?from=2024-01-01T00:00:00Z&to=2024-03-01T00:00:00Z&group_by=hourly")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.limit")
			.isEqualTo(1000);
	}

	@Test
	void refusesAnEventNameNoEventCanHave() {
		for (String name : List.of("x%27%20OR%20%271%27%3D%271", "page%20view", "p%D0%B0ge_view", "a".repeat(101))) {
			web.get()
				.uri("/events/metrics?event_name=" + name)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[0].parameter")
				.isEqualTo("event_name");
		}
	}

	private String body(String uri) {
		return new String(get(uri).returnResult().getResponseBody(), java.nio.charset.StandardCharsets.UTF_8);
	}

	private WebTestClient.BodyContentSpec get(String uri) {
		return web.get().uri(uri).exchange().expectStatus().isOk().expectBody();
	}

}
