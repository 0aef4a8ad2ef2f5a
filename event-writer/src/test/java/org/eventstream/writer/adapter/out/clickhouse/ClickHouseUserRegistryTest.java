package org.eventstream.writer.adapter.out.clickhouse;

import java.util.List;
import java.util.Map;

import com.clickhouse.client.api.Client;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eventstream.store.ClickHouseConnection;
import org.eventstream.store.SchemaMigrations;
import org.eventstream.testinfra.ClickHouseEndpoint;
import org.eventstream.testinfra.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry against the local ClickHouse. No two real keys are known to share a 64-bit
 * hash, so the tests forge one: a registry row that claims another key's hash, as a
 * colliding key registered earlier would have left.
 */
class ClickHouseUserRegistryTest {

	private Client client;

	private String database;

	private SimpleMeterRegistry meters;

	private ClickHouseUserRegistry registry;

	@BeforeEach
	void schema() {
		ClickHouseEndpoint endpoint = TestInfrastructure.clickHouse();
		ClickHouseConnection connection = ClickHouseConnection.of(endpoint.url(), endpoint.user(), endpoint.password(),
				"users_" + Long.toHexString(System.nanoTime()));
		database = connection.database();
		client = connection.newClient();
		new SchemaMigrations(client, connection).apply();
		meters = new SimpleMeterRegistry();
		registry = new ClickHouseUserRegistry(client, database, 30, 3, meters, false);
	}

	@AfterEach
	void close() {
		client.close();
	}

	@Test
	void registersEachKeyWithTheHashTheEventsTableGivesIt() {
		registry.register(List.of("alice", "bob", "", "alice", "ünïcødé 用户"));

		assertThat(rows("SELECT user_key, user_hash64 = " + ClickHouseUserRegistry.USER_HASH64
				+ " AS same, user_hash64 != 0 AS set FROM users ORDER BY user_key"))
			.containsExactly("alice true true", "bob true true", "ünïcødé 用户 true true");
		assertThat(count("user_hash64_collisions")).isZero();
		assertThat(meters.get("event_stream.writer.users.registered").counter().count()).isEqualTo(3);
		assertThat(meters.get("event_stream.writer.users.register.latency").timer().count()).isEqualTo(1);
	}

	/**
	 * The read-back names the keys' hashes computed here: a hash that differed from the
	 * one ClickHouse gives the key's row would never be found, and a collision would go
	 * unrecorded.
	 */
	@Test
	void computesEachKeysHashAsClickHouseDoes() {
		java.util.Random random = new java.util.Random(17);
		List<String> keys = new java.util.ArrayList<>(List.of("alice", "ünïcødé 用户", "a".repeat(256), "用".repeat(256),
				"emoji 😀", "quote ' and \\ backslash", "tab\tnewline\n", "nul\u0000inside", "1", "😀".repeat(64)));
		for (int i = 0; i < 300; i++) {
			int[] codePoints = random.ints(1 + random.nextInt(40), 1, 0x2FFFF)
				.filter(c -> c < 0xD800 || c > 0xDFFF)
				.toArray();
			keys.add(new String(codePoints, 0, codePoints.length));
		}
		new ClickHouseUserRegistry(client, database, 30, 10_000, meters, false).register(keys);

		Map<String, Long> stored = new java.util.HashMap<>();
		client.queryAll("SELECT user_key, toString(user_hash64) AS h FROM users")
			.forEach(row -> stored.put(row.getString("user_key"), Long.parseUnsignedLong(row.getString("h"))));
		assertThat(stored).hasSize(new java.util.HashSet<>(keys).size());
		keys.forEach(key -> assertThat(ClickHouseUserRegistry.hash64(key)).as(key).isEqualTo(stored.get(key)));
		assertThat(ClickHouseUserRegistry.hash64("")).isZero();
	}

	@Test
	void recordsBothKeysOfAHashThatTwoKeysShare() {
		client.queryAll("INSERT INTO users (user_hash64, user_key) SELECT user_hash64, 'mallory' FROM " + "(SELECT "
				+ ClickHouseUserRegistry.USER_HASH64 + " AS user_hash64 FROM (SELECT 'alice' AS user_key))");

		registry.register(List.of("alice", "bob"));

		assertThat(rows("SELECT user_key, user_hash64 = (SELECT " + ClickHouseUserRegistry.USER_HASH64
				+ " FROM (SELECT 'alice' AS user_key)) AS alices FROM user_hash64_collisions ORDER BY user_key"))
			.containsExactly("alice true", "mallory true");
		assertThat(meters.get("event_stream.writer.users.hash_collisions").counter().count()).isEqualTo(2);
	}

	/**
	 * A key registered again (by another writer, or after this one forgot it) is a second
	 * row of its hash until a merge collapses the two: a hash of two rows, not of two
	 * keys.
	 */
	@Test
	void doesNotRecordAKeyRegisteredTwiceAsACollision() {
		client.queryAll("SYSTEM STOP MERGES `" + database + "`.users");

		registry.register(List.of("alice", "bob"));
		new ClickHouseUserRegistry(client, database, 30, 3, meters, false).register(List.of("alice", "carol"));

		assertThat(count("users")).as("alice twice, unmerged").isEqualTo(4);
		assertThat(count("user_hash64_collisions")).isZero();
		assertThat(meters.get("event_stream.writer.users.hash_collisions").counter().count()).isZero();
	}

