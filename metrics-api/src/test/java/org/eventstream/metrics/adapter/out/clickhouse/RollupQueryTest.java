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

class RollupQueryTest {

	private static final Instant FROM = Instant.parse("2024-01-01T00:30:00Z");

	private static final Instant TO = Instant.parse("2024-01-04T10:15:00Z");

	private static final RollupQuery.Coverage ALL = new RollupQuery.Coverage(Instant.EPOCH, Instant.EPOCH);

	@Test
	void servesOnlyApproximateCountsFromAGivenStartByTimeOrChannel() {
		assertThat(RollupQuery.tables(query(UserCounting.EXACT, Optional.empty(), ZoneId.of("UTC")))).isEmpty();
		assertThat(RollupQuery.tables(new MetricsQuery(Optional.empty(), Optional.empty(), Optional.of(TO), Set.of(),
				Optional.empty(), ZoneId.of("UTC"), UserCounting.APPROXIMATE, 100)))
			.isEmpty();
		assertThat(RollupQuery.tables(approximate(Optional.of(GroupBy.BROWSER)))).isEmpty();
		assertThat(RollupQuery.tables(approximate(Optional.empty())))
			.contains(new RollupQuery.Tables("events_hourly_by_name", "events_daily_by_name"));
		assertThat(RollupQuery.tables(approximate(Optional.of(GroupBy.CHANNEL))))
			.contains(new RollupQuery.Tables("events_hourly", "events_daily"));
		assertThat(RollupQuery.tables(new MetricsQuery(Optional.empty(), Optional.of(FROM), Optional.of(TO),
				Set.of(ChannelType.WEB), Optional.empty(), ZoneId.of("UTC"), UserCounting.APPROXIMATE, 100)))
			.contains(new RollupQuery.Tables("events_hourly", "events_daily"));
	}

	@Test
	void takesWholeDaysFromTheDailyRollupAndTheOtherWholeHoursFromTheHourlyOne() {
		RollupQuery.Plan plan = plan(approximate(Optional.empty()), ALL).orElseThrow();

		assertThat(plan.hours()).isEqualTo(range("2024-01-01T01:00:00Z", "2024-01-04T10:00:00Z"));
		assertThat(plan.days()).contains(range("2024-01-02T00:00:00Z", "2024-01-04T00:00:00Z"));
	}

	@Test
	void startsWhereTheRollupsCoverageStarts() {
		RollupQuery.Coverage late = new RollupQuery.Coverage(Instant.parse("2024-01-02T05:00:00Z"),
				Instant.parse("2024-01-03T00:00:00Z"));

		RollupQuery.Plan plan = plan(approximate(Optional.empty()), late).orElseThrow();

		assertThat(plan.hours()).isEqualTo(range("2024-01-02T05:00:00Z", "2024-01-04T10:00:00Z"));
		assertThat(plan.days()).contains(range("2024-01-03T00:00:00Z", "2024-01-04T00:00:00Z"));
		assertThat(plan(approximate(Optional.empty()), new RollupQuery.Coverage(Instant.MAX, Instant.MAX))).isEmpty();
	}

	@Test
	void usesNoDailyRollupForHoursOrForDaysOfAnotherZone() {
		assertThat(plan(approximate(Optional.of(GroupBy.HOURLY)), ALL).orElseThrow().days()).isEmpty();
		RollupQuery.Plan berlinDays = plan(
				query(UserCounting.APPROXIMATE, Optional.of(GroupBy.DAILY), ZoneId.of("Europe/Berlin")), ALL)
			.orElseThrow();
		assertThat(berlinDays.days()).isEmpty();
		assertThat(berlinDays.hours()).isEqualTo(range("2024-01-01T01:00:00Z", "2024-01-04T10:00:00Z"));
	}

