package org.eventstream.ingest.adapter.out.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Whether Kafka's {@code Producer.send} will return at once, so that the publisher may
 * call it on the request's own thread (an event loop) instead of handing it to the send
 * executor. The producer waits in {@code send} (up to {@code max.block.ms}) only while it
 * has no metadata for the topic or no room in its buffer for the records; the gate lets a
 * send through while both are known to hold:
 * <ul>
 * <li>Kafka is answering: a publish was acknowledged within the last {@link #ANSWERING
 * second}, and none has failed since (a failure from Kafka or the publish deadline closes
 * the gate until the next acknowledgement). A producer forgets the topic's metadata only
 * after minutes without a send to it ({@code metadata.max.idle.ms}), or when a metadata
 * answer no longer has it;</li>
 * <li>the producer's buffer ({@code buffer-available-bytes}) has room for twice the
 * request's bytes and a new batch on every partition.</li>
 * </ul>
 * Otherwise, and whenever the buffer cannot be read, the send goes to the executor: a
 * service with little traffic, or whose Kafka is failing, sends as before. What cannot be
 * foreseen is a metadata answer without the topic within a second of an acknowledgement
 * (the topic deleted, or its only broker shutting down): the next send on an event loop
 * then waits up to {@code max.block.ms} (1 s in application.yml), fails, and closes the
 * gate.
 */
final class InlineSendGate {

	private static final long NEVER = Long.MIN_VALUE;

	private static final String BUFFER_METRIC = "buffer-available-bytes";

	private static final String BUFFER_METRIC_GROUP = "producer-metrics";

	/** How recent an acknowledgement must be for Kafka to count as answering. */
	static final Duration ANSWERING = Duration.ofSeconds(1);

	private final long answeringNanos;

	private final long reserveBytes;

	/** {@link System#nanoTime()} of the last acknowledged publish, or {@link #NEVER}. */
	private volatile long lastAcknowledged = NEVER;

	private volatile Buffer buffer;

	/**
	 * @param answering how recent an acknowledgement must be ({@link #ANSWERING})
	 * @param batchBytes the producer's {@code batch.size}
	 * @param partitions the topic's partitions
	 */
	InlineSendGate(Duration answering, int batchBytes, int partitions) {
		this.answeringNanos = answering.toNanos();
		this.reserveBytes = (long) batchBytes * partitions;
	}

	/** Whether Kafka is answering; checked before the buffer. */
	boolean kafkaIsAnswering() {
		long last = lastAcknowledged;
		return last != NEVER && System.nanoTime() - last < answeringNanos;
	}

	/** Whether the producer's buffer surely has room for records of this many bytes. */
	boolean hasRoom(Producer<?, ?> producer, long bytes) {
		Buffer current = buffer;
		if (current == null || current.producer() != producer) {
			current = Buffer.of(producer);
			if (current == null) {
				return false;
			}
			buffer = current;
		}
		return current.available().metricValue() instanceof Number available
				&& available.doubleValue() >= 2 * bytes + reserveBytes;
	}

	void acknowledged() {
		lastAcknowledged = System.nanoTime();
	}

	void failed() {
		lastAcknowledged = NEVER;
	}

	/** One producer's buffer gauge, found once per producer. */
	private record Buffer(Producer<?, ?> producer, Metric available) {

		static Buffer of(Producer<?, ?> producer) {
			for (Map.Entry<MetricName, ? extends Metric> metric : producer.metrics().entrySet()) {
				if (BUFFER_METRIC.equals(metric.getKey().name())
						&& BUFFER_METRIC_GROUP.equals(metric.getKey().group())) {
					return new Buffer(producer, metric.getValue());
				}
			}
			return null;
		}

	}

}
