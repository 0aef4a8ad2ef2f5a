package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

import org.eventstream.metrics.domain.GroupBy;
import org.eventstream.metrics.domain.MetricsQuery;
import org.eventstream.metrics.domain.UserCounting;

/**
 * The approximate mode's fast path: whole UTC days inside the range come from the daily
 * rollup, the remaining whole hours from the hourly one (counts and HyperLogLog sketches,
 * a few rows per day or hour), the partial hours at the edges and the time before a
 * rollup's coverage from {@code events}; the sketches of all three merge into one
 * estimate. Used only for totals, channel, daily and hourly groupings, with an explicit
 * {@code from} and neither filters on properties nor measures (the rollups hold neither);
 * hourly buckets need a zone whose offsets are whole hours, and daily rollups serve a
 * daily grouping only in UTC (elsewhere a zone's day is not a UTC day) and an hourly
 * grouping never.
 */
final class RollupQuery {

	private static final Set<GroupBy> ROLLED_UP = Set.of(GroupBy.CHANNEL, GroupBy.DAILY, GroupBy.HOURLY);

	private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter DATETIME64 = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
		.withZone(ZoneOffset.UTC);

	private RollupQuery() {
	}

	/**
	 * The rollups a query may read, if any: per name when it neither filters nor groups
	 * by channel (one sketch per hour or day), per name and channel otherwise.
	 */
	static Optional<Tables> tables(MetricsQuery query) {
		if (query.counting() != UserCounting.APPROXIMATE || query.from().isEmpty() || !query.isPlain()
				|| !query.groupBy().map(ROLLED_UP::contains).orElse(true)) {
			return Optional.empty();
		}
		boolean byChannel = !query.channels().isEmpty() || query.groupBy().filter(GroupBy.CHANNEL::equals).isPresent();
		return Optional.of(byChannel
				? new Tables(org.eventstream.store.Tables.EVENTS_HOURLY, org.eventstream.store.Tables.EVENTS_DAILY)
				: new Tables(org.eventstream.store.Tables.EVENTS_HOURLY_BY_NAME,
						org.eventstream.store.Tables.EVENTS_DAILY_BY_NAME));
	}

	/** An hourly rollup and the daily rollup of the same keys. */
	record Tables(String hourly, String daily) {
	}

	/**
	 * The first hour each of two rollups holds completely ({@link Instant#MAX}: none).
	 */
	record Coverage(Instant hourly, Instant daily) {
	}

	/**
	 * What the rollups can answer for.
	 * @param tables what {@link #tables} chose for the query
	 * @param coverage what those tables hold
	 */
	static Optional<Plan> plan(MetricsQuery query, Instant to, Tables tables, Coverage coverage) {
		Instant from = query.from().orElseThrow();
		boolean timeBuckets = query.groupBy().filter(GroupBy::isTime).isPresent();
		if (timeBuckets && !wholeHourOffsets(query.zone(), from, to)) {
			return Optional.empty();
		}
		Instant start = latest(ceil(from, ChronoUnit.HOURS), coverage.hourly());
		Instant end = to.plus(1, ChronoUnit.MICROS).truncatedTo(ChronoUnit.HOURS);
		if (!start.isBefore(end)) {
			return Optional.empty();
		}
		boolean daysServe = query.groupBy().isEmpty() || query.groupBy().get() == GroupBy.CHANNEL
				|| (query.groupBy().get() == GroupBy.DAILY && utc(query.zone()));
		Instant firstDay = latest(ceil(start, ChronoUnit.DAYS), coverage.daily());
		Instant lastDay = end.truncatedTo(ChronoUnit.DAYS);
		Optional<Range> days = (daysServe && firstDay.isBefore(lastDay)) ? Optional.of(new Range(firstDay, lastDay))
				: Optional.empty();
		return Optional.of(new Plan(tables, new Range(start, end), days));
	}

	/**
	 * Whole hours [start, end) from the hourly rollup, except the whole days in
	 * {@code days}, which come from the daily one.
	 */
	record Plan(Tables tables, Range hours, Optional<Range> days) {
	}

	/** [start, end). */
	record Range(Instant start, Instant end) {
	}

