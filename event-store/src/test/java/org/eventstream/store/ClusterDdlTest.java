package org.eventstream.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.clickhouse.client.api.Client;
import org.eventstream.testinfra.ClickHouseEndpoint;
import org.eventstream.testinfra.TestInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The cluster form of every migration, generated and checked: there is no ClickHouse
 * cluster (nor Keeper) on this machine, so the statements are read by ClickHouse's own
 * parser ({@code EXPLAIN AST}) and checked for what makes the cluster work.
 */
class ClusterDdlTest {

	static final ClickHouseConnection CONNECTION = ClickHouseConnection.of("http://localhost:8123", "default", "",
			"event_stream");

	static List<String> ddl;

	@BeforeAll
	static void generate() {
		SchemaMigrations migrations = new SchemaMigrations(null, CONNECTION, Optional.of(new ClusterDdl("main")));
		ddl = new ArrayList<>();
		migrations.migrations().forEach(migration -> ddl.addAll(migrations.ddl(migration)));
	}

	@Test
	void everyDefinitionRunsOnTheWholeCluster() {
		assertThat(ddl).filteredOn(statement -> !statement.startsWith("INSERT"))
			.isNotEmpty()
			.allMatch(statement -> statement.contains(" ON CLUSTER `main`"), "runs ON CLUSTER main");
	}

	@Test
	void eventsAreReplicatedAndShardedByTheirId() {
		assertThat(statement("CREATE TABLE IF NOT EXISTS `event_stream`.events_local "))
			.contains("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/events_local', "
					+ "'{replica}')")
			.contains("PROJECTION by_event_id")
			.contains("ORDER BY (event_name, toDate(event_time), channel_type, event_id)");
		assertThat(statement("CREATE TABLE IF NOT EXISTS `event_stream`.events "))
			.contains("event_id                 String,")
			.contains("kafka_offset             UInt64\n)")
			.doesNotContain("PROJECTION")
			.contains("ENGINE = Distributed('main', 'event_stream', 'events_local', cityHash64(event_id))");
		assertThat(ddl).filteredOn(statement -> statement.startsWith("ALTER TABLE"))
			.extracting(statement -> statement.substring(0, statement.indexOf(" ON CLUSTER")))
			.containsExactly("ALTER TABLE `event_stream`.events_local", "ALTER TABLE `event_stream`.events",
					"ALTER TABLE `event_stream`.events_local", "ALTER TABLE `event_stream`.events",
					"ALTER TABLE `event_stream`.events_local", "ALTER TABLE `event_stream`.events_local",
					"ALTER TABLE `event_stream`.events_local", "ALTER TABLE `event_stream`.events_local",
					"ALTER TABLE `event_stream`.events");
		assertThat(ddl).filteredOn(statement -> statement.contains("MATERIALIZE ") || statement.contains("ADD INDEX"))
			.hasSize(3)
			.allMatch(statement -> statement.startsWith("ALTER TABLE `event_stream`.events_local ON CLUSTER `main` "),
					"on the local table only");
	}

	@Test
	void usersAreShardedByTheirHashAndTheirCollisionsAreOnEveryNode() {
		assertThat(statement("CREATE TABLE IF NOT EXISTS `event_stream`.users "))
			.contains("Distributed('main', 'event_stream', 'users_local', user_hash64)");
		assertThat(statement("CREATE TABLE IF NOT EXISTS `event_stream`.user_hash64_collisions ")).contains(
				"ReplicatedReplacingMergeTree('/clickhouse/tables/{database}/user_hash64_collisions', '{shard}-{replica}')")
			.doesNotContain("Distributed");
	}

	@Test
	void rollupsAreFedOnEachShardFromItsOwnEvents() {
		assertThat(statement("CREATE MATERIALIZED VIEW IF NOT EXISTS `event_stream`.events_hourly_mv "))
			.contains("TO `event_stream`.events_hourly_local AS")
			.contains("FROM `event_stream`.events_local\n")
			.doesNotContain("FROM `event_stream`.events\n");
		assertThat(statement("CREATE MATERIALIZED VIEW IF NOT EXISTS `event_stream`.events_hourly_by_name_mv "))
			.contains("TO `event_stream`.events_hourly_by_name_local AS")
			.contains("FROM `event_stream`.events_local\n");
		assertThat(statement("CREATE TABLE IF NOT EXISTS `event_stream`.events_hourly_local ")).contains(
				"ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/events_hourly_local'");
		assertThat(statement("CREATE TABLE IF NOT EXISTS `event_stream`.events_hourly "))
			.contains("Distributed('main', 'event_stream', 'events_hourly_local', rand())");
	}

	@Test
	void bookkeepingIsTheSameOnEveryNode() {
		assertThat(statement("CREATE TABLE IF NOT EXISTS `event_stream`.rollup_coverage "))
			.contains("ReplicatedMergeTree('/clickhouse/tables/{database}/rollup_coverage', '{shard}-{replica}')")
			.doesNotContain("Distributed");
		assertThat(new ClusterDdl("main").rewrite("CREATE TABLE IF NOT EXISTS `db`.schema_migrations (version UInt32) "
				+ "ENGINE = ReplacingMergeTree(applied_at) ORDER BY version"))
			.containsExactly("CREATE TABLE IF NOT EXISTS `db`.schema_migrations ON CLUSTER `main`\n(version UInt32)\n"
					+ "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{database}/schema_migrations', "
					+ "'{shard}-{replica}', applied_at) ORDER BY version");
	}

	@Test
	void clickHousesParserReadsEveryStatement() {
		ClickHouseEndpoint endpoint = TestInfrastructure.clickHouse();
		try (Client client = ClickHouseConnection.of(endpoint.url(), endpoint.user(), endpoint.password(), "default")
			.newClient()) {
			for (String statement : ddl) {
				assertThat(client.queryAll("EXPLAIN AST " + statement)).as(statement).isNotEmpty();
			}
		}
	}

	@Test
	void refusesWhatItCannotTranslate() {
		assertThatIllegalStateException().isThrownBy(() -> new ClusterDdl("main").rewrite("DROP TABLE x"))
			.withMessageContaining("teach ClusterDdl");
		assertThatIllegalArgumentException().isThrownBy(() -> new ClusterDdl("main; DROP"))
			.withMessageContaining("must be letters, digits and underscores");
	}

	private static String statement(String prefix) {
		return ddl.stream()
			.filter(statement -> statement.startsWith(prefix))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no statement starting with " + prefix + " in " + ddl));
	}

}
