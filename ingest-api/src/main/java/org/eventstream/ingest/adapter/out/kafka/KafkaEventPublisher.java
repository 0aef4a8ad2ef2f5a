package org.eventstream.ingest.adapter.out.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;

import org.eventstream.ingest.application.port.out.EventsNotPublishedException;
import org.eventstream.ingest.application.port.out.PublishEventsPort;
import org.eventstream.model.event.AcceptedEvent;
import org.eventstream.model.wire.EventWireFormat;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Publishes each event as one Kafka record: key = event id, value =
 * {@link EventWireFormat}. The producers run with {@code acks=all} and idempotence, so an
 * acknowledged record is on every in-sync replica.
 *
 * <p>
 * Callers run on event-loop threads, and a producer's {@code send} may wait (up to
 * {@code max.block.ms}) when it has no metadata for the topic or no room in its buffer.
 * So records go first to a producer that never waits ({@code max.block.ms} 0), on the
 * caller's own thread: when it has metadata and room, which is nearly always, that is a
 * copy into its buffer. A send it refuses for want of either (Kafka's
 * {@link TimeoutException}, reported at once to the callback) hands that record and every
 * one after it to the configured producer, which may wait, on a small executor of its own
 * (docs/PERFORMANCE.md change 21). The whole publish fails after {@code deadline}: the
 * client gets an error and may retry, and the records that did get through are
 * deduplicated downstream by their ids.
 */
public final class KafkaEventPublisher implements PublishEventsPort {

	private final ProducerFactory<String, byte[]> immediate;

	private final ProducerFactory<String, byte[]> waiting;

	private final String topic;

	private final Duration deadline;

	private final Executor sendExecutor;

	private final EventWireFormat wire = new EventWireFormat();

	/**
	 * @param immediate a producer that never waits in {@code send} ({@code max.block.ms}
	 * 0)
	 * @param waiting a producer that may, used from {@code sendExecutor} only
	 */
	public KafkaEventPublisher(ProducerFactory<String, byte[]> immediate, ProducerFactory<String, byte[]> waiting,
			String topic, Duration deadline, Executor sendExecutor) {
		this.immediate = immediate;
		this.waiting = waiting;
		this.topic = topic;
		this.deadline = deadline;
		this.sendExecutor = sendExecutor;
	}

	@Override
	public CompletableFuture<Void> publish(List<AcceptedEvent> events) {
		// encoded here, on the thread that has just read and validated the events: their
		// objects are still in its core's cache (docs/PERFORMANCE.md change 14)
		List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
		try {
			for (AcceptedEvent event : events) {
				records.add(new ProducerRecord<>(topic, event.id().value(), wire.encode(event)));
			}
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(notPublished(events.size(), ex));
		}
		Acks acks = new Acks(records.size());
		int handedOver = sendWithoutWaiting(records, acks);
		if (handedOver < records.size()) {
			List<ProducerRecord<String, byte[]>> rest = records.subList(handedOver, records.size());
			try {
				sendExecutor.execute(() -> send(waiting.createProducer(), rest, acks));
			}
			catch (RuntimeException rejected) {
				acks.notHandedOver(rest.size(), rejected);
			}
		}
		return acks.all.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS).exceptionally(failure -> {
			throw new CompletionException(notPublished(events.size(), failure));
		});
	}

	/**
	 * Sends records in order through the producer that never waits until it refuses one
	 * for want of metadata or room; how many it took.
	 */
	private int sendWithoutWaiting(List<ProducerRecord<String, byte[]>> records, Acks acks) {
		RefusalWatch watch = new RefusalWatch(acks);
		// the factory's one shared producer; closing it is a no-op
		Producer<String, byte[]> producer = immediate.createProducer();
		int handedOver = 0;
		try {
			for (ProducerRecord<String, byte[]> record : records) {
				watch.sending = true;
				producer.send(record, watch);
				watch.sending = false;
				if (watch.refused) {
					return handedOver;
				}
				handedOver++;
			}
		}
		catch (RuntimeException ex) {
			acks.notHandedOver(records.size() - handedOver, ex);
		}
		return records.size();
	}

	/** Sends every record, waiting as the producer's {@code max.block.ms} allows. */
	private static void send(Producer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records,
			Acks acks) {
		int handedOver = 0;
		try {
			for (ProducerRecord<String, byte[]> record : records) {
				producer.send(record, acks);
				handedOver++;
			}
		}
		catch (RuntimeException ex) {
			// a send that throws never calls back: neither will the records not handed
			// over
			acks.notHandedOver(records.size() - handedOver, ex);
		}
	}

	private EventsNotPublishedException notPublished(int count, Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof EventsNotPublishedException already) {
			return already;
		}
		String reason = (cause instanceof java.util.concurrent.TimeoutException)
				? "no acknowledgement within " + deadline
				: cause.getClass().getSimpleName() + ": " + cause.getMessage();
		return new EventsNotPublishedException(count, reason, Duration.ofSeconds(5), cause);
	}

	/**
	 * Completes {@link #all} once every record of a publish is acknowledged or failed, as
	 * {@code allOf} did: until then the request's events still count as in flight.
	 */
	private static final class Acks implements Callback {

		private final CompletableFuture<Void> all = new CompletableFuture<>();

		private final AtomicInteger pending;

		private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

		Acks(int records) {
			this.pending = new AtomicInteger(records);
			if (records == 0) {
				all.complete(null);
			}
		}

		@Override
		public void onCompletion(RecordMetadata metadata, Exception failure) {
			if (failure != null) {
				firstFailure.compareAndSet(null, failure);
			}
			if (pending.decrementAndGet() == 0) {
				finish();
			}
		}

		/** Records that will never call back, because a send threw. */
		void notHandedOver(int records, Exception cause) {
			firstFailure.compareAndSet(null, cause);
			if (pending.addAndGet(-records) == 0) {
				finish();
			}
		}

		private void finish() {
			Exception failure = firstFailure.get();
			if (failure == null) {
				all.complete(null);
			}
			else {
				all.completeExceptionally(failure);
			}
		}

	}

	/**
	 * The callback of the sends that must not wait. A producer with {@code max.block.ms}
	 * 0 that has no metadata or no room does not throw: it reports Kafka's
	 * {@link TimeoutException} to the callback at once, on the sending thread, inside
	 * {@code send}. That one report is a refusal, not a failure; every other report (on
	 * the producer's own thread, later) is the record's outcome.
	 */
	private static final class RefusalWatch implements Callback {

		private final Acks acks;

		private final Thread caller = Thread.currentThread();

		private boolean sending;

		private boolean refused;

		RefusalWatch(Acks acks) {
			this.acks = acks;
		}

		@Override
		public void onCompletion(RecordMetadata metadata, Exception failure) {
			if (Thread.currentThread() == caller && sending && failure instanceof TimeoutException) {
				refused = true;
				return;
			}
			acks.onCompletion(metadata, failure);
		}

	}

}
