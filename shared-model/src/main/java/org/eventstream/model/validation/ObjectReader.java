package org.eventstream.model.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
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

	private final List<Violation> problems;

	/** The reader of the object that holds this one, {@code null} at the root. */
	private final ObjectReader parent;

	/** The field of {@link #parent} that holds this object. */
	private final String field;

	/** This object's index in that field's array, or {@code -1}. */
	private final int index;

	/**
	 * This object's JSON pointer, built when first asked for: only a problem needs it,
	 * and a valid event's hundreds of objects then build none.
	 */
	private String pointer;

	private ObjectReader(Map<?, ?> node, List<Violation> problems, ObjectReader parent, String field, int index,
			String pointer) {
		this.node = node;
		this.problems = problems;
		this.parent = parent;
		this.field = field;
		this.index = index;
		this.pointer = pointer;
	}

	static Optional<ObjectReader> of(Object value, String pointer, List<Violation> problems) {
		if (value instanceof Map<?, ?> map) {
			return Optional.of(new ObjectReader(map, problems, null, null, -1, pointer));
		}
		problems.add(new Violation(pointer, "must be a JSON object"));
		return Optional.empty();
	}

	String pointer() {
		if (pointer == null) {
			String holder = parent.pointer(field);
			pointer = (index < 0) ? holder : JsonPointer.append(holder, index);
		}
		return pointer;
	}

	String pointer(String field) {
		return JsonPointer.append(pointer(), field);
	}

	void problem(String field, String message) {
		problems.add(new Violation(pointer(field), message));
	}

	void problemWithThisObject(String message) {
		problems.add(new Violation(pointer(), message));
	}

	boolean hasProblems() {
		return !problems.isEmpty();
	}

	/**
	 * A reader for the object in {@code field}, reporting into the same list of problems;
	 * empty if the field is absent, and also a problem if its value is not an object.
	 */
	Optional<ObjectReader> object(String field) {
		Object value = node.get(field);
		return (value == null) ? Optional.empty() : child(value, field, -1);
	}

	/**
	 * A reader for {@code value}, the element at {@code index} of the array in
	 * {@code field}, reporting into the same list of problems; empty (and a problem) if
	 * it is not an object.
	 */
	Optional<ObjectReader> child(Object value, String field, int index) {
		if (value instanceof Map<?, ?> map) {
			return Optional.of(new ObjectReader(map, problems, this, field, index, null));
		}
		problems.add(new Violation(index < 0 ? pointer(field) : JsonPointer.append(pointer(field), index),
				"must be a JSON object"));
		return Optional.empty();
	}

	/**
	 * The fields an object may have, for {@link #rejectUnknownFields}: a hash set, whose
	 * lookup (a mask of the string's cached hash) is cheaper than that of {@code Set.of}
	 * (a division), and it runs for every field of every event.
	 */
	static Set<String> fields(String... names) {
		return Collections.unmodifiableSet(new HashSet<>(Arrays.asList(names)));
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
