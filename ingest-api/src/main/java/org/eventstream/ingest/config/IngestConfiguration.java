package org.eventstream.ingest.config;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eventstream.health.KafkaHealthIndicator;
import org.eventstream.ingest.adapter.in.web.ImportLimits;
import org.eventstream.ingest.adapter.in.web.IngestProblems;
import org.eventstream.ingest.adapter.in.web.RequestLimits;
import org.eventstream.ingest.adapter.out.geoip.MaxMindGeoLocation;
import org.eventstream.ingest.adapter.out.kafka.CircuitBreakingPublisher;
import org.eventstream.ingest.adapter.out.kafka.KafkaEventPublisher;
import org.eventstream.ingest.application.port.in.IngestEventsUseCase;
import org.eventstream.ingest.application.port.out.GeoLocationPort;
import org.eventstream.ingest.application.port.out.PublishEventsPort;
import org.eventstream.ingest.application.service.InFlightEvents;
import org.eventstream.ingest.application.service.IngestEventsService;
import org.eventstream.model.identity.EventIdentifier;
import org.eventstream.model.time.EventTimePolicy;
import org.eventstream.model.validation.EventReader;
import org.eventstream.web.problem.NettyErrorProblems;
import org.eventstream.web.problem.ProblemJsonExceptionHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;

/**
 * Wires the ingest API: the use case, its Kafka publisher and the web adapter's limits.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestProperties.class)
class IngestConfiguration {

	private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(3);

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	InFlightEvents inFlightEvents(IngestProperties properties) {
		return new InFlightEvents(properties.kafka().maxInFlightEvents());
	}

	@Bean
	IngestEventsUseCase ingestEventsUseCase(Clock clock, IngestProperties properties, PublishEventsPort publisher,
			InFlightEvents inFlight, GeoLocationPort geoLocation, MeterRegistry meters,
			@Value("${event-stream.retention:}") String retention) {
		return IngestMeters.counting(new IngestEventsService(clock, new EventReader(properties.limits().event()),
				timePolicy(properties, retention), EventIdentifier.withRandomUuids(), publisher, inFlight, geoLocation),
				meters);
	}

	/** Off ({@link GeoLocationPort#NONE}) unless the operator gave a database file. */
	@Bean
	GeoLocationPort geoLocation(IngestProperties properties, MeterRegistry meters) {
		return properties.geoip()
			.file()
			.<GeoLocationPort>map(file -> MaxMindGeoLocation.open(file, meters))
			.orElse(GeoLocationPort.NONE);
	}

	/**
	 * The configured event times, narrowed to the store's retention when one is set
	 * ({@code EVENT_STREAM_RETENTION}, the same setting the writer turns into TTLs).
	 */
	private static EventTimePolicy timePolicy(IngestProperties properties, String retention) {
		EventTimePolicy policy = properties.time().policy();
		return retention.isBlank() ? policy : policy.withRetention(DurationStyle.detectAndParse(retention));
	}

	/** Readiness: an instance that cannot reach Kafka cannot accept events. */
	@Bean
	KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafka) {
		return new KafkaHealthIndicator(kafka.buildAdminProperties(), HEALTH_TIMEOUT);
	}

	@Bean
	RequestLimits requestLimits(IngestProperties properties) {
		return properties.limits().request();
	}

	@Bean
	ImportLimits importLimits(IngestProperties properties) {
		return properties.imports().limits();
	}

	/** Netty's own error answers (431, 414, 400) as problems too. */
	@Bean
	NettyErrorProblems nettyErrorProblems() {
		return new NettyErrorProblems();
	}

	@Bean
	ProblemJsonExceptionHandler problemJsonExceptionHandler(MeterRegistry meters) {
		return new ProblemJsonExceptionHandler(IngestProblems::of, meters);
	}

	@Bean
	NewTopic eventsTopic(IngestProperties properties) {
		IngestProperties.Kafka kafka = properties.kafka();
		return TopicBuilder.name(kafka.topic())
			.partitions(kafka.partitions())
			.replicas(kafka.replicationFactor())
			.config("min.insync.replicas", kafka.replicationFactor() > 1 ? "2" : "1")
			.build();
	}

	/**
	 * The configured producer, which may wait in {@code send} for metadata or room (up to
	 * {@code max.block.ms}): the publisher uses it from {@link #kafkaSendExecutor} only.
	 * With the producer's own metrics in Prometheus ({@code kafka_producer_*}: request
	 * latency, buffer available, records per request), as Boot's own factory would have.
	 */
	@Bean(destroyMethod = "destroy")
	DefaultKafkaProducerFactory<String, byte[]> eventProducerFactory(KafkaProperties kafkaProperties,
			MeterRegistry meters) {
		return producerFactory(kafkaProperties.buildProducerProperties(), meters);
	}

	/**
	 * The same producer settings but {@code max.block.ms} 0 and its own client id: a
	 * {@code send} that would wait is refused at once, so the publisher calls it on the
	 * request's own event loop.
	 */
	@Bean(destroyMethod = "destroy")
	DefaultKafkaProducerFactory<String, byte[]> immediateProducerFactory(KafkaProperties kafkaProperties,
			MeterRegistry meters, @Value("${spring.application.name:ingest-api}") String application) {
		Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
		// a client id of its own (the factories' default is the application's name
		// and "-producer"): two producers of one id clash in JMX, their metrics as one
		config.put(ProducerConfig.CLIENT_ID_CONFIG,
				config.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, application + "-producer") + "-immediate");
		return producerFactory(config, meters);
	}

	private static DefaultKafkaProducerFactory<String, byte[]> producerFactory(Map<String, Object> config,
			MeterRegistry meters) {
		var factory = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
		factory.addListener(new MicrometerProducerListener<>(meters));
		return factory;
	}

	/**
	 * Ours replaces Boot's template (which would want a ProducerFactory of Objects); the
	 * publisher sends through the factories' producers itself.
	 */
	@Bean
	KafkaTemplate<String, byte[]> eventKafkaTemplate(DefaultKafkaProducerFactory<String, byte[]> eventProducerFactory) {
		return new KafkaTemplate<>(eventProducerFactory);
	}

	@Bean(destroyMethod = "shutdown")
	ExecutorService kafkaSendExecutor() {
		return Executors.newFixedThreadPool(2, runnable -> {
			Thread thread = new Thread(runnable, "kafka-send");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Bean
	PublishEventsPort publishEventsPort(DefaultKafkaProducerFactory<String, byte[]> immediateProducerFactory,
			DefaultKafkaProducerFactory<String, byte[]> eventProducerFactory, IngestProperties properties,
			ExecutorService kafkaSendExecutor, MeterRegistry meters) {
		IngestProperties.Kafka kafka = properties.kafka();
		var publisher = new KafkaEventPublisher(immediateProducerFactory, eventProducerFactory, kafka.topic(),
				kafka.publishTimeout(), kafkaSendExecutor);
		CircuitBreaker breaker = CircuitBreaker.of("kafka",
				CircuitBreakerConfig.custom()
					.failureRateThreshold(kafka.circuitBreaker().failureRatePercent())
					.slidingWindowSize(kafka.circuitBreaker().slidingWindow())
					.minimumNumberOfCalls(Math.min(5, kafka.circuitBreaker().slidingWindow()))
					.waitDurationInOpenState(kafka.circuitBreaker().waitInOpenState())
					.build());
		return IngestMeters.timed(new CircuitBreakingPublisher(publisher, breaker), meters);
	}

}
