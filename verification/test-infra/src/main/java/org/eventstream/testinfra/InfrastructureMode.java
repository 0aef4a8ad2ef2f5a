package org.eventstream.testinfra;

import java.util.Locale;
import java.util.Optional;

/**
 * Where the tests' Kafka and ClickHouse come from, chosen with {@code -Dtest.infra=} (or
 * {@code TEST_INFRA}).
 */
public enum InfrastructureMode {

	/**
	 * The default: an in-process KRaft broker and the in-process chDB endpoint. Needs no
	 * Docker.
	 */
	LOCAL,
	/**
	 * Testcontainers: the official Apache Kafka and ClickHouse images. Needs a Docker
	 * engine.
	 */
	DOCKER,
	/**
	 * Already running servers: {@code -Dtest.kafka.bootstrap-servers=},
	 * {@code -Dtest.clickhouse.url=}, {@code -Dtest.clickhouse.user=},
	 * {@code -Dtest.clickhouse.password=}.
	 */
	EXTERNAL;

	public static InfrastructureMode current() {
		String value = Optional.ofNullable(System.getProperty("test.infra"))
			.or(() -> Optional.ofNullable(System.getenv("TEST_INFRA")))
			.orElse("local");
		try {
			return valueOf(value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("test.infra must be local, docker or external, not '" + value + "'");
		}
	}

}
