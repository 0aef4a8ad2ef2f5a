package org.eventstream.ingest.application.service;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.eventstream.ingest.application.port.in.EventOutcome;
import org.eventstream.ingest.application.port.in.IngestCommand;
import org.eventstream.ingest.application.port.in.IngestEventsUseCase;
import org.eventstream.ingest.application.port.in.IngestOverloadedException;
import org.eventstream.ingest.application.port.in.IngestResult;
import org.eventstream.ingest.application.port.in.SubmittedEvent;
import org.eventstream.ingest.application.port.out.GeoLocationPort;
import org.eventstream.ingest.application.port.out.PublishEventsPort;
import org.eventstream.model.event.AcceptedEvent;
import org.eventstream.model.event.EventId;
import org.eventstream.model.event.Geo;
import org.eventstream.model.identity.EventIdentifier;
import org.eventstream.model.time.EventTimePolicy;
import org.eventstream.model.time.EventTimePolicy.TimeResolution;
import org.eventstream.model.validation.EventReader;
import org.eventstream.model.validation.ValidationResult;
import org.eventstream.model.validation.Violation;

/**
 * Validates, identifies and times each event of a request, locates the live ones that do
 * not say where they come from, then publishes the accepted ones in one go.
 */
public final class IngestEventsService implements IngestEventsUseCase {

	static final Violation IMPORT_WITHOUT_TIME = new Violation("/timestamp",
			"an imported event needs its own time: timestamp or date");

	private final Clock clock;

	private final EventReader reader;

	private final EventTimePolicy timePolicy;

	private final EventIdentifier identifier;

	private final PublishEventsPort publisher;

	private final InFlightEvents inFlight;

	private final GeoLocationPort geoLocation;

	public IngestEventsService(Clock clock, EventReader reader, EventTimePolicy timePolicy, EventIdentifier identifier,
			PublishEventsPort publisher, InFlightEvents inFlight, GeoLocationPort geoLocation) {
		this.clock = clock;
		this.reader = reader;
		this.timePolicy = timePolicy;
		this.identifier = identifier;
		this.publisher = publisher;
		this.inFlight = inFlight;
		this.geoLocation = geoLocation;
	}

	@Override
	public CompletableFuture<IngestResult> ingest(IngestCommand command) {
		Instant receivedAt = clock.instant();
		List<EventOutcome> outcomes = new ArrayList<>(command.events().size());
		List<AcceptedEvent> accepted = new ArrayList<>(command.events().size());
		Located located = new Located(command.clientAddress());
		for (int position = 0; position < command.events().size(); position++) {
			EventOutcome outcome = accept(command, position, receivedAt, located, accepted);
			outcomes.add(outcome);
		}
		if (accepted.isEmpty() || command.validateOnly()) {
			return CompletableFuture.completedFuture(new IngestResult(outcomes, false));
		}
		int count = accepted.size();
		if (!inFlight.tryAcquire(count)) {
			return CompletableFuture.failedFuture(new IngestOverloadedException(count, inFlight.limit()));
		}
		CompletableFuture<Void> published;
		try {
			published = publisher.publish(accepted);
		}
		catch (RuntimeException ex) {
			inFlight.release(count);
			throw ex;
		}
		return published.whenComplete((done, failure) -> inFlight.release(count))
			.thenApply(done -> new IngestResult(outcomes, true));
	}

	private EventOutcome accept(IngestCommand command, int position, Instant receivedAt, Located located,
			List<AcceptedEvent> accepted) {
		SubmittedEvent submitted = command.events().get(position);
		if (submitted instanceof SubmittedEvent.Unreadable unreadable) {
			return new EventOutcome.Rejected(List.of(unreadable.violation()));
		}
		ValidationResult validation = reader.read(((SubmittedEvent.Json) submitted).tree());
		if (validation instanceof ValidationResult.Invalid invalid) {
			return new EventOutcome.Rejected(invalid.violations());
		}
		var event = ((ValidationResult.Valid) validation).event();
		if (command.origin() == IngestCommand.Origin.IMPORT && !event.carriesItsOwnTime()) {
			return new EventOutcome.Rejected(List.of(IMPORT_WITHOUT_TIME));
		}
		TimeResolution time = timePolicy.resolve(event, receivedAt);
		if (time instanceof TimeResolution.OutOfRange outOfRange) {
			return new EventOutcome.Rejected(List.of(outOfRange.violation()));
		}
		// identified as sent: a resend from another address is the same event
		EventId id = identifier.identify(event, command.idempotencyKey(), position);
		if (event.geo().isEmpty()) {
			event = located.geo().map(event::withGeo).orElse(event);
		}
		accepted.add(new AcceptedEvent(id, event, receivedAt, ((TimeResolution.Resolved) time).eventTime()));
		return new EventOutcome.Accepted(id);
	}

	/** The request's client address, located at most once, when an event needs it. */
	private final class Located {

		private final Optional<InetAddress> address;

		private Optional<Geo> geo;

		Located(Optional<InetAddress> address) {
			this.address = address;
		}

		Optional<Geo> geo() {
			if (geo == null) {
				geo = address.flatMap(geoLocation::locate);
			}
			return geo;
		}

	}

}
