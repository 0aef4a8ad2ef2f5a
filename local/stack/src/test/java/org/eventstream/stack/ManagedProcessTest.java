package org.eventstream.stack;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The supervision the README promises: a process that dies is started again, one that
 * keeps dying at once is given up on, a stop is a stop; output and pid go to the data
 * directory.
 */
class ManagedProcessTest {

	@TempDir
	Path dataDir;

	final ByteArrayOutputStream said = new ByteArrayOutputStream();

	StackLayout layout;

	Console console;

	@BeforeEach
	void layout() {
		layout = new StackLayout(dataDir, dataDir);
		layout.create();
		console = new Console(new PrintStream(said, true, StandardCharsets.UTF_8));
	}

	@Test
	void restartsAProcessThatWasKilledAndStopsItForGood() throws Exception {
		// ready once it has written its line, so that it is killed after that, not before
		ManagedProcess process = new ManagedProcess(
				new ManagedProcess.Spec("sleeper", List.of("bash", "-c", "echo started; exec sleep 60"), Map.of(),
						() -> logged("sleeper", "started") >= 1, Duration.ofSeconds(5)),
				layout, console);
		process.start();
		assertThat(process.awaitReady(Duration.ofSeconds(5))).isTrue();
		long first = process.pid();
		assertThat(Files.readString(layout.pidFile("sleeper"))).isEqualTo(Long.toString(first));

		ProcessHandle killed = ProcessHandle.of(first).orElseThrow();
		killed.destroyForcibly();
		killed.onExit().get();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (process.pid() == first && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(process.pid()).as("a new process took its place").isNotEqualTo(first);
		assertThat(ProcessHandle.of(process.pid())).hasValueSatisfying(handle -> assertThat(handle.isAlive()).isTrue());
		assertThat(said.toString(StandardCharsets.UTF_8)).contains("sleeper exited with status 137; restarting it");
		// the new process writes its line a moment after it exists
		while (logged("sleeper", "started") < 2 && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(Files.readAllLines(layout.log("sleeper"))).as(Files.readString(layout.log("sleeper")))
			.filteredOn("started"::equals)
			.hasSize(2);

		long second = process.pid();
		process.stop();
		assertThat(ProcessHandle.of(second)).isEmpty();
		Thread.sleep(ManagedProcess.RESTART_PAUSE.toMillis() + 500);
		assertThat(process.pid()).as("a stopped process stays stopped").isEqualTo(second);
		assertThat(layout.pidFile("sleeper")).doesNotExist();
	}

	@Test
	void givesUpOnAProcessThatKeepsExitingRightAfterItsStart() throws Exception {
		ManagedProcess process = new ManagedProcess(spec("broken", "echo cannot start >&2; exit 3"), layout, console);
		process.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!said.toString(StandardCharsets.UTF_8).contains("not restarting") && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		assertThat(said.toString(StandardCharsets.UTF_8))
			.contains("broken exited with status 3; restarting it",
					"broken exited " + ManagedProcess.MAX_QUICK_EXITS
							+ " times right after starting; not restarting it")
			.doesNotContain("exited with status 0");
		assertThat(Files.readAllLines(layout.log("broken"))).filteredOn("cannot start"::equals)
			.hasSize(ManagedProcess.MAX_QUICK_EXITS);
		assertThat(process.tail(1)).isEqualTo("cannot start");
	}

	@Test
	void aProcessOutlivesTheThreadThatStartedItButNotItsLauncher() throws Exception {
		Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), LauncherStandIn.class.getName(), dataDir.toString())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		ProcessHandle sleeper = null;
		try {
			String line = new java.io.BufferedReader(
					new java.io.InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))
				.readLine();
			assertThat(line).startsWith("sleeper ");
			sleeper = ProcessHandle.of(Long.parseLong(line.substring("sleeper ".length()))).orElseThrow();

			CompletableFuture<ProcessHandle> exit = sleeper.onExit();
			assertThatThrownBy(() -> exit.get(1, TimeUnit.SECONDS))
				.as("still running a second after the thread that started it ended")
				.isInstanceOf(TimeoutException.class);

			launcher.destroyForcibly().waitFor();
			assertThat(exit.get(10, TimeUnit.SECONDS).isAlive())
				.as("it stopped by itself once its launcher was killed with SIGKILL")
				.isFalse();
		}
		finally {
			launcher.destroyForcibly();
			if (sleeper != null) {
				sleeper.destroyForcibly();
			}
		}
	}

	private long logged(String process, String line) {
		try {
			return Files.readAllLines(layout.log(process)).stream().filter(line::equals).count();
		}
		catch (java.io.IOException ex) {
			return 0;
		}
	}

	private static ManagedProcess.Spec spec(String name, String script) {
		return new ManagedProcess.Spec(name, List.of("bash", "-c", script), Map.of(), () -> true,
				Duration.ofSeconds(5));
	}

}
