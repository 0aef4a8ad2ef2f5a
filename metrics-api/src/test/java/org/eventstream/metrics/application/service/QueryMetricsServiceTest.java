package org.eventstream.metrics.application.service;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.eventstream.metrics.application.port.in.MetricsOutcome;
import org.eventstream.metrics.application.port.out.Aggregates;
import org.eventstream.metrics.application.port.out.LoadAggregatesPort;
import org.eventstream.metrics.domain.GroupBy;
import org.eventstream.metrics.domain.GroupMetrics;
import org.eventstream.metrics.domain.MetricsQuery;
import org.eventstream.metrics.domain.MetricsReport;
import org.eventstream.metrics.domain.UserCounting;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryMetricsServiceTest {

	private static final ZoneId UTC = ZoneId.of("UTC");

	/** Answers with prepared aggregates and remembers whether it was asked. */
	static final class PreparedAggregates implements LoadAggregatesPort {

		Aggregates answer;

		int loads;

		@Override
		public CompletableFuture<Aggregates> load(MetricsQuery query) {
			loads++;
			return CompletableFuture.completedFuture(answer);
		}

	}

	private final PreparedAggregates store = new PreparedAggregates();

	private final QueryMetricsService service = new QueryMetricsService(store, 100);

	@Test
	void fillsEveryDayOfTheRangeInOrderWithZerosWhereNothingHappened() {
		store.answer = new Aggregates(Instant.parse("2024-01-17T12:00:00Z"), Optional.empty(), 5, 2,
				List.of(group("2024-01-17T00:00:00Z", 2, 1), group("2024-01-15T00:00:00Z", 3, 2)));

		MetricsReport report = query(GroupBy.DAILY, "2024-01-15T00:00:00Z", "2024-01-17T12:00:00Z", UTC);

		assertThat(report.groups()).containsExactly(new GroupMetrics("2024-01-15", 3, 2),
				new GroupMetrics("2024-01-16", 0, 0), new GroupMetrics("2024-01-17", 2, 1));
	}

	@Test
	void namesHoursWithTheirOffsetAcrossTheSpringDstChangeInBerlin() {
		ZoneId berlin = ZoneId.of("Europe/Berlin");
		store.answer = new Aggregates(Instant.parse("2024-03-31T01:59:59Z"), Optional.empty(), 2, 2,
				List.of(group("2024-03-31T00:00:00Z", 1, 1), group("2024-03-31T01:00:00Z", 1, 1)));

		MetricsReport report = query(GroupBy.HOURLY, "2024-03-30T23:00:00Z", "2024-03-31T01:59:59Z", berlin);

		assertThat(report.groups()).extracting(GroupMetrics::groupKey)
			.containsExactly("2024-03-31T00:00:00+01:00", "2024-03-31T01:00:00+01:00", "2024-03-31T03:00:00+02:00");
		assertThat(report.groups()).extracting(GroupMetrics::totalCount).containsExactly(0L, 1L, 1L);
	}

	@Test
	void ordersDimensionGroupsByCountAndCutsThemAtTheLimit() {
		store.answer = new Aggregates(Instant.parse("2024-01-17T00:00:00Z"), Optional.empty(), 10, 4,
				List.of(new Aggregates.Group("web", 2, 1), new Aggregates.Group("", 5, 2),
						new Aggregates.Group("tv", 2, 1), new Aggregates.Group("mobile", 1, 1)));

		MetricsReport report = answered(service.query(new MetricsQuery(Optional.empty(), Optional.empty(),
				Optional.empty(), Set.of(), Optional.of(GroupBy.CHANNEL), UTC, UserCounting.EXACT, 3)));

		assertThat(report.groups()).extracting(GroupMetrics::groupKey)
			.containsExactly(QueryMetricsService.NOT_SET, "tv", "web");
		assertThat(report.truncated()).isTrue();
	}

	@Test
	void startsFromTheFirstEventWhenNoFromIsGiven() {
		store.answer = new Aggregates(Instant.parse("2024-01-16T05:00:00Z"),
				Optional.of(Instant.parse("2024-01-15T22:10:00Z")), 1, 1, List.of(group("2024-01-15T00:00:00Z", 1, 1)));

		MetricsReport report = answered(service.query(new MetricsQuery(Optional.empty(), Optional.empty(),
				Optional.empty(), Set.of(), Optional.of(GroupBy.DAILY), UTC, UserCounting.EXACT, 100)));

		assertThat(report.from()).contains(Instant.parse("2024-01-15T22:10:00Z"));
		assertThat(report.groups()).extracting(GroupMetrics::groupKey).containsExactly("2024-01-15", "2024-01-16");
	}

	@Test
	void refusesARangeOverTheBucketCapBeforeAskingTheStore() {
		MetricsOutcome outcome = outcome(GroupBy.HOURLY, "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", UTC);

		assertThat(outcome).isEqualTo(new MetricsOutcome.TooManyBuckets(100));
		assertThat(store.loads).isZero();
	}

	@Test
	void refusesTooManyBucketsFromTheFirstEventOnceTheStoreHasSaidWhenThatWas() {
		store.answer = new Aggregates(Instant.parse("2024-02-01T00:00:00Z"),
				Optional.of(Instant.parse("2024-01-01T00:00:00Z")), 1, 1, List.of());

		MetricsOutcome outcome = service
			.query(new MetricsQuery(Optional.empty(), Optional.empty(), Optional.empty(), Set.of(),
					Optional.of(GroupBy.HOURLY), UTC, UserCounting.EXACT, 100))
			.join();

		assertThat(outcome).isEqualTo(new MetricsOutcome.TooManyBuckets(100));
		assertThat(store.loads).isOne();
	}

	private MetricsReport query(GroupBy groupBy, String from, String to, ZoneId zone) {
		return answered(CompletableFuture.completedFuture(outcome(groupBy, from, to, zone)));
	}

	private MetricsOutcome outcome(GroupBy groupBy, String from, String to, ZoneId zone) {
		return service
			.query(new MetricsQuery(Optional.of("page_view"), Optional.of(Instant.parse(from)),
					Optional.of(Instant.parse(to)), Set.of(), Optional.of(groupBy), zone, UserCounting.EXACT, 100))
			.join();
	}

	private static MetricsReport answered(CompletableFuture<MetricsOutcome> outcome) {
		assertThat(outcome.join()).isInstanceOf(MetricsOutcome.Answered.class);
		return ((MetricsOutcome.Answered) outcome.join()).report();
	}

	private static Aggregates.Group group(String start, long total, long users) {
		return new Aggregates.Group(Long.toString(Instant.parse(start).getEpochSecond()), total, users);
	}

}
