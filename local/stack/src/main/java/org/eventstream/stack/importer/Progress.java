package org.eventstream.stack.importer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The import's progress bar: share of the file read, events accepted, events per second
 * and the time left. On a terminal it redraws one line; elsewhere (CI, a log) it prints a
 * line every {@link #PLAIN_EVERY}.
 */
public final class Progress {

	private static final Duration PLAIN_EVERY = Duration.ofSeconds(5);

	private static final int WIDTH = 30;

	private final PrintStream out;

	private final boolean terminal;

	private String name = "";

	private long size;

	private long startedNanos;

	private long lastShownNanos;

	private long resumedAt;

	public Progress(PrintStream out, boolean terminal) {
		this.out = out;
		this.terminal = terminal;
	}

	void start(Path file, long bytes, long resumeAfterLine) {
		this.name = file.getFileName().toString();
		this.size = Math.max(1, bytes);
		this.startedNanos = System.nanoTime();
		this.lastShownNanos = 0;
		this.resumedAt = resumeAfterLine;
		say("importing " + file + (resumeAfterLine > 0 ? " (resuming after line " + resumeAfterLine + ")" : ""));
	}

	void update(long bytesRead, long accepted, long rejected) {
		long now = System.nanoTime();
		if (!terminal && now - lastShownNanos < PLAIN_EVERY.toNanos() && bytesRead < size) {
			return;
		}
		lastShownNanos = now;
		double seconds = Math.max(1e-3, (now - startedNanos) / 1e9);
		double share = Math.min(1.0, (double) bytesRead / size);
		long rate = Math.round(accepted / seconds);
		String eta = (share > 0 && share < 1) ? format(Duration.ofSeconds(Math.round(seconds / share * (1 - share))))
				: "-";
		int filled = (int) Math.round(share * WIDTH);
		String line = String.format("%s %3d%% [%s%s] %,d events, %,d rejected, %,d events/s, ETA %s", name,
				Math.round(share * 100), "#".repeat(filled), " ".repeat(WIDTH - filled), accepted, rejected, rate, eta);
		if (terminal) {
			out.print("\r" + line);
		}
		else {
			out.println(line);
		}
		out.flush();
	}

	void done(Path file, long accepted, long rejected) {
		if (terminal) {
			out.println();
		}
		double seconds = (System.nanoTime() - startedNanos) / 1e9;
		say(String.format("imported %s: %,d events accepted, %,d lines rejected, in %.1f s%s", file, accepted, rejected,
				seconds, (resumedAt > 0) ? " (this run)" : ""));
	}

	void say(String message) {
		if (terminal) {
			out.print("\r");
		}
		out.println("[event-stream] " + message);
		out.flush();
	}

	private static String format(Duration duration) {
		return String.format("%d:%02d:%02d", duration.toHours(), duration.toMinutesPart(), duration.toSecondsPart());
	}

}
