package org.eventstream.store;

/**
 * The tables of the event store, by the names the migrations give them. Every module that
 * writes SQL names a table through these; {@code StoreNamesTest} checks each against a
 * freshly migrated database, and that no table is missing here.
 */
public final class Tables {

	/** Every accepted event, one row per event id (V1). */
	public static final String EVENTS = "events";

	/** Every user key with its 64-bit hash (V5). */
	public static final String USERS = "users";

	/** Every user key whose hash another key shares (V5). */
	public static final String USER_HASH64_COLLISIONS = "user_hash64_collisions";

	/** Counts and user sketches per hour, name and channel (V3). */
	public static final String EVENTS_HOURLY = "events_hourly";

	/** Counts and user sketches per hour and name (V4). */
	public static final String EVENTS_HOURLY_BY_NAME = "events_hourly_by_name";

	/** Counts and user sketches per day, name and channel (V6). */
	public static final String EVENTS_DAILY = "events_daily";

	/** Counts and user sketches per day and name (V6). */
	public static final String EVENTS_DAILY_BY_NAME = "events_daily_by_name";

	/** The first hour each rollup holds completely (V4, V6). */
	public static final String ROLLUP_COVERAGE = "rollup_coverage";

	/** Users asked to be deleted, and how far each deletion got (V7). */
	public static final String USER_DELETIONS = "user_deletions";

	/** The migrations applied (the migrator's own). */
	public static final String SCHEMA_MIGRATIONS = "schema_migrations";

	private Tables() {
	}

}
