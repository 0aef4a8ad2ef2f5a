package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

import org.eventstream.metrics.domain.GroupBy;
import org.eventstream.metrics.domain.MetricsQuery;
import org.eventstream.metrics.domain.UserCounting;
import org.eventstream.model.event.ChannelType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregatesSqlTest {

	private static final Instant FROM = Instant.parse("2024-01-01T00:30:00.000001Z");

	private static final Instant TO = Instant.parse("2024-01-04T10:15:00Z");

	@Test
	void bindsEveryValueAndSplicesNone() {
		String hostile = "x' OR 1=1 --";
		MetricsQuery query = new MetricsQuery(Optional.of(hostile), Optional.of(FROM), Optional.of(TO),
				Set.of(ChannelType.WEB, ChannelType.TV), Optional.of(GroupBy.DAILY), ZoneId.of("Europe/Berlin"),
				UserCounting.EXACT, 100);

		Statement statement = AggregatesSql.statement(query, TO, Optional.empty(), AggregatesSql.Folding.NONE,
				Set.of());

		assertThat(statement.sql()).doesNotContain(hostile)
			.doesNotContain("2024")
			.doesNotContain("Berlin")
			.doesNotContain("'web'")
			.contains("event_name = {event_name:String}", "channel_type IN {channels:Array(String)}",
					"toStartOfDay(event_time, {tz:String})", "event_time >= {from:DateTime64(6, 'UTC')}");
		assertThat(statement.parameters()).containsEntry("event_name", hostile)
			.containsEntry("from", "2024-01-01 00:30:00.000001")
			.containsEntry("to", "2024-01-04 10:15:00.000000")
			.containsEntry("tz", "Europe/Berlin")
			.containsEntry("channels", "['web','tv']")
			.hasSize(5);
	}

	@Test
	void countsUsersExactlyByHashPlusTheCollisionsOnRecord() {
		Statement statement = AggregatesSql.statement(query(UserCounting.EXACT, Optional.empty()), TO, Optional.empty(),
				AggregatesSql.Folding.NONE, Set.of());

		assertThat(statement.sql()).contains(AggregatesSql.USERS_BY_HASH, AggregatesSql.USERS_MISSED_BY_HASH)
			.contains(AggregatesSql.COLLIDED)
			.doesNotContain("uniqHLL12");
		// both halves of the union read the same range with the same filters
		assertThat(occurrences(statement.sql(), "event_time <= {to:DateTime64(6, 'UTC')}")).isEqualTo(2);
		assertThat(occurrences(statement.sql(), "event_name = {event_name:String}")).isEqualTo(2);
	}

	@Test
	void countsUsersApproximatelyOverEventsWhenNoRollupServes() {
		Statement statement = AggregatesSql.statement(query(UserCounting.APPROXIMATE, Optional.of(GroupBy.CHANNEL)), TO,
				Optional.empty(), AggregatesSql.Folding.NONE, Set.of());

		assertThat(statement.sql()).contains("uniqHLL12If(user_hash, user_hash != 0)")
			.contains("toString(channel_type) AS group_key")
			.contains("GROUP BY GROUPING SETS ((group_key), ())")
			.doesNotContain("UNION")
			.doesNotContain("{tz:String}");
		assertThat(statement.parameters()).doesNotContainKey("tz");
	}

	@Test
	void leavesOutTheLowerBoundWhenTheQueryHasNone() {
		MetricsQuery query = new MetricsQuery(Optional.empty(), Optional.empty(), Optional.empty(), Set.of(),
				Optional.empty(), ZoneId.of("UTC"), UserCounting.EXACT, 100);

		Statement statement = AggregatesSql.statement(query, TO, Optional.empty(), AggregatesSql.Folding.NONE,
				Set.of());

		assertThat(statement.sql()).doesNotContain("{from:").doesNotContain("event_name");
		assertThat(statement.parameters()).containsOnlyKeys("to");
	}

	@Test
	void namesUtcAsClickHouseDoesForAnOffsetZone() {
		MetricsQuery query = new MetricsQuery(Optional.empty(), Optional.of(FROM), Optional.of(TO), Set.of(),
				Optional.of(GroupBy.HOURLY), ZoneId.of("Z"), UserCounting.EXACT, 100);

		assertThat(
				AggregatesSql.statement(query, TO, Optional.empty(), AggregatesSql.Folding.NONE, Set.of()).parameters())
			.containsEntry("tz", "UTC");
	}

	@Test
	void refusesOneParameterNameBoundToTwoValues() {
		Statement statement = Statement.of("a = {a:String}").bind("a", "1");

		assertThat(statement.bind("a", "1").parameters()).containsOnlyKeys("a");
		assertThatThrownBy(() -> statement.append(Statement.of(" OR a = {a:String}").bind("a", "2")))
			.isInstanceOf(IllegalStateException.class);
	}

	private static MetricsQuery query(UserCounting counting, Optional<GroupBy> groupBy) {
		return new MetricsQuery(Optional.of("page_view"), Optional.of(FROM), Optional.of(TO), Set.of(), groupBy,
				ZoneId.of("UTC"), counting, 100);
	}

	static int occurrences(String text, String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}

}
