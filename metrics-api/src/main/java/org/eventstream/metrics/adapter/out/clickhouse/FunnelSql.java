package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.eventstream.metrics.domain.FunnelQuery;
import org.eventstream.model.event.ChannelType;
import org.eventstream.store.EventColumns;
import org.eventstream.store.Literals;
import org.eventstream.store.Tables;

/**
 * The statement of a funnel: per user (and per user and channel), how many steps
 * ClickHouse's {@code windowFunnel} finds in order within the window, then users by that
 * number. Times enter {@code windowFunnel} as microseconds since {@code from} (it takes
 * unsigned integers, and an event may predate 1970). Pure; values bound as parameters,
 * only the window (a number this class computes) is written into the text, as an
 * aggregate function's parameter must be.
 *
 * <p>
 * Columns: {@code ch} (the channel, {@code ''} on rows of all channels),
 * {@code all_channels}, {@code level} (steps completed, at least 1), {@code users}.
 */
final class FunnelSql {

	private FunnelSql() {
	}

	/**
	 * @param columns the parameter columns {@code events} has ({@link ParameterColumns})
	 */
	static Statement statement(FunnelQuery query, Instant to, Set<String> columns) {
		List<String> steps = query.steps();
		StringBuilder conditions = new StringBuilder();
		Statement stepValues = Statement.of("");
		for (int i = 0; i < steps.size(); i++) {
			conditions.append(", ").append(EventColumns.EVENT_NAME).append(" = {s").append(i).append(":String}");
			stepValues = stepValues.bind("s" + i, steps.get(i));
		}
		long windowMicros = query.window().toNanos() / 1000;
		String grouping = query.byChannel()
				? EventColumns.CHANNEL_TYPE + " AS ch, grouping(" + EventColumns.CHANNEL_TYPE + ") AS all_channels"
				: "'' AS ch, 1 AS all_channels";
		String groupBy = query.byChannel() ? "GROUPING SETS ((user_key), (user_key, " + EventColumns.CHANNEL_TYPE + "))"
				: "user_key";
		Statement sql = Statement
			.of("SELECT ch, all_channels, level, count() AS users FROM (SELECT " + grouping + ", windowFunnel("
					+ windowMicros + ")(toUInt64(toUnixTimestamp64Micro(" + EventColumns.EVENT_TIME
					+ ") - toUnixTimestamp64Micro({from:DateTime64(6, 'UTC')}))" + conditions + ") AS level FROM "
					+ Tables.EVENTS + " WHERE " + EventColumns.EVENT_TIME + " >= {from:DateTime64(6, 'UTC')} AND "
					+ EventColumns.EVENT_TIME + " <= {to:DateTime64(6, 'UTC')} AND " + EventColumns.EVENT_NAME
					+ " IN {steps:Array(String)} AND " + EventColumns.USER_KEY + " != ''")
			.bind("steps", Literals.stringArray(steps))
			.append(stepValues);
		if (!query.channels().isEmpty()) {
			sql = sql.append(" AND " + EventColumns.CHANNEL_TYPE + " IN {channels:Array(String)}")
				.bind("channels",
						Literals.stringArray(query.channels().stream().sorted().map(ChannelType::wireName).toList()));
		}
		for (int i = 0; i < query.filters().size(); i++) {
			sql = sql.append(" AND ").append(AggregatesSql.condition(query.filters().get(i), "f" + i, columns));
		}
		return sql.append(" GROUP BY " + groupBy + ") WHERE level > 0 GROUP BY ch, all_channels, level")
			.bind("from", AggregatesSql.DATETIME64.format(query.from()))
			.bind("to", AggregatesSql.DATETIME64.format(to));
	}

}
