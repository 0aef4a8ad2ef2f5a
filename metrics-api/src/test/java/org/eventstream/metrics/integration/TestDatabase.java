package org.eventstream.metrics.integration;

import com.clickhouse.client.api.Client;
import org.eventstream.store.ClickHouseConnection;
import org.eventstream.store.SchemaMigrations;
import org.eventstream.testinfra.ClickHouseEndpoint;
import org.eventstream.testinfra.TestInfrastructure;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A database of its own in the local ClickHouse, for one test class's application. */
final class TestDatabase {

	private TestDatabase() {
	}

	/** The database, on the tests' ClickHouse. */
	static ClickHouseConnection connection(String database) {
		ClickHouseEndpoint endpoint = TestInfrastructure.clickHouse();
		return ClickHouseConnection.of(endpoint.url(), endpoint.user(), endpoint.password(), database);
	}

	/** The database, created with every migration applied. */
	static ClickHouseConnection migrated(String database) {
		ClickHouseConnection connection = connection(database);
		try (Client client = connection.newClient()) {
			new SchemaMigrations(client, connection).apply();
		}
		return connection;
	}

	/** The metrics API reads {@code database}, uncached. */
	static void register(DynamicPropertyRegistry registry, String database) {
		ClickHouseEndpoint clickHouse = TestInfrastructure.clickHouse();
		registry.add("event-stream.clickhouse.url", clickHouse::url);
		registry.add("event-stream.clickhouse.user", clickHouse::user);
		registry.add("event-stream.clickhouse.password", clickHouse::password);
		registry.add("event-stream.clickhouse.database", () -> database);
		registry.add("event-stream.metrics.cache-max-staleness", () -> "0s");
	}

}
