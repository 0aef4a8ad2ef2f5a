package org.eventstream.ingest.adapter.in.web;

/**
 * Limits on what a request may carry, enforced before any event is validated.
 *
 * @param maxBodyBytes the body, after gzip decompression
 * @param maxEventsPerBatch events in one {@code POST /events/batch}
 * @param maxEventBytes one event's JSON text
 * @param maxNestingDepth JSON nesting (objects and arrays) in a body
 * @param maxStringLength any JSON string, before the event's own field limits apply
 * @param maxNumberLength digits of any JSON number
 */
public record RequestLimits(int maxBodyBytes, int maxEventsPerBatch, int maxEventBytes, int maxNestingDepth,
		int maxStringLength, int maxNumberLength) {

	public RequestLimits {
		if (maxBodyBytes < 1 || maxEventsPerBatch < 1 || maxEventBytes < 1 || maxNestingDepth < 4 || maxStringLength < 1
				|| maxNumberLength < 1) {
			throw new IllegalArgumentException("request limits must be positive (nesting depth at least 4): " + this);
		}
	}

}
