package org.eventstream.writer.adapter.out.clickhouse;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.clickhouse.data.format.BinaryStreamUtils;
import com.google.common.collect.Lists;
import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.eventstream.store.EventColumns;
import org.eventstream.store.Tables;
import org.eventstream.store.UserHash;
import org.eventstream.writer.application.port.out.RegisterUsersPort;
import org.eventstream.writer.application.port.out.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code users} registry and its {@code user_hash64_collisions} (migration V5): the
 * metrics API counts exact unique users over the 64-bit {@code user_hash64}, and counts
 * the users of every hash recorded here by their keys instead.
 *
 * <p>
 * Register, then read back: the keys are inserted first, then every registered key of
 * their hashes is read. Of two writers registering two colliding keys at the same time,
 * the one whose insert completed last reads both back, so the collision is recorded
 * before that writer stores a single event of its key (docs/DESIGN.md has the argument).
 * Keys this writer registered and checked are remembered (up to {@code rememberedKeys},
 * least recently used forgotten first) and not registered again.
 */
public final class ClickHouseUserRegistry implements RegisterUsersPort {

	/** The hash of a user key; the column default of {@code users} and {@code events}. */
	static final String USER_HASH64 = UserHash.of(EventColumns.USER_KEY);

	private static final Logger log = LoggerFactory.getLogger(ClickHouseUserRegistry.class);

	/** ClickHouse's {@code sipHash64}: SipHash-2-4 keyed with zeros. */
	private static final HashFunction SIP_HASH_64 = Hashing.sipHash24(0, 0);

	/** ClickHouse's default {@code max_query_size}, in bytes. */
	private static final int DEFAULT_MAX_QUERY_SIZE = 262_144;

	/** The most keys one read-back asks for: a statement of ~2 MB. */
	static final int READ_BACK_MAX_KEYS = 50_000;

	private static final long USERS_COUNT_MAX_AGE_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final Client client;

	private final String users;

	private final String collisions;

	private final long timeoutSeconds;

	private final boolean distributed;

	private final Map<String, Boolean> remembered;

	private final Counter registered;

	private final Counter collided;

	private final Timer latency;

	private long registeredUsers;

	private Long usersCountedAt;

