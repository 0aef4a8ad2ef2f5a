package org.eventstream.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eventstream.stack.StackConfig.Environment;
import org.eventstream.stack.StackConfig.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackConfigTest {

	@TempDir
	Path dir;

	@Test
	void readsTheSeedsFile() throws Exception {
		StackConfig config = StackConfig.load(write("""
				environment_type: "dev"
				port: 8080
				database_type: "clickhouse"
				clickhouse_url: "http://user:1234@localhost:8123"
				"""), Map.of());
		assertThat(config.environment()).isEqualTo(Environment.DEV);
		assertThat(config.port()).isEqualTo(8080);
		assertThat(config.clickHouseUser()).isEqualTo("user");
		assertThat(config.clickHousePassword()).isEqualTo("1234");
		assertThat(config.clickHousePort()).isEqualTo(8123);
		assertThat(config.clickHouseIsLocal()).isTrue();
		assertThat(config.kafkaBootstrapServers()).isEqualTo("localhost:9092");
		assertThat(config.kafkaIsLocal()).isTrue();
	}

	@Test
	void environmentVariablesOverrideTheFile() throws Exception {
		StackConfig config = StackConfig.load(write("port: 8080\nclickhouse_url: http://localhost:8123\n"),
				Map.of("PORT", "9080", "CLICKHOUSE_URL", "http://analyst:s3cret@ch.internal:8443", "ENVIRONMENT_TYPE",
						"prod", "KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092"));
		assertThat(config.port()).isEqualTo(9080);
		assertThat(config.environment()).isEqualTo(Environment.PROD);
		assertThat(config.clickHouseUser()).isEqualTo("analyst");
		assertThat(config.clickHouseIsLocal()).isFalse();
		assertThat(config.kafkaIsLocal()).isFalse();
	}

	@Test
	void withoutAFileTheSeedsValuesApply() {
		StackConfig config = StackConfig.load(dir.resolve("absent.yaml"), Map.of());
		assertThat(config.port()).isEqualTo(8080);
		assertThat(config.clickHouseUrl()).hasToString("http://user:1234@localhost:8123");
	}

	@Test
	void anonymousAccessIsOffUnlessSaidExplicitly() throws Exception {
		assertThat(StackConfig.load(dir.resolve("absent.yaml"), Map.of()).anonymousAccess()).isFalse();
		assertThat(StackConfig.load(write("anonymous_access: true\n"), Map.of()).anonymousAccess()).isTrue();
		assertThat(StackConfig.load(write("anonymous_access: true\n"), Map.of("ANONYMOUS_ACCESS", "false"))
			.anonymousAccess()).isFalse();
		assertThatThrownBy(() -> StackConfig.load(write("anonymous_access: yes please\n"), Map.of()))
			.hasMessage("anonymous_access \"yes please\" must be true or false");
	}

	@Test
	void theRepositorysConfigKeepsTheSeedsCurlExamplesWorking() {
		assertThat(StackConfig.load(Path.of("../../config/config.yaml"), Map.of()).anonymousAccess()).isTrue();
	}

	@Test
	void refusesAnUnknownDatabaseTypeNamingTheSupportedOne() throws Exception {
		Path file = write("database_type: \"postgres\"\n");
		assertThatThrownBy(() -> StackConfig.load(file, Map.of())).isInstanceOf(InvalidConfigException.class)
			.hasMessage("database_type \"postgres\" is not supported; Event Stream stores events in ClickHouse: "
					+ "database_type: \"clickhouse\"");
		assertThatThrownBy(() -> StackConfig.load(dir.resolve("absent.yaml"), Map.of("DATABASE_TYPE", "mysql")))
			.hasMessageStartingWith("database_type \"mysql\" is not supported");
	}

	@Test
	void refusesUnknownKeysAndBadValues() throws Exception {
		assertThatThrownBy(() -> StackConfig.load(write("clickhouse_uri: http://localhost:8123\n"), Map.of()))
			.hasMessageContaining("unknown key \"clickhouse_uri\"; the keys are environment_type, port");
		assertThatThrownBy(() -> StackConfig.load(write("environment_type: staging\n"), Map.of()))
			.hasMessageStartingWith("environment_type \"staging\" is not supported");
		assertThatThrownBy(() -> StackConfig.load(write("port: 80800\n"), Map.of()))
			.hasMessage("port \"80800\" is not a port number (1-65535)");
		assertThatThrownBy(() -> StackConfig.load(write("clickhouse_url: localhost:8123\n"), Map.of()))
			.hasMessageContaining("must look like http://user:password@host:8123");
		assertThatThrownBy(() -> StackConfig.load(write("kafka_bootstrap_servers: kafka\n"), Map.of()))
			.hasMessageContaining("must be host:port");
		assertThatThrownBy(() -> StackConfig.load(write("port: [1, 2]\n"), Map.of()))
			.hasMessageContaining("port needs a single value");
		assertThatThrownBy(() -> StackConfig.load(write("port: 8080\n  bad: indent\n"), Map.of()))
			.hasMessageContaining("is not valid YAML");
	}

	private Path write(String yaml) throws Exception {
		Path file = Files.createTempFile(dir, "config", ".yaml");
		Files.writeString(file, yaml);
		return file;
	}

}
