package org.eventstream.writer.adapter.out.clickhouse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eventstream.model.EventFixture;
import org.eventstream.model.event.AcceptedEvent;
import org.eventstream.model.event.AppInfo;
import org.eventstream.model.event.ChannelType;
import org.eventstream.model.event.Device;
import org.eventstream.model.event.EpochTimestamp;
import org.eventstream.model.event.Event;
import org.eventstream.model.event.EventId;
import org.eventstream.model.event.EventId.IdSource;
import org.eventstream.model.event.Geo;
import org.eventstream.model.event.Item;
import org.eventstream.model.event.Param;
import org.eventstream.model.wire.EventRecord;
import org.eventstream.store.ClickHouseConnection;
import org.eventstream.store.SchemaMigrations;
import org.eventstream.testinfra.ClickHouseEndpoint;
import org.eventstream.testinfra.FaultyTcpProxy;
import org.eventstream.testinfra.TestInfrastructure;
import org.eventstream.writer.application.port.in.ConsumedEvent;
import org.eventstream.writer.application.port.in.SourcePosition;
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
	 * Each stored event's age when ClickHouse acknowledged it, from ingest-api's receipt;
	 * a receipt ahead of the writer's clock (skew between hosts) counts as zero.
	 */
	@Test
	void recordsEachStoredEventsFreshnessOnceClickHouseHasIt() {
		MockClock clock = new MockClock();
		Instant now = Instant.parse("2026-11-29T10:00:02.500Z");
		clock.add(Duration.ofMillis(now.toEpochMilli() - clock.wallTime()));
		SimpleMeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
		ClickHouseEventStore measured = new ClickHouseEventStore(client, database, 30, meters);
		Instant happened = Instant.parse("2026-11-29T09:59:00Z");

		measured.insert(List.of(consumed("fresh-1", EventFixture.pageView(), happened, now.minusMillis(2_500), 0, 1),
				consumed("fresh-2", EventFixture.pageView(), happened, now.minusMillis(1_500), 0, 2),
				consumed("fresh-3", EventFixture.pageView(), happened, now.plusSeconds(10), 0, 3)), "t-fresh");

		Timer freshness = meters.get("event_stream.writer.freshness").timer();
		assertThat(freshness.count()).isEqualTo(3);
		assertThat(freshness.max(TimeUnit.MILLISECONDS)).isEqualTo(2_500);
		assertThat(freshness.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4_000);
	}

	/**
	 * The block's types are the table's own: a type that differed would still be
	 * accepted, converted by ClickHouse at a cost the Native format is there to save.
	 */
	@Test
	void insertsColumnsOfTheTablesOwnTypes() {
		Map<String, String> table = new LinkedHashMap<>();
		for (GenericRecord column : client.queryAll("SELECT name, type FROM system.columns WHERE database = '"
				+ database + "' AND table = 'events' AND default_kind = '' ORDER BY position")) {
			table.put(column.getString("name"), column.getString("type"));
		}
		Map<String, String> block = new LinkedHashMap<>();
		EventNativeBlock.COLUMNS.forEach(column -> block.put(column.name(), column.type().name()));

		assertThat(block).containsExactlyEntriesOf(table);
	}

	/**
	 * Every column of many varied events (absent and present values, empty and long
	 * arrays, text in several scripts, dictionaries of one, two and four bytes per
	 * position, browser names chosen to share one hash) stored as it came, in a first
	 * block and in a smaller one after it (and nothing for an empty batch): the table's
	 * rows read back as RowBinary are, byte for byte, the records' rows followed by their
	 * partitions and offsets.
	 */
	@Test
	void storesEachRecordsRowExactlyFromItsColumns() throws Exception {
		Random random = new Random(17);
		List<ConsumedEvent> events = new ArrayList<>();
		for (int i = 0; i < 80_000; i++) {
			events.add(varied(random, "native-" + String.format("%06d", i), i));
		}
		Collections.shuffle(events, random);
		// two inserts from one thread: the second reuses the first's columns
		store.insert(events.subList(0, 70_000), "t-native-1");
		store.insert(events.subList(70_000, events.size()), "t-native-2");
		store.insert(List.of(), "t-native-none");

		List<ConsumedEvent> byId = events.stream().sorted(Comparator.comparing(ConsumedEvent::id)).toList();
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		List<Integer> rowEnds = new ArrayList<>();
		for (ConsumedEvent event : byId) {
			byte[] record = event.event().record();
			expected.write(record, EventRecord.ROW_OFFSET, record.length - EventRecord.ROW_OFFSET);
			expected.write(ByteBuffer.allocate(12)
				.order(ByteOrder.LITTLE_ENDIAN)
				.putInt(event.position().partition())
				.putLong(event.position().offset())
				.array());
			rowEnds.add(expected.size());
		}
		QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.RowBinary);
		byte[] stored;
		try (QueryResponse response = client
			.query("SELECT " + String.join(", ", EventNativeBlock.NAMES)
					+ " FROM events WHERE startsWith(event_id, 'native-') ORDER BY event_id", settings)
			.get()) {
			stored = response.getInputStream().readAllBytes();
		}

		byte[] sent = expected.toByteArray();
		int differs = Arrays.mismatch(sent, stored);
		int row = 0;
		while (differs >= 0 && row < rowEnds.size() && rowEnds.get(row) <= differs) {
			row++;
		}
		assertThat(differs)
			.as("the first byte that differs (-1: none), in the row of %s",
					row < byId.size() ? byId.get(row).id() : "none")
			.isEqualTo(-1);
	}

	/**
	 * An event whose every field varies: the host is unique to the event (70,000 values
	 * in the first block: four bytes a position), the city one of 1,000 (two), the
	 * browser often one of 4,096 names that share one hash (the dictionary's flood
	 * guard), the rest one of a few (one).
	 */
	private static ConsumedEvent varied(Random random, String id, long offset) {
		String[] texts = { "", "Home", "Startseite – Übersicht", "ホーム", "🏠 home", "a\tb\nc\"d'" };
		Supplier<Optional<String>> text = () -> random.nextInt(3) == 0 ? Optional.empty()
				: Optional.of(texts[random.nextInt(texts.length)]);
		Supplier<Optional<Double>> number = () -> random.nextBoolean() ? Optional.empty()
				: Optional.of(random.nextDouble() * 1e6 - 5e5);
		List<Param> params = new ArrayList<>();
		for (int p = random.nextInt(random.nextInt(10) == 0 ? 40 : 4); p > 0; p--) {
			String key = "k" + random.nextInt(20);
			params.add(switch (random.nextInt(3)) {
				case 0 -> Param.of(key, texts[random.nextInt(texts.length)]);
				case 1 -> Param.of(key, random.nextGaussian() * 100);
				default -> Param.of(key, random.nextBoolean());
			});
		}
		List<Item> items = new ArrayList<>();
		for (int n = random.nextInt(4); n > 0; n--) {
			items.add(new Item(Optional.of("sku-" + random.nextInt(100)), text.get(), text.get(), text.get(),
					number.get(), random.nextBoolean() ? Optional.empty() : Optional.of(random.nextLong()),
					number.get()));
		}
		Instant time = Instant.parse("2026-10-01T00:00:00Z").plusNanos(random.nextLong(40L * 86_400_000_000L) * 1000);
		Optional<String> browser = random.nextBoolean()
				? Optional.of(NativeColumnTest.sharingOneHash(random.nextInt(4096), 12)) : text.get();
		Device device = new Device(text.get(), text.get(), text.get(), text.get(), text.get(), text.get(), browser,
				text.get(), Optional.of("host-" + offset + ".example"));
		Event event = new Event(Optional.of(id), "event_" + random.nextInt(5),
				ChannelType.values()[random.nextInt(ChannelType.values().length)],
				random.nextBoolean() ? Optional.empty() : EpochTimestamp.of(time.toEpochMilli()),
				random.nextBoolean() ? Optional.empty() : EpochTimestamp.of(time.toEpochMilli() - 5_000),
				random.nextBoolean() ? Optional.empty() : Optional.of(time.minusSeconds(3)), text.get(),
				Optional.of("pseudo-" + random.nextInt(1_000)), params,
				random.nextBoolean() ? List.of() : List.of(Param.of("plan", texts[random.nextInt(texts.length)])),
				Optional.of(device), Optional.of(new AppInfo(text.get(), text.get())),
				Optional.of(new Geo(text.get(), text.get(), text.get(), Optional.of("city-" + random.nextInt(1_000)))),
				items, random.nextBoolean() ? Optional.empty() : Optional.of(time.plusMillis(40)));
		AcceptedEvent accepted = new AcceptedEvent(new EventId(id, IdSource.CLIENT), event, time.plusSeconds(1), time);
		return new ConsumedEvent(EventRecord.scan(EventRecord.encode(accepted)),
				new SourcePosition(random.nextInt(6), offset));
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

	/**
	 * Ids that sort by time are asked for as one range: the answer holds the run's stored
	 * ids and no stored id of the range that was not asked for; the other ids go by list.
	 */
	@Test
	void findsStoredTimeOrderedIdsByTheirRangeAndTheRestByList() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ClickHouseEventStore ranged = new ClickHouseEventStore(client, database, 30, meters);
		long t = 1_700_000_000_000L; // a second of its own: no other test stores ids in
										// it
		List<String> asked = new ArrayList<>(IdRangesTest.ids(t, 2_000, 0));
		List<ConsumedEvent> events = new ArrayList<>();
		for (int i = 0; i < asked.size(); i += 2) {
			events.add(consumed(asked.get(i), 0, i));
		}
		String notAsked = IdRangesTest.v7(t, 99_999);
		events.add(consumed(notAsked, 0, 99_999));
		events.add(consumed("range-client-1", 0, 100_000));
		ranged.insert(events, "t-ranges");
		asked.add("range-client-1");
		asked.add("range-client-2");

		Set<String> stored = ranged.findStored(asked);

		assertThat(stored).hasSize(1_001)
			.contains("range-client-1")
			.doesNotContain(notAsked, "range-client-2")
			.containsAll(events.subList(0, 1_000).stream().map(ConsumedEvent::id).toList());
		assertThat(meters.get("event_stream.writer.lookup.ids").tag("form", "range").counter().count())
			.isEqualTo(2_000);
		assertThat(meters.get("event_stream.writer.lookup.ids").tag("form", "list").counter().count()).isEqualTo(2);
		assertThat(meters.get("event_stream.writer.lookup.ranges.rows").counter().count())
			.as("the run's 1,000 stored ids and the one not asked for")
			.isEqualTo(1_001);
	}

	/**
	 * A range that holds more stored ids than its limit (here: 14,000 events of the same
	 * millisecond, the asked run being 400 of them) is asked for by list, with the same
	 * answer, and the next lookups go by list too.
	 */
	@Test
	void asksForARunByListWhenItsRangeHoldsTooManyStoredIds() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ClickHouseEventStore ranged = new ClickHouseEventStore(client, database, 30, meters);
		long t = 1_710_000_000_000L;
		List<String> crowd = IdRangesTest.ids(t, 14_000, 0);
		List<ConsumedEvent> events = new ArrayList<>();
		for (int i = 0; i < crowd.size(); i++) {
			events.add(consumed(crowd.get(i), 0, i));
		}
		ranged.insert(events, "t-crowd");
		List<String> asked = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			// new, spread between the stored ones: the run's range holds nearly all of
			// them
			asked.add(IdRangesTest.v7(t, 20_000 + 13 * i));
		}
		List<String> storedAndAsked = crowd.subList(5_000, 5_100);
		asked.addAll(storedAndAsked);
		assertThat(IdRanges.of(asked.stream().sorted().toList()).ranges()).as("one run").hasSize(1);

		assertThat(ranged.findStored(asked)).containsExactlyInAnyOrderElementsOf(storedAndAsked);
		assertThat(meters.get("event_stream.writer.lookup.ranges.overflowed").counter().count()).isEqualTo(1);
		assertThat(meters.get("event_stream.writer.lookup.ids").tag("form", "list").counter().count()).isEqualTo(400);

		List<String> again = IdRangesTest.ids(t + 5_000, 300, 1);
		assertThat(ranged.findStored(again)).isEmpty();
		assertThat(meters.get("event_stream.writer.lookup.ids").tag("form", "range").counter().count())
			.as("ids looked up by range after the overflow")
			.isZero();
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
