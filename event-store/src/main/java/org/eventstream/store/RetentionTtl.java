package org.eventstream.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QuerySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention ({@code EVENT_STREAM_RETENTION}): events and their rollups expire through
 * ClickHouse's table TTL once they are older than the retention; off (no TTL) by default.
 * Applied at the writer's start-up after the migrations, and only when it differs from
 * what the tables have, since changing a TTL rewrites every part.
 *
 * <p>
 * A row expires when its event time is older than the retention, a rollup row when its
 * whole hour or day is: the approximate answers of a range that reaches beyond the
 * retention may still count the expired part of the oldest day. ClickHouse removes
 * expired rows at its next merge of their part (at most {@code merge_with_ttl_timeout}, 4
 * hours by default). See docs/DESIGN.md "Retention" for why ingest-api then refuses
 * events this old.
 */
public final class RetentionTtl {

	private static final Logger log = LoggerFactory.getLogger(RetentionTtl.class);

	/** Each expiring table and the time its rows expire from. */
	static final Map<String, String> EXPIRING = Map.of(Tables.EVENTS, "toDateTime(event_time)", Tables.EVENTS_HOURLY,
			"hour + toIntervalHour(1)", Tables.EVENTS_HOURLY_BY_NAME, "hour + toIntervalHour(1)", Tables.EVENTS_DAILY,
			"day + toIntervalDay(1)", Tables.EVENTS_DAILY_BY_NAME, "day + toIntervalDay(1)");

	private final Client client;

	private final ClickHouseConnection connection;

	private final Optional<ClusterDdl> cluster;

	public RetentionTtl(Client client, ClickHouseConnection connection, Optional<ClusterDdl> cluster) {
		this.client = client;
		this.connection = connection;
		this.cluster = cluster;
	}

	/**
	 * Sets every expiring table's TTL to {@code retention}, or removes it when empty.
	 * @return the statements run (none when every table already had it)
	 */
	public List<String> apply(Optional<Duration> retention) {
		retention.ifPresent(RetentionTtl::check);
		List<String> statements = new ArrayList<>();
		for (Map.Entry<String, String> table : EXPIRING.entrySet()) {
			String local = cluster.isPresent() ? table.getKey() + "_local" : table.getKey();
			Optional<String> current = currentTtl(local);
			Optional<String> wanted = retention
				.map(age -> table.getValue() + " + toIntervalSecond(" + age.toSeconds() + ")");
			if (wanted.isEmpty() && current.isEmpty() || wanted.isPresent()
					&& current.map(ttl -> ttl.contains(ttlMarker(retention.get()))).orElse(false)) {
				continue;
			}
			String target = connection.quotedDatabase() + "." + local
					+ cluster.map(c -> " ON CLUSTER `" + c.cluster() + "`").orElse("");
			String statement = wanted.map(ttl -> "ALTER TABLE " + target + " MODIFY TTL " + ttl)
				.orElse("ALTER TABLE " + target + " REMOVE TTL");
			log.info("retention: {}", statement);
			client.queryAll(statement, new QuerySettings());
			statements.add(statement);
		}
		return statements;
	}

	static void check(Duration retention) {
		if (retention.compareTo(Duration.ofDays(2)) < 0) {
			throw new IllegalArgumentException("event-stream.retention must be at least 2 days (ingest-api refuses "
					+ "events older than the retention less one day), was " + retention);
		}
	}

	private static String ttlMarker(Duration retention) {
		return "toIntervalSecond(" + retention.toSeconds() + ")";
	}

	/** The TTL clause of the table's engine, if it has one. */
	private Optional<String> currentTtl(String table) {
		List<com.clickhouse.client.api.query.GenericRecord> rows = client.queryAll(
				"SELECT engine_full FROM system.tables WHERE database = {db:String} AND name = {t:String}",
				Map.of("db", connection.database(), "t", table));
		if (rows.isEmpty()) {
			throw new IllegalStateException("table " + connection.database() + "." + table + " does not exist");
		}
		String engine = rows.get(0).getString("engine_full");
		int ttl = engine.indexOf(" TTL ");
		return ttl < 0 ? Optional.empty() : Optional.of(engine.substring(ttl));
	}

}
