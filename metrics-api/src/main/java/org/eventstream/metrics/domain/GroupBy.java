package org.eventstream.metrics.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
