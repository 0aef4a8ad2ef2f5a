package org.eventstream.writer.application.port.in;

import java.util.List;

/** One micro-batch of consumed records, in log order within each partition. */
public record EventBatch(List<ConsumedEvent> events, List<PoisonRecord> poison) {

	public EventBatch {
		events = List.copyOf(events);
		poison = List.copyOf(poison);
	}

	public int size() {
		return events.size() + poison.size();
	}

}
