package org.eventstream.writer.adapter.out.clickhouse;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of a lookup's ids to ask for by range and which by list.
 *
 * <p>
 * Ids that sort by the time they were made (version 7 UUIDs, as ingest-api gives and the
 * SDKs make) arrive in runs: a poll's ids were made within a second or two of each other.
 * Asking ClickHouse for every stored id between a run's first and last costs it a read of
 * the id projection's few granules in that range, where a list of the same ids costs it
 * the list's parsing and a set of every id (by hand on the development machine 3–4.5 µs
 * per id, against ~0.4 µs per row a range returns: docs/PERFORMANCE.md, change 13). The
 * answer is the same: the stored ids in the range that the run holds. A range can hold
 * more stored ids than the run itself (the other partitions' events of the same seconds),
 * so its query reads at most {@link #rowLimit} rows, and a run whose range holds more is
 * asked for by list.
 *
 * <p>
 * A run is a sequence of version 7 ids, in sorted order, each made at most
 * {@value #MAX_GAP_MILLIS} ms after the one before it and all within
 * {@value #MAX_SPAN_MILLIS} ms; a run of fewer than {@value #MIN_RUN} ids is listed (one
 * more request is not worth it). Every other id (version 4 or 5, a client's own, version
 * 7 in capitals) is listed.
 */
final class IdRanges {

	static final int MIN_RUN = 256;

	static final long MAX_GAP_MILLIS = 1_000;

	static final long MAX_SPAN_MILLIS = 10_000;

	private IdRanges() {
	}

	/**
	 * @param ranges runs of ids to ask for by range, each sorted
	 * @param listed the ids to ask for by list, sorted
	 */
	record Plan(List<List<String>> ranges, List<String> listed) {
	}

	/**
	 * @param sorted distinct ids in ascending order
	 */
	static Plan of(List<String> sorted) {
		List<List<String>> ranges = new ArrayList<>();
		List<String> listed = new ArrayList<>();
		List<String> run = new ArrayList<>();
		long first = 0;
		long previous = 0;
		for (String id : sorted) {
			long millis = millis(id);
			if (millis < 0) {
				listed.add(id);
				continue;
			}
			if (!run.isEmpty() && (millis - previous > MAX_GAP_MILLIS || millis - first > MAX_SPAN_MILLIS)) {
				close(run, ranges, listed);
				run = new ArrayList<>();
			}
			if (run.isEmpty()) {
				first = millis;
			}
			run.add(id);
			previous = millis;
		}
		close(run, ranges, listed);
		listed.sort(null);
		return new Plan(ranges, listed);
	}

	private static void close(List<String> run, List<List<String>> ranges, List<String> listed) {
		if (run.size() >= MIN_RUN) {
			ranges.add(run);
		}
		else {
			listed.addAll(run);
		}
	}

	/**
	 * The most rows a range's query reads back before the run is asked for by list
	 * instead: six per id in the run (below the 7–11 rows that cost ClickHouse as much as
	 * one listed id, leaving room for the writer's own reading of them), and at least
	 * 10,000.
	 */
	static int rowLimit(List<String> run) {
		return Math.max(10_000, 6 * run.size());
	}

	/**
	 * The Unix millisecond of a version 7 UUID in lower case, {@code -1} for any other
	 * id.
	 */
	static long millis(String id) {
		if (id.length() != 36 || id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-'
				|| id.charAt(23) != '-' || id.charAt(14) != '7' || "89ab".indexOf(id.charAt(19)) < 0) {
			return -1;
		}
		long millis = 0;
		for (int i = 0; i < 36; i++) {
			char c = id.charAt(i);
			if (i == 8 || i == 13 || i == 18 || i == 23) {
				continue;
			}
			int digit = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
			if (digit < 0) {
				return -1;
			}
			if (i < 13) {
				millis = (millis << 4) | digit;
			}
		}
		return millis;
	}

}
