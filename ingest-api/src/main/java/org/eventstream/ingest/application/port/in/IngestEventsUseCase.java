package org.eventstream.ingest.application.port.in;

import java.util.concurrent.CompletableFuture;

/**
 * Accepts a request's events: validates each, gives the valid ones their ids and event
 * times, and publishes them.
 *
 * <p>
 * The future completes with a result only once every accepted event is durably published.
 * It fails with {@link IngestOverloadedException} when too many events are already in
 * flight, and with
 * {@link org.eventstream.ingest.application.port.out.EventsNotPublishedException} when
 * publishing failed or timed out: then none of the request's events may be reported as
 * accepted (some may still have been published; their ids make a retry safe).
 */
public interface IngestEventsUseCase {

	CompletableFuture<IngestResult> ingest(IngestCommand command);

}
