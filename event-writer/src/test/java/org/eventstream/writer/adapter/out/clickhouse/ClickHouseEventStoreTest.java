package org.eventstream.writer.adapter.out.clickhouse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eventstream.model.EventFixture;
import org.eventstream.store.ClickHouseConnection;
import org.eventstream.store.SchemaMigrations;
import org.eventstream.testinfra.ClickHouseEndpoint;
import org.eventstream.testinfra.FaultyTcpProxy;
import org.eventstream.testinfra.TestInfrastructure;
import org.eventstream.writer.application.port.in.ConsumedEvent;
import org.eventstream.writer.application.port.out.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventstream.writer.WriterFixtures.consumed;

class ClickHouseEventStoreTest {

	private static Client client;

	private static ClickHouseEventStore store;

	private static String database;

	@BeforeAll
	static void schema() {
		ClickHouseEndpoint endpoint = TestInfrastructure.clickHouse();
		ClickHouseConnection connection = ClickHouseConnection.of(endpoint.url(), endpoint.user(), endpoint.password(),
				"store_" + Long.toHexString(System.nanoTime()));
		database = connection.database();
		client = connection.newClient();
		new SchemaMigrations(client, connection).apply();
		store = new ClickHouseEventStore(client, connection.database(), 30, new SimpleMeterRegistry());
	}

	@AfterAll
	static void close() {
		client.close();
	}

	/**
	 * A server that accepted the connection and went quiet (hung, or a black-holed
	 * network): only the store's own timeout ends the wait, well before the client's 60 s
	 * socket timeout.
	 */
	@Test
	void givesUpALookupAndAnInsertThatGetNoAnswerWithinItsTimeout() throws Exception {
		ClickHouseEndpoint endpoint = TestInfrastructure.clickHouse();
		try (FaultyTcpProxy proxy = FaultyTcpProxy.forUrl(endpoint.url());
				Client proxied = ClickHouseConnection.of(proxy.url(), endpoint.user(), endpoint.password(), database)
					.newClient()) {
			ClickHouseEventStore behindProxy = new ClickHouseEventStore(proxied, database, 2,
					new SimpleMeterRegistry());
			assertThat(behindProxy.findStored(List.of("lookup-1"))).isEmpty();
			proxy.mode(FaultyTcpProxy.Mode.SILENT);

			long started = System.nanoTime();
			assertThatThrownBy(() -> behindProxy.findStored(List.of("lookup-1")))
				.isInstanceOf(StoreUnavailableException.class);
			assertThat(secondsSince(started)).as("seconds until the lookup gave up").isBetween(1.5, 10.0);

			started = System.nanoTime();
			assertThatThrownBy(() -> behindProxy.insert(List.of(consumed("silent-1", EventFixture.seedExample(), 0, 1)),
					"t-silent"))
				.isInstanceOf(StoreUnavailableException.class);
			assertThat(secondsSince(started)).as("seconds until the insert gave up").isBetween(1.5, 10.0);
		}
	}

	private static double secondsSince(long started) {
		return (System.nanoTime() - started) / 1_000_000_000.0;
	}

	@Test
	void storesEveryFieldOfAnEventLosslessly() {
		var fixture = EventFixture.seedExample()
			.with("timestamp", 1_705_314_600_123L)
			.with("sent_at", "2024-01-15T10:30:05.5Z")
			.withEventParams(EventFixture.stringParam("page_title", "Home Page"),
					EventFixture.numberParam("scroll_depth", 75.5),
					EventFixture.map("key", "is_logged_in", "boolean_value", true),
					EventFixture.stringParam("empty", ""));
		store.insert(List.of(consumed("lossless-1", fixture, 3, 42)), "t-lossless");

		GenericRecord row = client.queryAll("SELECT *, user_key FROM events WHERE event_id = 'lossless-1'").get(0);
		assertThat(row.getString("id_source")).isEqualTo("client");
		assertThat(row.getString("event_name")).isEqualTo("page_view");
		assertThat(row.getString("channel_type")).isEqualTo("web");
		assertThat(row.getZonedDateTime("event_time").toInstant())
			.isEqualTo(Instant.parse("2024-01-15T10:30:00.123456Z"));
		assertThat(row.getLong("client_timestamp")).isEqualTo(1_705_314_600_123L);
		assertThat(row.getLong("client_previous_timestamp")).isEqualTo(1234567880L);
		assertThat(row.getZonedDateTime("client_date").toInstant()).isEqualTo(Instant.parse("2024-01-15T10:30:00Z"));
		assertThat(row.getZonedDateTime("sent_at").toInstant()).isEqualTo(Instant.parse("2024-01-15T10:30:05.5Z"));
		assertThat(row.getString("user_id")).isEqualTo("user-123");
		assertThat(row.getString("user_pseudo_id")).isEqualTo("pseudo-456");
		assertThat(row.getString("user_key")).isEqualTo("user-123");
		assertThat(row.getString("device_mobile_model_name")).isEqualTo("iPhone 14");
		assertThat(row.getString("device_hostname")).isEqualTo("example.com");
		assertThat(row.getString("app_id")).isEqualTo("com.example.app");
		assertThat(row.getString("app_version")).isEqualTo("2.1.0");
		assertThat(row.getLong("kafka_partition")).isEqualTo(3);
		assertThat(row.getLong("kafka_offset")).isEqualTo(42);
		List<List<Object>> params = tuples(row, "event_params");
		assertThat(params).containsExactly(java.util.Arrays.asList("page_title", "Home Page", null, null),
				java.util.Arrays.asList("scroll_depth", null, 75.5, null),
				java.util.Arrays.asList("is_logged_in", null, null, true),
				java.util.Arrays.asList("empty", "", null, null));
		assertThat(tuples(row, "user_params"))
			.containsExactly(java.util.Arrays.asList("subscription", "premium", null, null));
		assertThat(tuples(row, "items"))
			.containsExactly(java.util.Arrays.asList("SKU-001", "Blue T-Shirt", "Nike", "Large", 29.99, 2L, 59.98));
	}

