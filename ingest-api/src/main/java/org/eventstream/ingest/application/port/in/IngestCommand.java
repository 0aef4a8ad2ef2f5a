package org.eventstream.ingest.application.port.in;

import java.net.InetAddress;
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
 * @param clientAddress where the request came from, to locate events that do not say
 * where they come from (live traffic only: an import's sender is not its users); looked
 * up, never kept
 */
public record IngestCommand(List<SubmittedEvent> events, Optional<IdempotencyKey> idempotencyKey, boolean validateOnly,
		Origin origin, Optional<InetAddress> clientAddress) {

	public IngestCommand {
		events = List.copyOf(events);
		Objects.requireNonNull(idempotencyKey, "idempotencyKey");
		Objects.requireNonNull(origin, "origin");
		Objects.requireNonNull(clientAddress, "clientAddress");
		if (events.isEmpty()) {
			throw new IllegalArgumentException("a command carries at least one event");
		}
	}

	/** Live events, as {@code POST /events} and {@code /events/batch} send them. */
	public static IngestCommand live(List<SubmittedEvent> events, Optional<IdempotencyKey> idempotencyKey,
			boolean validateOnly, Optional<InetAddress> clientAddress) {
		return new IngestCommand(events, idempotencyKey, validateOnly, Origin.LIVE, clientAddress);
	}

	/** Imported history, as {@code POST /events/import} sends it. */
	public static IngestCommand imported(List<SubmittedEvent> events, Optional<IdempotencyKey> idempotencyKey,
			boolean validateOnly) {
		return new IngestCommand(events, idempotencyKey, validateOnly, Origin.IMPORT, Optional.empty());
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