	public ClickHouseUserRegistry(Client client, String database, long timeoutSeconds, int rememberedKeys,
			MeterRegistry meters, boolean distributed) {
		this.client = client;
		this.users = "`" + database + "`." + Tables.USERS;
		this.collisions = "`" + database + "`." + Tables.USER_HASH64_COLLISIONS;
		this.timeoutSeconds = timeoutSeconds;
		this.distributed = distributed;
		this.remembered = new LinkedHashMap<>(16, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
				return size() > rememberedKeys;
			}
		};
		this.registered = Counter.builder("event_stream.writer.users.registered")
			.description("User keys registered for exact unique-user counts")
			.register(meters);
		this.latency = Timer.builder("event_stream.writer.users.register.latency")
			.description("Time to register one batch's unremembered users and check their hashes")
			.publishPercentileHistogram()
			.register(meters);
		this.collided = Counter.builder("event_stream.writer.users.hash_collisions")
			.description("User keys found sharing their 64-bit hash with another key, recorded for exact counts")
			.register(meters);
	}

	@Override
	public void register(Collection<String> userKeys) {
		List<String> unknown = new ArrayList<>();
		synchronized (remembered) {
			for (String key : new LinkedHashSet<>(userKeys)) {
				if (!key.isEmpty() && remembered.get(key) == null) {
					unknown.add(key);
				}
			}
		}
		if (!unknown.isEmpty()) {
			latency.record(() -> registerUnknown(unknown));
		}
	}

	private void registerUnknown(List<String> unknown) {
		// one insert, one part (an insert per chunk made small parts, merged many times)
		insertKeys(unknown);
		// the read-back names a hash per key (~33 bytes) in its body, not the
		// keys in its URL: one statement for a whole poll's keys, since one
		// that reads every row costs about the same for 2,000 keys or 25,000
		for (List<String> chunk : Lists.partition(unknown, READ_BACK_MAX_KEYS)) {
			recordCollisions(chunk);
			registered.increment(chunk.size());
			synchronized (remembered) {
				chunk.forEach(key -> remembered.put(key, Boolean.TRUE));
			}
		}
	}

	private void insertKeys(List<String> keys) {
		InsertSettings settings = new InsertSettings();
		// the keys are distinct already: nothing for the insert to collapse
		settings.serverSetting("optimize_on_insert", "0");
		settings.setNetworkTimeout(timeoutSeconds, ChronoUnit.SECONDS);
		if (distributed) {
			settings.serverSetting("distributed_foreground_insert", "1");
		}
		try {
			client.insert(users, List.of("user_key"), out -> writeKeys(out, keys), ClickHouseFormat.RowBinary, settings)
				.get()
				.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoreUnavailableException("interrupted while registering users", ex);
		}
		catch (Exception ex) {
			throw new StoreUnavailableException(
					"could not register " + keys.size() + " users within " + timeoutSeconds + " s: " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * Every registered key of a hash that more than one key has, among these keys'
	 * hashes, goes to the collisions table. First the hashes of more than one row, from
	 * the hash column alone (normally none but keys registered twice and not yet merged);
	 * then, only for those, the keys. Reading every asked hash's keys cost ClickHouse a
	 * quarter to two fifths more than the hashes alone, by hand
	 * (docs/bench-load/2026-11-29-registry-two-stage.txt). The first stage names the
	 * hashes as literals, computed here as the column default does ({@link #hash64}),
	 * rather than a subquery over the keys (docs/PERFORMANCE.md, change 16), in the form
	 * {@link HashReadBack} chooses for their number and the registry's size.
	 */
	private void recordCollisions(List<String> keys) {
		long[] asked = new long[keys.size()];
		for (int i = 0; i < asked.length; i++) {
			asked[i] = hash64(keys.get(i));
		}
		String sql = HashReadBack.statement(users, asked, registeredUsers());
		List<String> shared = new ArrayList<>();
		query("check " + keys.size() + " users for hash collisions", sql, Map.of(),
				Statements.strings(client, shared::add));
		if (shared.isEmpty()) {
			return;
		}
		UrlChunks.Bound hashes = UrlChunks.bind(shared, "hashes", "{%s:Array(UInt64)}",
				values -> "[" + String.join(",", values) + "]");
		long recorded = query("record the hash collisions of " + shared.size() + " hashes",
				"INSERT INTO " + collisions + " (user_hash64, user_key) SELECT user_hash64, arrayJoin(keys) FROM "
						+ "(SELECT user_hash64, groupUniqArray(user_key) AS keys FROM " + users
						+ " WHERE user_hash64 IN " + hashes.sql() + " GROUP BY user_hash64 HAVING length(keys) > 1)",
				hashes.parameters(), QueryResponse::getWrittenRows);
		if (recorded > 0) {
			log.warn("{} user keys share their 64-bit hash with another key; recorded in {} so that unique-user "
					+ "counts stay exact", recorded, collisions);
			collided.increment(recorded);
		}
	}

	/**
	 * How many rows {@code users} has, counted at most once a minute (a count of its
	 * parts' rows, not a read): only {@link HashReadBack}'s choice of form depends on it,
	 * and a stale count costs CPU, never a collision.
	 */
	private synchronized long registeredUsers() {
		long now = System.nanoTime();
		if (usersCountedAt == null || now - usersCountedAt > USERS_COUNT_MAX_AGE_NANOS) {
			List<String> count = new ArrayList<>(1);
			query("count the registered users", "SELECT toString(count()) FROM " + users, Map.of(),
					Statements.strings(client, count::add));
			registeredUsers = Long.parseLong(count.get(0));
			usersCountedAt = now;
		}
		return registeredUsers;
	}

	private long query(String what, String sql, Map<String, Object> parameters, Statements.Answer answer) {
		QuerySettings settings = new QuerySettings();
		settings.setNetworkTimeout(timeoutSeconds, ChronoUnit.SECONDS);
		if (sql.length() > DEFAULT_MAX_QUERY_SIZE) {
			// a statement of literals (ASCII): its length is its size in bytes
			settings.serverSetting("max_query_size", Integer.toString(sql.length() + 1024));
		}
		if (distributed) {
			settings.serverSetting("distributed_foreground_insert", "1");
		}
		return Statements.run(client, sql, parameters, settings, timeoutSeconds, what, answer);
	}

	/**
	 * The hash {@link #USER_HASH64} gives a key, computed here: 0 for no key, else
	 * ClickHouse's {@code sipHash64} (SipHash-2-4 with a key of zeros) of its UTF-8
	 * bytes, 0 moved to 1. The bytes are those {@link #writeKeys} sends, so a key's hash
	 * here is the one its row gets ({@code ClickHouseUserRegistryTest} compares the two).
	 */
	static long hash64(String key) {
		if (key.isEmpty()) {
			return 0;
		}
		long hash = SIP_HASH_64.hashBytes(key.getBytes(StandardCharsets.UTF_8)).asLong();
		return (hash == 0) ? 1 : hash;
	}

	private static void writeKeys(OutputStream raw, List<String> keys) throws java.io.IOException {
		OutputStream out = new BufferedOutputStream(raw, 1 << 16);
		for (String key : keys) {
			BinaryStreamUtils.writeString(out, key);
		}
		out.flush();
	}

}
