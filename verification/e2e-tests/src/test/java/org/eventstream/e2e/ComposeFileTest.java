package org.eventstream.e2e;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} and the Dockerfiles, checked without a Docker engine: the
 * Compose Specification's schema, and what this project requires of every image. Nothing
 * here builds or runs a container; the README says so.
 */
class ComposeFileTest {

	static final Path HOME = StackProcess.HOME;

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Built from this repository; the front door is nginx's image. */
	static final List<String> SERVICES = List.of("ingest-api", "event-writer", "metrics-api");

	final JsonNode compose = load(HOME.resolve("docker-compose.yml"));

	@Test
	void followsTheComposeSpecification() throws Exception {
		Path schemaFile = HOME.resolve("deploy/compose-spec.schema.json");
		// the schema's $id is relative: it resolves against where the file is
		Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
			.getSchema(SchemaLocation.of(schemaFile.toUri().toString()), JSON.readTree(schemaFile.toFile()));
		List<Error> errors = schema.validate(compose);
		assertThat(errors).isEmpty();
		// and the schema does catch mistakes
		JsonNode broken = JSON.valueToTree(Map.of("services", Map.of("kafka", Map.of("imgae", "apache/kafka:4.1.2"))));
		assertThat(schema.validate(broken)).isNotEmpty();
	}

	@Test
	void runsKafkaClickHouseTheServicesAndTheFrontDoorWithPinnedImages() {
		assertThat(names(compose.get("services"))).containsExactlyInAnyOrder("kafka", "clickhouse", "ingest-api",
				"event-writer", "metrics-api", "front-door", "redis");
		assertThat(compose.at("/services/redis/image").asString()).matches("redis:\\d+\\.\\d+\\.\\d+-alpine");
		assertThat(compose.at("/services/kafka/image").asString()).matches("apache/kafka:\\d+\\.\\d+\\.\\d+");
		assertThat(compose.at("/services/clickhouse/image").asString())
			.matches("clickhouse/clickhouse-server:\\d+\\.\\d+[.\\d]*");
		assertThat(compose.at("/services/clickhouse/environment/CLICKHOUSE_USER").asString()).isEqualTo("user");
		assertThat(compose.at("/services/clickhouse/environment/CLICKHOUSE_PASSWORD").asString()).isEqualTo("1234");
		assertThat(compose.at("/services/front-door/ports/0").asString()).endsWith("8080:8080");
		compose.get("services").properties().forEach(service -> {
			assertThat(service.getValue().has("healthcheck")).as(service.getKey() + " has a health check").isTrue();
			assertThat(service.getValue().has("mem_limit")).as(service.getKey() + " has a memory limit").isTrue();
		});
	}

	@Test
	void buildsEachServiceFromTheMultiStageDockerfileAsANonRootUser() throws Exception {
		List<String> lines = Files.readAllLines(HOME.resolve("Dockerfile"));
		assertThat(lines.stream().filter(line -> line.startsWith("FROM "))).hasSize(2);
		assertThat(lines).anyMatch(line -> line.contains("-pl \"$SERVICE\" -am package"))
			.anyMatch(line -> line.matches("USER 1\\d{4}(:\\d+)?"))
			.anyMatch(line -> line.startsWith("HEALTHCHECK"))
			.anyMatch(line -> line.contains("MaxRAMPercentage"));
		Map<String, String> ports = Map.of("ingest-api", "8081", "event-writer", "8083", "metrics-api", "8082");
		for (String service : SERVICES) {
			JsonNode build = compose.at("/services/" + service + "/build");
			assertThat(build.get("context").asString()).as(service).isEqualTo(".");
			assertThat(build.has("dockerfile")).as(service + " uses the root Dockerfile").isFalse();
			assertThat(build.at("/args/SERVICE").asString()).as(service).isEqualTo(service);
			assertThat(HOME.resolve(service).resolve("pom.xml")).as(service + " is a module").exists();
			assertThat(build.at("/args/PORT").asString()).as(service).isEqualTo(ports.get(service));
		}
	}

	@Test
	void pointsTheServicesAtEachOtherWithSettingsTheyRead() {
		Map<String, String> expected = Map.of("/services/ingest-api/environment/SPRING_KAFKA_BOOTSTRAP_SERVERS",
				"kafka:9092", "/services/event-writer/environment/SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
				"/services/event-writer/environment/CLICKHOUSE_URL", "http://user:1234@clickhouse:8123",
				"/services/metrics-api/environment/CLICKHOUSE_URL", "http://user:1234@clickhouse:8123",
				"/services/metrics-api/environment/EVENT_STREAM_METRICS_SHARED_CACHE_URL", "redis://redis:6379",
				"/services/front-door/environment/INGEST_SERVERS",
				"server ingest-api:8081 max_fails=1 fail_timeout=5s;",
				"/services/front-door/environment/METRICS_SERVERS",
				"server metrics-api:8082 max_fails=1 fail_timeout=5s;");
		expected.forEach((pointer, value) -> assertThat(compose.at(pointer).asString()).as(pointer).isEqualTo(value));
	}

	/**
	 * The nginx image fills in the launcher's template from the environment: every
	 * placeholder in it needs a value there, or nginx would start with a literal
	 * {@code ${NAME}} in its configuration.
	 */
	@Test
	void givesTheFrontDoorTemplateEveryValueItUses() throws Exception {
		JsonNode frontDoor = compose.at("/services/front-door");
		assertThat(frontDoor.at("/image").asString()).matches("nginx:\\d+\\.\\d+\\.\\d+-alpine");
		assertThat(frontDoor.at("/volumes/0").asString())
			.isEqualTo("./platform/front-door/front-door.conf.template:/etc/nginx/templates/default.conf.template:ro");
		String template = Files.readString(HOME.resolve("platform/front-door/front-door.conf.template"));
		java.util.regex.Matcher placeholder = java.util.regex.Pattern.compile("\\$\\{([A-Z_]+)}").matcher(template);
		List<String> used = new ArrayList<>();
		while (placeholder.find()) {
			used.add(placeholder.group(1));
		}
		assertThat(used).contains("PORT", "INGEST_SERVERS", "METRICS_SERVERS", "MAX_BODY_SIZE", "MAX_IMPORT_SIZE");
		assertThat(names(frontDoor.get("environment"))).containsAll(used);
		assertThat(frontDoor.at("/environment/PORT").asString()).isEqualTo("8080");
	}

	@Test
	void requiresApiKeysAndNeverTurnsAnonymousAccessOn() {
		assertThat(compose.at("/services/ingest-api/environment/EVENT_STREAM_SECURITY_WRITE_KEYS").asString())
			.startsWith("${EVENT_STREAM_SECURITY_WRITE_KEYS:?");
		assertThat(compose.at("/services/metrics-api/environment/EVENT_STREAM_SECURITY_READ_KEYS").asString())
			.startsWith("${EVENT_STREAM_SECURITY_READ_KEYS:?");
		for (String service : SERVICES) {
			assertThat(
					compose.at("/services/" + service + "/environment/EVENT_STREAM_SECURITY_ANONYMOUS").isMissingNode())
				.as(service + " leaves anonymous access off")
				.isTrue();
		}
	}

	/**
	 * YAML as Compose reads it: SnakeYAML resolves the {@code <<: *anchor} merge keys the
	 * file uses for the settings its services share.
	 */
	private static JsonNode load(Path file) {
		try (Reader reader = Files.newBufferedReader(file)) {
			Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
			return JSON.valueToTree(document);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> names(JsonNode object) {
		List<String> names = new ArrayList<>();
		object.propertyNames().forEach(names::add);
		return names;
	}

}
