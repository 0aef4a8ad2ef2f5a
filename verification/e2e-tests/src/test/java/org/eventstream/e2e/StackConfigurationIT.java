package org.eventstream.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A configuration the stack cannot run with stops {@code ./event-stream up} at once. */
class StackConfigurationIT {

	@TempDir
	Path dir;

	@Test
	void anUnknownDatabaseTypeFailsAtStartUpWithAClearMessage() throws Exception {
		Files.writeString(dir.resolve("config.yaml"), """
				environment_type: "dev"
				port: 8080
				database_type: "postgres"
				clickhouse_url: "http://user:1234@localhost:8123"
				""");
		Result result = up(Map.of(), "--config=" + dir.resolve("config.yaml"));
		assertThat(result.status()).isEqualTo(2);
		assertThat(result.output()).contains("configuration error: database_type \"postgres\" is not supported; "
				+ "Event Stream stores events in ClickHouse: database_type: \"clickhouse\"");
		assertThat(dir.resolve("data")).as("nothing was started or created").doesNotExist();
	}

	@Test
	void environmentVariablesOverrideTheFile() throws Exception {
		Result result = up(Map.of("DATABASE_TYPE", "mysql"));
		assertThat(result.status()).isEqualTo(2);
		assertThat(result.output()).contains("database_type \"mysql\" is not supported");
	}

	private Result up(Map<String, String> environment, String... options) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(StackProcess.HOME.resolve("event-stream").toString(), "up",
				"--data-dir=" + dir.resolve("data"))
			.directory(StackProcess.HOME.toFile())
			.redirectErrorStream(true);
		builder.command().addAll(java.util.List.of(options));
		builder.environment().put("EVENT_STREAM_BUILD", "never");
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		return new Result(process.waitFor(), output);
	}

	record Result(int status, String output) {
	}

}
