package org.eventstream.writer.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.clickhouse.client.api.Client;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eventstream.health.ClickHouseHealthIndicator;
import org.eventstream.health.KafkaHealthIndicator;
import org.eventstream.store.ClickHouseConnection;
import org.eventstream.store.ClusterDdl;
import org.eventstream.store.RetentionTtl;
import org.eventstream.store.SchemaMigrations;
import org.eventstream.writer.adapter.in.kafka.EventBatchListener;
import org.eventstream.writer.adapter.out.clickhouse.ClickHouseEventStore;
import org.eventstream.writer.adapter.out.clickhouse.ClickHouseUserDeletions;
import org.eventstream.writer.adapter.out.clickhouse.ClickHouseUserRegistry;
import org.eventstream.writer.adapter.out.kafka.KafkaDeadLetterPublisher;
import org.eventstream.writer.application.port.in.StoreEventsUseCase;
import org.eventstream.writer.application.service.StoreEventsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Wires the writer: ClickHouse (schema applied first), the dead-letter topic, the use
 * case and the listener.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ WriterProperties.class, ClickHouseProperties.class })
class WriterConfiguration {

	private static final Logger log = LoggerFactory.getLogger(WriterConfiguration.class);

	private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(3);

	@Bean
	ClickHouseConnection clickHouseConnection(ClickHouseProperties properties) {
		return ClickHouseConnection.of(properties.url(), properties.user(), properties.password(),
				properties.database());
	}

	@Bean(destroyMethod = "close")
	Client clickHouseClient(ClickHouseConnection connection, WriterProperties properties,
			ClickHouseProperties clickHouse, @Value("${event-stream.retention:}") String retention) {
		Client client = connection.newClient();
		applySchema(client, connection, clickHouse.clusterDdl(), properties.startupTimeout());
		new RetentionTtl(client, connection, clickHouse.clusterDdl())
			.apply(retention.isBlank() ? Optional.empty() : Optional.of(DurationStyle.detectAndParse(retention)));
		return client;
	}

	/** Readiness: a writer needs both ends of its pipe. */
	@Bean
	KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafka) {
		return new KafkaHealthIndicator(kafka.buildAdminProperties(), HEALTH_TIMEOUT);
	}

	@Bean
	ClickHouseHealthIndicator clickHouseHealthIndicator(Client clickHouseClient) {
		return new ClickHouseHealthIndicator(clickHouseClient, HEALTH_TIMEOUT);
	}

	@Bean
	ClickHouseEventStore clickHouseEventStore(Client clickHouseClient, ClickHouseConnection connection,
			WriterProperties properties, ClickHouseProperties clickHouse, MeterRegistry meters) {
		return new ClickHouseEventStore(clickHouseClient, connection.database(), properties.insertTimeout().toSeconds(),
				meters, clickHouse.clusterDdl().isPresent());
	}

	@Bean
	ClickHouseUserRegistry clickHouseUserRegistry(Client clickHouseClient, ClickHouseConnection connection,
			WriterProperties properties, ClickHouseProperties clickHouse, MeterRegistry meters) {
		return new ClickHouseUserRegistry(clickHouseClient, connection.database(),
				properties.insertTimeout().toSeconds(), properties.rememberedUsers(), meters,
				clickHouse.clusterDdl().isPresent());
	}

	@Bean
	ClickHouseUserDeletions clickHouseUserDeletions(Client clickHouseClient, ClickHouseConnection connection,
			WriterProperties properties) {
		return new ClickHouseUserDeletions(clickHouseClient, connection.database(),
				properties.insertTimeout().toSeconds(), properties.deletionHoldLimit());
	}

	@Bean
	NewTopic deadLetterTopic(WriterProperties properties) {
		return TopicBuilder.name(properties.deadLetterTopic()).partitions(1).build();
	}

	@Bean(destroyMethod = "destroy")
	DefaultKafkaProducerFactory<byte[], byte[]> deadLetterProducerFactory(KafkaProperties kafkaProperties) {
		Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
		config.put("acks", "all");
		config.put("enable.idempotence", true);
		return new DefaultKafkaProducerFactory<>(config, new ByteArraySerializer(), new ByteArraySerializer());
	}

	@Bean
	KafkaTemplate<byte[], byte[]> deadLetterTemplate(DefaultKafkaProducerFactory<byte[], byte[]> factory) {
		return new KafkaTemplate<>(factory);
	}

	@Bean
	KafkaDeadLetterPublisher deadLetterPublisher(KafkaTemplate<byte[], byte[]> deadLetterTemplate,
			WriterProperties properties, MeterRegistry meters) {
		return new KafkaDeadLetterPublisher(deadLetterTemplate, properties.topic(), properties.deadLetterTopic(),
				meters);
	}

	@Bean
	StoreEventsUseCase storeEventsUseCase(ClickHouseEventStore store, ClickHouseUserRegistry users,
			KafkaDeadLetterPublisher deadLetters, ClickHouseUserDeletions deletions, WriterProperties properties) {
		if (!properties.deduplicate()) {
			log.error("event-stream.writer.deduplicate is false: replays, retries and resends WILL be stored and "
					+ "counted twice. This switch exists for the fault suite's negative control only.");
		}
		return new StoreEventsService(store, store, users, deadLetters, deletions, properties.deletedUserWindow(),
				properties.deduplicate());
	}

	@Bean
	EventBatchListener eventBatchListener(StoreEventsUseCase store, MeterRegistry meters) {
		return new EventBatchListener(store, meters);
	}

	/**
	 * A failed batch (ClickHouse or the dead-letter topic unavailable) is retried as it
	 * is, forever, with back-off up to {@code retry-backoff-max}; the consumer is paused
	 * and keeps polling meanwhile, so it stays in its group. Nothing is committed until
	 * the batch succeeds.
	 */
	@Bean
	DefaultErrorHandler retryForeverErrorHandler(WriterProperties properties) {
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
		backOff.setMaxInterval(properties.retryBackoffMax().toMillis());
		backOff.setMaxElapsedTime(Long.MAX_VALUE);
		DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
		handler.setLogLevel(org.springframework.kafka.KafkaException.Level.WARN);
		return handler;
	}

	private static void applySchema(Client client, ClickHouseConnection connection, Optional<ClusterDdl> cluster,
			Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			try {
				new SchemaMigrations(client, connection, cluster).apply();
				return;
			}
			catch (SchemaMigrations.SchemaChecksumMismatchException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(
							"ClickHouse at " + connection.url() + " did not accept the schema " + "within " + timeout,
							ex);
				}
				log.warn("ClickHouse at {} not ready for the schema yet ({}); retrying", connection.url(),
						ex.getMessage());
				sleep(Duration.ofSeconds(1));
			}
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for ClickHouse", ex);
		}
	}

}
