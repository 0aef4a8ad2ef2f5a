package org.eventstream.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One process of the stack: started in its own session (so a Ctrl-C in the terminal
 * reaches only the launcher, which stops everything in order), its output appended to
 * {@code logs/<name>.log}, its pid in {@code run/<name>.pid}. A process that exits on its
 * own is restarted after a pause, like Compose's {@code restart: unless-stopped}; one
 * that keeps failing right after its start is given up on.
 *
 * <p>
 * Where util-linux's {@code setpriv} exists (every Linux), a process gets SIGTERM as soon
 * as the launcher is gone, even when the launcher was killed with SIGKILL: none outlives
 * it unnoticed. The kernel sends that signal when the <em>thread</em> that started the
 * process ends, so every process is started from one thread that lives as long as the
 * launcher ({@link #SPAWNER}), never from a pool thread that may end when idle.
 */
final class ManagedProcess {

	/** Consecutive exits within {@link #QUICK_EXIT} of the start before giving up. */
	static final int MAX_QUICK_EXITS = 5;

	static final Duration QUICK_EXIT = Duration.ofSeconds(30);

	static final Duration RESTART_PAUSE = Duration.ofSeconds(2);

	private static final Path SETSID = Path.of("/usr/bin/setsid");

	private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

	/** The one thread every process is started from; see the class comment. */
	private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(task -> {
		Thread thread = new Thread(task, "event-stream-spawner");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * @param command the program and its arguments
	 * @param environment added to the launcher's own environment
	 * @param readiness when it serves
	 * @param stopTimeout how long a clean stop may take before it is killed
	 */
	record Spec(String name, List<String> command, Map<String, String> environment, Readiness readiness,
			Duration stopTimeout) {
	}

	private final Spec spec;

	private final StackLayout layout;

	private final Console console;

	private volatile Process process;

	private volatile Instant startedAt;

	private volatile boolean stopping;

	private int quickExits;

	ManagedProcess(Spec spec, StackLayout layout, Console console) {
		this.spec = spec;
		this.layout = layout;
		this.console = console;
	}

	String name() {
		return spec.name();
	}

	synchronized void start() {
		List<String> command = new ArrayList<>();
		if (Files.isExecutable(SETSID)) {
			command.add(SETSID.toString());
		}
		if (Files.isExecutable(SETPRIV)) {
			command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "TERM"));
		}
		command.addAll(spec.command());
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log(spec.name()).toFile()));
		builder.environment().putAll(spec.environment());
		try {
			Files.writeString(layout.log(spec.name()),
					"==== " + Instant.now() + " starting: " + String.join(" ", spec.command()) + System.lineSeparator(),
					StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
					java.nio.file.StandardOpenOption.APPEND);
			process = spawn(builder);
			startedAt = Instant.now();
			Files.writeString(layout.pidFile(spec.name()), Long.toString(process.pid()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + spec.name(), ex);
		}
		Process started = process;
		started.onExit().thenAccept(this::exited);
	}

	private static Process spawn(ProcessBuilder builder) throws IOException {
		try {
			return SPAWNER.submit(builder::start).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while starting " + builder.command(), ex);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof IOException io) ? io : new IOException(ex.getCause());
		}
	}

	/**
	 * Waits until the process serves.
	 * @return false if it exited or did not become ready in time
	 */
	boolean awaitReady(Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				return false;
			}
			if (spec.readiness().check()) {
				return true;
			}
			sleep(Duration.ofMillis(250));
		}
		return false;
	}

	/** Stops it: SIGTERM, then SIGKILL after the stop timeout. */
	void stop() {
		stopping = true;
		Process running = process;
		if (running == null || !running.isAlive()) {
			return;
		}
		running.destroy();
		try {
			if (!running.waitFor(spec.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
				console.say(spec.name() + " did not stop within " + spec.stopTimeout().toSeconds() + " s; killing it");
				running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			running.destroyForcibly();
		}
		try {
			Files.deleteIfExists(layout.pidFile(spec.name()));
		}
		catch (IOException ex) {
			// a stale pid file is checked against the live process at the next start
		}
	}

	long pid() {
		return process.pid();
	}

	/** The last lines of its log, to show when it fails. */
	String tail(int lines) {
		try {
			// Latin-1 reads any bytes; a process may write what is not UTF-8
			List<String> all = Files.readAllLines(layout.log(spec.name()), StandardCharsets.ISO_8859_1);
			return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex.getMessage() + ")";
		}
	}

	private void exited(Process ended) {
		if (stopping) {
			return;
		}
		boolean quick = Duration.between(startedAt, Instant.now()).compareTo(QUICK_EXIT) < 0;
		quickExits = quick ? quickExits + 1 : 0;
		if (quickExits >= MAX_QUICK_EXITS) {
			console.say(spec.name() + " exited " + MAX_QUICK_EXITS + " times right after starting; not restarting it. "
					+ "Its log: " + layout.log(spec.name()));
			return;
		}
		console.say(spec.name() + " exited with status " + ended.exitValue() + "; restarting it in "
				+ RESTART_PAUSE.toSeconds() + " s (log: " + layout.log(spec.name()) + ")");
		sleep(RESTART_PAUSE);
		synchronized (this) {
			if (!stopping) {
				start();
			}
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
