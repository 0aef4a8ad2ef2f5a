package org.eventstream.model.event;

/**
 * The one typed value a parameter carries: exactly one of {@code string_value},
 * {@code number_value}, {@code boolean_value}.
 */
public sealed interface ParamValue {

	record StringValue(String value) implements ParamValue {

		public StringValue {
			java.util.Objects.requireNonNull(value, "value");
		}

	}

	record NumberValue(double value) implements ParamValue {

		public NumberValue {
			if (!Double.isFinite(value)) {
				throw new IllegalArgumentException("a number value must be finite, was " + value);
			}
		}

	}

	record BooleanValue(boolean value) implements ParamValue {
	}

}
