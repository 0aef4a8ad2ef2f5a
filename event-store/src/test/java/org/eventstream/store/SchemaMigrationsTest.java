package org.eventstream.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.clickhouse.client.api.Client;
import org.eventstream.testinfra.ClickHouseEndpoint;
import org.eventstream.testinfra.TestInfrastructure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaMigrationsTest {

	private static ClickHouseConnection freshDatabase() {
		ClickHouseEndpoint endpoint = TestInfrastructure.clickHouse();
		return ClickHouseConnection.of(endpoint.url(), endpoint.user(), endpoint.password(),
				"migrations_" + Long.toHexString(System.nanoTime()));
	}

	@Test
	void createsTheEventsTableWithItsIdProjectionAndRecordsTheVersion() {
		ClickHouseConnection connection = freshDatabase();
		try (Client client = connection.newClient()) {
			assertThat(new SchemaMigrations(client, connection).apply()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);

			String ddl = client.queryAll("SHOW CREATE TABLE events").get(0).getString(1);
			assertThat(ddl).contains("ReplacingMergeTree", "PROJECTION by_event_id",
					"non_replicated_deduplication_window");
			assertThat(client.queryAll("SELECT version FROM schema_migrations ORDER BY version"))
				.extracting(row -> row.getLong("version"))
				.containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
			assertThat(client.queryAll("SHOW CREATE TABLE events").get(0).getString(1)).contains("user_hash");
		}
	}

	@Test
	void applyingTwiceOrConcurrentlyLeavesOneSchema() throws Exception {
		ClickHouseConnection connection = freshDatabase();
		try (Client a = connection.newClient(); Client b = connection.newClient()) {
			var first = CompletableFuture.supplyAsync(() -> new SchemaMigrations(a, connection).apply());
			var second = CompletableFuture.supplyAsync(() -> new SchemaMigrations(b, connection).apply());
			assertThat(List.of(first.get(), second.get()))
				.allSatisfy(applied -> assertThat(applied).isSubsetOf(1, 2, 3, 4, 5, 6, 7, 8));

			assertThat(new SchemaMigrations(a, connection).apply()).isEmpty();
			assertThat(a.queryAll("SELECT count() AS n FROM schema_migrations FINAL").get(0).getLong("n")).isEqualTo(8);
		}
	}

	/**
	 * V5 on a database that already holds events: their users are registered, and keys
	 * already sharing a hash are recorded as collisions. (The collision is forged: a
	 * registry row claiming alice's hash for mallory, as no two real keys are known to
	 * share a 64-bit hash.)
	 */
	@Test
	void v5RegistersTheUsersOfStoredEventsAndRecordsTheirCollisions() {
		ClickHouseConnection connection = freshDatabase();
		try (Client client = connection.newClient()) {
			new SchemaMigrations(client, connection).apply();
			client.queryAll("INSERT INTO events (event_id, event_name, channel_type, event_time, received_at, user_id, "
					+ "user_pseudo_id, kafka_partition, kafka_offset) VALUES "
					+ "('e1', 'a', 'web', now(), now(), 'alice', '', 0, 0), "
					+ "('e2', 'a', 'web', now(), now(), '', 'pseudo-bob', 0, 1), "
					+ "('e3', 'a', 'web', now(), now(), '', '', 0, 2)");
			client.queryAll("INSERT INTO users (user_hash64, user_key) "
					+ "SELECT user_hash64, 'mallory' FROM events WHERE user_id = 'alice'");
			client.queryAll("DELETE FROM schema_migrations WHERE version = 5");

			assertThat(new SchemaMigrations(client, connection).apply()).containsExactly(5);

			assertThat(client.queryAll("SELECT DISTINCT user_key FROM users ORDER BY user_key"))
				.extracting(row -> row.getString("user_key"))
				.containsExactly("alice", "mallory", "pseudo-bob");
			assertThat(client.queryAll("SELECT user_key FROM user_hash64_collisions ORDER BY user_key"))
				.extracting(row -> row.getString("user_key"))
				.containsExactly("alice", "mallory");
			assertThat(client.queryAll("SELECT user_key, user_hash64 FROM events ORDER BY event_id"))
				.extracting(row -> row.getString("user_key") + ":" + (row.getBigInteger("user_hash64").signum() > 0))
				.containsExactly("alice:true", "pseudo-bob:true", ":false");
		}
	}

	@Test
	void refusesToStartWhenAnAppliedMigrationWasEdited() {
		ClickHouseConnection connection = freshDatabase();
		try (Client client = connection.newClient()) {
			new SchemaMigrations(client, connection).apply();
			// what the database recorded differs from the file now: as if the file was
			// edited
			client.queryAll("ALTER TABLE schema_migrations UPDATE checksum = 'edited' WHERE version = 1 "
					+ "SETTINGS mutations_sync = 2");

			assertThatThrownBy(() -> new SchemaMigrations(client, connection).apply())
				.isInstanceOf(SchemaMigrations.SchemaChecksumMismatchException.class)
				.hasMessageContaining("V1");
		}
	}

	@Test
	void takesCredentialsOutOfTheSeedsUrlForm() {
		ClickHouseConnection connection = ClickHouseConnection.of("http://user:1234@localhost:8123", "default", "",
				"event_stream");

		assertThat(connection.url()).isEqualTo("http://localhost:8123");
		assertThat(connection.user()).isEqualTo("user");
		assertThat(connection.password()).isEqualTo("1234");
		assertThat(connection.toString()).doesNotContain("1234");
		assertThatThrownBy(() -> ClickHouseConnection.of("http://localhost:8123", "u", "p", "bad-name"))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void splitsMigrationFilesIntoStatements() {
		assertThat(SchemaMigrations.statements("-- comment; not a split\nCREATE TABLE a (x String DEFAULT ';');\n"
				+ "ALTER TABLE a ADD COLUMN y UInt8;\n"))
			.containsExactly("CREATE TABLE a (x String DEFAULT ';')", "ALTER TABLE a ADD COLUMN y UInt8");
	}

}
