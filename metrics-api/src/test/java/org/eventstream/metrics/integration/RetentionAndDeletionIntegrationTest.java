package org.eventstream.metrics.integration;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.clickhouse.client.api.Client;
import org.eventstream.metrics.adapter.out.clickhouse.ClickHouseUserDeletions;
import org.eventstream.metrics.application.port.out.UserDeletionsPort.Traces;
import org.eventstream.metrics.domain.UserDeletion.HourKey;
import org.eventstream.store.ClickHouseConnection;
import org.eventstream.store.RetentionTtl;
import org.eventstream.store.SchemaMigrations;
import org.eventstream.testinfra.ClickHouseEndpoint;
import org.eventstream.testinfra.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eventstream.metrics.integration.StoredEvents.event;

/**
 * Retention and deletion as the metrics API sees them, on the real engine: events expired
 * by the retention's TTL leave the exact and the approximate answers, and a deleted
 * user's collision record and registry entry go while another user's stay.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RetentionAndDeletionIntegrationTest {

	private static final String DATABASE = "retention_" + Long.toHexString(System.nanoTime());

	private static final Instant OLD = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(10));

	private static final Instant RECENT = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));

	private static Client client;

	private static ClickHouseConnection connection;

	@DynamicPropertySource
	static void clickHouse(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry, DATABASE);
	}

	@BeforeAll
	static void schema() {
		ClickHouseEndpoint endpoint = TestInfrastructure.clickHouse();
		connection = ClickHouseConnection.of(endpoint.url(), endpoint.user(), endpoint.password(), DATABASE);
		client = connection.newClient();
		new SchemaMigrations(client, connection).apply();
		client.queryAll("INSERT INTO rollup_coverage (rollup, covers_from) VALUES ('events_hourly', 0), "
				+ "('events_hourly_by_name', 0), ('events_daily', 0), ('events_daily_by_name', 0)");
	}

	@AfterAll
	static void close() {
		client.close();
	}

	@LocalServerPort
	int port;

	WebTestClient web;

	@BeforeEach
	void web() {
		web = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
	}

	@Test
	void eventsOlderThanTheRetentionLeaveEveryAnswerWhenTheirPartsAreMerged() throws Exception {
		new StoredEvents().add(event("old-1").named("retained").at(OLD.plusSeconds(3600).toString()).byUser("u1"))
			.add(event("old-2").named("retained").at(OLD.plusSeconds(7200).toString()).byUser("u2"))
			.add(event("recent").named("retained").at(RECENT.plusSeconds(3600).toString()).byUser("u1"))
			.insertInto(client);
		assertThat(total("exact", OLD)).isEqualTo(2);
		assertThat(total("approximate", OLD)).isEqualTo(2);

		new RetentionTtl(client, connection, Optional.empty()).apply(Optional.of(Duration.ofDays(5)));
		try {
			for (String table : List.of("events", "events_hourly", "events_hourly_by_name", "events_daily",
					"events_daily_by_name")) {
				client.queryAll("OPTIMIZE TABLE " + table + " FINAL");
			}
			assertThat(total("exact", OLD)).isZero();
			assertThat(total("approximate", OLD)).isZero();
			assertThat(total("exact", RECENT)).isEqualTo(1);
			assertThat(total("approximate", RECENT)).isEqualTo(1);
		}
		finally {
			new RetentionTtl(client, connection, Optional.empty()).apply(Optional.empty());
		}
	}

	@Test
	void aDeletedUsersCollisionRecordAndRegistryEntryGoAndTheOtherUsersStay() throws Exception {
		new StoredEvents().add(event("g1").named("deleted").at(RECENT.toString()).byUser("gone"))
			.add(event("k1").named("deleted").at(RECENT.toString()).byUser("kept"))
			.add(event("p1").named("deleted").on("mobile").at(RECENT.toString()).byUser("alias").byPseudoUser("gone"))
			.insertInto(client);
		// as the writer records a shared 64-bit hash (forged: no two real keys are known
		// to share one)
		client.queryAll("INSERT INTO users (user_hash64, user_key) VALUES (7, 'gone'), (7, 'kept'), (8, 'alias')");
		client.queryAll("INSERT INTO user_hash64_collisions (user_hash64, user_key) VALUES (7, 'gone'), (7, 'kept')");
		ClickHouseUserDeletions deletions = new ClickHouseUserDeletions(client, DATABASE, Optional.empty(), 60);

		Map<String, Traces> traces = deletions.tracesOf(List.of("gone", "nobody"));
		assertThat(traces).containsOnlyKeys("gone");
		List<HourKey> hours = traces.get("gone").hours();
		assertThat(hours).extracting(HourKey::channelType).containsExactlyInAnyOrder("web", "mobile");
		assertThat(traces.get("gone").countedKeys()).containsExactlyInAnyOrder("gone", "alias");
		assertThat(traces.get("gone").events()).isEqualTo(2);
		deletions.deleteEvents(List.of("gone"));
		assertThat(deletions.tracesOf(List.of("gone"))).isEmpty();
		assertThat(deletions.countUnusedKeys(List.of("gone", "alias", "kept"))).containsExactly(2, 1);
		deletions.deleteUnusedKeys(List.of("gone", "alias", "kept"));
		assertThat(deletions.countUnusedKeys(List.of("gone", "alias", "kept"))).containsExactly(0, 0);
		deletions.rebuildRollups(hours);

		assertThat(keys("users")).containsExactly("kept");
		assertThat(keys("user_hash64_collisions")).containsExactly("kept");
		assertThat(client.queryAll("SELECT event_id FROM events WHERE event_name = 'deleted'"))
			.extracting(row -> row.getString(1))
			.containsExactly("k1");
		assertThat(total("approximate", RECENT, "deleted")).isEqualTo(1);
		assertThat(total("exact", RECENT, "deleted")).isEqualTo(1);
	}

	private List<String> keys(String table) {
		return client.queryAll("SELECT user_key FROM " + table + " FINAL ORDER BY user_key")
			.stream()
			.map(row -> row.getString(1))
			.toList();
	}

	private long total(String users, Instant day) {
		return total(users, day, "retained");
	}

	private long total(String users, Instant day, String name) {
		byte[] body = web.get()
			.uri("/events/metrics?event_name=" + name + "&unique_users=" + users + "&from=" + day + "&to="
					+ day.plus(Duration.ofDays(1)).minusSeconds(1))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		String json = new String(body, java.nio.charset.StandardCharsets.UTF_8);
		return Long.parseLong(json.replaceAll("(?s).*\"total_count\":(\\d+).*", "$1"));
	}

}
