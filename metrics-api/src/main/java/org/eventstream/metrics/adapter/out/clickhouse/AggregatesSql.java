package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import org.eventstream.metrics.domain.GroupBy;
import org.eventstream.metrics.domain.MetricsQuery;
import org.eventstream.metrics.domain.UserCounting;
import org.eventstream.model.event.ChannelType;
import org.eventstream.store.EventColumns;
import org.eventstream.store.Tables;

/**
 * The one statement that answers a {@link MetricsQuery}: totals and groups in a single
 * scan ({@code GROUPING SETS}), every value bound as a server-side parameter. Only fixed
 * SQL fragments chosen from {@link GroupBy} and {@link UserCounting} enter the text. Each
 * stored row is one event (the writer stores each id once), so {@code count()} is exact
 * without {@code FINAL}. Pure: what the rollups hold comes in as a
 * {@link RollupQuery.Plan}.
 */
final class AggregatesSql {

	static final DateTimeFormatter DATETIME64 = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
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

	static final String COLLIDED = " AND user_hash64 IN (SELECT user_hash64 FROM " + Tables.USER_HASH64_COLLISIONS
			+ ")";

	private AggregatesSql() {
	}

	/**
	 * @param to the range's end, resolved ("now" when the query has none)
	 * @param rollup what the rollups answer for, when the query may use them
	 */
	static Statement statement(MetricsQuery query, Instant to, Optional<RollupQuery.Plan> rollup) {
		Statement filters = filters(query);
		Statement body;
		if (rollup.isPresent()) {
			body = RollupQuery.sql(query, rollup.get(), filters);
		}
		else if (query.counting() == UserCounting.APPROXIMATE) {
			body = aggregate(query, "count()", "uniqHLL12If(user_hash, user_hash != 0)", filters);
		}
		else {
			// the counts by hash, plus what they miss for hashes on record as shared
			String groupKey = query.groupBy().isPresent() ? "group_key, " : "";
			body = Statement
				.of("SELECT " + groupKey + "sum(total) AS total, sum(users) AS users, min(first_event) AS first_event"
						+ (groupKey.isEmpty() ? "" : ", is_total") + " FROM (")
				.append(aggregate(query, "count()", USERS_BY_HASH, filters))
				.append(" UNION ALL ")
				.append(aggregate(query, "0", USERS_MISSED_BY_HASH, filters.append(COLLIDED)))
				.append(")" + (groupKey.isEmpty() ? "" : " GROUP BY group_key, is_total"));
		}
		body = body.bind("to", DATETIME64.format(to));
		if (query.from().isPresent()) {
			body = body.bind("from", DATETIME64.format(query.from().get()));
		}
		if (query.groupBy().filter(GroupBy::isTime).isPresent()) {
			body = body.bind("tz", clickHouseZone(query.zone()));
		}
		return body;
	}

	/**
	 * Counts and users of the events in range, in total and by the query's grouping; the
	 * first event's time is {@code NULL} where there are none (an outer {@code min} skips
	 * it).
	 */
	private static Statement aggregate(MetricsQuery query, String total, String users, Statement filters) {
		StringBuilder sql = new StringBuilder("SELECT ");
		query.groupBy().ifPresent(groupBy -> sql.append(keyExpression(groupBy)).append(" AS group_key, "));
		sql.append(total).append(" AS total, ").append(users).append(" AS users, minOrNull(event_time) AS first_event");
		query.groupBy().ifPresent(groupBy -> sql.append(", grouping(group_key) AS is_total"));
		sql.append(" FROM " + Tables.EVENTS + " WHERE event_time <= {to:DateTime64(6, 'UTC')}");
		query.from().ifPresent(from -> sql.append(" AND event_time >= {from:DateTime64(6, 'UTC')}"));
		return Statement.of(sql.toString())
			.append(filters)
			.append(query.groupBy().map(groupBy -> " GROUP BY GROUPING SETS ((group_key), ())").orElse(""));
	}

	/**
	 * The event name and channel conditions, the same for the events table and the
	 * rollups.
	 */
	static Statement filters(MetricsQuery query) {
		Statement filters = Statement.of("");
		if (query.eventName().isPresent()) {
			filters = filters.append(" AND event_name = {event_name:String}")
				.bind("event_name", query.eventName().get());
		}
		if (!query.channels().isEmpty()) {
			filters = filters.append(" AND channel_type IN {channels:Array(String)}")
				.bind("channels",
						"[" + String.join(",",
								query.channels()
									.stream()
									.sorted()
									.map(ChannelType::wireName)
									.map(name -> "'" + name + "'")
									.toList())
								+ "]");
		}
		return filters;
	}

	/** ClickHouse takes IANA names; Java names UTC "Z" when it is an offset. */
	private static String clickHouseZone(ZoneId zone) {
		return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
	}

	private static String keyExpression(GroupBy groupBy) {
		return switch (groupBy) {
			case DAILY -> "toString(toUnixTimestamp(toStartOfDay(event_time, {tz:String})))";
			case HOURLY -> "toString(toUnixTimestamp(toStartOfHour(event_time, {tz:String})))";
			case CHANNEL -> "toString(" + EventColumns.CHANNEL_TYPE + ")";
			case EVENT_NAME -> "toString(" + EventColumns.EVENT_NAME + ")";
			case DEVICE_CATEGORY -> "toString(" + EventColumns.DEVICE_CATEGORY + ")";
			case OPERATING_SYSTEM -> "toString(" + EventColumns.DEVICE_OPERATING_SYSTEM + ")";
			case BROWSER -> "toString(" + EventColumns.DEVICE_BROWSER_NAME + ")";
			case DEVICE_BRAND -> "toString(" + EventColumns.DEVICE_MOBILE_BRAND_NAME + ")";
			case LANGUAGE -> "toString(" + EventColumns.DEVICE_LANGUAGE + ")";
			case HOSTNAME -> "toString(" + EventColumns.DEVICE_HOSTNAME + ")";
			case APP_ID -> "toString(" + EventColumns.APP_ID + ")";
			case APP_VERSION -> "toString(" + EventColumns.APP_VERSION + ")";
		};
	}

}
