package org.eventstream.metrics.config;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.clickhouse.client.api.Client;
import io.micrometer.core.instrument.MeterRegistry;
import org.eventstream.health.ClickHouseHealthIndicator;
import org.eventstream.metrics.adapter.in.web.MetricsProblems;
import org.eventstream.metrics.adapter.out.clickhouse.CachingAggregatesLoader;
import org.eventstream.metrics.adapter.out.clickhouse.ClickHouseAggregatesLoader;
import org.eventstream.metrics.adapter.out.clickhouse.ClickHouseFunnelLoader;
import org.eventstream.metrics.adapter.out.redis.RedisAggregatesCache;
import org.eventstream.metrics.adapter.out.redis.RedisConnection;
import org.eventstream.metrics.adapter.out.redis.RedisFunnelCache;
import org.eventstream.metrics.adapter.out.redis.SharedCache;
import org.eventstream.metrics.application.port.in.QueryFunnelUseCase;
import org.eventstream.metrics.application.port.in.QueryMetricsUseCase;
import org.eventstream.metrics.application.port.out.LoadAggregatesPort;
import org.eventstream.metrics.application.port.out.LoadFunnelPort;
import org.eventstream.metrics.application.service.QueryFunnelService;
import org.eventstream.metrics.application.service.QueryMetricsService;
import org.eventstream.store.ClickHouseConnection;
import org.eventstream.web.problem.NettyErrorProblems;
import org.eventstream.web.problem.ProblemJsonExceptionHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * Wires the metrics API: ClickHouse, the caches in front of it (one per instance, and the
 * shared one in Redis when configured), the use cases.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ MetricsProperties.class, ClickHouseProperties.class, SharedCacheProperties.class })
class MetricsConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ClickHouseConnection clickHouseConnection(ClickHouseProperties properties) {
		return ClickHouseConnection.of(properties.url(), properties.user(), properties.password(),
				properties.database());
	}

	@Bean(destroyMethod = "close")
	Client clickHouseClient(ClickHouseConnection connection) {
		return connection.newClient();
	}

	/** Readiness: an instance that cannot reach ClickHouse cannot answer. */
	@Bean
	ClickHouseHealthIndicator clickHouseHealthIndicator(Client clickHouseClient) {
		return new ClickHouseHealthIndicator(clickHouseClient, Duration.ofSeconds(3));
	}

	@Bean(destroyMethod = "shutdown")
	ExecutorService metricsQueryExecutor(MetricsProperties properties) {
		return Executors.newFixedThreadPool(properties.queryThreads(), runnable -> {
			Thread thread = new Thread(runnable, "metrics-query");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Bean
	LoadAggregatesPort loadAggregatesPort(Client clickHouseClient, ClickHouseConnection connection, Clock clock,
			ExecutorService metricsQueryExecutor, MetricsProperties properties, MeterRegistry meters,
			SharedCacheProperties sharedCache, ObjectProvider<SharedCache> cache) {
		var loader = new ClickHouseAggregatesLoader(clickHouseClient, connection.database(), clock,
				metricsQueryExecutor, queryTimeoutSeconds(properties));
		LoadAggregatesPort shared = sharedCache.enabled() ? new RedisAggregatesCache(loader, cache.getObject())
				: loader;
		return new CachingAggregatesLoader(shared, properties.cacheMaxStaleness(), properties.cacheMaxEntries(),
				meters);
	}

	/**
	 * The shared cache's Redis, when {@code event-stream.metrics.shared-cache.url} is
	 * set.
	 */
	@Bean(destroyMethod = "close")
	@Lazy
	RedisConnection sharedCacheRedis(SharedCacheProperties sharedCache, Clock clock) {
		return new RedisConnection(sharedCache.url(), sharedCache.timeout(), clock);
	}

	@Bean
	@Lazy
	SharedCache sharedCache(RedisConnection sharedCacheRedis, SharedCacheProperties sharedCache, Clock clock,
			MeterRegistry meters) {
		return new SharedCache(sharedCacheRedis, clock, sharedCache.recentTtl(), sharedCache.pastTtl(), meters);
	}

	@Bean
	LoadFunnelPort loadFunnelPort(Client clickHouseClient, ClickHouseConnection connection, Clock clock,
			ExecutorService metricsQueryExecutor, MetricsProperties properties, SharedCacheProperties sharedCache,
			ObjectProvider<SharedCache> cache) {
		LoadFunnelPort loader = new ClickHouseFunnelLoader(clickHouseClient, connection.database(), clock,
				metricsQueryExecutor, queryTimeoutSeconds(properties));
		return sharedCache.enabled() ? new RedisFunnelCache(loader, cache.getObject()) : loader;
	}

	@Bean
	QueryFunnelUseCase queryFunnelUseCase(LoadFunnelPort loadFunnelPort) {
		return new QueryFunnelService(loadFunnelPort);
	}

	@Bean
	QueryMetricsUseCase queryMetricsUseCase(LoadAggregatesPort loadAggregatesPort, MetricsProperties properties) {
		return new QueryMetricsService(loadAggregatesPort, properties.maxBuckets());
	}

	/** Netty's own error answers (431, 414, 400) as problems too. */
	@Bean
	NettyErrorProblems nettyErrorProblems() {
		return new NettyErrorProblems();
	}

	@Bean
	ProblemJsonExceptionHandler problemJsonExceptionHandler(MeterRegistry meters) {
		return new ProblemJsonExceptionHandler(MetricsProblems::of, meters);
	}

	/** ClickHouse's {@code max_execution_time}: whole seconds, at least one. */
	private static int queryTimeoutSeconds(MetricsProperties properties) {
		return (int) Math.max(1, properties.queryTimeout().toSeconds());
	}

}
