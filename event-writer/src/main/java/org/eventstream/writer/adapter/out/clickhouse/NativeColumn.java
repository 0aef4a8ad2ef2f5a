package org.eventstream.writer.adapter.out.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One column of a block in ClickHouse's Native format, filled from values in its
 * RowBinary encoding: the transcoding that lets the writer send columns, which ClickHouse
 * stores with less work than rows (docs/PERFORMANCE.md, change 11), without decoding an
 * event into objects.
 *
 * <p>
 * The encodings, as ClickHouse writes them over HTTP (no block info, no per-column
 * serialization flags): a {@code String} is its length as a LEB128 number and its bytes
 * (in RowBinary too, so a value is copied); fixed-width numbers are little-endian; a
 * {@code Nullable} column is a null map (a byte per row, 1 for null) followed by the
 * nested column with a default value in each null's place; an {@code Array} column is
 * each row's end offset as a {@code UInt64} followed by the elements' column; a
 * {@code Tuple} column is each element's column in turn; a {@code LowCardinality(String)}
 * column is a dictionary of its distinct values followed by each row's position in it.
 *
 * <p>
 * The values are read without checks: every row was checked when its record was read
 * ({@code EventRecord.scan}).
 */
abstract sealed class NativeColumn {

	/** The type of a column: its ClickHouse name and how to build one of it. */
	record Type(String name, Supplier<NativeColumn> column) {

		NativeColumn newColumn() {
			return column.get();
		}

	}

	static Type fixed(String name, int width) {
		return new Type(name, () -> new Fixed(width));
	}

	static Type string() {
		return new Type("String", Text::new);
	}

	static Type lowCardinalityString() {
		return new Type("LowCardinality(String)", Dictionary::new);
	}

	static Type nullable(Type nested) {
		return new Type("Nullable(" + nested.name() + ")", () -> new Nullable(nested.newColumn()));
	}

	static Type array(Type element) {
		return new Type("Array(" + element.name() + ")", () -> new Array(element.newColumn()));
	}

	/**
	 * A tuple of named elements, as {@code Tuple(key String, value Nullable(Float64))}.
	 */
	static Type tuple(List<String> names, List<Type> types) {
		if (names.size() != types.size() || names.isEmpty()) {
			throw new IllegalArgumentException("a tuple needs one name per element type");
		}
		StringBuilder name = new StringBuilder("Tuple(");
		for (int i = 0; i < names.size(); i++) {
			name.append(i == 0 ? "" : ", ").append(names.get(i)).append(' ').append(types.get(i).name());
		}
		return new Type(name.append(')').toString(), () -> {
			NativeColumn[] elements = new NativeColumn[types.size()];
			for (int i = 0; i < elements.length; i++) {
				elements[i] = types.get(i).newColumn();
			}
			return new Tuple(elements);
		});
	}

	/** Appends the value that starts at the row's position, and moves past it. */
	abstract void read(Row row);

	/** Appends the type's default value (in a null's place). */
	abstract void appendDefault();

	abstract void writeTo(OutputStream out) throws IOException;

	/** Empties the column for the next block, keeping its buffers. */
	abstract void clear();

	/** The bytes its buffers hold on to between blocks. */
	abstract long retainedBytes();

	/** A cursor over a record's RowBinary row. */
	static final class Row {

		byte[] bytes;

		int position;

		/** Points the cursor at a row (one cursor serves a whole block). */
		Row at(byte[] bytes, int position) {
			this.bytes = bytes;
			this.position = position;
			return this;
		}

		/** A LEB128 length or count. */
		int readLength() {
			int value = 0;
			for (int shift = 0;; shift += 7) {
				int b = bytes[position++];
				value |= (b & 0x7F) << shift;
				if (b >= 0) {
					return value;
				}
			}
		}

	}

	/**
	 * A growable byte buffer (not synchronized, unlike {@code ByteArrayOutputStream}).
	 */
	static final class Bytes {

		private byte[] data;

		private int size;

		Bytes(int capacity) {
			this.data = new byte[Math.max(capacity, 16)];
		}

