package org.eventstream.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The signal dispositions this process inherited. A JVM started with SIGINT ignored
 * cannot handle it: a launcher started from a non-interactive background job ({@code &}
 * in a script, {@code nohup}) never sees Ctrl-C, and must say so. SIGTERM and SIGHUP stop
 * it all the same.
 */
final class Signals {

	private static final long SIGINT_BIT = 1L << (2 - 1);

	private Signals() {
	}

	/** Whether SIGINT is ignored here; false where the kernel does not say (no /proc). */
	static boolean sigintIgnored() {
		try {
			return Files.readAllLines(Path.of("/proc/self/status"))
				.stream()
				.filter(line -> line.startsWith("SigIgn:"))
				.map(line -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16))
				.anyMatch(mask -> (mask & SIGINT_BIT) != 0);
		}
		catch (IOException | NumberFormatException ex) {
			return false;
		}
	}

}
