package org.eventstream.benchmarks.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.clickhouse.client.api.Client;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eventstream.clickhouse.ClickHouseConnection;
import org.eventstream.clickhouse.SchemaMigrations;
import org.eventstream.model.event.AcceptedEvent;
import org.eventstream.model.identity.EventIdentifier;
import org.eventstream.model.time.EventTimePolicy;
import org.eventstream.model.validation.EventLimits;
import org.eventstream.model.validation.EventReader;
import org.eventstream.model.validation.ValidationResult;
import org.eventstream.model.wire.EventRecord;
import org.eventstream.writer.adapter.out.clickhouse.ClickHouseEventStore;
import org.eventstream.writer.application.port.in.ConsumedEvent;
import org.eventstream.writer.application.port.in.SourcePosition;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * What this machine does without the pipeline, measured in the same run as the load so
 * that the results are ratios: the raw Kafka producer (same size, acks=all, the ingest
 * tier's producer settings), the raw ClickHouse insert (the writer's own store and
 * format, without its id lookup), and a trivial WebFlux endpoint driven by the same
 * client as the load.
 */
final class Baselines {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Baselines() {
	}

	/** Records acknowledged per second. */
	static double kafkaProducer(String bootstrapServers, Duration duration) throws Exception {
		String topic = "bench-baseline";
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
				admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
			}
		}
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
				ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.BATCH_SIZE_CONFIG, 262144,
				ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BUFFER_MEMORY_CONFIG, 67108864L);
		GaEvents events = new GaEvents(1);
		List<byte[]> values = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			values.add(events.next(Instant.now()).getBytes());
		}
		AtomicLong acked = new AtomicLong();
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
				new ByteArraySerializer())) {
			long end = System.nanoTime() + duration.toNanos();
			long started = System.nanoTime();
			int i = 0;
			while (System.nanoTime() < end) {
				producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString().getBytes(),
						values.get(i++ % values.size())), (metadata, error) -> {
							if (error == null) {
								acked.incrementAndGet();
							}
						});
			}
			producer.flush();
			return acked.get() / ((System.nanoTime() - started) / 1e9);
		}
	}

	/** Rows inserted per second, in batches of 10,000, through the writer's store. */
	static double clickHouseInsert(String url, Duration duration) {
		ClickHouseConnection connection = ClickHouseConnection.of(url, "default", "", "bench_baseline");
		try (Client client = connection.newClient()) {
			new SchemaMigrations(client, connection).apply();
			ClickHouseEventStore store = new ClickHouseEventStore(client, "bench_baseline", 60,
					new SimpleMeterRegistry());
			List<ConsumedEvent> batch = consumedEvents(10_000);
			long rows = 0;
			long started = System.nanoTime();
			long end = started + duration.toNanos();
			while (System.nanoTime() < end) {
				store.insert(batch, UUID.randomUUID().toString());
				rows += batch.size();
			}
			double rate = rows / ((System.nanoTime() - started) / 1e9);
			client.queryAll("DROP DATABASE IF EXISTS bench_baseline");
			return rate;
		}
	}

	/** Requests per second a trivial WebFlux POST endpoint answers, flat out. */
	static double trivialWebFlux(int concurrency, Duration duration) {
		var handler = RouterFunctions.toHttpHandler(RouterFunctions.route()
			.POST("/events",
					request -> request.bodyToMono(String.class)
						.then(ServerResponse.accepted().bodyValue("{\"id\":\"" + UUID.randomUUID() + "\"}")))
			.build());
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle(new ReactorHttpHandlerAdapter(handler))
			.bindNow();
		try {
			Http http = new Http("http://127.0.0.1:" + server.port(), concurrency);
			GaEvents events = new GaEvents(2);
			String body = events.next(Instant.now());
			AtomicLong answered = new AtomicLong();
			long started = System.nanoTime();
			long end = started + duration.toNanos();
			Flux.<String>generate(sink -> sink.next(body))
				.takeWhile(ignored -> System.nanoTime() < end)
				.flatMap(json -> http.post("/events", json).doOnNext(answer -> answered.incrementAndGet()), concurrency)
				.blockLast();
			return answered.get() / ((System.nanoTime() - started) / 1e9);
		}
		finally {
			server.disposeNow();
		}
	}

	private static List<ConsumedEvent> consumedEvents(int count) {
		return consumedEvents(count, 3);
	}

	/** Events as the writer reads them from the topic; each seed gives other events. */
	static List<ConsumedEvent> consumedEvents(int count, long seed) {
		EventReader reader = new EventReader(EventLimits.DEFAULTS);
		EventIdentifier identifier = new EventIdentifier(UUID::randomUUID);
		GaEvents events = new GaEvents(seed);
		List<ConsumedEvent> consumed = new ArrayList<>(count);
		Instant now = Instant.now();
		for (int i = 0; i < count; i++) {
			Object tree = JSON.readValue(events.next(now), Object.class);
			var event = ((ValidationResult.Valid) reader.read(tree)).event();
			var time = (EventTimePolicy.TimeResolution.Resolved) EventTimePolicy.DEFAULTS.resolve(event, now);
			consumed.add(new ConsumedEvent(
					EventRecord.scan(EventRecord.encode(new AcceptedEvent(
							identifier.identify(event, java.util.Optional.empty(), i), event, now, time.eventTime()))),
					new SourcePosition(0, i)));
		}
		return consumed;
	}

}
