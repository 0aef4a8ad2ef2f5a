package org.eventstream.metrics.application.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
 * unset dimension value is reported as {@value #NOT_SET}.
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
	public CompletableFuture<MetricsReport> query(MetricsQuery query) {
		Optional<GroupBy> time = query.groupBy().filter(GroupBy::isTime);
		if (time.isPresent() && query.from().isPresent() && query.to().isPresent()) {
			// refuse before reading anything
			TimeBuckets.starts(time.get(), query.from().get(), query.to().get(), query.zone(), maxBuckets);
		}
		return aggregates.load(query).thenApply(result -> report(query, result));
	}

	private MetricsReport report(MetricsQuery query, Aggregates result) {
		Optional<Instant> from = query.from().or(result::firstEvent);
		List<GroupMetrics> groups = List.of();
		boolean truncated = false;
		if (query.groupBy().isPresent()) {
			GroupBy groupBy = query.groupBy().get();
			if (groupBy.isTime()) {
				groups = from.map(start -> buckets(groupBy, start, result, query)).orElse(List.of());
			}
			else {
				List<GroupMetrics> all = dimensionGroups(result);
				truncated = all.size() > query.limit();
				groups = truncated ? all.subList(0, query.limit()) : all;
			}
		}
		return new MetricsReport(query.eventName(), from, result.to(), result.totalCount(), result.uniqueUserCount(),
				query.counting(), groups, truncated);
	}

	private List<GroupMetrics> buckets(GroupBy unit, Instant from, Aggregates result, MetricsQuery query) {
		Map<Long, Aggregates.Group> byStart = new HashMap<>();
		result.groups().forEach(group -> byStart.put(Long.parseLong(group.key()), group));
		List<GroupMetrics> buckets = new ArrayList<>();
		for (Instant start : TimeBuckets.starts(unit, from, result.to(), query.zone(), maxBuckets)) {
			Aggregates.Group group = byStart.get(start.getEpochSecond());
			buckets.add(new GroupMetrics(TimeBuckets.key(unit, start, query.zone()),
					group == null ? 0 : group.totalCount(), group == null ? 0 : group.uniqueUserCount()));
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
