package org.eventstream.model.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer written in ClickHouse's RowBinary encoding: little-endian
 * fixed-width numbers, LEB128 lengths, strings as their UTF-8 bytes after their length,
 * {@code Nullable} as a 0 (present) or 1 (null) byte before the value.
 */
final class RowBinaryOutput {

	private byte[] bytes;

	private int size;

	RowBinaryOutput(int capacity) {
		this.bytes = new byte[capacity];
	}

	void writeByte(int value) {
		ensure(1);
		bytes[size++] = (byte) value;
	}

	void writeVarInt(long value) {
		ensure(10);
		long rest = value;
		while ((rest & ~0x7FL) != 0) {
			bytes[size++] = (byte) ((rest & 0x7F) | 0x80);
			rest >>>= 7;
		}
		bytes[size++] = (byte) rest;
	}

	void writeInt64(long value) {
		ensure(8);
		for (int i = 0; i < 8; i++) {
			bytes[size++] = (byte) (value >>> (8 * i));
		}
	}

	void writeFloat64(double value) {
		writeInt64(Double.doubleToRawLongBits(value));
	}

	/** Latin-1 text (most of it) is copied as is; anything else goes through UTF-8. */
	void writeString(String value) {
		int length = value.length();
		boolean ascii = true;
		for (int i = 0; i < length && ascii; i++) {
			ascii = value.charAt(i) < 0x80;
		}
		if (ascii) {
			writeVarInt(length);
			ensure(length);
			value.getBytes(0, length, bytes, size);
			size += length;
		}
		else {
			byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
			writeVarInt(utf8.length);
			ensure(utf8.length);
			System.arraycopy(utf8, 0, bytes, size, utf8.length);
			size += utf8.length;
		}
	}

	void writeNull() {
		writeByte(1);
	}

	void writePresent() {
		writeByte(0);
	}

	/** Empties the buffer for the next record, keeping its capacity. */
	void reset() {
		size = 0;
	}

	int capacity() {
		return bytes.length;
	}

	byte[] toByteArray() {
		return Arrays.copyOf(bytes, size);
	}

	private void ensure(int more) {
		if (size + more > bytes.length) {
			bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
		}
	}

}
