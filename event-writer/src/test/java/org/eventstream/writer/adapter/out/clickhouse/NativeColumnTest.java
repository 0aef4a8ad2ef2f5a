package org.eventstream.writer.adapter.out.clickhouse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code LowCardinality(String)} column's dictionary, read back from what it writes:
 * every row's position names its own value, whatever the values' hashes, and a position
 * takes as many bytes as the dictionary's size needs. (ClickHouse reads the same bytes in
 * {@code ClickHouseEventStoreTest}.)
 */
class NativeColumnTest {

	@Test
	void findsEveryValueOfAFloodOfValuesThatShareOneHash() throws Exception {
		List<String> values = new ArrayList<>();
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < 4096; i++) {
				values.add(sharingOneHash(i, 12));
			}
		}
		values.add("");
		NativeColumn.Dictionary column = dictionaryOf(values);

		assertThat(column.isFlooded()).as("switched to the map after %d probes", NativeColumn.Dictionary.MAX_PROBES)
			.isTrue();
		assertThat(readBack(column)).containsExactlyElementsOf(values);
	}

	@Test
	void takesOneTwoOrFourBytesAPositionAsTheDictionaryNeeds() throws Exception {
		for (int distinct : new int[] { 255, 256, 65_535, 65_536 }) {
			List<String> values = new ArrayList<>();
			for (int i = 0; i < distinct; i++) {
				values.add("v" + i);
			}
			values.add("v0");
			NativeColumn.Dictionary column = dictionaryOf(values);

			assertThat(column.isFlooded()).isFalse();
			assertThat(readBack(column)).as("%d values and ''", distinct).containsExactlyElementsOf(values);
			int keys = distinct + 1;
			assertThat(widthCode(column)).as("%d keys", keys).isEqualTo(keys <= 256 ? 0 : keys <= 65_536 ? 1 : 2);
		}
	}

	@Test
	void writesNothingForNoRows() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new NativeColumn.Dictionary().writeTo(out);
		assertThat(out.size()).isZero();
	}

	/** The i-th of 2^blocks strings of "Aa" and "BB" blocks, which all hash alike. */
	static String sharingOneHash(int i, int blocks) {
		StringBuilder value = new StringBuilder();
		for (int block = 0; block < blocks; block++) {
			value.append(((i >> block) & 1) == 0 ? "Aa" : "BB");
		}
		return value.toString();
	}

	private static NativeColumn.Dictionary dictionaryOf(List<String> values) {
		NativeColumn.Bytes rows = new NativeColumn.Bytes(1024);
		List<Integer> starts = new ArrayList<>();
		for (String value : values) {
			starts.add(rows.size());
			byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
			rows.writeLength(bytes.length);
			rows.write(bytes, 0, bytes.length);
		}
		NativeColumn.Dictionary column = new NativeColumn.Dictionary();
		NativeColumn.Row row = new NativeColumn.Row();
		for (int start : starts) {
			column.read(row.at(rows.data(), start));
		}
		return column;
	}

	private static long widthCode(NativeColumn.Dictionary column) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		column.writeTo(out);
		return ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getLong(8) & 0xFF;
	}

	/** Each row's value: the dictionary's key at the row's position. */
	private static List<String> readBack(NativeColumn.Dictionary column) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		column.writeTo(out);
		ByteBuffer in = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
		assertThat(in.getLong()).as("serialization version").isEqualTo(1);
		long flags = in.getLong();
		assertThat(flags & ~0xFFL).as("additional keys, update the dictionary").isEqualTo((1 << 9) | (1 << 10));
		int width = 1 << (int) (flags & 0xFF);
		List<String> keys = new ArrayList<>();
		for (long key = in.getLong(); key > 0; key--) {
			byte[] bytes = new byte[readLength(in)];
			in.get(bytes);
			keys.add(new String(bytes, StandardCharsets.UTF_8));
		}
		assertThat(keys.get(0)).as("the default first").isEmpty();
		assertThat(keys).as("distinct keys").doesNotHaveDuplicates();
		List<String> rows = new ArrayList<>();
		for (long row = in.getLong(); row > 0; row--) {
			long position = 0;
			for (int b = 0; b < width; b++) {
				position |= (in.get() & 0xFFL) << (8 * b);
			}
			rows.add(keys.get((int) position));
		}
		assertThat(in.remaining()).isZero();
		return rows;
	}

	private static int readLength(ByteBuffer in) {
		int value = 0;
		for (int shift = 0;; shift += 7) {
			int b = in.get();
			value |= (b & 0x7F) << shift;
			if (b >= 0) {
				return value;
			}
		}
	}

}
