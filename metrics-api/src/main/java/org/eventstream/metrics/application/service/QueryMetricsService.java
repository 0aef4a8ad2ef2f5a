package org.eventstream.metrics.application.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import org.eventstream.metrics.application.port.in.MetricsOutcome;
import org.eventstream.metrics.application.port.in.QueryMetricsUseCase;
import org.eventstream.metrics.application.port.out.Aggregates;
import org.eventstream.metrics.application.port.out.LoadAggregatesPort;
import org.eventstream.metrics.domain.GroupBy;
import org.eventstream.metrics.domain.GroupMetrics;
import org.eventstream.metrics.domain.MeasureValue;
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
				groups = buckets(query, starts.get(), result);
			}
			else if (!groupBy.isTime() && query.thenBy().isPresent()) {
				groups = pairs(query, result);
			}
			else if (!groupBy.isTime()) {
				List<GroupMetrics> all = dimensionGroups(query, result);
				truncated = all.size() > query.limit();
				groups = truncated ? all.subList(0, query.limit()) : all;
			}
		}
		return new MetricsOutcome.Answered(
				new MetricsReport(query.eventName(), from, result.to(), result.totalCount(), result.uniqueUserCount(),
						query.counting(), query.measures(), measures(query, result.measures()), groups, truncated));
	}

	/**
	 * Every bucket of the range, ascending; with a second dimension, every bucket once
	 * per value of it that has events anywhere in the range (by count, "other" last),
	 * zeros where that value had none in that bucket.
	 */
	private static List<GroupMetrics> buckets(MetricsQuery query, List<Instant> starts, Aggregates result) {
		GroupBy unit = query.groupBy().orElseThrow();
		Map<Long, Map<Optional<String>, Aggregates.Group>> byStart = new HashMap<>();
		Map<Optional<String>, Long> seconds = new HashMap<>();
		for (Aggregates.Group group : result.groups()) {
			byStart.computeIfAbsent(Long.parseLong(group.key()), start -> new HashMap<>())
				.put(group.secondKey(), group);
			seconds.merge(group.secondKey(), group.totalCount(), Long::sum);
		}
		List<Optional<String>> secondKeys = query.thenBy().isEmpty() ? List.of(Optional.empty())
				: seconds.entrySet()
					.stream()
					.sorted(byCount(entry -> entry.getKey().orElse(""), Map.Entry::getValue))
					.map(Map.Entry::getKey)
					.toList();
		List<GroupMetrics> buckets = new ArrayList<>();
		for (Instant start : starts) {
			Map<Optional<String>, Aggregates.Group> bucket = byStart.getOrDefault(start.getEpochSecond(), Map.of());
			for (Optional<String> secondKey : secondKeys) {
				Aggregates.Group group = bucket.get(secondKey);
				buckets.add(new GroupMetrics(TimeBuckets.key(unit, start, query.zone()),
						secondKey.map(QueryMetricsService::label), group == null ? 0 : group.totalCount(),
						group == null ? 0 : group.uniqueUserCount(),
						measures(query, group == null ? List.of() : group.measures())));
			}
		}
		return buckets;
	}

	/** Dimension groups by count, descending (then key). */
	private static List<GroupMetrics> dimensionGroups(MetricsQuery query, Aggregates result) {
		return result.groups()
			.stream()
			.sorted(byCount(Aggregates.Group::key, Aggregates.Group::totalCount))
			.map(group -> metrics(query, group))
			.toList();
	}

	/**
	 * Pairs of two dimensions: the first dimension's values by their total count, and
	 * within each the second's by count; "other" last in both.
	 */
	private static List<GroupMetrics> pairs(MetricsQuery query, Aggregates result) {
		Map<String, Long> firstTotals = new HashMap<>();
		result.groups().forEach(group -> firstTotals.merge(group.key(), group.totalCount(), Long::sum));
		Comparator<Aggregates.Group> byFirst = byCount(Aggregates.Group::key, group -> firstTotals.get(group.key()));
		return result.groups()
			.stream()
			.sorted(byFirst.thenComparing(byCount(group -> group.secondKey().orElse(""), Aggregates.Group::totalCount)))
			.map(group -> metrics(query, group))
			.toList();
	}

	/**
	 * By count, descending, then by key; {@link Aggregates#OTHER} after every other key.
	 */
	private static <T> Comparator<T> byCount(Function<T, String> key, ToLongFunction<T> count) {
		return Comparator.<T, Boolean>comparing(item -> Aggregates.OTHER.equals(key.apply(item)))
			.thenComparing(Comparator.comparingLong(count).reversed())
			.thenComparing(key);
	}

	private static GroupMetrics metrics(MetricsQuery query, Aggregates.Group group) {
		return new GroupMetrics(label(group.key()), group.secondKey().map(QueryMetricsService::label),
				group.totalCount(), group.uniqueUserCount(), measures(query, group.measures()));
	}

	private static String label(String key) {
		return key.isEmpty() ? NOT_SET : key;
	}

	/**
	 * Each measure's value, from the store's sums and counts (none stored: a sum of 0).
	 */
	private static List<OptionalDouble> measures(MetricsQuery query, List<MeasureValue> values) {
		List<OptionalDouble> measures = new ArrayList<>();
		for (int i = 0; i < query.measures().size(); i++) {
			MeasureValue value = (i < values.size()) ? values.get(i) : new MeasureValue(0, 0);
			measures.add(value.of(query.measures().get(i)));
		}
		return measures;
	}

}