		int size() {
			return size;
		}

		int capacity() {
			return data.length;
		}

		/** The buffer itself: its first {@link #size()} bytes are the ones written. */
		byte[] data() {
			return data;
		}

		void clear() {
			size = 0;
		}

		void write(byte[] source, int offset, int length) {
			ensure(length);
			System.arraycopy(source, offset, data, size, length);
			size += length;
		}

		void writeByte(int value) {
			ensure(1);
			data[size++] = (byte) value;
		}

		void writeZeros(int count) {
			ensure(count);
			Arrays.fill(data, size, size + count, (byte) 0);
			size += count;
		}

		void writeLong(long value) {
			ensure(8);
			for (int i = 0; i < 8; i++) {
				data[size++] = (byte) (value >>> (8 * i));
			}
		}

		void writeLength(long value) {
			while ((value & ~0x7FL) != 0) {
				writeByte((int) ((value & 0x7F) | 0x80));
				value >>>= 7;
			}
			writeByte((int) value);
		}

		void writeTo(OutputStream out) throws IOException {
			out.write(data, 0, size);
		}

		private void ensure(int more) {
			if (data.length - size < more) {
				data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
			}
		}

	}

	/** A column whose values are one buffer, written as it is. */
	abstract static sealed class Flat extends NativeColumn permits Fixed, Text {

		final Bytes values;

		Flat(int capacity) {
			this.values = new Bytes(capacity);
		}

		@Override
		void writeTo(OutputStream out) throws IOException {
			values.writeTo(out);
		}

		@Override
		void clear() {
			values.clear();
		}

		@Override
		long retainedBytes() {
			return values.capacity();
		}

	}

	/** Numbers, times and booleans: their bytes, little-endian in both formats. */
	static final class Fixed extends Flat {

		private final int width;

		Fixed(int width) {
			super(1024 * width);
			this.width = width;
		}

		@Override
		void read(Row row) {
			values.write(row.bytes, row.position, width);
			row.position += width;
		}

		@Override
		void appendDefault() {
			values.writeZeros(width);
		}

		void appendLong(long value) {
			for (int i = 0; i < width; i++) {
				values.writeByte((int) (value >>> (8 * i)));
			}
		}

	}

	static final class Text extends Flat {

		Text() {
			super(16 * 1024);
		}

		@Override
		void read(Row row) {
			int start = row.position;
			int length = row.readLength();
			row.position += length;
			values.write(row.bytes, start, row.position - start);
		}

		@Override
		void appendDefault() {
			values.writeByte(0);
		}

	}

	/**
	 * {@code LowCardinality(String)}: the serialization's version (1, shared dictionaries
	 * with additional keys), then the flags "has additional keys" and "update the
	 * dictionary" with the width of a position (1, 2 or 4 bytes), the dictionary (its
	 * size and its strings, the default {@code ''} first, as ClickHouse writes it), the
	 * number of rows and each row's position.
	 *
	 * <p>
	 * The distinct values are found in an open-addressing table over their bytes, so that
	 * a value costs no object. Clients choose these values, and values chosen to share a
	 * hash would make every probe walk one long run of the table; a value that needs more
	 * than {@value #MAX_PROBES} probes switches the column, for the rest of the block, to
	 * a {@code HashMap} of strings, whose colliding entries are kept in trees.
	 */
	static final class Dictionary extends NativeColumn {

		private static final long SHARED_DICTIONARIES_WITH_ADDITIONAL_KEYS = 1;

		private static final long HAS_ADDITIONAL_KEYS = 1L << 9;

		private static final long NEED_UPDATE_DICTIONARY = 1L << 10;

		static final int MAX_PROBES = 64;

		/** The dictionary as it is written: each key's length and bytes. */
		private final Bytes keys = new Bytes(1024);

		/** Where each key's bytes start in {@link #keys}, and how many there are. */
		private int[] keyStarts = new int[64];

		private int[] keyLengths = new int[64];

		private int keyCount;

