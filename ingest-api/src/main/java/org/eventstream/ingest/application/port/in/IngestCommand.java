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
 */
public record IngestCommand(List<SubmittedEvent> events, Optional<IdempotencyKey> idempotencyKey,
		boolean validateOnly) {

	public IngestCommand {
		events = List.copyOf(events);
		Objects.requireNonNull(idempotencyKey, "idempotencyKey");
		if (events.isEmpty()) {
			throw new IllegalArgumentException("a command carries at least one event");
		}
	}

}
