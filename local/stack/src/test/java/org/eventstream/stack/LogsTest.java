package org.eventstream.stack;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LogsTest {

	@TempDir
	Path dataDir;

	final ByteArrayOutputStream printed = new ByteArrayOutputStream();

	Logs logs;

	@BeforeEach
	void logs() throws Exception {
		StackLayout layout = new StackLayout(dataDir, dataDir);
		layout.create();
		Files.writeString(layout.log("kafka"), lines("kafka", 150));
		Files.writeString(layout.log("ingest-api"), lines("ingest", 5));
		this.logs = new Logs(layout, new PrintStream(printed, true, StandardCharsets.UTF_8));
	}

	@Test
	void showsTheLastHundredLinesOfOneProcess() {
		assertThat(logs.show(Optional.of("kafka"), false)).isZero();

		assertThat(printed()).startsWith("kafka 50\n").endsWith("kafka 149\n").doesNotContain("ingest");
	}

	@Test
	void showsTheEndOfEveryLogUnderItsName() {
		assertThat(logs.show(Optional.empty(), false)).isZero();

		assertThat(printed()).contains("==> ingest-api <==\ningest 0\n", "==> kafka <==\nkafka 130\n")
			.doesNotContain("kafka 129\n");
	}

	@Test
	void namesTheLogsThereAreForAnUnknownProcess() {
		assertThat(logs.show(Optional.of("writer"), false)).isEqualTo(2);

		assertThat(printed()).contains("no log for writer; there are: ingest-api, kafka");
	}

	private String printed() {
		return printed.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
	}

	private static String lines(String name, int count) {
		return IntStream.range(0, count).mapToObj(i -> name + " " + i).collect(Collectors.joining("\n", "", "\n"));
	}

}
