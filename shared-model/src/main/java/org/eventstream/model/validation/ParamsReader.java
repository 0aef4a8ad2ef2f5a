package org.eventstream.model.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eventstream.model.event.Param;
import org.eventstream.model.event.ParamValue;

/**
 * Reads {@code event_params} or {@code user_params}: a list of {@code key} plus exactly
 * one of {@code string_value}, {@code number_value}, {@code boolean_value}, with keys
 * unique within the list.
 */
final class ParamsReader {

	private static final Set<String> PARAM_FIELDS = ObjectReader.fields("key", "string_value", "number_value",
			"boolean_value");

	private static final List<String> VALUE_FIELDS = List.of("string_value", "number_value", "boolean_value");

	private final EventLimits limits;

	ParamsReader(EventLimits limits) {
		this.limits = limits;
	}

	List<Param> read(ObjectReader event, String field) {
		List<?> entries = event.array(field, limits.maxParams()).orElse(List.of());
		List<Param> params = new ArrayList<>(entries.size());
		// a few keys are compared with each other; a hash set only pays for many
		Set<String> seenKeys = (entries.size() > 8) ? new HashSet<>() : null;
		for (int i = 0; i < entries.size(); i++) {
			Optional<ObjectReader> entry = event.child(entries.get(i), field, i);
			Optional<Param> param = entry.flatMap(this::param);
			if (param.isPresent() && seen(param.get().key(), params, seenKeys)) {
				entry.get().problem("key", "duplicate key '" + param.get().key() + "' in " + field);
			}
			else {
				param.ifPresent(params::add);
			}
		}
		return params;
	}

	/**
	 * Whether an earlier parameter has this key: by comparison with {@code earlier}, or,
	 * for a long list, through {@code seenKeys}, which then records it.
	 */
	private static boolean seen(String key, List<Param> earlier, Set<String> seenKeys) {
		if (seenKeys != null) {
			return !seenKeys.add(key);
		}
		for (Param param : earlier) {
			if (param.key().equals(key)) {
				return true;
			}
		}
		return false;
	}

	private Optional<Param> param(ObjectReader fields) {
		fields.rejectUnknownFields(PARAM_FIELDS);
		Optional<String> key = fields.requiredString("key", limits.maxParamKeyLength());
		key.filter(k -> !EventReader.isName(k))
			.ifPresent(k -> fields.problem("key",
					"must start with a letter and contain only letters, digits and underscores"));
		List<String> given = new ArrayList<>(1);
		for (String valueField : VALUE_FIELDS) {
			if (fields.has(valueField)) {
				given.add(valueField);
			}
		}
		if (given.size() != 1) {
			String message = "a parameter needs exactly one of string_value, number_value, boolean_value";
			if (given.isEmpty()) {
				fields.problemWithThisObject(message);
			}
			else {
				fields.problem(given.get(1), message + " (found " + String.join(", ", given) + ")");
			}
			return Optional.empty();
		}
		Optional<ParamValue> value = switch (given.get(0)) {
			case "string_value" ->
				fields.text("string_value", limits.maxStringValueLength()).map(ParamValue.StringValue::new);
			case "number_value" -> fields.number("number_value").map(ParamValue.NumberValue::new);
			default -> fields.bool("boolean_value").map(ParamValue.BooleanValue::new);
		};
		return key.flatMap(k -> value.map(v -> new Param(k, v)));
	}

}