	@Test
	void usesNoRollupForTimeBucketsOfAZoneWithHalfHourOffsets() {
		assertThat(plan(query(UserCounting.APPROXIMATE, Optional.of(GroupBy.HOURLY), ZoneId.of("Asia/Kolkata")), ALL))
			.isEmpty();
		// totals do not depend on the zone's buckets
		assertThat(plan(query(UserCounting.APPROXIMATE, Optional.empty(), ZoneId.of("Asia/Kolkata")), ALL)).isPresent();
	}

	@Test
	void readsTheRawEdgesAroundTheRolledUpHoursAndSkipsAnEmptyLeadingEdge() {
		MetricsQuery query = approximate(Optional.of(GroupBy.CHANNEL));
		Statement statement = AggregatesSql.statement(query, TO, plan(query, ALL), AggregatesSql.Folding.NONE,
				Set.of());

		assertThat(statement.sql()).contains("FROM events_daily WHERE", "FROM events_hourly WHERE",
				"event_time < {rollup_start64:DateTime64(6, 'UTC')}",
				"event_time >= {rollup_end64:DateTime64(6, 'UTC')}", "uniqHLL12Merge(u)",
				// the hours of the whole days are not read twice
				"AND NOT (hour >= {days_start:DateTime('UTC')} AND hour < {days_end:DateTime('UTC')})");
		assertThat(statement.parameters()).containsEntry("rollup_start", "2024-01-01 01:00:00")
			.containsEntry("rollup_end", "2024-01-04 10:00:00")
			.containsEntry("days_start", "2024-01-02 00:00:00")
			.containsEntry("days_end", "2024-01-04 00:00:00")
			.containsEntry("rollup_end64", "2024-01-04 10:00:00.000000");
		// the name filter applies to every part: daily, hourly, two edges
		assertThat(AggregatesSqlTest.occurrences(statement.sql(), "event_name = {event_name:String}")).isEqualTo(4);

		MetricsQuery onTheHour = new MetricsQuery(Optional.of("page_view"),
				Optional.of(Instant.parse("2024-01-01T01:00:00Z")), Optional.of(TO), Set.of(), Optional.empty(),
				ZoneId.of("UTC"), UserCounting.APPROXIMATE, 100);
		Statement noLeadingEdge = AggregatesSql.statement(onTheHour, TO, plan(onTheHour, ALL),
				AggregatesSql.Folding.NONE, Set.of());
		assertThat(noLeadingEdge.sql()).doesNotContain("rollup_start64");
		assertThat(AggregatesSqlTest.occurrences(noLeadingEdge.sql(), "FROM events WHERE")).isEqualTo(1);
	}

	@Test
	void needsAtLeastOneWholeHour() {
		MetricsQuery shortRange = new MetricsQuery(Optional.empty(), Optional.of(FROM),
				Optional.of(Instant.parse("2024-01-01T01:20:00Z")), Set.of(), Optional.empty(), ZoneId.of("UTC"),
				UserCounting.APPROXIMATE, 100);

		assertThat(
				RollupQuery.plan(shortRange, shortRange.to().get(), RollupQuery.tables(shortRange).orElseThrow(), ALL))
			.isEmpty();
	}

	private static Optional<RollupQuery.Plan> plan(MetricsQuery query, RollupQuery.Coverage coverage) {
		return RollupQuery.plan(query, TO, RollupQuery.tables(query).orElseThrow(), coverage);
	}

	private static MetricsQuery approximate(Optional<GroupBy> groupBy) {
		return query(UserCounting.APPROXIMATE, groupBy, ZoneId.of("UTC"));
	}

	private static MetricsQuery query(UserCounting counting, Optional<GroupBy> groupBy, ZoneId zone) {
		return new MetricsQuery(Optional.of("page_view"), Optional.of(FROM), Optional.of(TO), Set.of(), groupBy, zone,
				counting, 100);
	}

	private static RollupQuery.Range range(String start, String end) {
		return new RollupQuery.Range(Instant.parse(start), Instant.parse(end));
	}

}
