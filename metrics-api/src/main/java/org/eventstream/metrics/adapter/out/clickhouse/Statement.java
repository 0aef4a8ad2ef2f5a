package org.eventstream.metrics.adapter.out.clickhouse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * SQL text and the values of the server-side parameters it names ({@code {name:Type}}).
 * Values never enter the text. Immutable: each step of building a query returns a new
 * statement, and pieces built apart are joined with their parameters.
 */
record Statement(String sql, Map<String, Object> parameters) {

	Statement {
		Objects.requireNonNull(sql, "sql");
		parameters = Map.copyOf(parameters);
	}

	static Statement of(String sql) {
		return new Statement(sql, Map.of());
	}

	/** This text followed by that text; the parameters of both. */
	Statement append(Statement next) {
		Map<String, Object> merged = new LinkedHashMap<>(parameters);
		next.parameters.forEach((name, value) -> bind(merged, name, value));
		return new Statement(sql + next.sql, merged);
	}

	Statement append(String next) {
		return new Statement(sql + next, parameters);
	}

	/** This statement with one more parameter value. */
	Statement bind(String name, Object value) {
		Map<String, Object> merged = new LinkedHashMap<>(parameters);
		bind(merged, name, value);
		return new Statement(sql, merged);
	}

	/** A name bound twice must mean the same value both times. */
	private static void bind(Map<String, Object> parameters, String name, Object value) {
		Object earlier = parameters.putIfAbsent(name, value);
		if (earlier != null && !earlier.equals(value)) {
			throw new IllegalStateException("parameter " + name + " bound to " + earlier + " and " + value);
		}
	}

}
