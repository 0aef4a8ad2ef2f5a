package org.eventstream.ingest.application.service;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.eventstream.ingest.application.port.in.EventOutcome;
import org.eventstream.ingest.application.port.in.IngestCommand;
import org.eventstream.ingest.application.port.in.IngestOverloadedException;
import org.eventstream.ingest.application.port.in.IngestResult;
import org.eventstream.ingest.application.port.in.SubmittedEvent;
import org.eventstream.ingest.application.port.out.EventsNotPublishedException;
import org.eventstream.ingest.application.port.out.GeoLocationPort;
import org.eventstream.model.EventFixture;
import org.eventstream.model.event.EventId.IdSource;
import org.eventstream.model.event.Geo;
import org.eventstream.model.identity.EventIdentifier;
import org.eventstream.model.identity.IdempotencyKey;
import org.eventstream.model.time.EventTimePolicy;
import org.eventstream.model.validation.EventLimits;
import org.eventstream.model.validation.EventReader;
import org.eventstream.model.validation.Violation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventstream.model.EventFixture.map;

class IngestEventsServiceTest {

	private static final Instant NOW = Instant.parse("2024-01-15T10:30:00Z");

	private final RecordingPublisher publisher = new RecordingPublisher();

	private final InFlightEvents inFlight = new InFlightEvents(10);

	private static final Geo BERLIN = new Geo(Optional.of("Europe"), Optional.of("Germany"), Optional.of("Berlin"),
			Optional.of("Berlin"));

	/** Knows one address; counts its lookups. */
	private final List<InetAddress> lookups = new ArrayList<>();

	private final GeoLocationPort geoLocation = address -> {
		lookups.add(address);
		return address.getHostAddress().equals("203.0.113.7") ? Optional.of(BERLIN) : Optional.empty();
	};

	private final IngestEventsService service = new IngestEventsService(Clock.fixed(NOW, ZoneOffset.UTC),
			new EventReader(EventLimits.DEFAULTS), EventTimePolicy.DEFAULTS, new EventIdentifier(UUID::randomUUID),
			publisher, inFlight, geoLocation);

	@Test
	void publishesAValidEventWithItsIdReceiptAndEventTime() {
		IngestResult result = ingest(false, Optional.empty(), EventFixture.pageView().with("id", "e-1"));

		assertThat(result.published()).isTrue();
		assertThat(result.outcomes()).singleElement().isInstanceOf(EventOutcome.Accepted.class);
		assertThat(publisher.published).singleElement().satisfies(event -> {
			assertThat(event.id().value()).isEqualTo("e-1");
			assertThat(event.receivedAt()).isEqualTo(NOW);
			assertThat(event.eventTime()).isEqualTo(NOW);
		});
	}

	@Test
	void publishesTheValidEventsOfABatchAndReportsTheOthers() {
		IngestResult result = ingest(false, Optional.empty(), EventFixture.pageView(),
				EventFixture.pageView().without("name"),
				EventFixture.pageView().with("timestamp", NOW.plus(Duration.ofDays(1)).getEpochSecond()));

		assertThat(result.outcomes().get(0)).isInstanceOf(EventOutcome.Accepted.class);
		assertThat(result.outcomes().get(1))
			.isEqualTo(new EventOutcome.Rejected(List.of(new Violation("/name", "is required"))));
		assertThat(result.outcomes().get(2)).isInstanceOfSatisfying(EventOutcome.Rejected.class,
				rejected -> assertThat(rejected.violations()).extracting(Violation::pointer)
					.containsExactly("/timestamp"));
		assertThat(publisher.published).hasSize(1);
	}

	@Test
	void reportsAnUnreadableEventWithoutReadingIt() {
		var tooLarge = new SubmittedEvent.Unreadable(new Violation("", "too large"));
		IngestResult result = service
			.ingest(IngestCommand.live(List.of(tooLarge, new SubmittedEvent.Json(EventFixture.pageView().json())),
					Optional.empty(), false, Optional.empty()))
			.join();

		assertThat(result.outcomes().get(0)).isEqualTo(new EventOutcome.Rejected(List.of(tooLarge.violation())));
		assertThat(publisher.published).hasSize(1);
	}

	@Test
	void aDryRunPublishesNothing() {
		IngestResult result = ingest(true, Optional.empty(), EventFixture.pageView());

		assertThat(result.published()).isFalse();
		assertThat(result.outcomes()).singleElement().isInstanceOf(EventOutcome.Accepted.class);
		assertThat(publisher.published).isEmpty();
	}

