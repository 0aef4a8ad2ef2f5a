package org.eventstream.testinfra;

import org.testcontainers.clickhouse.ClickHouseContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka and ClickHouse from their official images via Testcontainers, for machines with a
 * Docker engine ({@code -Dtest.infra=docker}). Testcontainers' Ryuk removes the
 * containers when the JVM ends.
 */
final class DockerInfrastructure {

	/** The same images docker-compose.yml runs. */
	static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

	static final String CLICKHOUSE_IMAGE = "clickhouse/clickhouse-server:25.8";

	private DockerInfrastructure() {
	}

	@SuppressWarnings("resource")
	static KafkaEndpoint kafka() {
		KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE).withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
		kafka.start();
		return new KafkaEndpoint(kafka.getBootstrapServers());
	}

	@SuppressWarnings("resource")
	static ClickHouseEndpoint clickHouse() {
		ClickHouseContainer clickHouse = new ClickHouseContainer(CLICKHOUSE_IMAGE).withUsername("user")
			.withPassword("1234");
		clickHouse.start();
		String url = "http://" + clickHouse.getHost() + ":" + clickHouse.getMappedPort(8123);
		return new ClickHouseEndpoint(url, clickHouse.getUsername(), clickHouse.getPassword());
	}

}
