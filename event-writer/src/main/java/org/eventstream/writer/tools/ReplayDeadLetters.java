package org.eventstream.writer.tools;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eventstream.model.wire.Topics;

/**
 * Sends dead-lettered records back to the events topic, once their cause is fixed (for
 * example after upgrading the writer to a version that reads them). Replays what is in
 * the dead-letter topic when it starts, from where the previous replay stopped (consumer
 * group {@code event-writer-dlt-replay}), then stops.
 *
 * <pre>
 * java -cp event-writer.jar -Dloader.main=org.eventstream.writer.tools.ReplayDeadLetters \
 *   org.springframework.boot.loader.launch.PropertiesLauncher \
 *   --bootstrap-servers=localhost:9092 [--from=events.dlt] [--to=events] [--dry-run]
 * </pre>
 *
 * Replaying is safe to repeat: events are stored once per id, and a record that is still
 * poison comes back to the dead-letter topic.
 */
public final class ReplayDeadLetters {

	private ReplayDeadLetters() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		Result result = replay(options.getOrDefault("bootstrap-servers", "localhost:9092"),
				options.getOrDefault("from", Topics.EVENTS_DEAD_LETTER), options.getOrDefault("to", Topics.EVENTS),
				options.containsKey("dry-run"));
		System.out.println((result.dryRun() ? "would replay " : "replayed ") + result.replayed()
				+ " dead-lettered records from " + result.from() + " to " + result.to());
	}

	/** What one run did. */
	public record Result(String from, String to, int replayed, boolean dryRun) {
	}

	public static Result replay(String bootstrapServers, String from, String to, boolean dryRun) throws Exception {
		Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, "event-writer-dlt-replay", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
				"earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		int replayed = 0;
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
				new ByteArrayDeserializer());
				KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
						new ByteArraySerializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(from)
				.stream()
				.map(info -> new TopicPartition(from, info.partition()))
				.toList();
			consumer.assign(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			while (!reached(consumer, end)) {
				ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
				Map<TopicPartition, OffsetAndMetadata> batch = new LinkedHashMap<>();
				List<Future<RecordMetadata>> acks = new java.util.ArrayList<>();
				for (ConsumerRecord<byte[], byte[]> record : records) {
					if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
						continue;
					}
					if (!dryRun) {
						acks.add(producer.send(new ProducerRecord<>(to, record.key(), record.value())));
					}
					batch.put(new TopicPartition(record.topic(), record.partition()),
							new OffsetAndMetadata(record.offset() + 1));
					replayed++;
				}
				for (Future<RecordMetadata> ack : acks) {
					ack.get();
				}
				if (!dryRun && !batch.isEmpty()) {
					consumer.commitSync(batch);
				}
			}
		}
		return new Result(from, to, replayed, dryRun);
	}

	private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
		for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
			if (consumer.position(partition.getKey()) < partition.getValue()) {
				return false;
			}
		}
		return true;
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		Set<String> known = Set.of("bootstrap-servers", "from", "to", "dry-run");
		for (String arg : args) {
			String[] pair = arg.replaceFirst("^--", "").split("=", 2);
			if (!arg.startsWith("--") || !known.contains(pair[0])) {
				throw new IllegalArgumentException("unknown option " + arg
						+ "; usage: --bootstrap-servers=host:port [--from=events.dlt] [--to=events] [--dry-run]");
			}
			options.put(pair[0], pair.length > 1 ? pair[1] : "true");
		}
		return options;
	}

}
