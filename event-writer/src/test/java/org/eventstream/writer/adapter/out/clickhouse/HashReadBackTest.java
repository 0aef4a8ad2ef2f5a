package org.eventstream.writer.adapter.out.clickhouse;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HashReadBackTest {

	@Test
	void theBitmapHasTheBitOfEveryHashAndFewOthers() {
		long[] hashes = new Random(7).longs(25_000).toArray();
		int bits = HashReadBack.bits(hashes.length);
		long[] words = HashReadBack.bitmap(hashes, bits);

		assertThat(words).hasSize(1 << (bits - 6));
		for (long hash : hashes) {
			long word = words[(int) (hash >>> (64 - bits + 6))];
			assertThat(word & (1L << ((hash >>> (64 - bits)) & 63))).as(Long.toHexString(hash)).isNotZero();
		}
		long set = java.util.Arrays.stream(words).map(Long::bitCount).sum();
		assertThat((double) set / (1L << bits)).as("share of other hashes let through").isLessThan(0.03);
	}

	@Test
	void sizesTheBitmapByTheHashesWithinItsBounds() {
		assertThat(HashReadBack.bits(1)).isEqualTo(12);
		assertThat(HashReadBack.bits(1_000)).isEqualTo(16);
		assertThat(HashReadBack.bits(25_000)).isEqualTo(20);
		assertThat(HashReadBack.bits(50_000)).isEqualTo(20);
	}

	@Test
	void readsEveryRowOnlyWhenTheHashesAreManyForTheRegistry() {
		assertThat(HashReadBack.readsEveryRow(25_000, 25_000_000)).isTrue();
		assertThat(HashReadBack.readsEveryRow(1_000, 25_000_000)).isFalse();
		assertThat(HashReadBack.readsEveryRow(1, 0)).isTrue();

		assertThat(HashReadBack.statement("users", new long[] { -1, 0x0001_0002_0003_0004L }, 0)).contains(
				"toUInt16(bitShiftRight(user_hash64, 48)) IN [1,65535]::Array(UInt16)",
				"toUInt16(bitShiftRight(user_hash64, 32)) IN [2,65535]::Array(UInt16)", "bitTest(arrayElement(",
				"identity(user_hash64) IN [18446744073709551615,281483566841860]::Array(UInt64)",
				"short_circuit_function_evaluation = 'force_enable'");
		assertThat(HashReadBack.statement("users", new long[] { -1 }, 1_000_000))
			.doesNotContain("bitTest", "identity", "toUInt16", "SETTINGS")
			.contains("WHERE user_hash64 IN [18446744073709551615]::Array(UInt64)");
	}

}
