package org.eventstream.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are: the checkout the jars are built in ({@code home}) and the one data
 * directory that holds everything the stack writes: {@code kafka/}, {@code clickhouse/},
 * {@code front-door/}, {@code logs/}, {@code run/} (pid files).
 */
record StackLayout(Path home, Path dataDir) {

	/**
	 * Marks a directory the stack created, so that wiping never deletes anything else.
	 */
	static final String MARKER = ".event-stream-data";

	Path logs() {
		return dataDir.resolve("logs");
	}

	Path run() {
		return dataDir.resolve("run");
	}

	Path log(String process) {
		return logs().resolve(process + ".log");
	}

	Path pidFile(String process) {
		return run().resolve(process + ".pid");
	}

	Path marker() {
		return dataDir.resolve(MARKER);
	}

	/**
	 * The argument every process of this stack carries on its command line, so that
	 * {@code down} finds them by their processes even when their pid files or the whole
	 * data directory are gone.
	 */
	String processTag() {
		return "-Devent-stream.data-dir=" + dataDir;
	}

	/** The front door's nginx files: its configuration, pid and temporary files. */
	Path frontDoor() {
		return dataDir.resolve("front-door");
	}

	/**
	 * The configuration nginx is started with; its path on nginx's command line is that
	 * process's {@linkplain #processTag() tag}, since nginx takes no other arguments.
	 */
	Path frontDoorConfig() {
		return frontDoor().resolve("nginx.conf");
	}

	/** Whether a command line is that of a process of this stack. */
	boolean tags(java.util.List<String> arguments) {
		return arguments.contains(processTag()) || arguments.contains(frontDoorConfig().toString());
	}

	void create() {
		try {
			Files.createDirectories(logs());
			Files.createDirectories(run());
			if (!Files.exists(marker())) {
				Files.writeString(marker(), "Event Stream's data directory; ./event-stream wipe deletes it.\n");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not create the data directory " + dataDir, ex);
		}
	}

	/**
	 * The runnable jar of a module: {@code <folder>/target/<module>-<version>-exec.jar},
	 * where the folder is the module's name, under {@code local/} for the local engines.
	 */
	Path jar(String module) {
		Path folder = module.startsWith("local-") ? home.resolve("local").resolve(module) : home.resolve(module);
		Path target = folder.resolve("target");
		if (Files.isDirectory(target)) {
			try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*-exec.jar")) {
				for (Path jar : jars) {
					return jar;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		throw new IllegalStateException("no runnable jar in " + target
				+ "; build it with ./event-stream up (it builds what is missing) or ./mvnw -DskipTests package");
	}

}
