package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QuerySettings;
import org.eventstream.metrics.application.port.out.Aggregates;
import org.eventstream.metrics.application.port.out.LoadAggregatesPort;
import org.eventstream.metrics.application.port.out.MetricsUnavailableException;
import org.eventstream.metrics.domain.GroupBy;
import org.eventstream.metrics.domain.MetricsQuery;
import org.eventstream.metrics.domain.UserCounting;
import org.eventstream.model.event.ChannelType;

/**
 * One query per request over the {@code events} table: totals and groups in a single scan
 * ({@code GROUPING SETS}), every value bound as a server-side parameter. Only fixed SQL
 * fragments chosen from {@link GroupBy} and {@link UserCounting} enter the text. Each
 * stored row is one event (the writer stores each id once), so {@code count()} is exact
 * without {@code FINAL}.
 */
public final class ClickHouseAggregatesLoader implements LoadAggregatesPort {

	private static final DateTimeFormatter DATETIME64 = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
		.withZone(ZoneOffset.UTC);

	/**
	 * Distinct users, exactly, over the 64-bit {@code user_hash64} (half the hash set of
	 * the 128-bit {@code user_hash}, about twice as fast). Events without a user carry
	 * {@code user_hash64 = 0}; rather than skip them row by row ({@code uniqExactIf},
	 * about 20 % slower), count zero as one more value and take it back off in each group
	 * that holds it. ({@code min} of no rows is 0 too, hence {@code count() > 0}.)
	 */
	static final String USERS_BY_HASH = "uniqExact(user_hash64) - (count() > 0 AND min(user_hash64) = 0)";

	/**
	 * What the hash count misses: a hash that more than one user key has is on record in
	 * {@code user_hash64_collisions} (the writer records it before it stores the second
	 * key's events; migration V5), and the users of such a hash are its keys. Its rows
	 * are found through the bloom filter index on {@code user_hash64}, so with no
	 * collision on record this reads nothing.
	 */
	static final String USERS_MISSED_BY_HASH = "uniqExact(user_key) - uniqExact(user_hash64)";

	static final String COLLIDED = " AND user_hash64 IN (SELECT user_hash64 FROM user_hash64_collisions)";

	private final Client client;

	private final Clock clock;

	private final Executor executor;

	private final int maxExecutionSeconds;

	private final String database;

	private final Map<String, CachedCoverage> coverage = new java.util.concurrent.ConcurrentHashMap<>();

	public ClickHouseAggregatesLoader(Client client, String database, Clock clock, Executor executor,
			int maxExecutionSeconds) {
		this.client = client;
		this.database = "`" + database + "`";
		this.clock = clock;
		this.executor = executor;
		this.maxExecutionSeconds = maxExecutionSeconds;
	}