	/**
	 * Ids of the longest kind (64 characters): more than one URL's worth, so the lookup
	 * runs in several chunks, each finding its own.
	 */
	@Test
	void findsTheStoredIdsAmongManyAcrossLookupChunks() {
		List<String> asked = new ArrayList<>();
		List<ConsumedEvent> events = new ArrayList<>();
		for (int i = 0; i < 12_000; i++) {
			String id = "chunk:" + String.format("%058d", i);
			asked.add(id);
			if (i % 2 == 0) {
				events.add(consumed(id, 0, i));
			}
		}
		store.insert(events, "t-chunks");
		assertThat(UrlChunks.of(asked, UrlChunks.MAX_BYTES)).as("the lookup's chunks").hasSizeGreaterThan(1);

		assertThat(store.findStored(asked)).hasSize(events.size())
			.containsAll(events.stream().map(ConsumedEvent::id).toList());
	}

	@Test
	void sendsTheIdsAsOneListAndRefusesAnIdThatCouldHoldTheSeparator() {
		assertThat(ClickHouseEventStore.idList(List.of("a-1", "b:2", "c.3_x"))).isEqualTo("a-1,b:2,c.3_x");
		assertThatThrownBy(() -> ClickHouseEventStore.idList(List.of("a", "b,c")))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aRetriedInsertWithTheSameTokenIsStoredOnce() {
		List<ConsumedEvent> events = List.of(consumed("retry-1", 0, 1), consumed("retry-2", 0, 2));

		store.insert(events, "t-retry");
		store.insert(events, "t-retry");

		assertThat(client.queryAll("SELECT count() AS n FROM events WHERE event_id LIKE 'retry-%'").get(0).getLong("n"))
			.isEqualTo(2);
	}

	@Test
	void aBatchOfHistorySpanningMoreMonthsThanOneInsertMayTouchIsStoredOnce() {
		// 150 months, 2014-01 to 2026-06, one event each, and three in the last month
		Instant first = Instant.parse("2014-01-10T08:00:00Z");
		List<ConsumedEvent> events = new ArrayList<>();
		for (int month = 0; month < 150; month++) {
			Instant time = first.atOffset(java.time.ZoneOffset.UTC).plusMonths(month).toInstant();
			events.add(consumed("history-" + month, EventFixture.pageView(), time, 0, month));
		}
		Instant last = events.get(events.size() - 1).event().eventTime();
		events.add(consumed("history-150", EventFixture.pageView(), last.plusSeconds(60), 0, 150));
		events.add(consumed("history-151", EventFixture.pageView(), last.plusSeconds(120), 0, 151));

		store.insert(events, "t-history");
		store.insert(events, "t-history");

		assertThat(client
			.queryAll("SELECT count() AS n, uniqExact(toYYYYMM(event_time)) AS months FROM events "
					+ "WHERE event_id LIKE 'history-%'")
			.get(0)).satisfies(row -> {
				assertThat(row.getLong("n")).as("rows").isEqualTo(152);
				assertThat(row.getLong("months")).isEqualTo(150);
			});
		assertThat(store.findStored(List.of("history-0", "history-99", "history-100", "history-151", "history-x")))
			.as("an event resent years later is found stored")
			.containsExactlyInAnyOrder("history-0", "history-99", "history-100", "history-151");
	}

	@Test
	void splitsHistoryIntoBlocksOfAtMostTheMonthLimitInMonthOrder() {
		Instant march = Instant.parse("2020-03-01T00:00:00Z");
		Instant january = Instant.parse("2020-01-31T23:59:59Z");
		Instant february = Instant.parse("2020-02-15T00:00:00Z");
		List<ConsumedEvent> events = List.of(consumed("m3", EventFixture.pageView(), march, 0, 1),
				consumed("m1", EventFixture.pageView(), january, 0, 2),
				consumed("m3b", EventFixture.pageView(), march, 0, 3),
				consumed("m2", EventFixture.pageView(), february, 0, 4));

		assertThat(ClickHouseEventStore.byMonths(events, 3)).as("within the limit: one block as it came")
			.containsExactly(events);
		assertThat(ClickHouseEventStore.byMonths(events, 2))
			.extracting(block -> block.stream().map(ConsumedEvent::id).toList())
			.containsExactly(List.of("m1", "m2"), List.of("m3", "m3b"));
	}

	@SuppressWarnings("unchecked")
	private static List<List<Object>> tuples(GenericRecord row, String column) {
		List<Object> values = row.getList(column);
		List<List<Object>> tuples = new ArrayList<>();
		for (Object value : values) {
			tuples.add(value instanceof List<?> list ? (List<Object>) list : java.util.Arrays.asList((Object[]) value));
		}
		return tuples;
	}

}
