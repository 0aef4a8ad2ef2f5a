package org.eventstream.localkafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one process) for the local
 * stack: the real broker from the Apache Kafka jars, with its log and metadata in one
 * directory that survives restarts. <strong>Development only</strong>: replication factor
 * 1, no authentication; production runs a Kafka cluster.
 *
 * <p>
 * {@code java -jar local-kafka-exec.jar --port=9092 --controller-port=9093 --data-dir=DIR}
 * formats the directory on first use (a new cluster id) and runs the broker until
 * SIGTERM/SIGINT, which shut it down cleanly (Kafka's own shutdown hook).
 */
public final class LocalKafka {

	private LocalKafka() {
	}

	/** Where and how the broker runs. */
	public record Settings(Path dataDir, String host, int port, int controllerPort, int partitions) {

		public Settings {
			if (port < 1 || port > 65535 || controllerPort < 1 || controllerPort > 65535 || port == controllerPort) {
				throw new IllegalArgumentException(
						"the broker and controller ports must be two different ports in 1..65535, not " + port + " and "
								+ controllerPort);
			}
			if (partitions < 1) {
				throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
			}
		}

		/** {@code host:port}, what clients bootstrap from. */
		public String bootstrapServers() {
			return host + ":" + port;
		}

	}

	/** The broker configuration: one node that is its own controller quorum. */
	static Properties serverProperties(Settings settings) {
		Properties properties = new Properties();
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", "1");
		properties.put("controller.quorum.voters", "1@" + settings.host() + ":" + settings.controllerPort());
		properties.put("listeners", "PLAINTEXT://" + settings.host() + ":" + settings.port() + ",CONTROLLER://"
				+ settings.host() + ":" + settings.controllerPort());
		properties.put("advertised.listeners", "PLAINTEXT://" + settings.bootstrapServers());
		properties.put("controller.listener.names", "CONTROLLER");
		properties.put("inter.broker.listener.name", "PLAINTEXT");
		properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		properties.put("log.dirs", settings.dataDir().resolve("log").toAbsolutePath().toString());
		properties.put("num.partitions", Integer.toString(settings.partitions()));
		properties.put("offsets.topic.replication.factor", "1");
		properties.put("transaction.state.log.replication.factor", "1");
		properties.put("transaction.state.log.min.isr", "1");
		properties.put("share.coordinator.state.topic.replication.factor", "1");
		properties.put("share.coordinator.state.topic.min.isr", "1");
		properties.put("group.initial.rebalance.delay.ms", "0");
		return properties;
	}

	/**
	 * Writes {@code server.properties} into the data directory and formats the log
	 * directory unless an earlier run did.
	 * @return the properties file to start the broker with
	 */
	static Path prepare(Settings settings) {
		try {
			Files.createDirectories(settings.dataDir());
			Path config = settings.dataDir().resolve("server.properties");
			try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
				serverProperties(settings).store(out, "written by LocalKafka at every start; edit its flags instead");
			}
			if (!Files.exists(settings.dataDir().resolve("log").resolve("meta.properties"))) {
				ByteArrayOutputStream output = new ByteArrayOutputStream();
				int status = StorageTool.execute(
						new String[] { "format", "--cluster-id", Uuid.randomUuid().toString(), "--config",
								config.toString(), "--ignore-formatted" },
						new PrintStream(output, true, StandardCharsets.UTF_8));
				if (status != 0) {
					throw new IllegalStateException(
							"formatting " + settings.dataDir() + " failed: " + output.toString(StandardCharsets.UTF_8));
				}
			}
			return config;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not prepare the Kafka data directory " + settings.dataDir(), ex);
		}
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		Settings settings = new Settings(Path.of(options.getOrDefault("data-dir", ".data/kafka")),
				options.getOrDefault("host", "localhost"), Integer.parseInt(options.getOrDefault("port", "9092")),
				Integer.parseInt(options.getOrDefault("controller-port", "9093")),
				Integer.parseInt(options.getOrDefault("partitions", "6")));
		Path config = prepare(settings);
		System.out.println("local Kafka (dev only) starting at " + settings.bootstrapServers() + ", data in "
				+ settings.dataDir().toAbsolutePath());
		// runs until SIGTERM/SIGINT; Kafka registers its own clean-shutdown hook
		kafka.Kafka.main(new String[] { config.toString() });
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			String name = (arg.startsWith("--") && eq > 2) ? arg.substring(2, eq) : "";
			if (!java.util.Set.of("data-dir", "host", "port", "controller-port", "partitions").contains(name)) {
				throw new IllegalArgumentException("unknown option " + arg + "; usage: --port=9092 "
						+ "--controller-port=9093 --data-dir=DIR [--host=localhost] [--partitions=6]");
			}
			options.put(name, arg.substring(eq + 1));
		}
		return options;
	}

}
