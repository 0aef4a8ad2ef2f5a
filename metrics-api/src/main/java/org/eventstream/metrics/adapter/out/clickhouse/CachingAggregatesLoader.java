package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.eventstream.metrics.application.port.out.Aggregates;
import org.eventstream.metrics.application.port.out.LoadAggregatesPort;
import org.eventstream.metrics.domain.MetricsQuery;

/**
 * A bounded cache in front of the store: identical queries within {@code maxStaleness}
 * share one answer, so a dashboard refreshed by many viewers costs one query. An answer
 * is never older than {@code maxStaleness}; a failed load is not cached.
 */
public final class CachingAggregatesLoader implements LoadAggregatesPort {

	private final LoadAggregatesPort delegate;

	private final AsyncCache<MetricsQuery, Aggregates> cache;

	private final MeterRegistry meters;

	public CachingAggregatesLoader(LoadAggregatesPort delegate, Duration maxStaleness, long maxEntries,
			MeterRegistry meters) {
		this.delegate = delegate;
		this.cache = Caffeine.newBuilder()
			.expireAfterWrite(maxStaleness)
			.maximumSize(maxEntries)
			.recordStats()
			.buildAsync();
		CaffeineCacheMetrics.monitor(meters, cache, "metrics_queries");
		this.meters = meters;
	}

	@Override
	public CompletableFuture<Aggregates> load(MetricsQuery query) {
		return cache.get(query, (key, executor) -> {
			// a miss: the time ClickHouse took, by counting mode and outcome
			Timer.Sample sample = Timer.start(meters);
			return delegate.load(key)
				.whenComplete((aggregates,
						failure) -> sample.stop(Timer.builder("event_stream.metrics.query.latency")
							.description("ClickHouse time of a metrics query the cache did not answer")
							.tag("unique_users", key.counting().name().toLowerCase(java.util.Locale.ROOT))
							.tag("outcome", (failure == null) ? "ok" : "failed")
							.publishPercentileHistogram()
							.register(meters)));
		});
	}

}
