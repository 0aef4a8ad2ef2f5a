package org.eventstream.localclickhouse;

import java.math.BigDecimal;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QuerySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.assertj.core.api.InstanceOfAssertFactories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientV2Test {

	private static Client client;

	@BeforeAll
	static void connect() {
		client = SharedEndpoint.client();
	}

	@AfterAll
	static void disconnect() {
		client.close();
	}

	@Test
	void answersPing() {
		assertThat(client.ping()).isTrue();
	}

	@Test
	void runsAQueryAndReportsTheEngineVersion() {
		List<GenericRecord> rows = client.queryAll("SELECT version() AS v, 1 + 1 AS two");

		assertThat(rows).hasSize(1);
		assertThat(rows.get(0).getString("v")).startsWith("26.");
		assertThat(rows.get(0).getInteger("two")).isEqualTo(2);
	}

	/**
	 * Parameters travel in the URL. ClickHouse accepts a URL of up to 1 MiB (the JDK
	 * server under the endpoint stops at 384 KiB unless told otherwise) but no single
	 * field over 128 KiB: the writer sends up to 768 KiB of ids in several parameters.
	 */
	@Test
	void acceptsAUrlOfNearlyAMebibyteButNoParameterOver128KiB() {
		String share = "0123456789abcdef-".repeat(7_000);
		Map<String, Object> shares = new java.util.LinkedHashMap<>();
		for (int i = 0; i < 8; i++) {
			shares.put("s" + i, share);
		}

		List<GenericRecord> rows = client.queryAll("SELECT length(concat({s0:String}, {s1:String}, {s2:String}, "
				+ "{s3:String}, {s4:String}, {s5:String}, {s6:String}, {s7:String})) AS n", shares);

		assertThat(rows.get(0).getLong("n")).isEqualTo(8L * share.length());
		assertThatThrownBy(
				() -> client.queryAll("SELECT length({s:String}) AS n", Map.of("s", "0123456789abcdef-".repeat(8_000))))
			.rootCause()
			.hasMessageContaining("Field value too long");
	}

	@Test
	void bindsServerSideParameters() {
		List<GenericRecord> rows = client.queryAll(
				"SELECT {x:UInt32} * 2 AS doubled, {s:String} AS text, length({a:Array(String)}) AS n",
				Map.of("x", 21, "s", "it's \"quoted\"; DROP TABLE t --", "a", "['a', 'b', 'c']"));

		assertThat(rows.get(0).getLong("doubled")).isEqualTo(42);
		assertThat(rows.get(0).getString("text")).isEqualTo("it's \"quoted\"; DROP TABLE t --");
		assertThat(rows.get(0).getLong("n")).isEqualTo(3);
	}

	@Test
	void returnsEveryTypeTheEventSchemaUses() {
		List<GenericRecord> rows = client.queryAll("""
				SELECT toUUID('550e8400-e29b-41d4-a716-446655440000') AS id,
				       toLowCardinality('web') AS channel,
				       toDateTime64('2024-01-15 10:30:00.123456', 6, 'UTC') AS event_time,
				       CAST(NULL AS Nullable(Float64)) AS missing,
				       CAST(75.5 AS Nullable(Float64)) AS present,
				       map('page_title', 'Home') AS string_params,
				       [1.5, 2.5] AS numbers,
				       true AS flag,
				       toInt64(-7) AS quantity,
				       toDecimal64(29.99, 4) AS price
				""");

		GenericRecord row = rows.get(0);
		assertThat(row.getUUID("id")).isEqualTo(UUID.fromString("550e8400-e29b-41d4-a716-446655440000"));
		assertThat(row.getString("channel")).isEqualTo("web");
		assertThat(row.getZonedDateTime("event_time"))
			.isEqualTo(ZonedDateTime.parse("2024-01-15T10:30:00.123456Z[UTC]"));
		assertThat(row.hasValue("missing")).isFalse();
		assertThat(row.getDouble("present")).isEqualTo(75.5);
		assertThat(row.getObject("string_params")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("page_title", "Home");
		assertThat(row.getList("numbers")).containsExactly(1.5, 2.5);
		assertThat(row.getBoolean("flag")).isTrue();
		assertThat(row.getLong("quantity")).isEqualTo(-7);
		assertThat(row.getBigDecimal("price")).isEqualByComparingTo(new BigDecimal("29.99"));
	}

	@Test
	void reportsServerErrorsWithTheirCodes() {
		assertThatThrownBy(() -> client.queryAll("SELECT * FROM no_such_table"))
			.satisfies(ex -> assertThat(ServerErrors.codeOf(ex)).isEqualTo(60));
		assertThatThrownBy(() -> client.queryAll("SELEC 1"))
			.satisfies(ex -> assertThat(ServerErrors.codeOf(ex)).isEqualTo(62));
		assertThatThrownBy(() -> client.queryAll("SELECT throwIf(number = 3) FROM numbers(10)"))
			.satisfies(ex -> assertThat(ServerErrors.codeOf(ex)).isEqualTo(395));
	}

	@Test
	void aFailedQueryLeavesNothingBehindForTheNext() {
		for (int i = 0; i < 20; i++) {
			assertThatThrownBy(() -> client.queryAll("SELECT number, throwIf(number = 5000) FROM numbers(10000)"))
				.satisfies(ex -> assertThat(ServerErrors.codeOf(ex)).isEqualTo(395));
			assertThat(client.queryAll("SELECT 42 AS answer")).singleElement()
				.satisfies(row -> assertThat(row.getInteger("answer")).isEqualTo(42));
		}
	}

	@Test
	void settingsOfOneRequestDoNotLeakIntoTheNext() {
		QuerySettings oneThread = new QuerySettings().serverSetting("max_threads", "1");
		String defaultValue = client.queryAll("SELECT getSetting('max_threads') AS v").get(0).getString("v");

		for (int i = 0; i < 20; i++) {
			assertThat(client.queryAll("SELECT getSetting('max_threads') AS v", oneThread).get(0).getString("v"))
				.isEqualTo("1");
			assertThat(client.queryAll("SELECT getSetting('max_threads') AS v").get(0).getString("v"))
				.isEqualTo(defaultValue);
		}
	}

	@Test
	void theDatabaseOfOneRequestDoesNotLeakIntoTheNext() {
		String database = SharedEndpoint.freshDatabase(client, "leak");
		QuerySettings inDatabase = new QuerySettings().setDatabase(database);

		for (int i = 0; i < 10; i++) {
			assertThat(client.queryAll("SELECT currentDatabase() AS db", inDatabase).get(0).getString("db"))
				.isEqualTo(database);
			assertThat(client.queryAll("SELECT currentDatabase() AS db").get(0).getString("db")).isEqualTo("default");
		}
	}

	@Test
	void servesConcurrentRequestsFromSeveralThreads() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Long>> calls = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				long n = i;
				calls.add(() -> client.queryAll("SELECT sum(number) AS s FROM numbers({n:UInt64})", Map.of("n", n))
					.get(0)
					.getLong("s"));
			}
			List<Future<Long>> results = threads.invokeAll(calls);
			for (int i = 0; i < results.size(); i++) {
				assertThat(results.get(i).get()).isEqualTo((long) i * (i - 1) / 2);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

}
