package org.eventstream.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./event-stream up} as a user runs it, in a data directory of the test's own; its
 * output is kept to show when something fails.
 *
 * <p>
 * Whatever happens to the test, no process of the stack outlives it: {@link #kill()}
 * (called by the tests' {@code @AfterAll}, and by a JVM shutdown hook registered at
 * start) stops the launcher and every process that carries this data directory's tag on
 * its command line, which finds them even after the launcher is gone. And should the test
 * JVM itself be killed with SIGKILL, the launcher gets SIGTERM from the kernel
 * ({@code setpriv --pdeathsig}), and it stops the rest.
 */
final class StackProcess {

	static final Path HOME = Path.of(System.getProperty("event-stream.home", "../..")).toAbsolutePath().normalize();

	private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

	/** How the launcher is started: the signal dispositions it inherits. */
	enum Start {

		/**
		 * As from a terminal: every signal at its default, whatever the caller of this
		 * test ignores (a test run from a background job inherits SIGINT ignored).
		 */
		TERMINAL("env", "--default-signal=INT,HUP,TERM"),

		/**
		 * As {@code nohup ./event-stream up &} from a script: SIGINT and SIGHUP ignored.
		 */
		BACKGROUND_JOB("bash", "-c", "trap '' INT HUP; exec \"$@\"", "background-job");

		private final List<String> prefix;

		Start(String... prefix) {
			this.prefix = List.of(prefix);
		}

	}

	private final Process process;

	private final Path dataDir;

	private final List<String> output = new CopyOnWriteArrayList<>();

	private final Thread killOnExit = new Thread(this::kill, "stack-process-cleanup");

	private StackProcess(Process process, Path dataDir) {
		this.process = process;
		this.dataDir = dataDir;
		Runtime.getRuntime().addShutdownHook(killOnExit);
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				lines.lines().forEach(output::add);
			}
			catch (IOException ex) {
				output.add("(output unreadable: " + ex + ")");
			}
		}, "stack-output");
		reader.setDaemon(true);
		reader.start();
	}

	/** Starts the stack as from a terminal and waits until it says it is up. */
	static StackProcess up(Path dataDir) throws Exception {
		return up(dataDir, Map.of());
	}

	/** The same, with settings for its processes in the environment. */
	static StackProcess up(Path dataDir, Map<String, String> environment, String... options) throws Exception {
		return up(Start.TERMINAL, dataDir, environment, options);
	}

	/**
	 * The stack with keys required, as in production: anonymous access off, these write
	 * and read key entries ({@code name=<sha256>...}, see {@link #sha256}).
	 */
	static StackProcess withKeys(Path dataDir, String writeKeys, String readKeys) throws Exception {
		return up(dataDir, Map.of("ANONYMOUS_ACCESS", "false", "EVENT_STREAM_SECURITY_WRITE_KEYS", writeKeys,
				"EVENT_STREAM_SECURITY_READ_KEYS", readKeys));
	}

	/**
	 * A query to the local stack's ClickHouse (its database, its default credentials), as
	 * an operator would send it: the answer's body, the query failing the test unless
	 * 200.
	 */
	static String clickHouse(String sql) throws Exception {
		java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest
				.newBuilder(java.net.URI.create("http://localhost:8123/?database=event_stream"))
				.header("X-ClickHouse-User", "user")
				.header("X-ClickHouse-Key", "1234")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(sql))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new AssertionError(sql + ": " + response.statusCode() + " " + response.body());
		}
		return response.body();
	}

	/** A key's SHA-256 in hex, as the services are given it. */
	static String sha256(String key) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256")
					.digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static StackProcess up(Start start, Path dataDir, Map<String, String> environment, String... options)
			throws Exception {
		List<String> command = new ArrayList<>();
		if (Files.isExecutable(SETPRIV)) {
			command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "TERM"));
		}
		command.addAll(start.prefix);
		command.addAll(List.of(HOME.resolve("event-stream").toString(), "up", "--data-dir=" + dataDir));
		command.addAll(List.of(options));
		ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true);
		// the build that runs these tests has just packaged every jar
		builder.environment().put("EVENT_STREAM_BUILD", "never");
		builder.environment().putAll(environment);
		StackProcess stack = new StackProcess(builder.start(), dataDir.toAbsolutePath().normalize());
		long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
		while (!stack.output.contains("Event Stream is up.")) {
			if (!stack.process.isAlive() || System.nanoTime() > deadline) {
				stack.kill();
				throw new AssertionError("the stack did not come up:\n" + stack.output());
			}
			Thread.sleep(200);
		}
		return stack;
	}

	/** Ctrl-C: SIGINT to the launcher, which stops every process in order. */
	int interrupt() throws Exception {
		return signal("INT");
	}

	/** SIGTERM to the launcher, which stops every process in order. */
	int terminate() throws Exception {
		return signal("TERM");
	}

	private int signal(String signal) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
		kill.waitFor(10, TimeUnit.SECONDS);
		if (!process.waitFor(3, TimeUnit.MINUTES)) {
			kill();
			throw new AssertionError("the stack did not stop within 3 minutes of SIG" + signal + ":\n" + output());
		}
		return process.exitValue();
	}

	/** Descendants still alive, which a clean stop leaves none of. */
	List<ProcessHandle> descendants() {
		return process.descendants().filter(ProcessHandle::isAlive).toList();
	}

	/**
	 * The live processes that carry this stack's tag on their command line, wherever they
	 * are in the process tree.
	 */
	List<ProcessHandle> tagged() {
		return tagged(dataDir);
	}

	/**
	 * The live processes of the stack of a data directory, by the tag on their command
	 * line: the JVMs carry {@code -Devent-stream.data-dir=
	 *
	<dir>
	 * }, the front door (nginx) the path of its configuration in that directory.
	 */
	static List<ProcessHandle> tagged(Path dataDir) {
		Path dir = dataDir.toAbsolutePath().normalize();
		List<String> tags = List.of("-Devent-stream.data-dir=" + dir, dir.resolve("front-door/nginx.conf").toString());
		return ProcessHandle.allProcesses()
			.filter(handle -> handle.info()
				.arguments()
				.map(arguments -> List.of(arguments).stream().anyMatch(tags::contains))
				.orElse(false))
			.toList();
	}

	long pid() {
		return process.pid();
	}

	boolean isAlive() {
		return process.isAlive();
	}

	String output() {
		return String.join("\n", output);
	}

	/**
	 * The last {@code lines} lines of one service's log
	 * ({@code <data>/logs/<service>.log}), for a failure message.
	 */
	String logTail(String service, int lines) {
		Path log = dataDir.resolve("logs").resolve(service + ".log");
		try {
			List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
			return "--- the last " + lines + " lines of " + log + "\n"
					+ String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(" + log + " unreadable: " + ex + ")";
		}
	}

	/**
	 * One service's threads as {@code jcmd <pid> Thread.print} prints them (its pid from
	 * {@code <data>/run/<service>.pid}), for a failure message where a service did not
	 * answer: where each of its threads waits.
	 */
	String threadDump(String service) {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		try {
			String pid = Files.readString(dataDir.resolve("run").resolve(service + ".pid")).trim();
			Process dump = new ProcessBuilder(jcmd.toString(), pid, "Thread.print").redirectErrorStream(true).start();
			String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			dump.waitFor();
			return "--- the threads of " + service + " (pid " + pid + ")\n" + threads;
		}
		catch (IOException ex) {
			return "(no thread dump of " + service + ": " + ex + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "(no thread dump of " + service + ": interrupted)";
		}
	}

	/**
	 * Kills the launcher and every process of its stack (SIGKILL), and waits until they
	 * are gone.
	 */
	void kill() {
		List<ProcessHandle> all = new ArrayList<>(descendants());
		all.addAll(tagged());
		all.add(process.toHandle());
		all.forEach(ProcessHandle::destroyForcibly);
		for (ProcessHandle handle : all) {
			try {
				handle.onExit().get(30, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				// reported by the next start, which finds its ports busy
			}
		}
		if (Thread.currentThread() != killOnExit) {
			try {
				Runtime.getRuntime().removeShutdownHook(killOnExit);
			}
			catch (IllegalStateException ex) {
				// the JVM is already shutting down
			}
		}
	}

}
