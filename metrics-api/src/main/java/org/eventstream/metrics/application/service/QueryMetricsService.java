package org.eventstream.metrics.application.service;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.eventstream.metrics.application.port.in.MetricsOutcome;
import org.eventstream.metrics.application.port.in.QueryMetricsUseCase;
import org.eventstream.metrics.application.port.out.Aggregates;
import org.eventstream.metrics.application.port.out.LoadAggregatesPort;
import org.eventstream.metrics.domain.GroupBy;
import org.eventstream.metrics.domain.GroupMetrics;
import org.eventstream.metrics.domain.MetricsQuery;
import org.eventstream.metrics.domain.MetricsReport;
import org.eventstream.metrics.domain.TimeBuckets;

/**
 * Shapes the store's aggregates into the report: time buckets ascending and zero-filled
 * across the range, dimension groups by count descending (then key) up to the limit. An
 * unset dimension value is reported as {@value #NOT_SET}. A range with more time buckets
 * than the cap is refused as a value.
 */
public final class QueryMetricsService implements QueryMetricsUseCase {

	public static final String NOT_SET = "(not set)";

	private final LoadAggregatesPort aggregates;

	private final int maxBuckets;

	public QueryMetricsService(LoadAggregatesPort aggregates, int maxBuckets) {
		this.aggregates = aggregates;
		this.maxBuckets = maxBuckets;
	}

	@Override
	public CompletableFuture<MetricsOutcome> query(MetricsQuery query) {
		Optional<GroupBy> time = query.groupBy().filter(GroupBy::isTime);
		if (time.isPresent() && query.from().isPresent() && query.to().isPresent()
				&& TimeBuckets.starts(time.get(), query.from().get(), query.to().get(), query.zone(), maxBuckets)
					.isEmpty()) {
			// refused before reading anything
			return CompletableFuture.completedFuture(new MetricsOutcome.TooManyBuckets(maxBuckets));
		}
		return aggregates.load(query).thenApply(result -> report(query, result));
	}

	/**
	 * Without {@code from} or {@code to}, the buckets are known only once the store has
	 * said when the first event was and what "now" is; too many of them are refused then.
	 */
	private MetricsOutcome report(MetricsQuery query, Aggregates result) {
		Optional<Instant> from = query.from().or(result::firstEvent);
		List<GroupMetrics> groups = List.of();
		boolean truncated = false;
		if (query.groupBy().isPresent()) {
			GroupBy groupBy = query.groupBy().get();
			if (groupBy.isTime() && from.isPresent()) {
				Optional<List<Instant>> starts = TimeBuckets.starts(groupBy, from.get(), result.to(), query.zone(),
						maxBuckets);
				if (starts.isEmpty()) {
					return new MetricsOutcome.TooManyBuckets(maxBuckets);
				}
				groups = buckets(groupBy, starts.get(), result, query.zone());
			}
			else if (!groupBy.isTime()) {
				List<GroupMetrics> all = dimensionGroups(result);
				truncated = all.size() > query.limit();
				groups = truncated ? all.subList(0, query.limit()) : all;
			}
		}
		return new MetricsOutcome.Answered(new MetricsReport(query.eventName(), from, result.to(), result.totalCount(),
				result.uniqueUserCount(), query.counting(), groups, truncated));
	}

	private static List<GroupMetrics> buckets(GroupBy unit, List<Instant> starts, Aggregates result, ZoneId zone) {
		Map<Long, Aggregates.Group> byStart = new HashMap<>();
		result.groups().forEach(group -> byStart.put(Long.parseLong(group.key()), group));
		List<GroupMetrics> buckets = new ArrayList<>();
		for (Instant start : starts) {
			Aggregates.Group group = byStart.get(start.getEpochSecond());
			buckets.add(new GroupMetrics(TimeBuckets.key(unit, start, zone), group == null ? 0 : group.totalCount(),
					group == null ? 0 : group.uniqueUserCount()));
		}
		return buckets;
	}

	private static List<GroupMetrics> dimensionGroups(Aggregates result) {
		return result.groups()
			.stream()
			.map(group -> new GroupMetrics(group.key().isEmpty() ? NOT_SET : group.key(), group.totalCount(),
					group.uniqueUserCount()))
			.sorted(Comparator.comparingLong(GroupMetrics::totalCount).reversed().thenComparing(GroupMetrics::groupKey))
			.toList();
	}

}
