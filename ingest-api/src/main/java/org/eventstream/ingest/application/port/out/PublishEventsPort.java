package org.eventstream.ingest.application.port.out;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eventstream.model.event.AcceptedEvent;

/**
 * Publishes accepted events durably, each keyed by its event id.
 *
 * <p>
 * The future completes normally only once the log acknowledged <em>every</em> event as
 * durable (for Kafka: {@code acks=all} with idempotence). Otherwise it fails with
 * {@link EventsNotPublishedException}, within the adapter's deadline. A failure says
 * nothing about individual events: some may have been published, which is why events
 * carry stable ids and the store deduplicates by id. No ordering is promised between
 * events.
 */
public interface PublishEventsPort {

	CompletableFuture<Void> publish(List<AcceptedEvent> events);

}
