package org.eventstream.ingest.config;

import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.eventstream.ingest.application.port.in.EventOutcome;
import org.eventstream.ingest.application.port.in.IngestCommand;
import org.eventstream.ingest.application.port.in.IngestEventsUseCase;
import org.eventstream.ingest.application.port.in.IngestResult;
import org.eventstream.ingest.application.port.out.PublishEventsPort;

/**
 * The ingest tier's own Prometheus meters, kept out of the application core by wrapping
 * its ports: {@code event_stream_ingest_events_total{outcome=accepted|rejected}} (events
 * in 2xx answers that were published, and events refused as invalid) and
 * {@code event_stream_ingest_publish_latency} (from handing a batch to Kafka to its
 * acknowledgement, by outcome). Whole requests refused before any event is read are
 * counted by {@code event_stream_http_problems_total{type}}.
 */
final class IngestMeters {

	private IngestMeters() {
	}

	static IngestEventsUseCase counting(IngestEventsUseCase ingest, MeterRegistry meters) {
		Counter accepted = Counter.builder("event_stream.ingest.events")
			.tag("outcome", "accepted")
			.description("Events accepted and published, or refused as invalid")
			.register(meters);
		Counter rejected = Counter.builder("event_stream.ingest.events")
			.tag("outcome", "rejected")
			.description("Events accepted and published, or refused as invalid")
			.register(meters);
		return command -> ingest.ingest(command).thenApply(result -> {
			count(result, accepted, rejected);
			return result;
		});
	}

	private static void count(IngestResult result, Counter accepted, Counter rejected) {
		long invalid = result.outcomes().stream().filter(EventOutcome.Rejected.class::isInstance).count();
		rejected.increment(invalid);
		if (result.published()) {
			accepted.increment(result.acceptedCount());
		}
	}

	static PublishEventsPort timed(PublishEventsPort publisher, MeterRegistry meters) {
		return events -> {
			Timer.Sample sample = Timer.start(meters);
			CompletableFuture<Void> published = publisher.publish(events);
			return published.whenComplete((ignored,
					failure) -> sample.stop(Timer.builder("event_stream.ingest.publish.latency")
						.description("From handing a request's events to Kafka until every replica acknowledged them")
						.tag("outcome", (failure == null) ? "acknowledged" : "failed")
						.publishPercentileHistogram()
						.register(meters)));
		};
	}

}
