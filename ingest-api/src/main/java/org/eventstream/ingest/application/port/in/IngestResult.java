package org.eventstream.ingest.application.port.in;

import java.util.List;

/**
 * The outcome of every event of a request, in request order.
 *
 * @param published whether the accepted events went to Kafka (false for a dry run or when
 * none was accepted)
 */
public record IngestResult(List<EventOutcome> outcomes, boolean published) {

	public IngestResult {
		outcomes = List.copyOf(outcomes);
	}

	public long acceptedCount() {
		return outcomes.stream().filter(EventOutcome.Accepted.class::isInstance).count();
	}

}
