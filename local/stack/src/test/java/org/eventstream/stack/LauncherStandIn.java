package org.eventstream.stack;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A launcher reduced to one managed process, for {@link ManagedProcessTest} to kill: it
 * starts {@code sleep} from a thread that then ends (as a restart does from a pool
 * thread), prints the pid and waits.
 */
final class LauncherStandIn {

	private LauncherStandIn() {
	}

	public static void main(String[] args) throws Exception {
		StackLayout layout = new StackLayout(Path.of(args[0]), Path.of(args[0]));
		layout.create();
		ManagedProcess sleeper = new ManagedProcess(
				new ManagedProcess.Spec("sleeper", List.of("sleep", "600"), Map.of(), () -> true,
						Duration.ofSeconds(5)),
				layout, new Console(new PrintStream(System.err, true, StandardCharsets.UTF_8)));
		Thread starter = new Thread(sleeper::start, "short-lived-starter");
		starter.start();
		starter.join();
		System.out.println("sleeper " + sleeper.pid());
		Thread.sleep(Long.MAX_VALUE);
	}

}