	@Override
	public CompletableFuture<Aggregates> load(MetricsQuery query) {
		Instant to = query.to().orElseGet(() -> clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
		return CompletableFuture.supplyAsync(() -> run(query, to), executor);
	}

	private Aggregates run(MetricsQuery query, Instant to) {
		Map<String, Object> params = new LinkedHashMap<>();
		Optional<RollupQuery.Plan> rollup = RollupQuery.plan(query, to, this::rollupCoverage);
		String sql = sql(query, to, rollup, params);
		List<GenericRecord> rows;
		// the server stops the query after max_execution_time; the network timeout (2 s
		// later) covers a server that stopped answering altogether
		QuerySettings settings = new QuerySettings().serverSetting("max_execution_time",
				Integer.toString(maxExecutionSeconds));
		settings.setNetworkTimeout(maxExecutionSeconds + 2L, ChronoUnit.SECONDS);
		try {
			rows = client.queryAll(sql, params, settings);
		}
		catch (RuntimeException ex) {
			throw new MetricsUnavailableException("ClickHouse did not answer the metrics query: " + ex.getMessage(),
					ex);
		}
		long total = 0;
		long users = 0;
		Optional<Instant> first = Optional.empty();
		List<Aggregates.Group> groups = new ArrayList<>();
		for (GenericRecord row : rows) {
			if (query.groupBy().isEmpty() || row.getInteger("is_total") == 1) {
				total = row.getLong("total");
				users = row.getLong("users");
				first = total == 0 ? Optional.empty() : Optional.of(row.getZonedDateTime("first_event").toInstant());
			}
			else {
				groups
					.add(new Aggregates.Group(row.getString("group_key"), row.getLong("total"), row.getLong("users")));
			}
		}
		return new Aggregates(to, first, total, users, groups);
	}

	static String sql(MetricsQuery query, Instant to, Optional<RollupQuery.Plan> rollup, Map<String, Object> params) {
		params.put("to", DATETIME64.format(to));
		query.from().ifPresent(from -> params.put("from", DATETIME64.format(from)));
		if (query.groupBy().filter(GroupBy::isTime).isPresent()) {
			params.put("tz", clickHouseZone(query.zone()));
		}
		String filters = filters(query, params);
		if (rollup.isPresent()) {
			return RollupQuery.sql(query, to, rollup.get(), filters, params);
		}
		if (query.counting() == UserCounting.APPROXIMATE) {
			return aggregate(query, "count()", "uniqHLL12If(user_hash, user_hash != 0)", filters);
		}
		// the counts by hash, plus what they miss for hashes on record as shared
		String groupKey = query.groupBy().isPresent() ? "group_key, " : "";
		return "SELECT " + groupKey + "sum(total) AS total, sum(users) AS users, min(first_event) AS first_event"
				+ (groupKey.isEmpty() ? "" : ", is_total") + " FROM ("
				+ aggregate(query, "count()", USERS_BY_HASH, filters) + " UNION ALL "
				+ aggregate(query, "0", USERS_MISSED_BY_HASH, filters + COLLIDED) + ")"
				+ (groupKey.isEmpty() ? "" : " GROUP BY group_key, is_total");
	}

	/**
	 * Counts and users of the events in range, in total and by the query's grouping; the
	 * first event's time is {@code NULL} where there are none (an outer {@code min} skips
	 * it).
	 */
	private static String aggregate(MetricsQuery query, String total, String users, String filters) {
		StringBuilder sql = new StringBuilder("SELECT ");
		query.groupBy().ifPresent(groupBy -> sql.append(keyExpression(groupBy)).append(" AS group_key, "));
		sql.append(total).append(" AS total, ").append(users).append(" AS users, minOrNull(event_time) AS first_event");
		query.groupBy().ifPresent(groupBy -> sql.append(", grouping(group_key) AS is_total"));
		sql.append(" FROM events WHERE event_time <= {to:DateTime64(6, 'UTC')}");
		query.from().ifPresent(from -> sql.append(" AND event_time >= {from:DateTime64(6, 'UTC')}"));
		sql.append(filters);
		query.groupBy().ifPresent(groupBy -> sql.append(" GROUP BY GROUPING SETS ((group_key), ())"));
		return sql.toString();
	}

	/**
	 * The event name and channel conditions, the same for the events table and the
	 * rollup.
	 */
	private static String filters(MetricsQuery query, Map<String, Object> params) {
		StringBuilder filters = new StringBuilder();
		query.eventName().ifPresent(name -> {
			filters.append(" AND event_name = {event_name:String}");
			params.put("event_name", name);
		});
		if (!query.channels().isEmpty()) {
			filters.append(" AND channel_type IN {channels:Array(String)}");
			params.put("channels",
					"[" + String.join(",",
							query.channels().stream().map(ChannelType::wireName).map(name -> "'" + name + "'").toList())
							+ "]");
		}
		return filters.toString();
	}

	/**
	 * The first hour a rollup holds completely; far in the future when there is none.
	 * Re-read every minute.
	 */
	private Instant rollupCoverage(String rollup) {
		CachedCoverage cached = coverage.get(rollup);
		if (cached != null && cached.readAt().isAfter(clock.instant().minusSeconds(60))) {
			return cached.coversFrom();
		}
		Instant coversFrom;
		try {
			coversFrom = client
				.queryAll("SELECT toUnixTimestamp(argMax(covers_from, recorded_at)) AS c, count() AS n FROM " + database
						+ ".rollup_coverage WHERE rollup = {rollup:String}", Map.of("rollup", rollup))
				.stream()
				.filter(row -> row.getLong("n") > 0)
				.map(row -> Instant.ofEpochSecond(row.getLong("c")))
				.findFirst()
				.orElse(Instant.MAX);
		}
		catch (RuntimeException ex) {
			coversFrom = Instant.MAX;
		}
		coverage.put(rollup, new CachedCoverage(coversFrom, clock.instant()));
		return coversFrom;
	}

	private record CachedCoverage(Instant coversFrom, Instant readAt) {
	}

	/** ClickHouse takes IANA names; Java names UTC "Z" when it is an offset. */
	private static String clickHouseZone(java.time.ZoneId zone) {
		return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
	}

	private static String keyExpression(GroupBy groupBy) {
		return switch (groupBy) {
			case DAILY -> "toString(toUnixTimestamp(toStartOfDay(event_time, {tz:String})))";
			case HOURLY -> "toString(toUnixTimestamp(toStartOfHour(event_time, {tz:String})))";
			case CHANNEL -> "toString(channel_type)";
			case EVENT_NAME -> "toString(event_name)";
			case DEVICE_CATEGORY -> "toString(device_category)";
			case OPERATING_SYSTEM -> "toString(device_operating_system)";
			case BROWSER -> "toString(device_browser_name)";
			case DEVICE_BRAND -> "toString(device_mobile_brand_name)";
			case LANGUAGE -> "toString(device_language)";
			case HOSTNAME -> "toString(device_hostname)";
			case APP_ID -> "toString(app_id)";
			case APP_VERSION -> "toString(app_version)";
		};
	}

}
