package org.eventstream.writer.adapter.out.clickhouse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * Values split to fit ClickHouse's HTTP limits. Server-side query parameters travel in
 * the URL, percent-encoded: ClickHouse refuses a URL over 1 MiB
 * ({@code http_max_uri_size}) and a single parameter over 128 KiB
 * ({@code http_max_field_value_size}). Every request also costs the server a fixed share
 * (parse, analysis, index analysis of each part: ~7 ms of CPU on the development machine,
 * docs/PERFORMANCE.md), so a request carries as many values as its URL allows, in as many
 * parameters as that takes ({@link #bind}).
 */
final class UrlChunks {

	/**
	 * The most bytes of values one request carries: 768 KiB, leaving the rest of 1 MiB to
	 * the statement's other parameters and settings.
	 */
	static final int MAX_BYTES = 768 * 1024;

	/**
	 * The most bytes of values one parameter carries: 96 KiB, under ClickHouse's 128 KiB
	 * with room to spare should a client encode more characters than counted here.
	 */
	static final int MAX_PARAMETER_BYTES = 96 * 1024;

	private UrlChunks() {
	}

	/**
	 * Consecutive runs of {@code values}, in order, each at most {@code maxBytes} by
	 * {@link #urlBytes} (a single value over it is a run of its own).
	 */
	static List<List<String>> of(List<String> values, long maxBytes) {
		List<List<String>> chunks = new ArrayList<>();
		int from = 0;
		while (from < values.size()) {
			int to = from;
			long bytes = 0;
			while (to < values.size()) {
				// each value measured once: every id of every batch passes here
				long size = urlBytes(values.get(to));
				if (to > from && bytes + size > maxBytes) {
					break;
				}
				bytes += size;
				to++;
			}
			chunks.add(values.subList(from, to));
			from = to;
		}
		return chunks;
	}

	/**
	 * One request's values bound as parameters {@code name0}, {@code name1}, ... of at
	 * most {@link #MAX_PARAMETER_BYTES} each, and the SQL expression that joins them back
	 * into one array: {@code arrayConcat(f(name0), f(name1), ...)}, a constant.
	 * @param perParameter the SQL of one parameter's array, with {@code %s} for its name
	 * ({@code "{%s:Array(String)}"}, {@code "splitByChar(',', {%s:String})"})
	 * @param valueOf the parameter's value for its share of the values
	 */
	static Bound bind(List<String> values, String name, String perParameter, Function<List<String>, String> valueOf) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		StringJoiner sql = new StringJoiner(", ", "arrayConcat(", ")");
		for (List<String> share : of(values, MAX_PARAMETER_BYTES)) {
			String parameter = name + parameters.size();
			parameters.put(parameter, valueOf.apply(share));
			sql.add(perParameter.formatted(parameter));
		}
		return new Bound(sql.toString(), parameters);
	}

	/**
	 * The most a value adds to the URL as an element of an array or list parameter:
	 * quotes and a separator, every character but letters and digits as {@code %XX} per
	 * UTF-8 byte, quotes and backslashes escaped first.
	 */
	static long urlBytes(String value) {
		long bytes = 9;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			bytes += (c == '\'' || c == '\\') ? 6 // escaped with a backslash
					: (c < 128 && Character.isLetterOrDigit(c)) ? 1 : (c < 128) ? 3 : (c < 2048) ? 6 : 9;
		}
		return bytes;
	}

	/**
	 * Values bound as parameters.
	 *
	 * @param sql the expression of their array
	 * @param parameters each parameter's name and value
	 */
	record Bound(String sql, Map<String, Object> parameters) {
	}

}
