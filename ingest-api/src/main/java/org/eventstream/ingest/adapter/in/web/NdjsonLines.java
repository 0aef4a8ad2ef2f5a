package org.eventstream.ingest.adapter.in.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * The lines of an NDJSON stream, read with a bounded buffer: a line longer than the limit
 * is skipped to its end and reported by its length, never held. Lines end with
 * {@code \n}; a {@code \r} before it is dropped. Blank lines are skipped but counted, so
 * that line numbers match the file's.
 */
final class NdjsonLines {

	/** One non-blank line, numbered from 1. */
	sealed interface Line {

		long number();

	}

	record Text(long number, byte[] bytes) implements Line {
	}

	record TooLong(long number, long bytes) implements Line {
	}

	private final InputStream in;

	private final int maxLineBytes;

	private final byte[] buffer = new byte[1 << 16];

	private int position;

	private int limit;

	private long number;

	NdjsonLines(InputStream in, int maxLineBytes) {
		this.in = in;
		this.maxLineBytes = maxLineBytes;
	}

	/** The next non-blank line, or empty at the end of the stream. */
	Optional<Line> next() throws IOException {
		while (true) {
			Optional<Line> line = readLine();
			if (line.isEmpty() || !(line.get() instanceof Text text) || !blank(text.bytes())) {
				return line;
			}
		}
	}

	/** How many lines were read, blank ones included. */
	long count() {
		return number;
	}

	private Optional<Line> readLine() throws IOException {
		byte[] line = new byte[Math.min(1024, maxLineBytes + 1)];
		int length = 0;
		long total = 0;
		boolean any = false;
		while (true) {
			if (position == limit && !fill()) {
				if (!any) {
					return Optional.empty();
				}
				break;
			}
			any = true;
			int end = position;
			while (end < limit && buffer[end] != '\n') {
				end++;
			}
			int chunk = end - position;
			total += chunk;
			if (total <= maxLineBytes + 1L) {
				if (length + chunk > line.length) {
					line = Arrays.copyOf(line, Math.min(maxLineBytes + 1, Math.max(line.length * 2, length + chunk)));
				}
				System.arraycopy(buffer, position, line, length, chunk);
				length += chunk;
			}
			position = end;
			if (end < limit) {
				position++; // the newline
				break;
			}
		}
		number++;
		if (length > 0 && length <= maxLineBytes + 1 && line[length - 1] == '\r') {
			length--;
			total--;
		}
		if (total > maxLineBytes) {
			return Optional.of(new TooLong(number, total));
		}
		return Optional.of(new Text(number, Arrays.copyOf(line, length)));
	}

	private boolean fill() throws IOException {
		int read = in.read(buffer);
		if (read < 0) {
			return false;
		}
		position = 0;
		limit = read;
		return true;
	}

	private static boolean blank(byte[] bytes) {
		for (byte b : bytes) {
			if (b != ' ' && b != '\t' && b != '\r') {
				return false;
			}
		}
		return true;
	}

}
