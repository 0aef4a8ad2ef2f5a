package org.eventstream.benchmarks.load;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Prints how many records a topic holds (the sum of its partitions' end offsets), for
 * {@code verification/benchmarks/writer-drain.sh}:
 * {@code ./mvnw -q -pl verification/benchmarks exec:java -Dbenchmark.main=org.eventstream.benchmarks.load.TopicEnd
 * -Dexec.args="localhost:9092 events"}.
 */
public final class TopicEnd {

	private TopicEnd() {
	}

	public static void main(String[] args) throws Exception {
		String topic = args[1];
		try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", args[0]))) {
			Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
			admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.forEach(partition -> ends.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
			System.out.println(admin.listOffsets(ends)
				.all()
				.get()
				.values()
				.stream()
				.mapToLong(ListOffsetsResultInfo::offset)
				.sum());
		}
	}

}
