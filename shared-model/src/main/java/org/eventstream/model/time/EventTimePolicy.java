package org.eventstream.model.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.eventstream.model.event.Event;
import org.eventstream.model.validation.Violation;

/**
 * Decides when an event happened.
 *
 * <ol>
 * <li>The client's time is {@code timestamp} when present, otherwise {@code date};
 * without either, the event happened when it was received.</li>
 * <li>When the client also sent {@code sent_at}, its clock is assumed to be off by
 * {@code sent_at - received_at} and the client time is corrected:
 * {@code event_time = client_time - (sent_at - received_at)}. Network delay makes the
 * correction conservative (it moves events slightly earlier), never wrong by more than
 * the delay.</li>
 * <li>A corrected time more than {@code maxFuture} after {@code received_at}, or more
 * than {@code maxPast} before it, is out of range: {@link OutOfRangeAction#REJECT}
 * refuses the event, {@link OutOfRangeAction#CLAMP} moves the time to the nearest
 * bound.</li>
 * </ol>
 */
public record EventTimePolicy(Duration maxFuture, Duration maxPast, OutOfRangeAction outOfRange) {

	/** 10 minutes into the future, 30 days into the past, refusing what lies beyond. */
	public static final EventTimePolicy DEFAULTS = new EventTimePolicy(Duration.ofMinutes(10), Duration.ofDays(30),
			OutOfRangeAction.REJECT);

	public EventTimePolicy {
		Objects.requireNonNull(outOfRange, "outOfRange");
		if (maxFuture.isNegative() || maxPast.isNegative()) {
			throw new IllegalArgumentException("time tolerances must not be negative");
		}
	}

	public TimeResolution resolve(Event event, Instant receivedAt) {
		Optional<Instant> clientTime = event.clientTime();
		if (clientTime.isEmpty()) {
			return new TimeResolution.Resolved(receivedAt);
		}
		Duration skew = event.sentAt().map(sentAt -> Duration.between(receivedAt, sentAt)).orElse(Duration.ZERO);
		Instant corrected = clientTime.get().minus(skew);
		Instant latest = receivedAt.plus(maxFuture);
		Instant earliest = receivedAt.minus(maxPast);
		if (!corrected.isAfter(latest) && !corrected.isBefore(earliest)) {
			return new TimeResolution.Resolved(corrected);
		}
		if (outOfRange == OutOfRangeAction.CLAMP) {
			return new TimeResolution.Resolved(corrected.isAfter(latest) ? latest : earliest);
		}
		String pointer = event.timestamp().isPresent() ? "/timestamp" : "/date";
		String message = corrected.isAfter(latest)
				? "is more than " + maxFuture + " in the future (corrected event time " + corrected + ")"
				: "is more than " + maxPast + " in the past (corrected event time " + corrected + ")";
		return new TimeResolution.OutOfRange(new Violation(pointer, message));
	}

	public enum OutOfRangeAction {

		REJECT, CLAMP

	}

	/** The event time, or why the event has none acceptable. */
	public sealed interface TimeResolution {

		record Resolved(Instant eventTime) implements TimeResolution {
		}

		record OutOfRange(Violation violation) implements TimeResolution {
		}

	}

}
