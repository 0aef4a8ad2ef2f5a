package org.eventstream.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An event-writer the fault scenarios run themselves (the stack runs with
 * {@code --without=event-writer}), so that it can reach ClickHouse through a faulty proxy
 * and be killed and restarted at the scenario's pace.
 */
final class WriterProcess {

	private final int port;

	private final String clickHouseUrl;

	private final Path log;

	private final Map<String, String> environment;

	private Process process;

	WriterProcess(int port, String clickHouseUrl, Path log) {
		this(port, clickHouseUrl, log, Map.of());
	}

	/**
	 * @param environment more settings, e.g. {@code EVENT_STREAM_WRITER_DEDUPLICATE}
	 */
	WriterProcess(int port, String clickHouseUrl, Path log, Map<String, String> environment) {
		this.port = port;
		this.clickHouseUrl = clickHouseUrl;
		this.log = log;
		this.environment = environment;
	}

	/**
	 * Starts it; it stops with the test JVM however that ends (a shutdown hook, and the
	 * kernel's parent-death signal for a SIGKILL).
	 */
	WriterProcess start() throws Exception {
		List<String> command = new ArrayList<>();
		if (Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
			command.addAll(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL"));
		}
		command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-XX:+UseSerialGC",
				"-jar", jar().toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment()
			.putAll(Map.of("SERVER_PORT", Integer.toString(port), "SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092",
					"EVENT_STREAM_CLICKHOUSE_URL", clickHouseUrl, "EVENT_STREAM_WRITER_INSERT_TIMEOUT", "5s"));
		builder.environment().putAll(environment);
		process = builder.start();
		Process started = process;
		Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "writer-process-cleanup"));
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new AssertionError("the writer exited with " + process.exitValue() + "; see " + log);
			}
			try {
				if (http
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
						.build(), HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200) {
					return this;
				}
			}
			catch (java.io.IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new AssertionError("the writer was not ready within 2 minutes; see " + log);
	}

	/** The sum of one counter's series on this writer's Prometheus endpoint. */
	double counter(String name) throws Exception {
		String metrics = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		return metrics.lines()
			.filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	/** SIGKILL: no shutdown hook, no offset commit, whatever it was doing. */
	void kill() throws Exception {
		process.destroyForcibly();
		process.waitFor(30, TimeUnit.SECONDS);
	}

	/** SIGTERM: it leaves the consumer group cleanly. */
	void stop() throws Exception {
		process.destroy();
		if (!process.waitFor(90, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("the writer did not stop within 90 s of SIGTERM");
		}
	}

	private static Path jar() throws Exception {
		try (var files = Files.list(StackProcess.HOME.resolve("event-writer").resolve("target"))) {
			return files.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst().orElseThrow();
		}
	}

}
