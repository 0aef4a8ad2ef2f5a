package org.eventstream.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.clickhouse.client.api.Client;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eventstream.store.ClickHouseConnection;
import org.eventstream.store.SchemaMigrations;
import org.eventstream.writer.adapter.out.clickhouse.ClickHouseEventStore;
import org.eventstream.writer.adapter.out.clickhouse.ClickHouseUserRegistry;
import org.eventstream.writer.application.port.in.ConsumedEvent;

/**
 * What each part of the write path costs ClickHouse, per stored event: the same batches
 * stored through the writer's own adapters into schemas that lack one part each, with the
 * ClickHouse process's CPU (user + system, from {@code /proc}) over the inserts and the
 * merges that follow them.
 *
 * <pre>
 * ./mvnw -q -o -pl verification/benchmarks exec:java -Dbenchmark.main=org.eventstream.benchmarks.load.ClickHouseCost \
 *   -Dexec.args="http://user:1234@localhost:8123 $(cat data/run/clickhouse.pid) [batches, default 10] [rows, default 20000]"
 * </pre>
 *
 * Then, with {@code -Dmerge=true}, {@code OPTIMIZE TABLE events FINAL}: the CPU of
 * merging the inserted parts of {@code events} into one, per event (under load each row
 * is merged several times, as parts grow: the load benchmark's counters give how often).
 * <p>
 * {@code -Ddatabase=event_stream} measures the full write path into an existing database
 * instead (its size and parts as they are; nothing is dropped or altered);
 * {@code -Dvariants=<regular expression>} picks variants by name.
 */
public final class ClickHouseCost {

	private static final Map<String, List<String>> VARIANTS = new LinkedHashMap<>();

	static {
		VARIANTS.put("full write path (lookup, registry, insert)", List.of());
		VARIANTS.put("id lookup and insert (no user registry)", List.of("-registry"));
		VARIANTS.put("user registry and insert (no id lookup)", List.of("-lookup"));
		VARIANTS.put("insert only (no id lookup, no user registry)", List.of("-lookup", "-registry"));
		VARIANTS.put("insert without the four rollup views",
				List.of("-lookup", "-registry", "DROP VIEW %s.events_hourly_mv",
						"DROP VIEW %s.events_hourly_by_name_mv", "DROP VIEW %s.events_daily_mv",
						"DROP VIEW %s.events_daily_by_name_mv"));
		VARIANTS.put("insert without the id projection",
				List.of("-lookup", "-registry", "ALTER TABLE %s.events DROP PROJECTION by_event_id"));
		VARIANTS.put("insert, the id projection merged, not rebuilt", List.of("-lookup", "-registry",
				"ALTER TABLE %s.events MODIFY SETTING deduplicate_merge_projection_mode = 'ignore'"));
		VARIANTS.put("insert without the bloom index",
				List.of("-lookup", "-registry", "ALTER TABLE %s.events DROP INDEX user_hash64_bloom"));
		VARIANTS.put("insert into the bare table (none of the three)",
				List.of("-lookup", "-registry", "DROP VIEW %s.events_hourly_mv",
						"DROP VIEW %s.events_hourly_by_name_mv", "DROP VIEW %s.events_daily_mv",
						"DROP VIEW %s.events_daily_by_name_mv", "ALTER TABLE %s.events DROP PROJECTION by_event_id",
						"ALTER TABLE %s.events DROP INDEX user_hash64_bloom"));
	}

	private ClickHouseCost() {
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		long pid = Long.parseLong(args[1]);
		int batches = args.length > 2 ? Integer.parseInt(args[2]) : 10;
		int rows = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
		System.out.printf("# %d batches of %d events, unique users; ClickHouse CPU per event (µs)%n", batches, rows);
		boolean merge = Boolean.getBoolean("merge");
		System.out.printf("%-50s %10s %10s%s%n", "variant", "µs/event", "inserts/s", merge ? "   merge µs/event" : "");
		int round = 0;
		String only = System.getProperty("variants", "");
		for (var variant : VARIANTS.entrySet()) {
			if (!only.isEmpty() && !variant.getKey().matches(only)) {
				continue;
			}
			String existing = System.getProperty("database", "");
			String database = existing.isEmpty()
					? "bench_cost_" + (round++) + "_" + Long.toString(System.nanoTime(), 36) : existing;
			ClickHouseConnection connection = ClickHouseConnection.of(url, "default", "", database);
			try (Client client = connection.newClient()) {
				new SchemaMigrations(client, connection).apply();
				if (!existing.isEmpty() && variant.getValue().stream().anyMatch(change -> !change.startsWith("-"))) {
					continue; // an existing database is measured as it is, never altered
				}
				for (String change : variant.getValue()) {
					if (!change.startsWith("-")) {
						client.queryAll(change.formatted("`" + database + "`"));
					}
				}
				ClickHouseEventStore store = new ClickHouseEventStore(client, database, 120, new SimpleMeterRegistry());
				ClickHouseUserRegistry users = new ClickHouseUserRegistry(client, database, 120, 1,
						new SimpleMeterRegistry(), false);
				boolean lookup = !variant.getValue().contains("-lookup");
				boolean registry = !variant.getValue().contains("-registry");
				List<List<ConsumedEvent>> data = new ArrayList<>();
				for (int b = 0; b < batches + 1; b++) {
					data.add(Baselines.consumedEvents(rows, 1000L * round + b));
				}
				storeBatch(store, users, data.get(0), lookup, registry); // warm-up, not
																			// measured
				Thread.sleep(3_000); // a measurement window, not a wait for a condition:
										// the warm-up's merges settle
				long before = ProcessCpu.ticks(pid);
				long started = System.nanoTime();
				for (int b = 1; b <= batches; b++) {
					storeBatch(store, users, data.get(b), lookup, registry);
				}
				double seconds = (System.nanoTime() - started) / 1e9;
				Thread.sleep(Duration.ofSeconds(5).toMillis()); // the merges the inserts
																// caused
				long spent = ProcessCpu.ticks(pid) - before;
				String merged = "";
				if (merge) {
					long merging = ProcessCpu.ticks(pid);
					client.queryAll("OPTIMIZE TABLE `" + database + "`.events FINAL");
					merged = "%17.1f".formatted((ProcessCpu.ticks(pid) - merging) * 1e6 / ProcessCpu.TICKS_PER_SECOND
							/ ((double) (batches + 1) * rows));
				}
				System.out.printf("%-50s %10.1f %10.1f%s%n", variant.getKey(),
						spent * 1e6 / ProcessCpu.TICKS_PER_SECOND / ((double) batches * rows), batches / seconds,
						merged);
				if (existing.isEmpty()) {
					client.queryAll("DROP DATABASE `" + database + "`");
				}
			}
		}
	}

	private static void storeBatch(ClickHouseEventStore store, ClickHouseUserRegistry users, List<ConsumedEvent> batch,
			boolean lookup, boolean registry) {
		if (lookup) {
			store.findStored(batch.stream().map(ConsumedEvent::id).toList());
		}
		if (registry) {
			users.register(batch.stream().map(ConsumedEvent::userKey).toList());
		}
		store.insert(batch, UUID.randomUUID().toString());
	}

}
