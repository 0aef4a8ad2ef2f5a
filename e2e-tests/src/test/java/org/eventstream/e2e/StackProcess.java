package org.eventstream.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./event-stream up} as a user runs it, in a data directory of the test's own; its
 * output is kept to show when something fails.
 */
final class StackProcess {

	static final Path HOME = Path.of(System.getProperty("event-stream.home", "..")).toAbsolutePath().normalize();

	private final Process process;

	private final List<String> output = new CopyOnWriteArrayList<>();

	private StackProcess(Process process) {
		this.process = process;
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

	/** Starts the stack and waits until it says it is up. */
	static StackProcess up(Path dataDir) throws Exception {
		return up(dataDir, java.util.Map.of());
	}

	/** The same, with settings for its processes in the environment. */
	static StackProcess up(Path dataDir, java.util.Map<String, String> environment, String... options)
			throws Exception {
		ProcessBuilder builder = new ProcessBuilder(HOME.resolve("event-stream").toString(), "up",
				"--data-dir=" + dataDir)
			.directory(HOME.toFile())
			.redirectErrorStream(true);
		builder.command().addAll(List.of(options));
		// the build that runs these tests has just packaged every jar
		builder.environment().put("EVENT_STREAM_BUILD", "never");
		builder.environment().putAll(environment);
		StackProcess stack = new StackProcess(builder.start());
		long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
		while (!stack.output.contains("Event Stream is up.")) {
			if (!stack.process.isAlive() || System.nanoTime() > deadline) {
				stack.process.destroy();
				throw new AssertionError("the stack did not come up:\n" + stack.output());
			}
			Thread.sleep(200);
		}
		return stack;
	}

	/** Ctrl-C: SIGINT to the launcher, which stops every process in order. */
	int interrupt() throws Exception {
		Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
		kill.waitFor(10, TimeUnit.SECONDS);
		if (!process.waitFor(3, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new AssertionError("the stack did not stop within 3 minutes of Ctrl-C:\n" + output());
		}
		return process.exitValue();
	}

	/** Descendants still alive, which a clean stop leaves none of. */
	List<ProcessHandle> descendants() {
		return process.descendants().filter(ProcessHandle::isAlive).toList();
	}

	long pid() {
		return process.pid();
	}

	String output() {
		return String.join("\n", output);
	}

	void kill() {
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
	}

}