	/**
	 * One flat aggregation over the rollups' rows and the raw edges: the outer query
	 * merges every sketch once. (Pre-merging the rollup by key in a subquery, then
	 * merging again, cost a third more on the benchmark's hourly query.) An edge whose
	 * range is empty is left out rather than scanned. The caller binds {@code from},
	 * {@code to} and, for time buckets, {@code tz}.
	 * @param filters the conditions every part of the union applies
	 */
	static Statement sql(MetricsQuery query, Plan plan, Statement filters) {
		Optional<GroupBy> groupBy = query.groupBy();
		Optional<String> rawKey = groupBy
			.map(key -> AggregatesSql.keyExpression(key, "toDateTime(toStartOfHour(event_time), 'UTC')"));
		Statement hours = Statement.of("hour >= {rollup_start:DateTime('UTC')} AND hour < {rollup_end:DateTime('UTC')}")
			.bind("rollup_start", DATETIME.format(plan.hours().start()))
			.bind("rollup_end", DATETIME.format(plan.hours().end()));
		Statement union = Statement.of("");
		if (plan.days().isPresent()) {
			Statement days = Statement.of("day >= {days_start:DateTime('UTC')} AND day < {days_end:DateTime('UTC')}")
				.bind("days_start", DATETIME.format(plan.days().get().start()))
				.bind("days_end", DATETIME.format(plan.days().get().end()));
			union = union.append(rolledUp(groupBy, plan.tables().daily(), "day", days, filters)).append(" UNION ALL ");
			hours = hours
				.append(" AND NOT (hour >= {days_start:DateTime('UTC')} AND hour < {days_end:DateTime('UTC')})");
		}
		union = union.append(rolledUp(groupBy, plan.tables().hourly(), "hour", hours, filters));
		if (query.from().orElseThrow().isBefore(plan.hours().start())) {
			union = union.append(rawEdge(rawKey, Statement
				.of("event_time >= {from:DateTime64(6, 'UTC')} AND event_time < {rollup_start64:DateTime64(6, 'UTC')}")
				.bind("rollup_start64", DATETIME64.format(plan.hours().start())), filters));
		}
		union = union.append(rawEdge(rawKey,
				Statement
					.of("event_time >= {rollup_end64:DateTime64(6, 'UTC')} AND event_time <= {to:DateTime64(6, 'UTC')}")
					.bind("rollup_end64", DATETIME64.format(plan.hours().end())),
				filters));
		return Statement
			.of("SELECT " + (groupBy.isPresent() ? "k AS group_key, " : "")
					+ "sum(c) AS total, uniqHLL12Merge(u) AS users, min(first) AS first_event"
					+ (groupBy.isPresent() ? ", grouping(group_key) AS is_total" : "") + " FROM (")
			.append(union)
			.append(")" + (groupBy.isPresent() ? " GROUP BY GROUPING SETS ((group_key), ())" : ""));
	}

	private static Statement rolledUp(Optional<GroupBy> groupBy, String table, String bucket, Statement range,
			Statement filters) {
		return Statement
			.of("SELECT " + groupBy.map(key -> AggregatesSql.keyExpression(key, bucket) + " AS k, ").orElse("")
					+ "event_count AS c, users AS u, toDateTime64(" + bucket + ", 6, 'UTC') AS first FROM " + table
					+ " WHERE ")
			.append(range)
			.append(filters);
	}

	private static Statement rawEdge(Optional<String> rawKey, Statement range, Statement filters) {
		return Statement
			.of(" UNION ALL SELECT " + rawKey.map(key -> key + " AS k, ").orElse("")
					+ "count() AS c, uniqHLL12StateIf(user_hash, user_hash != 0) AS u, min(event_time) AS first"
					+ " FROM " + org.eventstream.store.Tables.EVENTS + " WHERE ")
			.append(range)
			.append(filters)
			.append(rawKey.map(key -> " GROUP BY k").orElse(""));
	}

	private static Instant ceil(Instant instant, ChronoUnit unit) {
		Instant floor = instant.truncatedTo(unit);
		return floor.equals(instant) ? instant : floor.plus(1, unit);
	}

	private static Instant latest(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	private static boolean utc(ZoneId zone) {
		return zone.getRules().isFixedOffset() && zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds() == 0;
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
