package org.eventstream.metrics.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code event-stream.metrics.*}.
 *
 * @param maxBuckets the most day or hour buckets one response may carry (1,000 hours is
 * about 41 days)
 * @param cacheMaxStaleness how old a cached answer may be; {@code 0s} turns the cache off
 * @param cacheMaxEntries how many distinct queries the cache holds
 * @param queryTimeout ClickHouse's {@code max_execution_time} for one query
 * @param queryThreads how many queries run at once per instance
 */
@ConfigurationProperties("event-stream.metrics")
public record MetricsProperties(@DefaultValue("1000") int maxBuckets, @DefaultValue("1s") Duration cacheMaxStaleness,
		@DefaultValue("10000") long cacheMaxEntries, @DefaultValue("10s") Duration queryTimeout,
		@DefaultValue("8") int queryThreads) {
}
