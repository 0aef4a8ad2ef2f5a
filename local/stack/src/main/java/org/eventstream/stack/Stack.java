package org.eventstream.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.eventstream.stack.StackConfig.Environment;
import org.eventstream.stack.importer.ImportCommand;
import org.eventstream.stack.StackConfig.InvalidConfigException;

/**
 * {@code ./event-stream up|down|wipe|status}: the whole pipeline on one machine as
 * separate processes, in start order: Kafka and ClickHouse (local ones in {@code dev}),
 * event-writer (it applies the schema), ingest-api and metrics-api, and the front door on
 * the configured port. Ctrl-C (or {@code down}) stops them in reverse order. What runs is
 * {@link StackPlan}'s; the processes of earlier runs are {@link StackProcesses}'.
 */
public final class Stack {

	static final int INGEST_PORT = 8081;

	static final int METRICS_PORT = 8082;

	static final int WRITER_PORT = 8083;

	static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

	private final StackLayout layout;

	private final Console console;

	private final List<ManagedProcess> started = new ArrayList<>();

	private final StackProcesses processes;

	private Stack(StackLayout layout, Console console) {
		this.layout = layout;
		this.console = console;
		this.processes = new StackProcesses(layout, console);
	}

	public static void main(String[] args) {
		Console console = new Console(System.out);
		Map<String, String> options = new LinkedHashMap<>();
		List<String> positional = new ArrayList<>();
		for (String arg : args) {
			if (arg.startsWith("--") && arg.contains("=")) {
				options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
			else if (arg.startsWith("--")) {
				options.put(arg.substring(2), "");
			}
			else {
				positional.add(arg);
			}
		}
		String command = positional.isEmpty() ? "help" : positional.get(0);
		Set<String> known = Set.of("config", "data-dir", "home", "without", "endpoint", "write-key", "chunk-lines",
				"detach", "follow");
		Optional<String> unknown = options.keySet().stream().filter(option -> !known.contains(option)).findFirst();
		if (unknown.isPresent()) {
			console.say("unknown option --" + unknown.get() + "; " + usage());
			System.exit(2);
		}
		Path home = Path.of(options.getOrDefault("home", ".")).toAbsolutePath().normalize();
		Path dataDir = Path.of(options.getOrDefault("data-dir",
				Optional.ofNullable(System.getenv("EVENT_STREAM_DATA_DIR")).orElse(home.resolve("data").toString())))
			.toAbsolutePath()
			.normalize();
		Stack stack = new Stack(new StackLayout(home, dataDir), console);
		try {
			int status = switch (command) {
				case "up" -> options.containsKey("detach") ? stack.detach(config(options, home))
						: stack.up(config(options, home), Set.of(options.getOrDefault("without", "").split(",")));
				case "logs" -> new Logs(stack.layout, System.out).show(positional.stream().skip(1).findFirst(),
						options.containsKey("follow"));
				case "import" -> ImportCommand.fromCommandLine(positional.subList(1, positional.size()), options,
						() -> URI.create("http://localhost:" + config(options, home).port()),
						dataDir.resolve("imports"));
				case "down" -> stack.down();
				case "wipe" -> stack.wipe();
				case "status" -> stack.status();
				default -> {
					console.say(usage());
					yield "help".equals(command) ? 0 : 2;
				}
			};
			boolean foreground = "up".equals(command) && !options.containsKey("detach");
			if (status != 0 || !foreground) {
				System.exit(status);
			}
		}
		catch (InvalidConfigException ex) {
			console.say("configuration error: " + ex.getMessage());
			System.exit(2);
		}
	}

	private static String usage() {
		return "usage: ./event-stream up|down|wipe|status [--config=config/config.yaml] [--data-dir=data] "
				+ "[--without=event-writer,...] [--detach]" + System.lineSeparator()
				+ "       ./event-stream logs [process] [--follow]" + System.lineSeparator()
				+ "       ./event-stream import FILE... [--endpoint=http://localhost:8080] [--write-key=KEY] "
				+ "[--chunk-lines=5000]";
	}

	private static StackConfig config(Map<String, String> options, Path home) {
		return StackConfig
			.load(Path.of(options.getOrDefault("config", Optional.ofNullable(System.getenv("EVENT_STREAM_CONFIG"))
				.orElse(home.resolve("config/config.yaml").toString()))), System.getenv());
	}

	/**
	 * {@code up --detach}: the config was read first ({@code config} is unused here), so
	 * that a bad one is said at once, not in the background.
	 */
	private int detach(StackConfig config) {
		Optional<ProcessHandle> running = processes.launcher();
		if (running.isPresent()) {
			console.say("already running (pid " + running.get().pid() + ") with data in " + layout.dataDir());
			return 1;
		}
		return Detached.start(layout, console);
	}

	/**
	 * Starts everything and blocks until SIGINT, SIGTERM or SIGHUP, each of which stops
	 * every process in reverse order (the JVM's shutdown hooks).
	 */
	private int up(StackConfig config, Set<String> without) {
		layout.create();
		Optional<ProcessHandle> running = processes.launcher();
		if (running.isPresent()) {
			console.say("already running (pid " + running.get().pid() + ") with data in " + layout.dataDir()
					+ "; stop it with Ctrl-C or ./event-stream down");
			return 1;
		}
		processes.stopLeftovers();
		processes.writePid("stack", ProcessHandle.current().pid());
		List<List<ManagedProcess.Spec>> phases;
		try {
			phases = new StackPlan(layout).phases(config, without);
		}
		catch (IllegalStateException ex) {
			console.say(ex.getMessage());
			processes.deletePid("stack");
			return 1;
		}
		Optional<String> busy = phases.stream()
			.flatMap(List::stream)
			.flatMap(spec -> StackPlan.ports(spec, config).stream().map(port -> Map.entry(spec.name(), port)))
			.filter(entry -> !free(entry.getValue()))
			.map(entry -> "port " + entry.getValue() + " (for " + entry.getKey() + ") is already in use")
			.findFirst();
		if (busy.isPresent()) {
			console.say(busy.get() + "; stop what uses it, or change the port in config/config.yaml");
			processes.deletePid("stack");
			return 1;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "event-stream-stop"));
		if (Signals.sigintIgnored()) {
			console.say("SIGINT is ignored in this process (it was started as a background job, e.g. with & in a "
					+ "script or nohup), so Ctrl-C cannot stop it: stop it with ./event-stream down or kill -TERM "
					+ ProcessHandle.current().pid());
		}
		console.say("starting Event Stream (" + config.environment().name().toLowerCase() + ") with data in "
				+ layout.dataDir() + "; logs in " + layout.logs());
		if (!awaitServers(config)) {
			return 1;
		}
		for (List<ManagedProcess.Spec> phase : phases) {
			List<ManagedProcess> phaseProcesses = phase.stream()
				.map(spec -> new ManagedProcess(spec, layout, console))
				.toList();
			for (ManagedProcess process : phaseProcesses) {
				console.say("starting " + process.name() + " ...");
				process.start();
				synchronized (started) {
					started.add(process);
				}
			}
			for (ManagedProcess process : phaseProcesses) {
				Instant begin = Instant.now();
				if (!process.awaitReady(READY_TIMEOUT)) {
					console
						.say(process.name() + " did not become ready; the end of " + layout.log(process.name()) + ":");
					console.raw(process.tail(40));
					System.exit(1);
				}
				console.say(process.name() + " ready (pid " + process.pid() + ", "
						+ Duration.between(begin, Instant.now()).toMillis() + " ms more)");
			}
		}
		console.raw(summary(config, without));
		try {
			new CountDownLatch(1).await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return 0;
	}

	/**
	 * The Kafka and ClickHouse this stack does not run itself (prod, or addresses on
	 * other machines) must answer before the services start.
	 */
	private boolean awaitServers(StackConfig config) {
		Map<String, Readiness> servers = new LinkedHashMap<>();
		if (config.environment() == Environment.PROD || !config.kafkaIsLocal()) {
			servers.put("Kafka at " + config.kafkaBootstrapServers(), Readiness.kafka(config.kafkaBootstrapServers()));
		}
		if (config.environment() == Environment.PROD || !config.clickHouseIsLocal()) {
			servers.put("ClickHouse at " + config.clickHouseUrl().getHost() + ":" + config.clickHousePort(),
					Readiness.httpOk(config.clickHouseUrl().getScheme() + "://" + config.clickHouseUrl().getHost() + ":"
							+ config.clickHousePort() + "/ping"));
		}
		for (Map.Entry<String, Readiness> server : servers.entrySet()) {
			console.say("waiting for " + server.getKey() + " ...");
			Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
			while (!server.getValue().check()) {
				if (Instant.now().isAfter(deadline)) {
					console.say(server.getKey() + " does not answer; start it, or fix config/config.yaml");
					return false;
				}
				try {
					Thread.sleep(500);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
		return true;
	}

	private String summary(StackConfig config, Set<String> without) {
		String api = "http://localhost:" + config.port();
		StringBuilder text = new StringBuilder();
		text.append(System.lineSeparator()).append("Event Stream is up.").append(System.lineSeparator());
		text.append("  API (the seed's)   ")
			.append(api)
			.append("  POST /events, POST /events/batch, GET /events/metrics")
			.append(System.lineSeparator());
		row(text, without, "ingest-api", "http://localhost:" + INGEST_PORT);
		row(text, without, "metrics-api", "http://localhost:" + METRICS_PORT);
		if (!without.contains("event-writer")) {
			text.append(
					"  event-writer       http://localhost:" + WRITER_PORT + "/actuator/health, /actuator/prometheus")
				.append(System.lineSeparator());
		}
		text.append("  front door (nginx) " + api + "/actuator/health, /front-door/status (from this machine)")
			.append(System.lineSeparator());
		text.append("  Kafka              " + config.kafkaBootstrapServers()).append(System.lineSeparator());
		text.append("  ClickHouse         http://" + config.clickHouseUrl().getHost() + ":" + config.clickHousePort()
				+ " (user " + config.clickHouseUser() + ")")
			.append(System.lineSeparator());
		text.append("  data               " + layout.dataDir() + "  (logs in " + layout.logs() + ")")
			.append(System.lineSeparator());
		text.append("Try: curl '" + api + "/events/metrics?event_name=page_view'").append(System.lineSeparator());
		text.append(Signals.sigintIgnored() ? "./event-stream down" : "Ctrl-C (or ./event-stream down)")
			.append(" stops everything; ./event-stream wipe deletes the data.");
		return text.toString();
	}

	private static void row(StringBuilder text, Set<String> without, String name, String url) {
		if (!without.contains(name)) {
			text.append(String.format("  %-18s %s/swagger/index.html, %s/actuator/prometheus%n", name, url, url));
		}
	}

	/** Stops the processes in reverse start order. */
	private void stopAll() {
		List<ManagedProcess> running;
		synchronized (started) {
			running = new ArrayList<>(started);
		}
		if (!running.isEmpty()) {
			console.say("stopping ...");
		}
		for (int i = running.size() - 1; i >= 0; i--) {
			running.get(i).stop();
			console.say("stopped " + running.get(i).name());
		}
		processes.deletePid("stack");
	}

	private int down() {
		Optional<ProcessHandle> running = processes.launcher();
		if (running.isEmpty()) {
			processes.stopLeftovers();
			console.say("not running (data in " + layout.dataDir() + ")");
			return 0;
		}
		console.say("stopping the stack (pid " + running.get().pid() + ") ...");
		running.get().destroy();
		try {
			running.get().onExit().get(5, java.util.concurrent.TimeUnit.MINUTES);
		}
		catch (Exception ex) {
			console.say("the launcher did not stop in 5 minutes: " + ex);
			return 1;
		}
		processes.stopLeftovers();
		console.say("stopped");
		return 0;
	}

	private int wipe() {
		if (!Files.exists(layout.dataDir())) {
			console.say("nothing to wipe at " + layout.dataDir());
			return 0;
		}
		if (!Files.exists(layout.marker())) {
			console.say(layout.dataDir() + " has no " + StackLayout.MARKER
					+ " marker, so it is not a data directory this stack created; not deleting it");
			return 1;
		}
		int stopped = down();
		if (stopped != 0) {
			return stopped;
		}
		try (Stream<Path> paths = Files.walk(layout.dataDir())) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not delete " + layout.dataDir(), ex);
		}
		console.say("deleted " + layout.dataDir());
		return 0;
	}

	private int status() {
		Optional<ProcessHandle> running = processes.launcher();
		console.say(running.map(handle -> "running (pid " + handle.pid() + ")").orElse("not running") + ", data in "
				+ layout.dataDir());
		processes.byName()
			.forEach((name, process) -> console.say(String.format("  %-14s %s", name,
					process.map(handle -> "up, pid " + handle.pid()).orElse("not running"))));
		return 0;
	}

	private static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
