package org.eventstream.ingest.adapter.out.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.eventstream.ingest.application.port.out.EventsNotPublishedException;
import org.eventstream.ingest.application.port.out.PublishEventsPort;
import org.eventstream.model.event.AcceptedEvent;

/**
 * Fails fast while Kafka is known to be down: after enough failed publishes the breaker
 * opens and requests are refused at once (no deadline spent waiting), until a trial call
 * succeeds again.
 */
public final class CircuitBreakingPublisher implements PublishEventsPort {

	private final PublishEventsPort delegate;

	private final CircuitBreaker breaker;

	private final Duration openWait;

	public CircuitBreakingPublisher(PublishEventsPort delegate, CircuitBreaker breaker) {
		this.delegate = delegate;
		this.breaker = breaker;
		this.openWait = Duration
			.ofMillis(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
	}

	@Override
	public CompletableFuture<Void> publish(List<AcceptedEvent> events) {
		return breaker.decorateCompletionStage(() -> delegate.publish(events))
			.get()
			.toCompletableFuture()
			.exceptionally(failure -> {
				Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
						? failure.getCause() : failure;
				if (cause instanceof CallNotPermittedException) {
					throw new CompletionException(new EventsNotPublishedException(events.size(),
							"Kafka is unavailable (circuit breaker open)", openWait, cause));
				}
				throw (failure instanceof CompletionException completion) ? completion
						: new CompletionException(failure);
			});
	}

}
