package org.eventstream.model.event;

import java.time.Instant;
import java.util.Optional;

/**
 * A Unix epoch integer as a client sent it, with the unit decided by its magnitude.
 *
 * <p>
 * The ranges do not overlap, so every accepted value has exactly one reading:
 * <ul>
 * <li>{@code 0 <= v < 10^11}: seconds (1970-01-01 .. 5138-11-16)</li>
 * <li>{@code 10^11 <= v < 10^14}: milliseconds (1973-03-03 .. 5138-11-16)</li>
 * <li>{@code 10^14 <= v < 10^17}: microseconds (1973-03-03 .. 5138-11-16)</li>
 * </ul>
 * Negative values and values from {@code 10^17} on are refused.
 *
 * @param value the integer exactly as sent, kept so that storage is lossless
 * @param unit the unit its magnitude implies
 */
public record EpochTimestamp(long value, EpochUnit unit) {

	public static final long SECONDS_LIMIT = 100_000_000_000L;

	public static final long MILLIS_LIMIT = 100_000_000_000_000L;

	public static final long MICROS_LIMIT = 100_000_000_000_000_000L;

	public EpochTimestamp {
		if (decodeUnit(value).orElse(null) != unit) {
			throw new IllegalArgumentException("value " + value + " is not in the range of unit " + unit);
		}
	}

	/** Reads a raw epoch integer; empty when it is outside every accepted range. */
	public static Optional<EpochTimestamp> of(long value) {
		return decodeUnit(value).map(unit -> new EpochTimestamp(value, unit));
	}

	private static Optional<EpochUnit> decodeUnit(long value) {
		if (value < 0) {
			return Optional.empty();
		}
		if (value < SECONDS_LIMIT) {
			return Optional.of(EpochUnit.SECONDS);
		}
		if (value < MILLIS_LIMIT) {
			return Optional.of(EpochUnit.MILLISECONDS);
		}
		if (value < MICROS_LIMIT) {
			return Optional.of(EpochUnit.MICROSECONDS);
		}
		return Optional.empty();
	}

	public Instant toInstant() {
		return switch (unit) {
			case SECONDS -> Instant.ofEpochSecond(value);
			case MILLISECONDS -> Instant.ofEpochMilli(value);
			case MICROSECONDS -> Instant.ofEpochSecond(value / 1_000_000, (value % 1_000_000) * 1_000);
		};
	}

	public enum EpochUnit {

		SECONDS, MILLISECONDS, MICROSECONDS

	}

}
