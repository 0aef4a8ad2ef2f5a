package org.eventstream.ingest.adapter.out.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eventstream.ingest.application.port.out.EventsNotPublishedException;
import org.eventstream.ingest.application.port.out.PublishEventsPort;
import org.eventstream.model.event.AcceptedEvent;
import org.eventstream.model.wire.EventWireFormat;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes each event as one Kafka record: key = event id, value =
 * {@link EventWireFormat}. The producer runs with {@code acks=all} and idempotence, so an
 * acknowledged record is on every in-sync replica.
 *
 * <p>
 * {@code send} is handed to a small executor of its own because the producer may block
 * (up to {@code max.block.ms}) when it has no metadata or its buffer is full, and callers
 * run on event-loop threads. The whole publish fails after {@code deadline}: the client
 * gets an error and may retry, and the records that did get through are deduplicated
 * downstream by their ids.
 */
public final class KafkaEventPublisher implements PublishEventsPort {

	private final KafkaTemplate<String, byte[]> kafka;

	private final String topic;

	private final Duration deadline;

	private final Executor sendExecutor;

	private final EventWireFormat wire = new EventWireFormat();

	public KafkaEventPublisher(KafkaTemplate<String, byte[]> kafka, String topic, Duration deadline,
			Executor sendExecutor) {
		this.kafka = kafka;
		this.topic = topic;
		this.deadline = deadline;
		this.sendExecutor = sendExecutor;
	}

	@Override
	public CompletableFuture<Void> publish(List<AcceptedEvent> events) {
		return CompletableFuture.supplyAsync(() -> send(events), sendExecutor)
			.thenCompose(acks -> acks)
			.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
			.exceptionally(failure -> {
				throw new CompletionException(notPublished(events.size(), failure));
			});
	}

	private CompletableFuture<Void> send(List<AcceptedEvent> events) {
		CompletableFuture<?>[] acks = new CompletableFuture<?>[events.size()];
		for (int i = 0; i < acks.length; i++) {
			AcceptedEvent event = events.get(i);
			acks[i] = kafka.send(topic, event.id().value(), wire.encode(event));
		}
		return CompletableFuture.allOf(acks);
	}

	private EventsNotPublishedException notPublished(int count, Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof EventsNotPublishedException already) {
			return already;
		}
		String reason = (cause instanceof TimeoutException) ? "no acknowledgement within " + deadline
				: cause.getClass().getSimpleName() + ": " + cause.getMessage();
		return new EventsNotPublishedException(count, reason, Duration.ofSeconds(5), cause);
	}

}
