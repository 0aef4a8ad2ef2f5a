package org.eventstream.metrics.application.port.in;

import org.eventstream.metrics.domain.MetricsReport;

/** What a metrics question gets: the report, or why it was not asked of the store. */
public sealed interface MetricsOutcome {

	/** Every event counted once. */
	record Answered(MetricsReport report) implements MetricsOutcome {
	}

	/**
	 * The range holds more buckets of the requested time grouping than a response may
	 * carry; nothing was read.
	 */
	record TooManyBuckets(int cap) implements MetricsOutcome {
	}

}
