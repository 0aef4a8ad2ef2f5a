package org.eventstream.model.identity;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.eventstream.model.event.Event;
import org.eventstream.model.event.EventId;
import org.eventstream.model.event.EventId.IdSource;

/**
 * Gives every event its stable id. The first rule that applies wins:
 * <ol>
 * <li>the client's own {@code id};</li>
 * <li>with an {@code Idempotency-Key} request header: a version 5 UUID of the key and the
 * event's position in the request, so resending the same request yields the same ids
 * (keys must be unique per request, as with any idempotency key; a UUID is a good
 * choice);</li>
 * <li>for an event that carries its own time ({@code timestamp} or {@code date}): a
 * version 5 UUID of its canonical content (every field but {@code sent_at}), so an
 * identical resend yields the identical id;</li>
 * <li>otherwise a random UUID: such an event cannot be recognised when resent.</li>
 * </ol>
 * The derived ids depend on nothing but their input: the same input gives the same id on
 * any machine and JVM.
 */
public final class EventIdentifier {

	/**
	 * The namespace of every id Event Stream derives. Changing it changes every derived
	 * id: never do.
	 */
	static final UUID NAMESPACE = UUID.fromString("6f0c2a4e-9a55-4c36-8e0a-3f1d2b7c5e91");

	private final Supplier<UUID> randomIds;

	public EventIdentifier(Supplier<UUID> randomIds) {
		this.randomIds = Objects.requireNonNull(randomIds, "randomIds");
	}

	/** Random ids that sort by time ({@link TimeOrderedUuid}). */
	public static EventIdentifier withRandomUuids() {
		return new EventIdentifier(TimeOrderedUuid::next);
	}

	/**
	 * @param event the validated event
	 * @param idempotencyKey the request's {@code Idempotency-Key} header, if any
	 * @param position the event's zero-based position in the request (0 for a single
	 * event)
	 */
	public EventId identify(Event event, Optional<IdempotencyKey> idempotencyKey, int position) {
		if (event.clientId().isPresent()) {
			return new EventId(event.clientId().get(), IdSource.CLIENT);
		}
		if (idempotencyKey.isPresent()) {
			String name = "idempotency-key\n" + idempotencyKey.get().value() + "\n" + position;
			return new EventId(NameBasedUuid.v5(NAMESPACE, name).toString(), IdSource.IDEMPOTENCY_KEY);
		}
		if (event.carriesItsOwnTime()) {
			String name = "content\n" + CanonicalForm.of(event);
			return new EventId(NameBasedUuid.v5(NAMESPACE, name).toString(), IdSource.CONTENT);
		}
		return new EventId(randomIds.get().toString(), IdSource.RANDOM);
	}

}
