package org.eventstream.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU a process has used, user + system, from {@code /proc/<pid>/stat} (Linux). */
final class ProcessCpu {

	/** Clock ticks per second ({@code getconf CLK_TCK}: 100 on Linux). */
	static final long TICKS_PER_SECOND = 100;

	private ProcessCpu() {
	}

	static long ticks(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

}
