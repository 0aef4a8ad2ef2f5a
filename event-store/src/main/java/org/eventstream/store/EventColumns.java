package org.eventstream.store;

/**
 * The columns of {@link Tables#EVENTS} that code outside this module names in SQL.
 * {@code StoreNamesTest} checks each against a freshly migrated database.
 */
public final class EventColumns {

	public static final String EVENT_ID = "event_id";

	public static final String EVENT_NAME = "event_name";

	public static final String CHANNEL_TYPE = "channel_type";

	public static final String EVENT_TIME = "event_time";

	public static final String USER_ID = "user_id";

	public static final String USER_PSEUDO_ID = "user_pseudo_id";

	/** {@code user_id}, else {@code user_pseudo_id}; '' for none (materialized). */
	public static final String USER_KEY = "user_key";

	/** 128-bit hash of the user key, 0 for none (V2). */
	public static final String USER_HASH = "user_hash";

	/** {@link UserHash#of(String)} of the user key (V5). */
	public static final String USER_HASH64 = "user_hash64";

	public static final String DEVICE_CATEGORY = "device_category";

	public static final String DEVICE_OPERATING_SYSTEM = "device_operating_system";

	public static final String DEVICE_BROWSER_NAME = "device_browser_name";

	public static final String DEVICE_MOBILE_BRAND_NAME = "device_mobile_brand_name";

	public static final String DEVICE_LANGUAGE = "device_language";

	public static final String DEVICE_HOSTNAME = "device_hostname";

	public static final String APP_ID = "app_id";

	public static final String APP_VERSION = "app_version";

	private EventColumns() {
	}

}
