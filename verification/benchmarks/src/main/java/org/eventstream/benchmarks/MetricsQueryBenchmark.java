package org.eventstream.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QuerySettings;
import org.eventstream.metrics.adapter.out.clickhouse.ClickHouseAggregatesLoader;
import org.eventstream.metrics.domain.GroupBy;
import org.eventstream.metrics.domain.MetricsQuery;
import org.eventstream.metrics.domain.UserCounting;
import org.eventstream.store.ClickHouseConnection;
import org.eventstream.store.SchemaMigrations;
import org.eventstream.store.Tables;

/**
 * Measures the metrics queries over the benchmark dataset: the top event name over 30
 * days, totals and each of group_by channel, daily, hourly, exact and approximate; and
 * what the alternatives to write-time deduplication would cost ({@code FINAL},
 * {@code count(DISTINCT event_id)}). Prints p50/p99 per query.
 *
 * <pre>
 * ./mvnw -q -pl verification/benchmarks -am install -DskipTests
 * ./mvnw -q -pl verification/benchmarks exec:java -Dexec.args="--events=10000000 --runs=20"
 * </pre>
 *
 * The dataset is generated once into {@code --data-dir} (default
 * {@code ~/.cache/event-stream/bench-clickhouse}) and reused; {@code --clickhouse-url=}
 * measures an external ClickHouse instead of the local chDB endpoint.
 */
public final class MetricsQueryBenchmark {

