package org.eventstream.model.identity;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random UUIDs that sort by the time they were made (RFC 9562 version 7): 48 bits of Unix
 * milliseconds, then 74 random bits. Event ids sort this way so that the writer's lookup
 * of new ids ("is this id stored?") reads only the newest granules of the id projection:
 * random version 4 ids spread over every granule, and the lookup's cost grew with the
 * table (docs/PERFORMANCE.md).
 *
 * <p>
 * The random bits come from {@link SecureRandom}, one per thread: an id that could be
 * predicted could be sent first by someone else and make the real event a duplicate.
 */
public final class TimeOrderedUuid {

	private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

	private TimeOrderedUuid() {
	}

	public static UUID next() {
		return at(System.currentTimeMillis());
	}

	static UUID at(long epochMillis) {
		SecureRandom random = RANDOM.get();
		long high = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low);
	}

}
