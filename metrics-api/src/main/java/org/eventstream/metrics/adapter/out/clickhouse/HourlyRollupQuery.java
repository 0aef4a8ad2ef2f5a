package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eventstream.metrics.domain.GroupBy;
import org.eventstream.metrics.domain.MetricsQuery;
import org.eventstream.metrics.domain.UserCounting;

/**
 * The approximate mode's fast path: whole hours inside the range come from the
 * {@code events_hourly} rollup (counts and HyperLogLog sketches, a few rows per hour),
 * the partial hours at the edges and the hours before the rollup's coverage from
 * {@code events}; the sketches of both merge into one estimate. Used only for totals,
 * channel, daily and hourly groupings, in zones whose offsets are whole hours, with an
 * explicit {@code from}.
 */
final class HourlyRollupQuery {

	private static final Set<GroupBy> ROLLED_UP = Set.of(GroupBy.CHANNEL, GroupBy.DAILY, GroupBy.HOURLY);

	private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter DATETIME64 = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
		.withZone(ZoneOffset.UTC);

	private HourlyRollupQuery() {
	}

	/**
	 * The rollup a query reads: per name and hour when it neither filters nor groups by
	 * channel (one sketch per hour), per name, channel and hour otherwise.
	 */
	static String table(MetricsQuery query) {
		boolean byChannel = !query.channels().isEmpty() || query.groupBy().filter(GroupBy.CHANNEL::equals).isPresent();
		return byChannel ? "events_hourly" : "events_hourly_by_name";
	}

	/**
	 * The whole hours [start, end) the rollup can answer for, if this query may use it at
	 * all.
	 */
	static Optional<Hours> hours(MetricsQuery query, Instant to, Instant coverage) {
		if (query.counting() != UserCounting.APPROXIMATE || query.from().isEmpty()
				|| !query.groupBy().map(ROLLED_UP::contains).orElse(true)
				|| !wholeHourOffsets(query.zone(), query.from().get(), to)) {
			return Optional.empty();
		}
		Instant from = query.from().get();
		Instant firstWholeHour = from.truncatedTo(ChronoUnit.HOURS).equals(from) ? from
				: from.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
		Instant start = firstWholeHour.isBefore(coverage) ? coverage : firstWholeHour;
		Instant end = to.plus(1, ChronoUnit.MICROS).truncatedTo(ChronoUnit.HOURS);
		return start.isBefore(end) ? Optional.of(new Hours(table(query), start, end)) : Optional.empty();
	}

	/** Whole hours [start, end) read from {@code table}. */
	record Hours(String table, Instant start, Instant end) {
	}

	/**
	 * One flat aggregation over the rollup's rows and the raw edges: the outer query
	 * merges every sketch once. (Pre-merging the rollup by key in a subquery, then
	 * merging again, cost a third more on the benchmark's hourly query.) An edge whose
	 * range is empty is left out rather than scanned.
	 */
	static String sql(MetricsQuery query, Instant to, Hours hours, String filters, Map<String, Object> params) {
		params.put("rollup_start", DATETIME.format(hours.start()));
		params.put("rollup_end", DATETIME.format(hours.end()));
		params.put("rollup_start64", DATETIME64.format(hours.start()));
		params.put("rollup_end64", DATETIME64.format(hours.end()));
		Optional<String> rollupKey = query.groupBy().map(groupBy -> keyExpression(groupBy, "hour"));
		Optional<String> rawKey = query.groupBy()
			.map(groupBy -> keyExpression(groupBy, "toDateTime(toStartOfHour(event_time), 'UTC')"));
		StringBuilder sql = new StringBuilder("SELECT ");
		rollupKey.ifPresent(key -> sql.append("k AS group_key, "));
		sql.append("sum(c) AS total, uniqHLL12Merge(u) AS users, min(first) AS first_event");
		rollupKey.ifPresent(key -> sql.append(", grouping(group_key) AS is_total"));
		sql.append(" FROM (SELECT ")
			.append(rollupKey.map(key -> key + " AS k, ").orElse(""))
			.append("event_count AS c, users AS u, toDateTime64(hour, 6, 'UTC') AS first FROM ")
			.append(hours.table())
			.append(" WHERE hour >= {rollup_start:DateTime('UTC')} AND hour < {rollup_end:DateTime('UTC')}")
			.append(filters);
		if (query.from().get().isBefore(hours.start())) {
			rawEdge(sql, rawKey, "event_time >= {from:DateTime64(6, 'UTC')}",
					"event_time < {rollup_start64:DateTime64(6, 'UTC')}", filters);
		}
		rawEdge(sql, rawKey, "event_time >= {rollup_end64:DateTime64(6, 'UTC')}",
				"event_time <= {to:DateTime64(6, 'UTC')}", filters);
		sql.append(")");
		rollupKey.ifPresent(key -> sql.append(" GROUP BY GROUPING SETS ((group_key), ())"));
		return sql.toString();
	}

	private static void rawEdge(StringBuilder sql, Optional<String> rawKey, String lower, String upper,
			String filters) {
		sql.append(" UNION ALL SELECT ")
			.append(rawKey.map(key -> key + " AS k, ").orElse(""))
			.append("count() AS c, uniqHLL12StateIf(user_hash, user_hash != 0) AS u, min(event_time) AS first")
			.append(" FROM events WHERE ")
			.append(lower)
			.append(" AND ")
			.append(upper)
			.append(filters)
			.append(rawKey.map(key -> " GROUP BY k").orElse(""));
	}

	/** The bucket or dimension of a row whose hour is {@code hour}. */
	private static String keyExpression(GroupBy groupBy, String hour) {
		return switch (groupBy) {
			case DAILY -> "toString(toUnixTimestamp(toStartOfDay(" + hour + ", {tz:String})))";
			case HOURLY -> "toString(toUnixTimestamp(toStartOfHour(" + hour + ", {tz:String})))";
			case CHANNEL -> "toString(channel_type)";
			default -> throw new IllegalArgumentException(groupBy + " is not rolled up");
		};
	}

	/**
	 * Hour buckets of such a zone start on UTC hours, so rolled-up UTC hours fall into
	 * exactly one bucket.
	 */
	private static boolean wholeHourOffsets(ZoneId zone, Instant from, Instant to) {
		var rules = zone.getRules();
		if (rules.getOffset(from).getTotalSeconds() % 3600 != 0 || rules.getOffset(to).getTotalSeconds() % 3600 != 0) {
			return false;
		}
		for (var transition = rules.nextTransition(from); transition != null
				&& !transition.getInstant().isAfter(to); transition = rules.nextTransition(transition.getInstant())) {
			if (transition.getOffsetAfter().getTotalSeconds() % 3600 != 0) {
				return false;
			}
		}
		return !to.isBefore(from);
	}

}
