package org.eventstream.ingest.adapter.out.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.eventstream.ingest.application.port.out.EventsNotPublishedException;
import org.eventstream.ingest.application.port.out.PublishEventsPort;
import org.eventstream.model.event.AcceptedEvent;
import org.eventstream.model.wire.EventWireFormat;
import org.springframework.kafka.core.ProducerFactory;

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

	private final ProducerFactory<String, byte[]> producers;

	private final String topic;

	private final Duration deadline;

	private final Executor sendExecutor;

	private final EventWireFormat wire = new EventWireFormat();

	public KafkaEventPublisher(ProducerFactory<String, byte[]> producers, String topic, Duration deadline,
			Executor sendExecutor) {
		this.producers = producers;
		this.topic = topic;
		this.deadline = deadline;
		this.sendExecutor = sendExecutor;
	}

	@Override
	public CompletableFuture<Void> publish(List<AcceptedEvent> events) {
		// encoded here, on the thread that has just read and validated the events: their
		// objects are still in its core's cache. The same encoder took ~15 % of
		// ingest-api's CPU samples on the send executor, ~6 % here (async-profiler,
		// docs/PERFORMANCE.md change 14); the executor then gets one array per record
		List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
		try {
			for (AcceptedEvent event : events) {
				records.add(new ProducerRecord<>(topic, event.id().value(), wire.encode(event)));
			}
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(notPublished(events.size(), ex));
		}
		return CompletableFuture.supplyAsync(() -> send(records), sendExecutor)
			.thenCompose(acks -> acks)
			.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
			.exceptionally(failure -> {
				throw new CompletionException(notPublished(events.size(), failure));
			});
	}

	private CompletableFuture<Void> send(List<ProducerRecord<String, byte[]>> records) {
		if (records.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		CompletableFuture<Void> acked = new CompletableFuture<>();
		AtomicInteger pending = new AtomicInteger(records.size());
		AtomicReference<Exception> firstFailure = new AtomicReference<>();
		// completes once every record is acknowledged or failed, as allOf did: until then
		// the request's events still count as in flight
		Callback callback = (metadata, failure) -> {
			if (failure != null) {
				firstFailure.compareAndSet(null, failure);
			}
			if (pending.decrementAndGet() == 0) {
				finish(acked, firstFailure.get());
			}
		};
		// the factory's one shared producer; closing it is a no-op
		Producer<String, byte[]> producer = producers.createProducer();
		int handedOver = 0;
		try {
			for (ProducerRecord<String, byte[]> record : records) {
				producer.send(record, callback);
				handedOver++;
			}
		}
		catch (RuntimeException ex) {
			// a send that throws never calls back: neither will the records not handed
			// over
			firstFailure.compareAndSet(null, ex);
			if (pending.addAndGet(handedOver - records.size()) == 0) {
				finish(acked, firstFailure.get());
			}
		}
		return acked;
	}

	private static void finish(CompletableFuture<Void> acked, Exception failure) {
		if (failure == null) {
			acked.complete(null);
		}
		else {
			acked.completeExceptionally(failure);
		}
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
