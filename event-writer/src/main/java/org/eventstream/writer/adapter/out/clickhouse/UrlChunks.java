package org.eventstream.writer.adapter.out.clickhouse;

import java.util.ArrayList;
import java.util.List;

/**
 * Values split into runs that each fit one request's URL. Server-side query parameters
 * travel in the URL, percent-encoded, and ClickHouse refuses a URL over 1 MiB
 * ({@code http_max_uri_size}); every request also costs the server a fixed share (parse,
 * analysis, index analysis of each part: ~7 ms of CPU on the development machine,
 * docs/PERFORMANCE.md), so a run is as long as the URL allows rather than a fixed count.
 */
final class UrlChunks {

	/**
	 * The most bytes of values one request carries: 768 KiB, leaving the rest of 1 MiB to
	 * the statement's other parameters and settings.
	 */
	static final int MAX_BYTES = 768 * 1024;

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
			for (long bytes = 0; to < values.size()
					&& (to == from || bytes + urlBytes(values.get(to)) <= maxBytes); to++) {
				bytes += urlBytes(values.get(to));
			}
			chunks.add(values.subList(from, to));
			from = to;
		}
		return chunks;
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

}
