package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.clickhouse.client.api.Client;
import org.eventstream.store.Tables;

/**
 * The first hour each rollup holds completely ({@code rollup_coverage}, recorded by
 * whoever backfilled it), read at most once a minute per rollup. A rollup with no record,
 * or a failed read, covers nothing: the query then reads {@code events}, which is always
 * right.
 */
final class RollupCoverage {

	static final Duration REREAD_AFTER = Duration.ofMinutes(1);

	private final Client client;

	private final String database;

	private final Clock clock;

	private final Map<String, Read> reads = new ConcurrentHashMap<>();

	RollupCoverage(Client client, String database, Clock clock) {
		this.client = client;
		this.database = database;
		this.clock = clock;
	}

	RollupQuery.Coverage of(RollupQuery.Tables tables) {
		return new RollupQuery.Coverage(coversFrom(tables.hourly()), coversFrom(tables.daily()));
	}

	private Instant coversFrom(String rollup) {
		Read read = reads.get(rollup);
		if (read != null && read.at().isAfter(clock.instant().minus(REREAD_AFTER))) {
			return read.coversFrom();
		}
		Instant coversFrom;
		try {
			coversFrom = client
				.queryAll(
						"SELECT toUnixTimestamp(argMax(covers_from, recorded_at)) AS c, count() AS n FROM " + database
								+ "." + Tables.ROLLUP_COVERAGE + " WHERE rollup = {rollup:String}",
						Map.of("rollup", rollup))
				.stream()
				.filter(row -> row.getLong("n") > 0)
				.map(row -> Instant.ofEpochSecond(row.getLong("c")))
				.findFirst()
				.orElse(Instant.MAX);
		}
		catch (RuntimeException ex) {
			coversFrom = Instant.MAX;
		}
		reads.put(rollup, new Read(coversFrom, clock.instant()));
		return coversFrom;
	}

	private record Read(Instant coversFrom, Instant at) {
	}

}
