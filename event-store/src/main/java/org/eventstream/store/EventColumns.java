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

	/** Array(Tuple(key, string_value, number_value, boolean_value)). */
	public static final String EVENT_PARAMS = "event_params";

	/** The same shape as {@link #EVENT_PARAMS}. */
	public static final String USER_PARAMS = "user_params";

	/** Array(Tuple(id, name, brand, variant, price_in_usd, quantity, revenue_in_usd)). */
	public static final String ITEMS = "items";

	public static final String DEVICE_CATEGORY = "device_category";

	public static final String DEVICE_MOBILE_MODEL_NAME = "device_mobile_model_name";

	public static final String DEVICE_OPERATING_SYSTEM_VERSION = "device_operating_system_version";

	public static final String DEVICE_BROWSER_VERSION = "device_browser_version";

	public static final String DEVICE_OPERATING_SYSTEM = "device_operating_system";

	public static final String DEVICE_BROWSER_NAME = "device_browser_name";

	public static final String DEVICE_MOBILE_BRAND_NAME = "device_mobile_brand_name";

	public static final String DEVICE_LANGUAGE = "device_language";

	public static final String DEVICE_HOSTNAME = "device_hostname";

	public static final String APP_ID = "app_id";

	public static final String APP_VERSION = "app_version";

	/** GA4's {@code geo.continent} (V8), as every {@code geo_*} column '' for absent. */
	public static final String GEO_CONTINENT = "geo_continent";

	public static final String GEO_COUNTRY = "geo_country";

	public static final String GEO_REGION = "geo_region";

	public static final String GEO_CITY = "geo_city";

	private EventColumns() {
	}

}
