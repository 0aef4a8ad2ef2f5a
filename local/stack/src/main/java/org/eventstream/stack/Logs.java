package org.eventstream.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ./event-stream logs [process] [--follow]}: the end of one process's log, or of
 * each; {@code --follow} keeps printing what the named process writes, until Ctrl-C.
 */
final class Logs {

	static final int LINES_OF_ONE = 100;

	static final int LINES_OF_EACH = 20;

	private final StackLayout layout;

	private final PrintStream out;

	Logs(StackLayout layout, PrintStream out) {
		this.layout = layout;
		this.out = out;
	}

	int show(Optional<String> process, boolean follow) {
		List<String> names = names();
		if (names.isEmpty()) {
			out.println(
					"[event-stream] no logs in " + layout.logs() + " (has the stack run with this data directory?)");
			return 1;
		}
		if (process.isPresent() && !names.contains(process.get())) {
			out.println("[event-stream] no log for " + process.get() + "; there are: " + String.join(", ", names));
			return 2;
		}
		if (follow && process.isEmpty()) {
			out.println("[event-stream] name the process to follow: ./event-stream logs <process> --follow ("
					+ String.join(", ", names) + ")");
			return 2;
		}
		if (process.isPresent()) {
			out.print(tail(layout.log(process.get()), LINES_OF_ONE));
			return follow ? follow(layout.log(process.get())) : 0;
		}
		for (String name : names) {
			out.println("==> " + name + " <==");
			out.print(tail(layout.log(name), LINES_OF_EACH));
		}
		return 0;
	}

	private List<String> names() {
		if (!Files.isDirectory(layout.logs())) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(layout.logs())) {
			return files.map(file -> file.getFileName().toString())
				.filter(name -> name.endsWith(".log"))
				.map(name -> name.substring(0, name.length() - ".log".length()))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The last lines of a log; Latin-1 reads any bytes a process wrote. */
	static String tail(Path log, int lines) {
		try {
			List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
			StringBuilder text = new StringBuilder();
			for (String line : all.subList(Math.max(0, all.size() - lines), all.size())) {
				text.append(line).append(System.lineSeparator());
			}
			return text.toString();
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex.getMessage() + ")" + System.lineSeparator();
		}
	}

	private int follow(Path log) {
		try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
			long position = file.length();
			byte[] buffer = new byte[1 << 16];
			while (!Thread.currentThread().isInterrupted()) {
				long length = file.length();
				if (length < position) {
					position = 0; // truncated
				}
				file.seek(position);
				for (int read = file.read(buffer); read > 0; read = file.read(buffer)) {
					out.write(buffer, 0, read);
					position += read;
				}
				out.flush();
				Thread.sleep(250);
			}
			return 0;
		}
		catch (IOException ex) {
			out.println("[event-stream] cannot follow " + log + ": " + ex.getMessage());
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

}
