package org.eventstream.stack;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eventstream.stack.StackConfig.Environment;

import static org.eventstream.stack.Stack.INGEST_PORT;
import static org.eventstream.stack.Stack.METRICS_PORT;
import static org.eventstream.stack.Stack.WRITER_PORT;

/**
 * What {@code up} starts, from the configuration: each process's command line,
 * environment, readiness check and stop timeout, in phases (each ready before the next).
 */
final class StackPlan {

	/**
	 * The young generation of the two services that allocate the most per event (load
	 * runs 19 and 20 in docs/PERFORMANCE.md). ingest-api's garbage is request data that
	 * dies within milliseconds: half the heap as young generation (a third by default)
	 * collects it less often. The writer holds a whole poll (up to 25,000 records) for
	 * about a second: survivor spaces large enough for one keep it out of the old
	 * generation, whose full collections cost the writer a fifth of its CPU.
	 */
	private static final Map<String, List<String>> YOUNG_GENERATION = Map.of("ingest-api", List.of("-Xmn128m"),
			"event-writer", List.of("-Xmn128m", "-XX:SurvivorRatio=2"));

	private final StackLayout layout;

	StackPlan(StackLayout layout) {
		this.layout = layout;
	}

	/** The processes to start, phase by phase; each phase is ready before the next. */
	List<List<ManagedProcess.Spec>> phases(StackConfig config, Set<String> without) {
		String clickHouseUrl = config.clickHouseUrl().toString();
		String kafka = config.kafkaBootstrapServers();
		List<ManagedProcess.Spec> infrastructure = new ArrayList<>();
		if (config.environment() == Environment.DEV && config.kafkaIsLocal()) {
			infrastructure.add(new ManagedProcess.Spec("kafka",
					java("local-kafka", "512m", "--port=" + config.kafkaPort(),
							"--controller-port=" + (config.kafkaPort() + 1),
							"--data-dir=" + layout.dataDir().resolve("kafka"), "--host=localhost"),
					Map.of(), Readiness.kafka(kafka), Duration.ofSeconds(60)));
		}
		if (config.environment() == Environment.DEV && config.clickHouseIsLocal()) {
			infrastructure.add(new ManagedProcess.Spec("clickhouse",
					java("local-clickhouse", "256m", "--port=" + config.clickHousePort(),
							"--data-dir=" + layout.dataDir().resolve("clickhouse"), "--host=127.0.0.1",
							"--user=" + config.clickHouseUser(), "--password=" + config.clickHousePassword()),
					Map.of(), Readiness.httpOk("http://127.0.0.1:" + config.clickHousePort() + "/ping"),
					Duration.ofSeconds(30)));
		}
		ManagedProcess.Spec writer = service("event-writer", WRITER_PORT,
				Map.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka, "EVENT_STREAM_CLICKHOUSE_URL", clickHouseUrl),
				Duration.ofSeconds(70));
		// keys (EVENT_STREAM_SECURITY_WRITE_KEYS, _READ_KEYS, _ADMIN_KEYS) come from the
		// launcher's own environment, which the services inherit
		String anonymous = System.getenv()
			.getOrDefault("EVENT_STREAM_SECURITY_ANONYMOUS", Boolean.toString(config.anonymousAccess()));
		ManagedProcess.Spec ingest = service("ingest-api", INGEST_PORT,
				Map.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka, "EVENT_STREAM_SECURITY_ANONYMOUS", anonymous),
				Duration.ofSeconds(30));
		ManagedProcess.Spec metrics = service("metrics-api", METRICS_PORT,
				Map.of("EVENT_STREAM_CLICKHOUSE_URL", clickHouseUrl, "EVENT_STREAM_SECURITY_ANONYMOUS", anonymous),
				Duration.ofSeconds(30));
		List<List<ManagedProcess.Spec>> phases = new ArrayList<>();
		phases.add(infrastructure);
		phases.add(List.of(writer));
		phases.add(List.of(ingest, metrics));
		if (!without.contains("front-door")) {
			phases.add(List
				.of(new FrontDoor(layout).spec(config.port(), List.of(URI.create("http://127.0.0.1:" + INGEST_PORT)),
						List.of(URI.create("http://127.0.0.1:" + METRICS_PORT)))));
		}
		return phases.stream()
			.map(phase -> phase.stream().filter(spec -> !without.contains(spec.name())).toList())
			.filter(phase -> !phase.isEmpty())
			.toList();
	}

	private ManagedProcess.Spec service(String module, int port, Map<String, String> environment,
			Duration stopTimeout) {
		Map<String, String> env = new LinkedHashMap<>(environment);
		env.put("SERVER_PORT", Integer.toString(port));
		return new ManagedProcess.Spec(module, java(module, "256m"), env,
				Readiness.httpOk("http://127.0.0.1:" + port + "/actuator/health/readiness"), stopTimeout);
	}

	private List<String> java(String module, String heap, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add(layout.processTag());
		command.add("-Xmx" + heap);
		command.addAll(YOUNG_GENERATION.getOrDefault(module, List.of()));
		// small, steady footprints for seven JVMs on one machine: every service stays
		// under 512 MB of RSS at full load with these, at the same throughput as G1.
		// jdk.nio.maxCachedBufferSize: the JDK copies every socket read into a heap
		// buffer through a temporary direct buffer as large as the read, and keeps it
		// per thread; the writer's Kafka fetches (up to 50 MB) kept ~100 MB of those
		// (docs/PERFORMANCE.md)
		command.addAll(List.of("-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=160m", "-XX:ReservedCodeCacheSize=64m",
				"-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-Djdk.nio.maxCachedBufferSize=262144"));
		Optional.ofNullable(System.getenv("EVENT_STREAM_JAVA_OPTS"))
			.filter(options -> !options.isBlank())
			.ifPresent(options -> command.addAll(List.of(options.trim().split("\\s+"))));
		command.add("-jar");
		command.add(layout.jar(module).toString());
		command.addAll(List.of(arguments));
		return command;
	}

	/** The ports a process will listen on, to check they are free first. */
	static List<Integer> ports(ManagedProcess.Spec spec, StackConfig config) {
		return switch (spec.name()) {
			case "kafka" -> List.of(config.kafkaPort(), config.kafkaPort() + 1);
			case "clickhouse" -> List.of(config.clickHousePort());
			case "event-writer" -> List.of(WRITER_PORT);
			case "ingest-api" -> List.of(INGEST_PORT);
			case "metrics-api" -> List.of(METRICS_PORT);
			case "front-door" -> List.of(config.port());
			default -> List.of();
		};
	}

}
