package org.eventstream.metrics.application.port.in;

import java.util.concurrent.CompletableFuture;

import org.eventstream.metrics.domain.FunnelQuery;
import org.eventstream.metrics.domain.FunnelReport;

/**
 * Counts the users who went through a funnel's steps in order. Fails only when the store
 * cannot answer
 * ({@link org.eventstream.metrics.application.port.out.MetricsUnavailableException}).
 */
public interface QueryFunnelUseCase {

	CompletableFuture<FunnelReport> funnel(FunnelQuery query);

}
