package org.eventstream.metrics.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import org.eventstream.model.event.ChannelType;

/**
 * What {@code group_by} can split the metrics by: two time buckets and a set of event
 * dimensions. One per query.
 */
public enum GroupBy {

	/** Time buckets, ascending and zero-filled: {@code 2024-01-15}. */
	DAILY,
	/**
	 * Time buckets, ascending and zero-filled: {@code 2024-01-15T10:00:00Z} (with the
	 * zone's offset).
	 */
	HOURLY, CHANNEL, EVENT_NAME, DEVICE_CATEGORY, OPERATING_SYSTEM, BROWSER, DEVICE_BRAND, LANGUAGE, HOSTNAME, APP_ID,
	APP_VERSION,
	/** GA4's {@code geo.*}: where the events came from. */
	CONTINENT, COUNTRY, REGION, CITY;

	private static final List<String> WIRE_NAMES = Arrays.stream(values()).map(GroupBy::wireName).toList();

	public boolean isTime() {
		return this == DAILY || this == HOURLY;
	}

	/**
	 * The most values this dimension can have in the store, when validation fixes them: a
	 * channel is one of {@link ChannelType}'s. A two-dimension answer whose {@code limit}
	 * is at least that needs no count first to know it folds nothing.
	 */
	public OptionalInt mostValues() {
		return (this == CHANNEL) ? OptionalInt.of(ChannelType.values().length) : OptionalInt.empty();
	}

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static List<String> wireNames() {
		return WIRE_NAMES;
	}

	public static Optional<GroupBy> fromWireName(String name) {
		return Arrays.stream(values()).filter(groupBy -> groupBy.wireName().equals(name)).findFirst();
	}

}
