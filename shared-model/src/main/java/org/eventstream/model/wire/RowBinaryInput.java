package org.eventstream.model.wire;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link RowBinaryOutput} wrote, checking every length against the bytes that
 * are left: a truncated or corrupted record fails with {@link Malformed}, never with an
 * index error or a huge allocation.
 */
final class RowBinaryInput {

	private final byte[] bytes;

	private int position;

	RowBinaryInput(byte[] bytes, int position) {
		this.bytes = bytes;
		this.position = position;
	}

	boolean atEnd() {
		return position == bytes.length;
	}

	int readByte() {
		need(1);
		return bytes[position++] & 0xFF;
	}

	/**
	 * A LEB128 length or count; at most the bytes left, since every element takes one.
	 */
	int readCount() {
		long value = 0;
		for (int shift = 0;; shift += 7) {
			if (shift > 28) {
				throw new Malformed("a length longer than 5 bytes at byte " + position);
			}
			int b = readByte();
			value |= (long) (b & 0x7F) << shift;
			if ((b & 0x80) == 0) {
				break;
			}
		}
		if (value > bytes.length - position) {
			throw new Malformed("a length of " + value + " with " + (bytes.length - position) + " bytes left");
		}
		return (int) value;
	}

	long readInt64() {
		need(8);
		long value = 0;
		for (int i = 0; i < 8; i++) {
			value |= (bytes[position++] & 0xFFL) << (8 * i);
		}
		return value;
	}

	double readFloat64() {
		return Double.longBitsToDouble(readInt64());
	}

	String readString() {
		int length = readCount();
		String value = new String(bytes, position, length, StandardCharsets.UTF_8);
		position += length;
		return value;
	}

	void skipString() {
		int length = readCount(); // before reading position: += would add to the old one
		position += length;
	}

	/** A Nullable's flag: true when a value follows. */
	boolean readPresent() {
		int flag = readByte();
		if (flag > 1) {
			throw new Malformed("a null flag of " + flag + " at byte " + (position - 1));
		}
		return flag == 0;
	}

	boolean readBoolean() {
		int value = readByte();
		if (value > 1) {
			throw new Malformed("a boolean of " + value + " at byte " + (position - 1));
		}
		return value == 1;
	}

	private void need(int count) {
		if (bytes.length - position < count) {
			throw new Malformed("the record ends at byte " + bytes.length + ", " + count + " more expected");
		}
	}

	/** The bytes are not a record of this format. */
	static final class Malformed extends RuntimeException {

		Malformed(String message) {
			super(message, null, false, false);
		}

	}

}