	@Test
	void locatesTheClientOnceForTheEventsThatDoNotSayWhereTheyComeFrom() throws Exception {
		var own = new Geo(Optional.empty(), Optional.of("France"), Optional.empty(), Optional.empty());
		List<SubmittedEvent> events = json(EventFixture.pageView(),
				EventFixture.pageView().with("geo", map("country", "France")),
				EventFixture.pageView().with("name", "scroll"));

		service.ingest(IngestCommand.live(events, Optional.empty(), false, address("203.0.113.7"))).join();

		assertThat(publisher.published).extracting(accepted -> accepted.event().geo())
			.containsExactly(Optional.of(BERLIN), Optional.of(own), Optional.of(BERLIN));
		assertThat(lookups).hasSize(1);
	}

	@Test
	void aLocatedEventKeepsTheIdItWouldHaveHadFromAnyOtherAddress() throws Exception {
		var timed = EventFixture.pageView().with("timestamp", 1705314600L);

		var located = service.ingest(IngestCommand.live(json(timed), Optional.empty(), false, address("203.0.113.7")))
			.join();
		var elsewhere = service
			.ingest(IngestCommand.live(json(timed), Optional.empty(), false, address("198.51.100.1")))
			.join();

		assertThat(located.outcomes()).isEqualTo(elsewhere.outcomes());
		assertThat(publisher.published).extracting(accepted -> accepted.event().geo())
			.containsExactly(Optional.of(BERLIN), Optional.empty());
	}

	@Test
	void importedHistoryIsNeverLocatedNorIsAnEventWithoutAnAddress() {
		var timed = EventFixture.pageView().with("timestamp", 1705314600L);

		service.ingest(IngestCommand.imported(json(timed), Optional.empty(), false)).join();
		service.ingest(IngestCommand.live(json(timed), Optional.empty(), false, Optional.empty())).join();

		assertThat(publisher.published).extracting(accepted -> accepted.event().geo()).containsOnly(Optional.empty());
		assertThat(lookups).isEmpty();
	}

	private static List<SubmittedEvent> json(EventFixture... fixtures) {
		return Arrays.stream(fixtures).map(f -> (SubmittedEvent) new SubmittedEvent.Json(f.json())).toList();
	}

	private static Optional<InetAddress> address(String literal) throws Exception {
		return Optional.of(InetAddress.getByName(literal));
	}

	@Test
	void resendingARequestWithTheSameIdempotencyKeyYieldsTheSameIds() {
		Optional<IdempotencyKey> key = IdempotencyKey.parse("request-42");

		IngestResult first = ingest(false, key, EventFixture.pageView(), EventFixture.pageView());
		IngestResult resend = ingest(false, key, EventFixture.pageView(), EventFixture.pageView());

		assertThat(resend.outcomes()).isEqualTo(first.outcomes());
		assertThat(publisher.published).extracting(event -> event.id().source()).containsOnly(IdSource.IDEMPOTENCY_KEY);
		assertThat(first.outcomes().get(0)).isNotEqualTo(first.outcomes().get(1));
	}

	@Test
	void refusesWorkBeyondTheInFlightLimitAndFreesItWhenKafkaAnswers() {
		CompletableFuture<Void> pendingAck = new CompletableFuture<>();
		publisher.answering(pendingAck);
		CompletableFuture<IngestResult> waiting = service.ingest(command(false, Optional.empty(), 8));

		assertThatThrownBy(() -> service.ingest(command(false, Optional.empty(), 3)).join())
			.hasCauseInstanceOf(IngestOverloadedException.class);
		assertThat(inFlight.inFlight()).isEqualTo(8);

		pendingAck.complete(null);
		assertThat(waiting.join().published()).isTrue();
		assertThat(inFlight.inFlight()).isZero();
	}

	@Test
	void aFailedPublishFailsTheRequestAndFreesItsPlace() {
		publisher.answering(CompletableFuture
			.failedFuture(new EventsNotPublishedException(1, "broker down", Duration.ofSeconds(5), null)));

		assertThatThrownBy(() -> ingest(false, Optional.empty(), EventFixture.pageView()))
			.isInstanceOf(CompletionException.class)
			.hasCauseInstanceOf(EventsNotPublishedException.class);
		assertThat(inFlight.inFlight()).isZero();
	}

	private IngestCommand command(boolean validateOnly, Optional<IdempotencyKey> key, int events) {
		EventFixture[] fixtures = new EventFixture[events];
		Arrays.setAll(fixtures, i -> EventFixture.pageView());
		return IngestCommand.live(json(fixtures), key, validateOnly, Optional.empty());
	}

	private IngestResult ingest(boolean validateOnly, Optional<IdempotencyKey> key, EventFixture... fixtures) {
		return service.ingest(IngestCommand.live(json(fixtures), key, validateOnly, Optional.empty())).join();
	}

}
