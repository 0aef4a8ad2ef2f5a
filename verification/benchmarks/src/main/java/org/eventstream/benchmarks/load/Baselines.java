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
import io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eventstream.model.event.AcceptedEvent;
import org.eventstream.model.identity.EventIdentifier;
import org.eventstream.model.time.EventTimePolicy;
import org.eventstream.model.validation.EventLimits;
import org.eventstream.model.validation.EventReader;
import org.eventstream.model.validation.ValidationResult;
import org.eventstream.model.wire.EventRecord;
import org.eventstream.store.ClickHouseConnection;
import org.eventstream.store.SchemaMigrations;
import org.eventstream.writer.adapter.out.clickhouse.ClickHouseEventStore;
import org.eventstream.writer.application.port.in.ConsumedEvent;
import org.eventstream.writer.application.port.in.SourcePosition;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * What this machine does without the pipeline, for
 * {@code verification/benchmarks/load.sh} to print beside it, each with the CPU it costs
 * per event:
 *
 * <pre>
 * Baselines netty PORT                           a bare Reactor Netty handler (reads the body, answers 202) until killed
 * Baselines kafka BOOTSTRAP SECONDS BROKER_PID   the raw producer: ingest-api's settings, records of the wire format
 * Baselines clickhouse URL SECONDS SERVER_PID    the raw insert: the writer's store, batches of 25,000, no lookup
 * </pre>
 *
 * The last two print one line: records per second, then CPU µs per record of this JVM and
 * of the server process over the measured part (after a warm-up of a third of it).
 */
public final class Baselines {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Baselines() {
	}

	public static void main(String[] args) throws Exception {
		switch (args[0]) {
			case "netty" -> bareNetty(Integer.parseInt(args[1]));
			case "kafka" ->
				kafkaProducer(args[1], Duration.ofSeconds(Long.parseLong(args[2])), Long.parseLong(args[3]));
			case "clickhouse" ->
				clickHouseInsert(args[1], Duration.ofSeconds(Long.parseLong(args[2])), Long.parseLong(args[3]));
			default -> throw new IllegalArgumentException("netty, kafka or clickhouse, not " + args[0]);
		}
	}

	/** Reads each request's body and answers 202 with a small JSON body, until killed. */
	static void bareNetty(int port) {
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.handle((request, response) -> request.receive()
				.aggregate()
				.then(Mono.defer(() -> response.status(HttpResponseStatus.ACCEPTED)
					.header("Content-Type", "application/json")
					.sendString(Mono.just("{\"accepted\":100}"))
					.then())))
			.bindNow();
		System.out.println("bare Netty handler on port " + server.port());
		server.onDispose().block();
	}

	static void kafkaProducer(String bootstrapServers, Duration duration, long brokerPid) throws Exception {
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
		List<byte[]> values = consumedEvents(10_000, 1).stream().map(event -> event.event().record()).toList();
		AtomicLong acked = new AtomicLong();
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
				new ByteArraySerializer())) {
			Measure measure = new Measure(brokerPid, duration);
			int i = 0;
			while (measure.running()) {
				producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString().getBytes(),
						values.get(i++ % values.size())), (metadata, error) -> {
							if (error == null) {
								acked.incrementAndGet();
							}
						});
				if (measure.warmedUp()) {
					producer.flush();
					acked.set(0);
					measure.start();
				}
			}
			producer.flush();
			measure.report("raw Kafka producer (acks=all, lz4, the wire format)", acked.get(), "broker");
		}
	}

	static void clickHouseInsert(String url, Duration duration, long serverPid) throws Exception {
		ClickHouseConnection connection = ClickHouseConnection.of(url, "default", "", "bench_baseline");
		try (Client client = connection.newClient()) {
			new SchemaMigrations(client, connection).apply();
			ClickHouseEventStore store = new ClickHouseEventStore(client, "bench_baseline", 60,
					new SimpleMeterRegistry());
			List<List<ConsumedEvent>> batches = new ArrayList<>();
			for (int seed = 0; seed < 4; seed++) {
				batches.add(consumedEvents(25_000, 100 + seed));
			}
			Measure measure = new Measure(serverPid, duration);
			long rows = 0;
			int i = 0;
			while (measure.running()) {
				List<ConsumedEvent> batch = batches.get(i++ % batches.size());
				store.insert(batch, UUID.randomUUID().toString());
				rows += batch.size();
				if (measure.warmedUp()) {
					rows = 0;
					measure.start();
				}
			}
			measure.report("raw ClickHouse insert (the writer's store, 25,000 rows, no lookup)", rows, "ClickHouse");
			client.queryAll("DROP DATABASE IF EXISTS bench_baseline");
		}
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

	/**
	 * A measured run: a warm-up of a third of the duration, then the rest, with this
	 * JVM's CPU and a server process's over the measured part.
	 */
	private static final class Measure {

		private final long serverPid;

		private final long end;

		private final long warmUpEnd;

		private boolean started;

		private long startNanos;

		private long ownCpu;

		private long serverTicks;

		Measure(long serverPid, Duration duration) {
			this.serverPid = serverPid;
			long now = System.nanoTime();
			this.end = now + duration.toNanos();
			this.warmUpEnd = now + duration.toNanos() / 3;
		}

		boolean running() {
			return System.nanoTime() < end;
		}

		boolean warmedUp() {
			return !started && System.nanoTime() >= warmUpEnd;
		}

		void start() throws Exception {
			started = true;
			startNanos = System.nanoTime();
			ownCpu = ownCpuNanos();
			serverTicks = ProcessCpu.ticks(serverPid);
		}

		void report(String what, long records, String server) throws Exception {
			double seconds = (System.nanoTime() - startNanos) / 1e9;
			double ownUs = (ownCpuNanos() - ownCpu) / 1e3 / records;
			double serverUs = (ProcessCpu.ticks(serverPid) - serverTicks) * 1e6 / ProcessCpu.TICKS_PER_SECOND / records;
			System.out.printf("%s: %.0f records/s; CPU µs per record: client %.1f, %s %.1f, sum %.1f%n", what,
					records / seconds, ownUs, server, serverUs, ownUs + serverUs);
		}

		private static long ownCpuNanos() {
			return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
				.getOperatingSystemMXBean()).getProcessCpuTime();
		}

	}

}
