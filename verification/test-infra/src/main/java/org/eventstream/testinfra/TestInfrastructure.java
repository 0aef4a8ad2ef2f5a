package org.eventstream.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import org.eventstream.localclickhouse.LocalClickHouse;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The real Kafka and ClickHouse that integration tests run against, one of each per test
 * JVM, started on first use. {@link InfrastructureMode} says where they come from. Tests
 * isolate themselves by topic and database names, not by servers.
 */
public final class TestInfrastructure {

	private static KafkaEndpoint kafka;

	private static ClickHouseEndpoint clickHouse;

	private TestInfrastructure() {
	}

	public static synchronized KafkaEndpoint kafka() {
		if (kafka == null) {
			kafka = switch (InfrastructureMode.current()) {
				case LOCAL -> startEmbeddedKafka().endpoint();
				case DOCKER -> DockerInfrastructure.kafka();
				case EXTERNAL -> new KafkaEndpoint(ExternalInfrastructure.required("test.kafka.bootstrap-servers"));
			};
		}
		return kafka;
	}

	public static synchronized ClickHouseEndpoint clickHouse() {
		if (clickHouse == null) {
			clickHouse = switch (InfrastructureMode.current()) {
				case LOCAL -> startLocalClickHouse();
				case DOCKER -> DockerInfrastructure.clickHouse();
				case EXTERNAL -> new ClickHouseEndpoint(ExternalInfrastructure.required("test.clickhouse.url"),
						System.getProperty("test.clickhouse.user", "default"),
						System.getProperty("test.clickhouse.password", ""));
			};
		}
		return clickHouse;
	}

	/**
	 * A broker of the test's own, for tests that stop Kafka. Only in local mode: a
	 * stopped shared broker would fail every other test.
	 */
	public static EmbeddedKafka privateKafka() {
		if (InfrastructureMode.current() != InfrastructureMode.LOCAL) {
			throw new IllegalStateException("a private broker needs test.infra=local");
		}
		return EmbeddedKafka.start();
	}

	private static EmbeddedKafka startEmbeddedKafka() {
		EmbeddedKafka broker = EmbeddedKafka.start();
		Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-shutdown"));
		return broker;
	}

	private static ClickHouseEndpoint startLocalClickHouse() {
		try {
			LocalClickHouse local = LocalClickHouse
				.start(LocalClickHouse.Settings.of(Files.createTempDirectory("test-clickhouse")));
			// chDB's threads must stop before the process runs its native teardown, or
			// they race it (SIGSEGV at
			// exit, seen once in CI): shutdown hooks run first.
			Runtime.getRuntime().addShutdownHook(new Thread(local::close, "local-clickhouse-shutdown"));
			return new ClickHouseEndpoint(local.url(), local.credentials().user(), local.credentials().password());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A real single-node KRaft broker (combined controller and broker) in this JVM. */
	public static final class EmbeddedKafka implements AutoCloseable {

		private final EmbeddedKafkaKraftBroker broker;

		private EmbeddedKafka(EmbeddedKafkaKraftBroker broker) {
			this.broker = broker;
		}

		static EmbeddedKafka start() {
			EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
			broker.brokerProperty("auto.create.topics.enable", "false");
			broker.afterPropertiesSet();
			return new EmbeddedKafka(broker);
		}

		public KafkaEndpoint endpoint() {
			return new KafkaEndpoint(broker.getBrokersAsString());
		}

		/** Stops the broker for good; its address refuses connections afterwards. */
		@Override
		public void close() {
			broker.destroy();
		}

	}

}
