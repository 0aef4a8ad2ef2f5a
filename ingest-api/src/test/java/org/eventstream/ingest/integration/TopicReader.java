package org.eventstream.ingest.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning, as a test's independent witness of what the service
 * published.
 */
final class TopicReader {

	private TopicReader() {
	}

	/**
	 * The records with this key, once at least {@code expected} of them arrived (or 30 s
	 * passed).
	 */
	static List<ConsumerRecord<String, byte[]>> withKey(String bootstrapServers, String topic, String key,
			int expected) {
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"witness-" + System.nanoTime(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(Set.of(topic));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (records.size() < expected && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(record -> keep(record, key, records));
			}
			// one more short poll, so that an unexpected extra record would be seen too
			consumer.poll(Duration.ofMillis(300)).forEach(record -> keep(record, key, records));
		}
		return records;
	}

	private static void keep(ConsumerRecord<String, byte[]> record, String key,
			List<ConsumerRecord<String, byte[]>> records) {
		if (key.equals(record.key())) {
			records.add(record);
		}
	}

}
