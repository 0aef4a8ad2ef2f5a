package org.eventstream.metrics.domain;

/**
 * How unique users are counted. A user is {@code user_id}, or {@code user_pseudo_id} when
 * there is no user id; events with neither add to counts but not to users.
 */
public enum UserCounting {

	/** Every distinct user counted: the default. */
	EXACT,
	/**
	 * An estimate (ClickHouse {@code uniq}, typically within 2 %), much cheaper on large
	 * ranges. Opt-in.
	 */
	APPROXIMATE

}
