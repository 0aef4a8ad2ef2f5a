package org.eventstream.metrics.application.port.out;

import java.util.concurrent.CompletableFuture;

import org.eventstream.metrics.domain.MetricsQuery;

/**
 * Computes a query's totals and groups in the store, counting each stored event once.
 * Results may be cached for at most the configured staleness. Fails with
 * {@link MetricsUnavailableException}.
 */
public interface LoadAggregatesPort {

	CompletableFuture<Aggregates> load(MetricsQuery query);

}
