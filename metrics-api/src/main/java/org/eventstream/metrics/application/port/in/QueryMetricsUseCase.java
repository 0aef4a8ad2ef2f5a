package org.eventstream.metrics.application.port.in;

import java.util.concurrent.CompletableFuture;

import org.eventstream.metrics.domain.MetricsQuery;
import org.eventstream.metrics.domain.MetricsReport;

/**
 * Answers a metrics question with every event counted once. Fails with
 * {@link org.eventstream.metrics.domain.TimeBuckets.TooManyBucketsException} when a time
 * grouping would exceed the bucket cap, and with
 * {@link org.eventstream.metrics.application.port.out.MetricsUnavailableException} when
 * the store cannot answer.
 */
public interface QueryMetricsUseCase {

	CompletableFuture<MetricsReport> query(MetricsQuery query);

}
