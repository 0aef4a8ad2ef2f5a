package org.eventstream.stack.importer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The lines of a file as bytes, never decoded: a line that is not valid UTF-8 goes to the
 * API as it is and is rejected there by its line number, instead of being altered here.
 * Lines end with {@code \n}; a {@code \r} before it is dropped.
 */
final class ByteLines {

	private final InputStream in;

	private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);

	ByteLines(InputStream in) {
		this.in = in;
	}

	/** The next line, or null at the end of the file. */
	byte[] next() throws IOException {
		line.reset();
		int b = in.read();
		if (b < 0) {
			return null;
		}
		while (b >= 0 && b != '\n') {
			line.write(b);
			b = in.read();
		}
		byte[] bytes = line.toByteArray();
		if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
			return java.util.Arrays.copyOf(bytes, bytes.length - 1);
		}
		return bytes;
	}

	static boolean blank(byte[] line) {
		for (byte b : line) {
			if (b != ' ' && b != '\t') {
				return false;
			}
		}
		return true;
	}

}
