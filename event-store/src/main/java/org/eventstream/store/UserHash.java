package org.eventstream.store;

/**
 * The 64-bit hash of a user key, as the column defaults of {@code events.user_hash64} and
 * {@code users.user_hash64} compute it (V5): 0 for no user, else {@code sipHash64(key)},
 * with a key hashing to 0 moved to 1 (sharing 1 with any key that hashes to 1: a
 * collision like any other, recorded as such). Code that computes the hash of a key it
 * has not stored yet uses this expression; {@code StoreNamesTest} checks it against the
 * column defaults. The writer's user registry computes the same hash in Java
 * ({@code ClickHouseUserRegistry.hash64}, held equal to the rows' own by
 * {@code ClickHouseUserRegistryTest}) to name hashes as literals: a change here changes
 * it too.
 */
public final class UserHash {

	private UserHash() {
	}

	/** The hash of {@code key}, a column or an expression of type String. */
	public static String of(String key) {
		return "if(" + key + " = '', 0, greatest(sipHash64(" + key + "), 1))";
	}

}
