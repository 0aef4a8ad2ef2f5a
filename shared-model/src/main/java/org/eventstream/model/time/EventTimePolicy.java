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
 * <li>A corrected time more than {@code maxFuture} after {@code received_at}, before
 * {@code earliest}, or (when set) more than {@code maxPast} before {@code received_at},
 * is out of range: {@link OutOfRangeAction#REJECT} refuses the event,
 * {@link OutOfRangeAction#CLAMP} moves the time to the nearest bound.</li>
 * </ol>
 * History is welcome: by default any past time back to {@link #EARLIEST} is accepted, as
 * offline devices and imports send events days or years old.
 *
 * @param maxFuture how far after its receipt an event may have happened (clock skew)
 * @param maxPast how long before its receipt an event may have happened, when an operator
 * narrows the past
 * @param earliest the floor: no event happened before it
 * @param outOfRange what happens to an event outside the bounds
 */
public record EventTimePolicy(Duration maxFuture, Optional<Duration> maxPast, Instant earliest,
		OutOfRangeAction outOfRange) {

	/** The default floor of event times. */
	public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	/**
	 * How much younger than the retention an event must be: the time it may take to be
	 * stored after its receipt, with room to spare.
	 */
	public static final Duration RETENTION_MARGIN = Duration.ofDays(1);

	/**
	 * 10 minutes into the future, anything since {@link #EARLIEST} in the past, refusing
	 * what lies beyond.
	 */
	public static final EventTimePolicy DEFAULTS = new EventTimePolicy(Duration.ofMinutes(10), Optional.empty(),
			EARLIEST, OutOfRangeAction.REJECT);

	public EventTimePolicy {
		Objects.requireNonNull(maxPast, "maxPast");
		Objects.requireNonNull(earliest, "earliest");
		Objects.requireNonNull(outOfRange, "outOfRange");
		if (maxFuture.isNegative() || maxPast.map(Duration::isNegative).orElse(false)) {
			throw new IllegalArgumentException("time tolerances must not be negative");
		}
	}

	/**
	 * This policy with the past narrowed to a day less than the store's retention: an
	 * event older than that would soon expire, and a resend of it after its expiry would
	 * be stored again, since its id is forgotten with it (docs/DESIGN.md "Retention").
	 */
	public EventTimePolicy withRetention(Duration retention) {
		if (retention.compareTo(RETENTION_MARGIN.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException("event-stream.retention must be at least "
					+ RETENTION_MARGIN.multipliedBy(2).toDays() + " days, was " + retention);
		}
		Duration within = retention.minus(RETENTION_MARGIN);
		Duration narrowed = maxPast.filter(past -> past.compareTo(within) < 0).orElse(within);
		return new EventTimePolicy(maxFuture, Optional.of(narrowed), earliest, outOfRange);
	}

	public TimeResolution resolve(Event event, Instant receivedAt) {
		Optional<Instant> clientTime = event.clientTime();
		if (clientTime.isEmpty()) {
			return new TimeResolution.Resolved(receivedAt);
		}
		Duration skew = event.sentAt().map(sentAt -> Duration.between(receivedAt, sentAt)).orElse(Duration.ZERO);
		Instant corrected = clientTime.get().minus(skew);
		Instant latest = receivedAt.plus(maxFuture);
		Instant floor = maxPast.map(receivedAt::minus).filter(bound -> bound.isAfter(earliest)).orElse(earliest);
		if (!corrected.isAfter(latest) && !corrected.isBefore(floor)) {
			return new TimeResolution.Resolved(corrected);
		}
		if (outOfRange == OutOfRangeAction.CLAMP) {
			return new TimeResolution.Resolved(corrected.isAfter(latest) ? latest : floor);
		}
		String pointer = event.timestamp().isPresent() ? "/timestamp" : "/date";
		String message;
		if (corrected.isAfter(latest)) {
			message = "is more than " + maxFuture + " in the future (corrected event time " + corrected + ")";
		}
		else if (floor.equals(earliest)) {
			message = "is before " + earliest + ", the earliest event time accepted (corrected event time " + corrected
					+ ")";
		}
		else {
			message = "is more than " + maxPast.get() + " in the past (corrected event time " + corrected + ")";
		}
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
