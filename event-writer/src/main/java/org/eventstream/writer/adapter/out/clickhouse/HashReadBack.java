package org.eventstream.writer.adapter.out.clickhouse;

/**
 * The registry's read-back: which of a batch's hashes more than one row of {@code users}
 * has. Its two forms find the same rows; which costs ClickHouse less depends on how many
 * hashes are asked of how many registered users.
 * <ul>
 * <li><b>Through the primary key</b>, for a few hashes: {@code user_hash64 IN [...]}
 * reads the granules of the asked hashes, 256 rows per hash and part.</li>
 * <li><b>Every row, through a bitmap first</b>, for many: a batch's random hashes fall in
 * most granules of every part, so the key's analysis (binary searches of the set for
 * every mark) costs more than the rows it skips, and probing every row read into a set of
 * 25,000 hashes costs ~10 ns a row. Two sets of 16 bits of the asked hashes (each a table
 * of 65,536 flags to ClickHouse) let about a tenth of the rows through, then a bitmap of
 * their top bits (at most 128 KiB, in the core's cache) a few in a hundred of those, to
 * the set; each test runs on the rows the ones before it let through (short-circuit
 * evaluation, forced). {@code identity} keeps ClickHouse from analysing the key, its
 * documented use.</li>
 * </ul>
 * By hand against 25 M users in 8 parts, ClickHouse's CPU per read-back: 25,000 hashes
 * 300 ms through the key, 130 through the bitmap; 5,000 hashes 190 against 130; 1,000
 * hashes 100 against 130; against 2 M users every batch size costs 10-40 ms either way;
 * the slices before the bitmap, 110 against 150 at 24 M users
 * (docs/bench-load/2026-11-30-registry-bitmap-by-hand.txt). Both grow with the registry:
 * the bitmap's form reads every row (~5 ns each), the key's reads most of them once a
 * batch's hashes outnumber the granules of its parts.
 */
final class HashReadBack {

	/**
	 * The bitmap's form is used when the asked hashes times this reach the registered
	 * users: the crossover measured lies between 1,000 and 5,000 hashes at 25 M users.
	 */
	static final long USERS_PER_HASH_TO_READ_EVERY_ROW = 10_000;

	/**
	 * The 16-bit slices of a hash (at these shifts) tested before the bitmap: with 25,000
	 * hashes each lets about a third of the other rows through.
	 */
	private static final int[] SLICES = { 48, 32 };

	/** The bitmap's smallest and largest sizes, in bits (512 bytes and 128 KiB). */
	private static final int MIN_BITS = 12;

	private static final int MAX_BITS = 20;

	/** Bits per asked hash: 40 lets ~2.5 % of other hashes through. */
	private static final int BITS_PER_HASH = 40;

	private HashReadBack() {
	}

	static boolean readsEveryRow(int hashes, long registeredUsers) {
		return (long) hashes * USERS_PER_HASH_TO_READ_EVERY_ROW >= registeredUsers;
	}

	/** The statement: one column of the hashes (as text) of more than one row. */
	static String statement(String table, long[] hashes, long registeredUsers) {
		boolean everyRow = readsEveryRow(hashes.length, registeredUsers);
		int bits = bits(hashes.length);
		long[] words = everyRow ? bitmap(hashes, bits) : new long[0];
		// sized once: the statement's words, the table, 20 digits and a comma a number,
		// 6 a slice
		StringBuilder sql = new StringBuilder(
				512 + table.length() + 21 * (hashes.length + words.length) + (everyRow ? 12 * hashes.length : 0))
			.append("SELECT toString(user_hash64) FROM ")
			.append(table)
			.append(" WHERE ");
		if (everyRow) {
			for (int shift : SLICES) {
				sql.append("toUInt16(bitShiftRight(user_hash64, ").append(shift).append(")) IN ");
				slice(sql, hashes, shift);
				sql.append(" AND ");
			}
			sql.append("bitTest(arrayElement(");
			array(sql, words);
			sql.append(", bitShiftRight(user_hash64, ")
				.append(64 - bits + 6)
				.append(") + 1), bitAnd(bitShiftRight(user_hash64, ")
				.append(64 - bits)
				.append("), 63)) AND identity(user_hash64) IN ");
		}
		else {
			sql.append("user_hash64 IN ");
		}
		array(sql, hashes);
		sql.append(" GROUP BY user_hash64 HAVING count() > 1");
		if (everyRow) {
			// each condition of the AND on the rows the ones before it let through
			sql.append(" SETTINGS short_circuit_function_evaluation = 'force_enable'");
		}
		return sql.toString();
	}

	/**
	 * The distinct 16 bits at {@code shift} of the hashes, ascending, as one array: a set
	 * of 16-bit numbers is a table of 65,536 flags to ClickHouse, cheaper to probe than
	 * the bitmap.
	 */
	private static void slice(StringBuilder sql, long[] hashes, int shift) {
		java.util.BitSet seen = new java.util.BitSet(1 << 16);
		for (long hash : hashes) {
			seen.set((int) ((hash >>> shift) & 0xFFFF));
		}
		int first = seen.nextSetBit(0);
		sql.append('[');
		for (int value = first; value >= 0; value = seen.nextSetBit(value + 1)) {
			sql.append((value == first) ? "" : ",").append(value);
		}
		sql.append("]::Array(UInt16)");
	}

	/** The bitmap's size for this many hashes: a power of two, 40 bits a hash or more. */
	static int bits(int hashes) {
		int bits = MIN_BITS;
		while (bits < MAX_BITS && (1L << bits) < (long) BITS_PER_HASH * hashes) {
			bits++;
		}
		return bits;
	}

	/**
	 * The hashes' top {@code bits} bits as a bitmap of 64-bit words: word
	 * {@code h >>> (64
	 * - bits + 6)}, bit {@code (h >>> (64 - bits)) & 63}, as the statement reads it.
	 */
	static long[] bitmap(long[] hashes, int bits) {
		long[] words = new long[1 << (bits - 6)];
		for (long hash : hashes) {
			words[(int) (hash >>> (64 - bits + 6))] |= 1L << ((hash >>> (64 - bits)) & 63);
		}
		return words;
	}

	/**
	 * One array literal of unsigned numbers: ClickHouse parses an array of numbers as one
	 * literal and a list as an expression per number (~30 ms of its CPU for 25,000).
	 */
	private static void array(StringBuilder sql, long[] numbers) {
		sql.append('[');
		for (int i = 0; i < numbers.length; i++) {
			sql.append((i == 0) ? "" : ",").append(Long.toUnsignedString(numbers[i]));
		}
		sql.append("]::Array(UInt64)");
	}

}
