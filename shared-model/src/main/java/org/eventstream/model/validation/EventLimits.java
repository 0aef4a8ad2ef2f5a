package org.eventstream.model.validation;

/**
 * The size limits an event must respect. Lengths count UTF-16 code units
 * ({@link String#length()}).
 *
 * @param maxNameLength {@code name}
 * @param maxUserIdLength {@code user_id} and {@code user_pseudo_id}
 * @param maxParams entries in {@code event_params}, and separately in {@code user_params}
 * @param maxParamKeyLength a parameter's {@code key}
 * @param maxStringValueLength a parameter's {@code string_value}
 * @param maxFieldLength every string in {@code device}, {@code app_info} and
 * {@code items}
 * @param maxItems entries in {@code items}
 */
public record EventLimits(int maxNameLength, int maxUserIdLength, int maxParams, int maxParamKeyLength,
		int maxStringValueLength, int maxFieldLength, int maxItems) {

	/** The documented defaults (see the README's limits table). */
	public static final EventLimits DEFAULTS = new EventLimits(100, 256, 100, 64, 1024, 256, 200);

	public EventLimits {
		if (maxNameLength < 1 || maxUserIdLength < 1 || maxParams < 0 || maxParamKeyLength < 1
				|| maxStringValueLength < 0 || maxFieldLength < 1 || maxItems < 0) {
			throw new IllegalArgumentException("event limits must be positive: " + this);
		}
	}

}
