package org.eventstream.ingest.application.port.in;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.eventstream.model.identity.IdempotencyKey;

/**
 * One request's events, in request order.
 *
 * @param events at least one
 * @param idempotencyKey the request's {@code Idempotency-Key} header
 * @param validateOnly validate and identify the events but publish nothing (dry run)
 * @param origin live traffic, or an import of history
 */
public record IngestCommand(List<SubmittedEvent> events, Optional<IdempotencyKey> idempotencyKey, boolean validateOnly,
		Origin origin) {

	public IngestCommand {
		events = List.copyOf(events);
		Objects.requireNonNull(idempotencyKey, "idempotencyKey");
		Objects.requireNonNull(origin, "origin");
		if (events.isEmpty()) {
			throw new IllegalArgumentException("a command carries at least one event");
		}
	}

	/** Live events, as {@code POST /events} and {@code /events/batch} send them. */
	public IngestCommand(List<SubmittedEvent> events, Optional<IdempotencyKey> idempotencyKey, boolean validateOnly) {
		this(events, idempotencyKey, validateOnly, Origin.LIVE);
	}

	/** Where the events come from. */
	public enum Origin {

		/** Sent as they happen: an event without its own time happened when received. */
		LIVE,

		/**
		 * Imported history: every event must carry its own time ({@code timestamp} or
		 * {@code date}), which also makes its id derive from its content, so that an
		 * import sent twice stores each event once.
		 */
		IMPORT

	}

}
