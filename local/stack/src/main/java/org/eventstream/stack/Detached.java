package org.eventstream.stack;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./event-stream up --detach}: starts the launcher again as its own session (no
 * terminal, input from {@code /dev/null}, output to {@code logs/launcher.log}), waits
 * until it says the stack is up, prints what it printed, and returns; the stack runs on
 * until {@code ./event-stream down}.
 */
final class Detached {

	static final Duration PATIENCE = Duration.ofMinutes(5);

	private Detached() {
	}

	static int start(StackLayout layout, Console console) {
		layout.create();
		Path log = layout.logs().resolve("launcher.log");
		List<String> command = new ArrayList<>();
		if (new File("/usr/bin/setsid").canExecute()) {
			command.add("/usr/bin/setsid");
		}
		ProcessHandle.Info self = ProcessHandle.current().info();
		command.add(self.command().orElse("java"));
		for (String argument : self.arguments().orElse(new String[0])) {
			if (!argument.equals("--detach")) {
				command.add(argument);
			}
		}
		try {
			long from = Files.exists(log) ? Files.size(log) : 0;
			Process launcher = new ProcessBuilder(command).redirectInput(new File("/dev/null"))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			long deadline = System.nanoTime() + PATIENCE.toNanos();
			while (System.nanoTime() < deadline) {
				String said = since(log, from);
				if (said.contains("Event Stream is up.")) {
					console.raw(said.stripTrailing());
					console.say("running in the background (pid " + launcher.pid() + ", its output in " + log
							+ "); ./event-stream down stops it");
					return 0;
				}
				if (!launcher.isAlive()) {
					console.raw(said.stripTrailing());
					console.say("the stack did not start (status " + launcher.exitValue() + ")");
					return 1;
				}
				Thread.sleep(250);
			}
			console.say("the stack was not up within " + PATIENCE.toMinutes() + " minutes; see " + log
					+ " (it may still be starting; ./event-stream down stops it)");
			return 1;
		}
		catch (IOException ex) {
			console.say("could not start the stack in the background: " + ex.getMessage());
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 1;
		}
	}

	private static String since(Path log, long from) throws IOException {
		try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
			long length = file.length();
			if (length <= from) {
				return "";
			}
			byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE, length - from)];
			file.seek(from);
			file.readFully(bytes);
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

}
