package org.eventstream.testinfra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(RealInfrastructure.class)
class KafkaRoundTripTest {

	@Test
	void recordsSentWithAcksAllComeBackWithTheirKeysInPartitionOrder(KafkaEndpoint kafka) throws Exception {
		String topic = "round-trip-" + System.nanoTime();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}

		List<RecordMetadata> acknowledged = new ArrayList<>();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG,
						"all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
				new StringSerializer(), new StringSerializer())) {
			for (int i = 0; i < 300; i++) {
				acknowledged.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 10), "value-" + i)).get());
			}
		}

		List<ConsumerRecord<String, String>> received = consumeAll(kafka, topic, 300);
		assertThat(received).hasSize(300);
		assertThat(received).allSatisfy(record -> assertThat(record.value())
			.isEqualTo("value-" + (Integer.parseInt(record.key().substring(4)) + 10 * countBefore(received, record))));
		assertThat(acknowledged).extracting(RecordMetadata::partition).containsAnyOf(0, 1, 2);
	}

	@Test
	void aStoppedPrivateBrokerRefusesWork() throws Exception {
		TestInfrastructure.EmbeddedKafka broker = TestInfrastructure.privateKafka();
		String bootstrap = broker.endpoint().bootstrapServers();
		broker.close();

		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
				1000))) {
			assertThatThrownBy(() -> admin.listTopics().names().get(5, TimeUnit.SECONDS))
				.isInstanceOf(ExecutionException.class);
		}
	}

	/**
	 * How many records with the same key precede this one: per key, values arrive in send
	 * order.
	 */
	private static int countBefore(List<ConsumerRecord<String, String>> records,
			ConsumerRecord<String, String> record) {
		int count = 0;
		for (ConsumerRecord<String, String> other : records) {
			if (other == record) {
				return count;
			}
			if (other.key().equals(record.key())) {
				count++;
			}
		}
		throw new AssertionError("record not in list");
	}

	private static List<ConsumerRecord<String, String>> consumeAll(KafkaEndpoint kafka, String topic, int expected) {
		List<ConsumerRecord<String, String>> received = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "round-trip", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
						"earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(Set.of(topic));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (received.size() < expected && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(received::add);
			}
		}
		return received;
	}

}