	/**
	 * The keys of a chunk travel in the read-back's URL: 2,000 user ids of the longest
	 * allowed kind (256 characters of three UTF-8 bytes, nine once percent-encoded) would
	 * be a 4.6 MB URL, beyond what ClickHouse accepts (1 MiB by default).
	 */
	@Test
	void registersThousandsOfTheLongestKeysAllowed() {
		List<String> keys = java.util.stream.IntStream.range(0, 2500)
			.mapToObj(i -> "用".repeat(250) + String.format("%06d", i))
			.toList();

		new ClickHouseUserRegistry(client, database, 30, 10_000, meters, false).register(keys);

		assertThat(count("users")).isEqualTo(2500);
	}

	/**
	 * Many read-back chunks, one insert: each insert makes a part that merges cost again
	 * (docs/PERFORMANCE.md). Merges are stopped so that none can hide a second insert.
	 */
	@Test
	void registersABatchInOneInsertAndChecksEveryChunkOfIt() {
		List<String> keys = java.util.stream.IntStream.range(0, ClickHouseUserRegistry.READ_BACK_MAX_KEYS + 1)
			.mapToObj(i -> "user-" + i)
			.toList();
		String last = keys.get(keys.size() - 1);
		client.queryAll("INSERT INTO users (user_hash64, user_key) SELECT user_hash64, 'mallory' FROM (SELECT "
				+ ClickHouseUserRegistry.USER_HASH64 + " AS user_hash64 FROM (SELECT '" + last + "' AS user_key))");

		client.queryAll("SYSTEM STOP MERGES `" + database + "`.users");

		new ClickHouseUserRegistry(client, database, 30, 10_000, meters, false).register(keys);

		assertThat(client
			.queryAll("SELECT count() AS n FROM system.parts WHERE database = '" + database
					+ "' AND table = 'users' AND active")
			.get(0)
			.getLong("n")).as("the forged row's part and one for the batch").isEqualTo(2);
		assertThat(rows("SELECT user_key, 1 FROM user_hash64_collisions")).containsExactlyInAnyOrder(last + " true",
				"mallory true");
	}

	/**
	 * The read-back's two forms, through the primary key and through a bitmap of every
	 * row, find the same hashes of more than one row: here hashes at the ends of the
	 * bitmap's words and of the 64-bit range, among rows whose hashes are not asked.
	 */
	@Test
	void findsTheSameSharedHashesThroughThePrimaryKeyAsThroughEveryRow() {
		long[] asked = { 1, 2, 63, 64, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2, 0x0123_4567_89AB_CDEFL };
		client.queryAll("INSERT INTO users (user_hash64, user_key) SELECT number * 0x9E3779B97F4A7C15, toString(number)"
				+ " FROM numbers(20000)");
		StringBuilder twice = new StringBuilder("INSERT INTO users (user_hash64, user_key) VALUES ");
		for (int i = 0; i < asked.length; i++) {
			String hash = Long.toUnsignedString(asked[i]);
			twice.append(i == 0 ? "" : ",").append("(" + hash + ", 'a" + i + "'),(" + hash + ", 'b" + i + "')");
		}
		client.queryAll(twice.toString());
		long[] withUnshared = java.util.Arrays.copyOf(asked, asked.length + 2);
		withUnshared[asked.length] = 3 * 0x9E3779B97F4A7C15L;
		withUnshared[asked.length + 1] = 42;
		List<String> expected = java.util.Arrays.stream(asked).mapToObj(Long::toUnsignedString).toList();

		for (long registered : new long[] { 1, 1_000_000 }) {
			assertThat(HashReadBack.readsEveryRow(withUnshared.length, registered)).isEqualTo(registered == 1);
			List<String> shared = client.queryAll(HashReadBack.statement("users", withUnshared, registered))
				.stream()
				.map(row -> row.getString(1))
				.toList();
			assertThat(shared).as("reading every row: %s", registered == 1)
				.containsExactlyInAnyOrderElementsOf(expected);
		}
	}

	@Test
	void recordsACollisionWhenTheRegistryIsLargeEnoughToReadThroughThePrimaryKey() {
		client.queryAll(
				"INSERT INTO users (user_hash64, user_key) SELECT number * 0x9E3779B97F4A7C15 + 1, toString(number)"
						+ " FROM numbers(20000)");
		client.queryAll("INSERT INTO users (user_hash64, user_key) SELECT user_hash64, 'mallory' FROM " + "(SELECT "
				+ ClickHouseUserRegistry.USER_HASH64 + " AS user_hash64 FROM (SELECT 'alice' AS user_key))");
		assertThat(HashReadBack.readsEveryRow(1, count("users"))).isFalse();

		registry.register(List.of("alice"));

		assertThat(rows("SELECT user_key, 1 FROM user_hash64_collisions")).containsExactlyInAnyOrder("alice true",
				"mallory true");
	}

	@Test
	void doesNotRegisterAgainTheKeysItRemembersAndForgetsTheLeastRecentlyUsed() {
		registry.register(List.of("a", "b", "c"));
		registry.register(List.of("a"));
		registry.register(List.of("d"));
		assertThat(count("users")).isEqualTo(4);

		registry.register(List.of("a", "c", "d"));
		assertThat(count("users")).as("all three remembered").isEqualTo(4);

		registry.register(List.of("b"));
		assertThat(count("users")).as("b was forgotten when d came").isEqualTo(5);
	}

	private long count(String table) {
		return client.queryAll("SELECT count() AS n FROM " + table).get(0).getLong("n");
	}

	private List<String> rows(String sql) {
		return client.queryAll(sql, Map.of())
			.stream()
			.map(row -> row.getString(1) + " " + row.getBoolean(2)
					+ (row.getSchema().getColumns().size() > 2 ? " " + row.getBoolean(3) : ""))
			.toList();
	}

}
