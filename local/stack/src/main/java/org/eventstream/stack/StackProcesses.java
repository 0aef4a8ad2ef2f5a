package org.eventstream.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The processes of one data directory, found by their pid files ({@code run/}) and by the
 * tag on their command lines: the launcher that runs there, and what earlier runs left
 * behind.
 */
final class StackProcesses {

	private final StackLayout layout;

	private final Console console;

	StackProcesses(StackLayout layout, Console console) {
		this.layout = layout;
		this.console = console;
	}

	/**
	 * Every process with a pid file but the launcher, by name: its live process, if any.
	 */
	Map<String, Optional<ProcessHandle>> byName() {
		Map<String, Optional<ProcessHandle>> processes = new LinkedHashMap<>();
		for (Path pidFile : pidFiles()) {
			String name = pidFile.getFileName().toString().replace(".pid", "");
			if (!"stack".equals(name)) {
				processes.put(name, alive(pidFile));
			}
		}
		return processes;
	}

	/** The launcher of this data directory, if one runs. */
	Optional<ProcessHandle> launcher() {
		return alive(layout.pidFile("stack")).filter(handle -> handle.pid() != ProcessHandle.current().pid());
	}

	/**
	 * Processes a launcher started and could not stop (it was killed with SIGKILL before
	 * they noticed, or on a system without a parent-death signal): they hold the ports
	 * and the data, so they go before anything starts again. Found by their pid files and
	 * by the {@linkplain StackLayout#processTag() tag} on their command lines.
	 */
	void stopLeftovers() {
		Map<Long, String> leftovers = new LinkedHashMap<>();
		for (Path pidFile : pidFiles()) {
			if (!pidFile.getFileName().toString().equals("stack.pid")) {
				alive(pidFile).ifPresent(handle -> leftovers.put(handle.pid(), pidFile.getFileName().toString()));
				deleteQuietly(pidFile);
			}
		}
		long self = ProcessHandle.current().pid();
		ProcessHandle.allProcesses()
			.filter(handle -> handle.pid() != self && tagged(handle))
			.forEach(handle -> leftovers.putIfAbsent(handle.pid(), handle.info().commandLine().orElse("?")));
		leftovers.forEach((pid, what) -> ProcessHandle.of(pid).ifPresent(handle -> {
			console.say("stopping " + what + " (pid " + pid + ") left over from an earlier run");
			handle.destroy();
		}));
		for (long pid : leftovers.keySet()) {
			ProcessHandle.of(pid).ifPresent(handle -> {
				try {
					handle.onExit().get(60, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					handle.destroyForcibly();
				}
			});
		}
	}

	private boolean tagged(ProcessHandle handle) {
		return handle.info().arguments().map(arguments -> layout.tags(List.of(arguments))).orElse(false);
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// checked against the live process at the next start
		}
	}

	private List<Path> pidFiles() {
		if (!Files.isDirectory(layout.run())) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(layout.run())) {
			return files.filter(file -> file.toString().endsWith(".pid")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The live process a pid file names; pids get reused, so it must run java (or nginx,
	 * the front door).
	 */
	private static Optional<ProcessHandle> alive(Path pidFile) {
		try {
			long pid = Long.parseLong(Files.readString(pidFile).trim());
			return ProcessHandle.of(pid)
				.filter(ProcessHandle::isAlive)
				.filter(handle -> handle.info()
					.command()
					.map(command -> command.contains("java") || command.endsWith("nginx"))
					.orElse(true));
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	void writePid(String name, long pid) {
		try {
			Files.writeString(layout.pidFile(name), Long.toString(pid));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void deletePid(String name) {
		deleteQuietly(layout.pidFile(name));
	}

}
