package org.eventstream.stack;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The seed's {@code config/config.yaml}: {@code environment_type}, {@code port},
 * {@code database_type}, {@code clickhouse_url}, plus {@code kafka_bootstrap_servers} and
 * {@code anonymous_access}. Each key can be overridden by the environment variable of the
 * same name in upper case ({@code CLICKHOUSE_URL}, ...). Unknown keys and values are
 * refused with a message that names the allowed ones.
 *
 * @param environment {@code dev} starts a local Kafka broker and a local ClickHouse for
 * addresses on this machine; {@code prod} never starts them and expects both to be
 * running
 * @param port the port of the API (the front door)
 * @param clickHouseUrl {@code http[s]://[user:password@]host:port}
 * @param kafkaBootstrapServers {@code host:port[,host:port...]}
 * @param anonymousAccess whether the APIs accept requests without a key (the services'
 * {@code EVENT_STREAM_SECURITY_ANONYMOUS}); off unless the file or the environment says
 * {@code true}. Keys reach the services through their own environment variables.
 */
public record StackConfig(Environment environment, int port, URI clickHouseUrl, String kafkaBootstrapServers,
		boolean anonymousAccess) {

	static final List<String> KEYS = List.of("environment_type", "port", "database_type", "clickhouse_url",
			"kafka_bootstrap_servers", "anonymous_access");

	private static final Map<String, String> DEFAULTS = Map.of("environment_type", "dev", "port", "8080",
			"database_type", "clickhouse", "clickhouse_url", "http://user:1234@localhost:8123",
			"kafka_bootstrap_servers", "localhost:9092", "anonymous_access", "false");

	/** What the launcher starts itself. */
	public enum Environment {

		DEV, PROD;

		static Environment parse(String value) {
			return switch (value.toLowerCase(Locale.ROOT)) {
				case "dev" -> DEV;
				case "prod" -> PROD;
				default -> throw new InvalidConfigException("environment_type \"" + value
						+ "\" is not supported; use \"dev\" (starts a local Kafka and ClickHouse) or \"prod\" "
						+ "(uses the clickhouse_url and kafka_bootstrap_servers you run)");
			};
		}

	}

	/**
	 * Reads {@code file} (absent: the defaults, which are the seed's values) and applies
	 * the overrides from {@code environment}.
	 */
	public static StackConfig load(Path file, Map<String, String> environment) {
		Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
		if (Files.exists(file)) {
			values.putAll(readYaml(file));
		}
		for (String key : KEYS) {
			String override = environment.get(key.toUpperCase(Locale.ROOT));
			if (override != null && !override.isBlank()) {
				values.put(key, override.trim());
			}
		}
		return of(values);
	}

	static StackConfig of(Map<String, String> values) {
		String databaseType = values.get("database_type");
		if (!"clickhouse".equalsIgnoreCase(databaseType)) {
			throw new InvalidConfigException("database_type \"" + databaseType
					+ "\" is not supported; Event Stream stores events in ClickHouse: database_type: \"clickhouse\"");
		}
		return new StackConfig(Environment.parse(values.get("environment_type")), port(values.get("port")),
				clickHouseUrl(values.get("clickhouse_url")), kafka(values.get("kafka_bootstrap_servers")),
				bool("anonymous_access", values.get("anonymous_access")));
	}

	private static boolean bool(String key, String value) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new InvalidConfigException(key + " \"" + value + "\" must be true or false");
		};
	}

	/** The credentials in {@code clickhouse_url}: user (default {@code default}). */
	public String clickHouseUser() {
		String info = clickHouseUrl.getUserInfo();
		if (info == null) {
			return "default";
		}
		int colon = info.indexOf(':');
		return (colon < 0) ? info : info.substring(0, colon);
	}

	/** The password in {@code clickhouse_url}, empty if none. */
	public String clickHousePassword() {
		String info = clickHouseUrl.getUserInfo();
		int colon = (info == null) ? -1 : info.indexOf(':');
		return (colon < 0) ? "" : info.substring(colon + 1);
	}

	/** Whether {@code clickhouse_url} names this machine, where dev runs a local one. */
	public boolean clickHouseIsLocal() {
		return isLocal(clickHouseUrl.getHost());
	}

	/** Whether every Kafka bootstrap address is this machine. */
	public boolean kafkaIsLocal() {
		return List.of(kafkaBootstrapServers.split(","))
			.stream()
			.allMatch(server -> isLocal(server.substring(0, server.lastIndexOf(':'))));
	}

	public int clickHousePort() {
		return clickHouseUrl.getPort();
	}

	public int kafkaPort() {
		String first = kafkaBootstrapServers.split(",")[0];
		return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
	}

	private static boolean isLocal(String host) {
		return "localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
	}

	private static Map<String, String> readYaml(Path file) {
		Object document;
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
		}
		catch (IOException ex) {
			throw new InvalidConfigException("cannot read " + file + ": " + ex.getMessage());
		}
		catch (YAMLException ex) {
			throw new InvalidConfigException(file + " is not valid YAML: " + ex.getMessage());
		}
		if (document == null) {
			return Map.of();
		}
		if (!(document instanceof Map<?, ?> map)) {
			throw new InvalidConfigException(file + " must be a map of keys to values");
		}
		Map<String, String> values = new LinkedHashMap<>();
		map.forEach((key, value) -> {
			if (!KEYS.contains(String.valueOf(key))) {
				throw new InvalidConfigException(
						file + ": unknown key \"" + key + "\"; the keys are " + String.join(", ", KEYS));
			}
			if (value == null || value instanceof Map || value instanceof List) {
				throw new InvalidConfigException(file + ": " + key + " needs a single value");
			}
			values.put(String.valueOf(key), String.valueOf(value).trim());
		});
		return values;
	}

	private static int port(String value) {
		try {
			int port = Integer.parseInt(value);
			if (port >= 1 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new InvalidConfigException("port \"" + value + "\" is not a port number (1-65535)");
	}

	private static URI clickHouseUrl(String value) {
		URI uri;
		try {
			uri = URI.create(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigException("clickhouse_url \"" + value + "\" is not a URL: " + ex.getMessage());
		}
		if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
				|| uri.getPort() < 0) {
			throw new InvalidConfigException("clickhouse_url \"" + value
					+ "\" must look like http://user:password@host:8123 (ClickHouse's HTTP interface, with its port)");
		}
		return uri;
	}

	private static String kafka(String value) {
		for (String server : value.split(",")) {
			int colon = server.lastIndexOf(':');
			if (colon < 1 || !server.substring(colon + 1).matches("\\d{1,5}")) {
				throw new InvalidConfigException(
						"kafka_bootstrap_servers \"" + value + "\" must be host:port[,host:port...]");
			}
		}
		return value;
	}

	/** A configuration the stack cannot start with; the message says what to change. */
	public static final class InvalidConfigException extends RuntimeException {

		InvalidConfigException(String message) {
			super(message);
		}

	}

}
