package org.eventstream.writer.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eventstream.testinfra.TestInfrastructure;
import org.eventstream.writer.tools.ReplayDeadLetters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReplayDeadLettersTest {

	@Test
	void replaysWhatIsParkedOnceAndNothingTheSecondTime() throws Exception {
		String bootstrap = TestInfrastructure.kafka().bootstrapServers();
		String run = Long.toHexString(System.nanoTime());
		String from = "replay-from-" + run;
		String to = "replay-to-" + run;
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			admin.createTopics(List.of(new NewTopic(from, 1, (short) 1), new NewTopic(to, 3, (short) 1)))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArraySerializer(),
				new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(from, "k1".getBytes(), "v1".getBytes()));
			producer.send(new ProducerRecord<>(from, "k2".getBytes(), "v2".getBytes()));
			producer.flush();
		}

		assertThat(ReplayDeadLetters.replay(bootstrap, from, to, true).replayed()).isEqualTo(2);
		assertThat(ReplayDeadLetters.replay(bootstrap, from, to, false).replayed()).isEqualTo(2);
		assertThat(ReplayDeadLetters.replay(bootstrap, from, to, false).replayed()).isZero();

		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
						"check-" + run, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(Set.of(to));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200))
					.forEach(record -> values.add(record.key() + "=" + record.value()));
				return values.size() >= 2;
			});
			consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.key() + "=" + record.value()));
		}
		assertThat(values).containsExactlyInAnyOrder("k1=v1", "k2=v2");
	}

}