		/**
		 * A key's position plus one, at its hash's slot or the next free one; 0 is free.
		 */
		private int[] slots = new int[128];

		/**
		 * The keys by value (as Latin-1 strings: a char per byte) once the table was
		 * flooded in this block; otherwise null.
		 */
		private Map<String, Integer> flooded;

		/** Each row's position in the dictionary. */
		private int[] rowPositions = new int[1024];

		private int size;

		private final Bytes indexes = new Bytes(1024);

		Dictionary() {
			clear();
		}

		@Override
		void read(Row row) {
			int start = row.position;
			int length = row.readLength();
			int valueStart = row.position;
			row.position += length;
			append(position(row.bytes, start, valueStart, length));
		}

		private int position(byte[] bytes, int start, int valueStart, int length) {
			if (flooded != null) {
				return floodedPosition(bytes, start, valueStart, length);
			}
			int mask = slots.length - 1;
			int slot = hash(bytes, valueStart, length) & mask;
			for (int probe = 0; probe < MAX_PROBES; probe++, slot = (slot + 1) & mask) {
				int key = slots[slot] - 1;
				if (key < 0) {
					int added = add(bytes, start, valueStart, length);
					slots[slot] = added + 1;
					if (keyCount * 2 > slots.length) {
						rehash(slots.length * 2);
					}
					return added;
				}
				int keyStart = keyStarts[key];
				if (keyLengths[key] == length && Arrays.equals(keys.data, keyStart, keyStart + length, bytes,
						valueStart, valueStart + length)) {
					return key;
				}
			}
			flooded = new HashMap<>();
			for (int key = 0; key < keyCount; key++) {
				flooded.put(new String(keys.data, keyStarts[key], keyLengths[key], StandardCharsets.ISO_8859_1), key);
			}
			return floodedPosition(bytes, start, valueStart, length);
		}

		private int floodedPosition(byte[] bytes, int start, int valueStart, int length) {
			String value = new String(bytes, valueStart, length, StandardCharsets.ISO_8859_1);
			Integer key = flooded.get(value);
			if (key == null) {
				key = add(bytes, start, valueStart, length);
				flooded.put(value, key);
			}
			return key;
		}

		/** Whether this block's values flooded the table (for tests). */
		boolean isFlooded() {
			return flooded != null;
		}

		/**
		 * Adds the key written at {@code start} (its length, then from {@code valueStart}
		 * its bytes) to the dictionary.
		 */
		private int add(byte[] bytes, int start, int valueStart, int length) {
			if (keyCount == keyStarts.length) {
				keyStarts = Arrays.copyOf(keyStarts, keyCount * 2);
				keyLengths = Arrays.copyOf(keyLengths, keyCount * 2);
			}
			keys.write(bytes, start, valueStart - start + length);
			keyStarts[keyCount] = keys.size() - length;
			keyLengths[keyCount] = length;
			return keyCount++;
		}

		private void rehash(int capacity) {
			slots = new int[capacity];
			int mask = capacity - 1;
			for (int key = 0; key < keyCount; key++) {
				int slot = hash(keys.data, keyStarts[key], keyLengths[key]) & mask;
				while (slots[slot] != 0) {
					slot = (slot + 1) & mask;
				}
				slots[slot] = key + 1;
			}
		}

		private static int hash(byte[] bytes, int start, int length) {
			int hash = length;
			for (int i = start; i < start + length; i++) {
				hash = 31 * hash + bytes[i];
			}
			// MurmurHash3's finalizer: similar values ("v1", "v2", ...) get distant slots
			hash ^= hash >>> 16;
			hash *= 0x85ebca6b;
			hash ^= hash >>> 13;
			hash *= 0xc2b2ae35;
			return hash ^ (hash >>> 16);
		}

		@Override
		void appendDefault() {
			append(0);
		}

		private void append(int position) {
			if (size == rowPositions.length) {
				rowPositions = Arrays.copyOf(rowPositions, size * 2);
			}
			rowPositions[size++] = position;
		}

