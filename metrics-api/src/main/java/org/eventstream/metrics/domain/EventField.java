package org.eventstream.metrics.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The fields of an event a filter may name, by their names in the event's JSON.
 */
public enum EventField {

	DEVICE_CATEGORY("device.category"), DEVICE_BRAND("device.mobile_brand_name"),
	DEVICE_MODEL("device.mobile_model_name"), OPERATING_SYSTEM("device.operating_system"),
	OPERATING_SYSTEM_VERSION("device.operating_system_version"), LANGUAGE("device.language"),
	BROWSER("device.browser_name"), BROWSER_VERSION("device.browser_version"), HOSTNAME("device.hostname"),
	APP_ID("app_info.id"), APP_VERSION("app_info.version"), GEO_CONTINENT("geo.continent"), GEO_COUNTRY("geo.country"),
	GEO_REGION("geo.region"), GEO_CITY("geo.city");

	private final String wireName;

	EventField(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return wireName;
	}

	public static List<String> wireNames() {
		return Arrays.stream(values()).map(EventField::wireName).toList();
	}

	public static Optional<EventField> fromWireName(String name) {
		return Arrays.stream(values()).filter(field -> field.wireName.equals(name)).findFirst();
	}

}
