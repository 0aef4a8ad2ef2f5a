package org.eventstream.ingest.application.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eventstream.ingest.application.port.out.PublishEventsPort;
import org.eventstream.model.event.AcceptedEvent;

/**
 * A hand-written fake: records what it is asked to publish and answers with the next
 * prepared outcome.
 */
public final class RecordingPublisher implements PublishEventsPort {

	public final List<AcceptedEvent> published = new ArrayList<>();

	private CompletableFuture<Void> nextOutcome = CompletableFuture.completedFuture(null);

	private int successesFirst;

	public RecordingPublisher answering(CompletableFuture<Void> outcome) {
		return answeringAfter(0, outcome);
	}

	/** Acknowledges the next {@code successes} calls, then answers {@code outcome}. */
	public synchronized RecordingPublisher answeringAfter(int successes, CompletableFuture<Void> outcome) {
		this.successesFirst = successes;
		this.nextOutcome = outcome;
		return this;
	}

	@Override
	public synchronized CompletableFuture<Void> publish(List<AcceptedEvent> events) {
		published.addAll(events);
		if (successesFirst > 0) {
			successesFirst--;
			return CompletableFuture.completedFuture(null);
		}
		return nextOutcome;
	}

}
