package org.eventstream.testinfra;

import java.util.Objects;

/**
 * A Kafka cluster the tests can use, by its bootstrap address ({@code host:port,...}).
 */
public record KafkaEndpoint(String bootstrapServers) {

	public KafkaEndpoint {
		Objects.requireNonNull(bootstrapServers, "bootstrapServers");
	}

}
