package org.eventstream.localclickhouse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.clickhouse.client.api.Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The endpoint as its own process, as the local stack and the fault tests run it. */
class StandaloneProcessTest {

	@TempDir
	Path dataDir;

	@Test
	void dataSurvivesAStopByTerminateSignalAndARestart() throws Exception {
		Endpoint first = Endpoint.start(dataDir);
		try (Client client = first.client()) {
			client.execute("CREATE TABLE kept (n UInt64) ENGINE = MergeTree ORDER BY n").get();
			client.execute("INSERT INTO kept SELECT number FROM numbers(12345)").get();
		}
		first.terminate();
		assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

		Endpoint second = Endpoint.start(dataDir);
		try (Client client = second.client()) {
			assertThat(client.queryAll("SELECT count() AS c, sum(n) AS s FROM kept").get(0)).satisfies(row -> {
				assertThat(row.getLong("c")).isEqualTo(12345);
				assertThat(row.getLong("s")).isEqualTo(12345L * 12344 / 2);
			});
		}
		finally {
			second.terminate();
		}
	}

	@Test
	void aSecondProcessOnTheSameDataDirectoryFailsClearly() throws Exception {
		Endpoint first = Endpoint.start(dataDir);
		try {
			Process second = Endpoint.launch(dataDir);
			assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(second.exitValue()).isNotZero();
			assertThat(new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
				.contains("could not open");
		}
		finally {
			first.terminate();
		}
	}

	private record Endpoint(Process process, String url) {

		static Process launch(Path dataDir) throws IOException {
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
							System.getProperty("java.class.path")));
			if (System.getProperty("chdb.library") != null) {
				command.add("-Dchdb.library=" + System.getProperty("chdb.library"));
			}
			command.addAll(List.of(LocalClickHouse.class.getName(), "--port=0", "--data-dir=" + dataDir));
			return new ProcessBuilder(command).redirectErrorStream(true).start();
		}

		static Endpoint start(Path dataDir) throws Exception {
			Process process = launch(dataDir);
			BufferedReader output = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			String url = CompletableFuture.supplyAsync(() -> {
				try {
					for (String line = output.readLine(); line != null; line = output.readLine()) {
						if (line.contains(" ready at ")) {
							return line.substring(line.indexOf(" ready at ") + " ready at ".length()).trim();
						}
					}
					return null;
				}
				catch (IOException ex) {
					return null;
				}
			}).get(60, TimeUnit.SECONDS);
			assertThat(url).as("the endpoint printed its URL").isNotNull();
			// keep draining the output so that the process never blocks on a full pipe
			CompletableFuture.runAsync(() -> output.lines().forEach(line -> {
			}));
			return new Endpoint(process, url);
		}

		Client client() {
			return new Client.Builder().addEndpoint(url).setUsername("default").setPassword("").build();
		}

		void terminate() throws InterruptedException {
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}

	}

}
