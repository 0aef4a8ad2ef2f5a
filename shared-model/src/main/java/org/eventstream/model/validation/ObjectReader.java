package org.eventstream.model.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the fields of one JSON object (as a plain {@code Map} tree) and records every
 * problem instead of stopping at the first. JSON {@code null} reads as absent, and so
 * does an empty optional string.
 */
final class ObjectReader {

	private final Map<?, ?> node;

	private final String pointer;

	private final List<Violation> problems;

	private ObjectReader(Map<?, ?> node, String pointer, List<Violation> problems) {
		this.node = node;
		this.pointer = pointer;
		this.problems = problems;
	}

	static Optional<ObjectReader> of(Object value, String pointer, List<Violation> problems) {
		if (value instanceof Map<?, ?> map) {
			return Optional.of(new ObjectReader(map, pointer, problems));
		}
		problems.add(new Violation(pointer, "must be a JSON object"));
		return Optional.empty();
	}

	String pointer() {
		return pointer;
	}

	String pointer(String field) {
		return JsonPointer.append(pointer, field);
	}

	void problem(String field, String message) {
		problems.add(new Violation(pointer(field), message));
	}

	void problemWithThisObject(String message) {
		problems.add(new Violation(pointer, message));
	}

	boolean hasProblems() {
		return !problems.isEmpty();
	}

	/** A reader for a nested object, reporting into the same list of problems. */
	Optional<ObjectReader> child(Object value, String childPointer) {
		return of(value, childPointer, problems);
	}

	void rejectUnknownFields(Set<String> allowed) {
		for (Object key : node.keySet()) {
			if (!allowed.contains(key)) {
				problems.add(new Violation(pointer(String.valueOf(key)),
						"unknown field; allowed fields here: " + String.join(", ", new TreeSet<>(allowed))));
			}
		}
	}

	boolean has(String field) {
		return node.get(field) != null;
	}

	Optional<Object> value(String field) {
		return Optional.ofNullable(node.get(field));
	}

	Optional<String> string(String field, int maxLength) {
		return text(field, maxLength).filter(text -> !text.isEmpty());
	}

	/** Like {@link #string} but an empty string is a value, not an absence. */
	Optional<String> text(String field, int maxLength) {
		Object value = node.get(field);
		if (value == null) {
			return Optional.empty();
		}
		if (!(value instanceof String text)) {
			problem(field, "must be a string");
			return Optional.empty();
		}
		if (text.length() > maxLength) {
			problem(field, "must be at most " + maxLength + " characters (was " + text.length() + ")");
			return Optional.empty();
		}
		return Optional.of(text);
	}

	Optional<String> requiredString(String field, int maxLength) {
		if (!has(field)) {
			problem(field, "is required");
			return Optional.empty();
		}
		if ("".equals(node.get(field))) {
			problem(field, "must not be empty");
			return Optional.empty();
		}
		return string(field, maxLength);
	}

	Optional<Long> integer(String field) {
		Object value = node.get(field);
		if (value == null) {
			return Optional.empty();
		}
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			return Optional.of(((Number) value).longValue());
		}
		if (value instanceof BigInteger) {
			problem(field, "is out of range (must fit a signed 64-bit integer)");
			return Optional.empty();
		}
		problem(field,
				value instanceof Number ? "must be an integer, without a fraction or exponent" : "must be an integer");
		return Optional.empty();
	}

	Optional<Double> number(String field) {
		Object value = node.get(field);
		if (value == null) {
			return Optional.empty();
		}
		if (!(value instanceof Number number)) {
			problem(field, "must be a number");
			return Optional.empty();
		}
		double result = (number instanceof BigDecimal decimal) ? decimal.doubleValue() : number.doubleValue();
		if (!Double.isFinite(result)) {
			problem(field, "is out of range (must be a finite 64-bit floating point number)");
			return Optional.empty();
		}
		return Optional.of(result);
	}

	Optional<Boolean> bool(String field) {
		Object value = node.get(field);
		if (value == null) {
			return Optional.empty();
		}
		if (!(value instanceof Boolean flag)) {
			problem(field, "must be true or false");
			return Optional.empty();
		}
		return Optional.of(flag);
	}

	Optional<List<?>> array(String field, int maxSize) {
		Object value = node.get(field);
		if (value == null) {
			return Optional.empty();
		}
		if (!(value instanceof List<?> list)) {
			problem(field, "must be a JSON array");
			return Optional.empty();
		}
		if (list.size() > maxSize) {
			problem(field, "must have at most " + maxSize + " entries (had " + list.size() + ")");
			return Optional.empty();
		}
		return Optional.of(list);
	}

}
