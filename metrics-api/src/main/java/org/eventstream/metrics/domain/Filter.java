package org.eventstream.metrics.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One condition on the events a question counts: {@code event_params.page_title==Home},
 * {@code event_params.value>=10}, {@code user_params.plan!=free},
 * {@code device.category==mobile}. Several filters must all hold.
 *
 * <p>
 * On a parameter, {@code ==} holds when the event has the parameter with that value as a
 * string, as a number (when the value reads as one) or as a boolean ({@code true} or
 * {@code false}); {@code !=} when it has no such parameter with that value (an event
 * without the parameter passes). The comparisons {@code > >= < <=} hold when the event
 * has the parameter with a number that compares so; they take a number, and apply to
 * parameters only.
 *
 * @param property what is compared
 * @param operator how
 * @param value with what, as given
 */
public record Filter(Property property, Operator operator, String value) {

	public Filter {
		Objects.requireNonNull(property, "property");
		Objects.requireNonNull(operator, "operator");
		Objects.requireNonNull(value, "value");
		if (operator.numeric() && number(value).isEmpty()) {
			throw new IllegalArgumentException(operator.symbol() + " takes a number, not " + value);
		}
		if (operator.numeric() && property instanceof Property.Field) {
			throw new IllegalArgumentException(operator.symbol() + " applies to parameters only");
		}
	}

	private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]{1,3})?");

	/**
	 * The value as a finite decimal number ({@code 10}, {@code -2.5}, {@code 1e6}), if it
	 * is one.
	 */
	public static Optional<Double> number(String value) {
		if (!DECIMAL.matcher(value).matches()) {
			return Optional.empty();
		}
		double number = Double.parseDouble(value);
		return Double.isFinite(number) ? Optional.of(number) : Optional.empty();
	}

	/** The left side of a filter. */
	public sealed interface Property {

		/** {@code event_params.<key>}. */
		record EventParam(String key) implements Property {
		}

		/** {@code user_params.<key>}. */
		record UserParam(String key) implements Property {
		}

		/**
		 * One of the event's own fields: {@code device.category},
		 * {@code app_info.version}...
		 */
		record Field(EventField field) implements Property {
		}

	}

	/** The comparisons a filter may make, by their symbols. */
	public enum Operator {

		EQ("=="), NE("!="), GE(">="), LE("<="), GT(">"), LT("<");

		private final String symbol;

		Operator(String symbol) {
			this.symbol = symbol;
		}

		public String symbol() {
			return symbol;
		}

		public boolean numeric() {
			return this != EQ && this != NE;
		}

		/** Longest symbols first, so that {@code >=} is not read as {@code >}. */
		public static List<Operator> bySymbolLength() {
			return Arrays.stream(values())
				.sorted((a, b) -> Integer.compare(b.symbol.length(), a.symbol.length()))
				.toList();
		}

	}

}
