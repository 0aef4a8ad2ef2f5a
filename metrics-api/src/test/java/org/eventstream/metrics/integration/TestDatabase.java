package org.eventstream.metrics.integration;

import org.eventstream.testinfra.ClickHouseEndpoint;
import org.eventstream.testinfra.TestInfrastructure;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A database of its own in the local ClickHouse, for one test class's application. */
final class TestDatabase {

	private TestDatabase() {
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
