package org.eventstream.benchmarks;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.clickhouse.client.api.Client;
import org.eventstream.metrics.adapter.out.clickhouse.ClickHouseUserDeletions;
import org.eventstream.metrics.application.port.out.UserDeletionsPort.Traces;
import org.eventstream.metrics.domain.UserDeletion.HourKey;
import org.eventstream.store.ClickHouseConnection;
import org.eventstream.store.SchemaMigrations;
import org.eventstream.store.Tables;

/**
 * What deleting users costs on the benchmark's dataset (10 million events over 30 days,
 * one million users): the steps of one round of deletions, as metrics-api carries it out
 * ({@link ClickHouseUserDeletions}), for rounds of 1, 10 and 100 users, each step's
 * wall-clock time, {@code --runs} rounds of each size (3 by default) and their median.
 * The writers' hold (65 s by default) is not included: it is a wait, not work.
 *
 * <pre>
 * ./mvnw -q -pl verification/benchmarks exec:java -Dbenchmark.main=org.eventstream.benchmarks.DeletionBenchmark \
 *     -Dexec.args="--events=10000000 --runs=3"
 * </pre>
 *
 * Each round deletes other users, so the dataset shrinks by their events (about ten
 * each); a run on an existing database continues with users not yet deleted.
 */
public final class DeletionBenchmark {

	private DeletionBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = MetricsQueryBenchmark.options(args);
		long events = Long.parseLong(options.getOrDefault("events", "10000000"));
		String database = "deletion_bench_" + events;
		try (BenchmarkClickHouse clickHouse = BenchmarkClickHouse.open(options, database);
				Client client = clickHouse.connection().newClient()) {
			ClickHouseConnection connection = clickHouse.connection();
			new SchemaMigrations(client, connection).apply();
			if (count(client, database, "") == 0) {
				System.out.printf("generating %,d events in %s (the metrics benchmark's dataset)%n", events, database);
				BenchmarkDataset.generate(client, database, events, Instant.now().truncatedTo(ChronoUnit.HOURS));
				client.queryAll("OPTIMIZE TABLE `" + database + "`." + Tables.EVENTS + " FINAL");
			}
			System.out.printf("%s: %,d events in %d active parts; machine: %d cores, Java %s%n", Instant.now(),
					count(client, database, ""), parts(client, database), Runtime.getRuntime().availableProcessors(),
					System.getProperty("java.version"));
			ClickHouseUserDeletions deletions = new ClickHouseUserDeletions(client, database, Optional.empty(), 600);
			int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
			int next = 1;
			for (int users : List.of(1, 10, 100)) {
				List<Double> totals = new ArrayList<>();
				for (int run = 0; run < runs; run++) {
					List<String> keys = new ArrayList<>();
					while (keys.size() < users) {
						String key = "user-" + next++;
						if (count(client, database, "WHERE user_id = '" + key + "'") > 0) {
							keys.add(key);
						}
					}
					totals.add(round(deletions, keys));
				}
				totals.sort(null);
				System.out.printf("rounds of %d users: median %.2f s of %d runs (min %.2f, max %.2f)%n", users,
						totals.get(totals.size() / 2), runs, totals.get(0), totals.get(totals.size() - 1));
			}
		}
	}

	/** One round; returns its seconds. */
	private static double round(ClickHouseUserDeletions deletions, List<String> keys) {
		long start = System.nanoTime();
		Set<HourKey> hours = new LinkedHashSet<>();
		Set<String> counted = new LinkedHashSet<>();
		long events = 0;
		counted.addAll(keys);
		for (Traces traces : deletions.tracesOf(keys).values()) {
			hours.addAll(traces.hours());
			counted.addAll(traces.countedKeys());
			events += traces.events();
		}
		long recorded = System.nanoTime();
		deletions.deleteEvents(keys);
		long deleted = System.nanoTime();
		deletions.countUnusedKeys(counted);
		deletions.deleteUnusedKeys(counted);
		long unregistered = System.nanoTime();
		long rollupRows = deletions.rebuildRollups(hours);
		long rebuilt = System.nanoTime();
		System.out.printf(
				"round of %3d users (%,d events, %,d hours): record %6.2f s, delete events %6.2f s, registry %5.2f s, "
						+ "rebuild rollups %5.2f s (%,d rows), total %6.2f s%n",
				keys.size(), events, hours.size(), seconds(recorded - start), seconds(deleted - recorded),
				seconds(unregistered - deleted), seconds(rebuilt - unregistered), rollupRows, seconds(rebuilt - start));
		return seconds(rebuilt - start);
	}

	private static long count(Client client, String database, String where) {
		return client.queryAll("SELECT count() AS n FROM `" + database + "`." + Tables.EVENTS + " " + where)
			.get(0)
			.getLong("n");
	}

	private static long parts(Client client, String database) {
		return client
			.queryAll("SELECT count() AS n FROM system.parts WHERE database = {db:String} AND table = '" + Tables.EVENTS
					+ "' " + "AND active", Map.of("db", database))
			.get(0)
			.getLong("n");
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

}
