package org.eventstream.model.event;

import java.util.Objects;

/** One entry of {@code event_params} or {@code user_params}. */
public record Param(String key, ParamValue value) {

	public Param {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(value, "value");
	}

	public static Param of(String key, String value) {
		return new Param(key, new ParamValue.StringValue(value));
	}

	public static Param of(String key, double value) {
		return new Param(key, new ParamValue.NumberValue(value));
	}

	public static Param of(String key, boolean value) {
		return new Param(key, new ParamValue.BooleanValue(value));
	}

}