		@Override
		void writeTo(OutputStream out) throws IOException {
			if (size == 0) {
				return; // ClickHouse reads no data for a column of no rows
			}
			int width = (keyCount <= 1 << 8) ? 1 : (keyCount <= 1 << 16) ? 2 : 4;
			long widthCode = (width == 1) ? 0 : (width == 2) ? 1 : 2;
			indexes.clear();
			indexes.writeLong(SHARED_DICTIONARIES_WITH_ADDITIONAL_KEYS);
			indexes.writeLong(HAS_ADDITIONAL_KEYS | NEED_UPDATE_DICTIONARY | widthCode);
			indexes.writeLong(keyCount);
			indexes.writeTo(out);
			keys.writeTo(out);
			indexes.clear();
			indexes.writeLong(size);
			for (int i = 0; i < size; i++) {
				int position = rowPositions[i];
				for (int b = 0; b < width; b++) {
					indexes.writeByte(position >>> (8 * b));
				}
			}
			indexes.writeTo(out);
		}

		@Override
		void clear() {
			keys.clear();
			Arrays.fill(slots, 0);
			flooded = null;
			keyCount = 0;
			size = 0;
			// the default value, '', is the first key
			byte[] empty = { 0 };
			slots[hash(empty, 1, 0) & (slots.length - 1)] = add(empty, 0, 1, 0) + 1;
		}

		@Override
		long retainedBytes() {
			return keys.capacity() + indexes.capacity()
					+ 4L * (keyStarts.length + keyLengths.length + slots.length + rowPositions.length);
		}

	}

	static final class Nullable extends NativeColumn {

		private final NativeColumn nested;

		private final Bytes nulls;

		Nullable(NativeColumn nested) {
			this.nested = nested;
			this.nulls = new Bytes(1024);
		}

		@Override
		void read(Row row) {
			int flag = row.bytes[row.position++];
			nulls.writeByte(flag);
			if (flag == 0) {
				nested.read(row);
			}
			else {
				nested.appendDefault();
			}
		}

		@Override
		void appendDefault() {
			nulls.writeByte(1);
			nested.appendDefault();
		}

		@Override
		void writeTo(OutputStream out) throws IOException {
			nulls.writeTo(out);
			nested.writeTo(out);
		}

		@Override
		void clear() {
			nulls.clear();
			nested.clear();
		}

		@Override
		long retainedBytes() {
			return nulls.capacity() + nested.retainedBytes();
		}

	}

	static final class Array extends NativeColumn {

		private final NativeColumn elements;

		private final Bytes offsets;

		private long count;

		Array(NativeColumn elements) {
			this.elements = elements;
			this.offsets = new Bytes(8 * 1024);
		}

		@Override
		void read(Row row) {
			int length = row.readLength();
			for (int i = 0; i < length; i++) {
				elements.read(row);
			}
			count += length;
			offsets.writeLong(count);
		}

		@Override
		void appendDefault() {
			offsets.writeLong(count);
		}

		@Override
		void writeTo(OutputStream out) throws IOException {
			offsets.writeTo(out);
			elements.writeTo(out);
		}

		@Override
		void clear() {
			offsets.clear();
			elements.clear();
			count = 0;
		}

		@Override
		long retainedBytes() {
			return offsets.capacity() + elements.retainedBytes();
		}

	}

	static final class Tuple extends NativeColumn {

		private final NativeColumn[] elements;

		Tuple(NativeColumn[] elements) {
			this.elements = elements;
		}

		@Override
		void read(Row row) {
			for (NativeColumn element : elements) {
				element.read(row);
			}
		}

		@Override
		void appendDefault() {
			for (NativeColumn element : elements) {
				element.appendDefault();
			}
		}

		@Override
		void writeTo(OutputStream out) throws IOException {
			for (NativeColumn element : elements) {
				element.writeTo(out);
			}
		}

		@Override
		void clear() {
			for (NativeColumn element : elements) {
				element.clear();
			}
		}

		@Override
		long retainedBytes() {
			long bytes = 0;
			for (NativeColumn element : elements) {
				bytes += element.retainedBytes();
			}
			return bytes;
		}

	}

}
