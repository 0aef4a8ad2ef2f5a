package org.eventstream.localkafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The broker as the stack runs it: its own process, stopped by SIGTERM, its data kept for
 * the next start.
 */
class LocalKafkaProcessTest {

	@TempDir
	Path dataDir;

	@Test
	void keepsAcknowledgedRecordsAcrossACleanRestart() throws Exception {
		int port = freePort();
		int controllerPort = freePort();
		String bootstrap = "localhost:" + port;

		Process first = start(port, controllerPort);
		try {
			awaitBroker(bootstrap);
			try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
				admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
			}
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(
					Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
					new StringSerializer(), new StringSerializer())) {
				producer.send(new ProducerRecord<>("kept", "event-1", "payload-1")).get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			first.destroy();
		}
		assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("the broker stops on SIGTERM").isTrue();
		// 143 = terminated by SIGTERM after the shutdown hooks ran; Kafka marks a log
		// directory it closed cleanly, and a second start must not have to recover it
		assertThat(first.exitValue()).isEqualTo(143);
		assertThat(dataDir.resolve("kafka/log/.kafka_cleanshutdown")).as("the broker shut down cleanly").exists();

		Process second = start(port, controllerPort);
		try {
			awaitBroker(bootstrap);
			try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
					Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "t",
							ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
					new StringDeserializer(), new StringDeserializer())) {
				consumer.subscribe(List.of("kept"));
				ConsumerRecords<String, String> records = ConsumerRecords.empty();
				for (int i = 0; i < 30 && records.isEmpty(); i++) {
					records = consumer.poll(Duration.ofSeconds(1));
				}
				assertThat(records).extracting(record -> record.key() + "=" + record.value())
					.containsExactly("event-1=payload-1");
			}
		}
		finally {
			second.destroy();
			second.waitFor(60, TimeUnit.SECONDS);
		}
	}

	@Test
	void refusesUnknownOptionsAndSharedPorts() {
		assertThatThrownBy(() -> LocalKafka.main(new String[] { "--prot=9092" }))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("unknown option --prot=9092");
		assertThatThrownBy(() -> new LocalKafka.Settings(dataDir, "localhost", 9092, 9092, 6))
			.hasMessageContaining("two different ports");
	}

	private Process start(int port, int controllerPort) throws IOException {
		Path log = dataDir.resolve("process.log");
		return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), LocalKafka.class.getName(), "--port=" + port,
				"--controller-port=" + controllerPort, "--data-dir=" + dataDir.resolve("kafka"))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
	}

	private static void awaitBroker(String bootstrap) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
