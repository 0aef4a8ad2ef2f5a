package org.eventstream.metrics.domain;

/**
 * How unique users are counted. A user is {@code user_id}, or {@code user_pseudo_id} when
 * there is no user id; events with neither add to counts but not to users.
 */
public enum UserCounting {

	/** Every distinct user counted: the default. */
	EXACT,
	/**
	 * An estimate, much cheaper on large ranges: ClickHouse {@code uniqHLL12}, a
	 * HyperLogLog with 4,096 registers (about 1.6 % standard error; exact for small
	 * counts). Opt-in.
	 */
	APPROXIMATE

}
