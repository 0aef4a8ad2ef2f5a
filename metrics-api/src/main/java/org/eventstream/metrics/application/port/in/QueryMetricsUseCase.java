package org.eventstream.metrics.application.port.in;

import java.util.concurrent.CompletableFuture;

import org.eventstream.metrics.domain.MetricsQuery;

/**
 * Answers a metrics question with every event counted once, or refuses it as a value
 * ({@link MetricsOutcome.TooManyBuckets}). Fails only when the store cannot answer
 * ({@link org.eventstream.metrics.application.port.out.MetricsUnavailableException}).
 */
public interface QueryMetricsUseCase {

	CompletableFuture<MetricsOutcome> query(MetricsQuery query);

}