	private MetricsQueryBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		long events = Long.parseLong(options.getOrDefault("events", "10000000"));
		int runs = Integer.parseInt(options.getOrDefault("runs", "20"));
		String database = "bench_" + events;
		try (BenchmarkClickHouse clickHouse = BenchmarkClickHouse.open(options, database);
				Client client = clickHouse.connection().newClient()) {
			ClickHouseConnection connection = clickHouse.connection();
			new SchemaMigrations(client, connection).apply();
			Instant end = ensureDataset(client, database, events);
			Instant start = end.minus(30, ChronoUnit.DAYS);
			System.out.printf("dataset: %,d events in %s.events, %s .. %s; %d runs per query after 3 warm-ups%n",
					count(client, database), database, start, end, runs);
			System.out.printf("machine: %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
					System.getProperty("java.version"));
			var loader = new ClickHouseAggregatesLoader(client, database, Clock.fixed(end, ZoneOffset.UTC),
					Runnable::run, 60);
			System.out.printf("%-46s %10s %10s %10s%n", "query (top event, 30 days)", "p50 ms", "p99 ms", "max ms");
			for (UserCounting counting : UserCounting.values()) {
				for (Optional<GroupBy> groupBy : List.of(Optional.<GroupBy>empty(), Optional.of(GroupBy.CHANNEL),
						Optional.of(GroupBy.DAILY), Optional.of(GroupBy.HOURLY))) {
					MetricsQuery query = new MetricsQuery(Optional.of(BenchmarkDataset.TOP_EVENT), Optional.of(start),
							Optional.of(end), Set.of(), groupBy, ZoneOffset.UTC, counting, 1000);
					String name = counting.name().toLowerCase() + " users, "
							+ groupBy.map(GroupBy::wireName).orElse("totals");
					measure(name, runs, () -> loader.load(query).join());
				}
			}
			String filter = " FROM events%s WHERE event_name = 'page_view' AND event_time BETWEEN {s:DateTime64(6)} "
					+ "AND {e:DateTime64(6)}";
			Map<String, Object> range = Map.of("s", start.toString().replace("T", " ").replace("Z", ""), "e",
					end.toString().replace("T", " ").replace("Z", ""));
			for (var variant : new LinkedHashMap<>(Map.of("dedup alternative: count() (write-time dedup)",
					"SELECT count()" + filter.formatted(""), "dedup alternative: count() FINAL",
					"SELECT count()" + filter.formatted(" FINAL"), "dedup alternative: count(DISTINCT event_id)",
					"SELECT uniqExact(event_id)" + filter.formatted("")))
				.entrySet()) {
				measure(variant.getKey(), runs, () -> client.queryAll(variant.getValue(), range));
			}
		}
	}

	private static Instant ensureDataset(Client client, String database, long events) throws Exception {
		long present = count(client, database);
		if (present != events) {
			client.queryAll("TRUNCATE TABLE `" + database + "`." + Tables.EVENTS);
			Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
			long started = System.nanoTime();
			System.out.printf("generating %,d events ...%n", events);
			BenchmarkDataset.generate(client, database, events, end);
			// merging 10 M events takes longer than the client's usual minute on a slow
			// machine
			QuerySettings optimize = new QuerySettings();
			optimize.setNetworkTimeout(30, ChronoUnit.MINUTES);
			client.query("OPTIMIZE TABLE `" + database + "`." + Tables.EVENTS + " FINAL", optimize).get().close();
			System.out.printf("generated in %.1f s%n", (System.nanoTime() - started) / 1e9);
		}
		BenchmarkDataset.ensureGeo(client, database);
		ensureRollup(client, database);
		awaitMutations(client, database);
		// the day after the last event's: the 30 days before it hold the whole dataset
		return client
			.queryAll("SELECT toUnixTimestamp(max(event_time)) AS last FROM `" + database + "`." + Tables.EVENTS)
			.stream()
			.map(row -> Instant.ofEpochSecond(row.getLong("last"))
				.truncatedTo(ChronoUnit.DAYS)
				.plus(1, ChronoUnit.DAYS))
			.findFirst()
			.orElseThrow();
	}

	/**
	 * The rollups of the approximate mode cover rows inserted after their views were
	 * created; a dataset generated before them gets them backfilled, once, and the
	 * coverage recorded.
	 */
	private static void ensureRollup(Client client, String database) {
		backfill(client, database, Tables.EVENTS_HOURLY, "event_name, channel_type", "toStartOfHour");
		backfill(client, database, Tables.EVENTS_HOURLY_BY_NAME, "event_name", "toStartOfHour");
		backfill(client, database, Tables.EVENTS_DAILY, "event_name, channel_type", "toStartOfDay");
		backfill(client, database, Tables.EVENTS_DAILY_BY_NAME, "event_name", "toStartOfDay");
		client
			.queryAll("INSERT INTO `" + database + "`." + Tables.ROLLUP_COVERAGE + " (rollup, covers_from) VALUES "
					+ String.join(", ",
							List.of(Tables.EVENTS_HOURLY, Tables.EVENTS_HOURLY_BY_NAME, Tables.EVENTS_DAILY,
									Tables.EVENTS_DAILY_BY_NAME)
								.stream()
								.map(rollup -> "('" + rollup + "', 0)")
								.toList()));
	}

	/**
	 * Migrations that add a column to existing data (V5's {@code user_hash64}) rewrite
	 * the stored parts in the background; until they are done the column is computed as
	 * it is read, which is not what is to be measured.
	 */
	private static void awaitMutations(Client client, String database) throws InterruptedException {
		String pending = "SELECT count() AS n FROM system.mutations WHERE database = {db:String} AND NOT is_done";
		long started = System.nanoTime();
		while (client.queryAll(pending, Map.of("db", database)).get(0).getLong("n") > 0) {
			if (System.nanoTime() - started > Duration.ofMinutes(30).toNanos()) {
				throw new IllegalStateException("the mutations of " + database + " did not finish within 30 minutes");
			}
			System.out.println("waiting for ClickHouse to rewrite the stored parts (migration mutations) ...");
			Thread.sleep(5000);
		}
	}

	/** Rebuilds one rollup from the events table unless it already counts every event. */
	private static void backfill(Client client, String database, String rollup, String keys, String bucket) {
		String db = "`" + database + "`";
		long rolledUp = client.queryAll("SELECT sum(event_count) AS n FROM " + db + "." + rollup).get(0).getLong("n");
		if (rolledUp == count(client, database)) {
			return;
		}
		System.out.println("backfilling " + rollup + " ...");
		client.queryAll("TRUNCATE TABLE " + db + "." + rollup);
		client.queryAll("INSERT INTO " + db + "." + rollup + " SELECT " + keys + ", toDateTime(" + bucket
				+ "(event_time), 'UTC') AS bucket, count(), " + "uniqHLL12StateIf(user_hash, user_hash != 0) FROM " + db
				+ "." + Tables.EVENTS + " GROUP BY " + keys + ", bucket");
	}

	private static long count(Client client, String database) {
		return client.queryAll("SELECT count() AS n FROM `" + database + "`." + Tables.EVENTS).get(0).getLong("n");
	}

	private static void measure(String name, int runs, Supplier<?> query) {
		for (int i = 0; i < 3; i++) {
			query.get();
		}
		double[] millis = new double[runs];
		for (int i = 0; i < runs; i++) {
			long started = System.nanoTime();
			query.get();
			millis[i] = Duration.ofNanos(System.nanoTime() - started).toNanos() / 1e6;
		}
		Arrays.sort(millis);
		System.out.printf("%-46s %10.1f %10.1f %10.1f%n", name, percentile(millis, 50), percentile(millis, 99),
				millis[runs - 1]);
	}

	static double percentile(double[] sorted, int percent) {
		int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		List<String> known = new ArrayList<>(
				List.of("events", "runs", "data-dir", "clickhouse-url", "user", "password"));
		for (String arg : args) {
			String[] pair = arg.replaceFirst("^--", "").split("=", 2);
			if (!known.contains(pair[0]) || pair.length != 2) {
				throw new IllegalArgumentException("unknown option " + arg + "; known: " + known);
			}
			options.put(pair[0], pair[1]);
		}
		return options;
	}

}
