package org.eventstream.model.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.eventstream.model.EventFixture;
import org.eventstream.model.time.EventTimePolicy.OutOfRangeAction;
import org.eventstream.model.time.EventTimePolicy.TimeResolution;
import org.eventstream.model.validation.Violation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.eventstream.model.TestEvents.event;

class EventTimePolicyTest {

	private static final Instant RECEIVED = Instant.parse("2024-01-15T10:30:00Z");

	private final EventTimePolicy policy = EventTimePolicy.DEFAULTS;

	@Test
	void anEventWithoutItsOwnTimeHappenedWhenReceived() {
		assertThat(policy.resolve(event(EventFixture.pageView()), RECEIVED))
			.isEqualTo(new TimeResolution.Resolved(RECEIVED));
	}

	@Test
	void aRetentionRefusesEventsOlderThanItLessADayAndNarrowsNoShorterPast() {
		EventTimePolicy retained = policy.withRetention(Duration.ofDays(30));
		var justInside = EventFixture.pageView()
			.with("date", RECEIVED.minus(Duration.ofDays(29)).plusSeconds(1).toString());
		var justOutside = EventFixture.pageView()
			.with("date", RECEIVED.minus(Duration.ofDays(29)).minusSeconds(1).toString());

		assertThat(retained.resolve(event(justInside), RECEIVED)).isInstanceOf(TimeResolution.Resolved.class);
		assertThat(retained.resolve(event(justOutside), RECEIVED)).isInstanceOf(TimeResolution.OutOfRange.class);
		assertThat(policy.resolve(event(justOutside), RECEIVED)).as("without a retention: history is accepted")
			.isInstanceOf(TimeResolution.Resolved.class);

		EventTimePolicy shorter = new EventTimePolicy(Duration.ofMinutes(10), Optional.of(Duration.ofDays(7)),
				EventTimePolicy.EARLIEST, EventTimePolicy.OutOfRangeAction.REJECT);
		assertThat(shorter.withRetention(Duration.ofDays(30)).maxPast()).contains(Duration.ofDays(7));
		assertThatIllegalArgumentException().isThrownBy(() -> policy.withRetention(Duration.ofHours(24)));
	}

	@Test
	void prefersTheTimestampToTheDate() {
		var fixture = EventFixture.pageView()
			.with("timestamp", RECEIVED.minusSeconds(60).getEpochSecond())
			.with("date", RECEIVED.minusSeconds(120).toString());

		assertThat(policy.resolve(event(fixture), RECEIVED))
			.isEqualTo(new TimeResolution.Resolved(RECEIVED.minusSeconds(60)));
	}

	@Test
	void usesTheDateWithoutATimestamp() {
		var fixture = EventFixture.pageView().with("date", "2024-01-15T10:00:00Z");

		assertThat(policy.resolve(event(fixture), RECEIVED))
			.isEqualTo(new TimeResolution.Resolved(Instant.parse("2024-01-15T10:00:00Z")));
	}

	@Test
	void correctsAClientClockThatRunsAnHourFast() {
		Instant clientNow = RECEIVED.plus(Duration.ofHours(1));
		var fixture = EventFixture.pageView()
			.with("timestamp", clientNow.minusSeconds(5).toEpochMilli())
			.with("sent_at", clientNow.toString());

		assertThat(policy.resolve(event(fixture), RECEIVED))
			.isEqualTo(new TimeResolution.Resolved(RECEIVED.minusSeconds(5)));
	}

	@Test
	void rejectsAnEventTooFarInTheFuture() {
		var fixture = EventFixture.pageView().with("timestamp", RECEIVED.plus(Duration.ofMinutes(11)).getEpochSecond());

		assertThat(policy.resolve(event(fixture), RECEIVED)).isInstanceOfSatisfying(TimeResolution.OutOfRange.class,
				outOfRange -> assertThat(outOfRange.violation().pointer()).isEqualTo("/timestamp"));
	}

	@Test
	void acceptsAnEventExactlyAtTheBounds() {
		var future = EventFixture.pageView().with("timestamp", RECEIVED.plus(Duration.ofMinutes(10)).getEpochSecond());
		var floor = EventFixture.pageView().with("date", "2000-01-01T00:00:00Z");

		assertThat(policy.resolve(event(future), RECEIVED)).isInstanceOf(TimeResolution.Resolved.class);
		assertThat(policy.resolve(event(floor), RECEIVED))
			.isEqualTo(new TimeResolution.Resolved(EventTimePolicy.EARLIEST));
	}

	@Test
	void acceptsHistoryByDefaultAsTheSeedsFullExampleSendsIt() {
		var seedExample = EventFixture.seedExample();

		assertThat(policy.resolve(event(seedExample), Instant.parse("2026-11-28T00:00:00Z")))
			.isEqualTo(new TimeResolution.Resolved(Instant.ofEpochSecond(1234567890L)));
	}

	@Test
	void rejectsAnEventBeforeTheFloorNamingIt() {
		var fixture = EventFixture.pageView().with("date", "1999-12-31T23:59:59Z");

		assertThat(policy.resolve(event(fixture), RECEIVED)).isInstanceOfSatisfying(TimeResolution.OutOfRange.class,
				outOfRange -> assertThat(outOfRange.violation().message())
					.startsWith("is before 2000-01-01T00:00:00Z, the earliest event time accepted"));
	}

	@Test
	void anOperatorCanNarrowThePastNamingTheDate() {
		var narrowed = new EventTimePolicy(Duration.ofMinutes(10), Optional.of(Duration.ofDays(30)),
				EventTimePolicy.EARLIEST, OutOfRangeAction.REJECT);
		var inside = EventFixture.pageView().with("timestamp", RECEIVED.minus(Duration.ofDays(30)).getEpochSecond());
		var outside = EventFixture.pageView().with("date", "2023-01-01T00:00:00Z");

		assertThat(narrowed.resolve(event(inside), RECEIVED)).isInstanceOf(TimeResolution.Resolved.class);
		assertThat(narrowed.resolve(event(outside), RECEIVED)).isInstanceOfSatisfying(TimeResolution.OutOfRange.class,
				outOfRange -> assertThat(outOfRange.violation()).extracting(Violation::pointer, Violation::message)
					.containsExactly("/date",
							"is more than PT720H in the past (corrected event time " + "2023-01-01T00:00:00Z)"));
	}

	@Test
	void clampsOutOfRangeTimesWhenConfiguredTo() {
		var clamping = new EventTimePolicy(Duration.ofMinutes(10), Optional.of(Duration.ofDays(30)),
				EventTimePolicy.EARLIEST, OutOfRangeAction.CLAMP);
		var future = EventFixture.pageView().with("timestamp", RECEIVED.plus(Duration.ofDays(1)).getEpochSecond());
		var past = EventFixture.pageView().with("date", "2023-01-01T00:00:00Z");
		var beforeTheFloor = EventFixture.pageView().with("date", "1990-01-01T00:00:00Z");

		assertThat(clamping.resolve(event(future), RECEIVED))
			.isEqualTo(new TimeResolution.Resolved(RECEIVED.plus(Duration.ofMinutes(10))));
		assertThat(clamping.resolve(event(past), RECEIVED))
			.isEqualTo(new TimeResolution.Resolved(RECEIVED.minus(Duration.ofDays(30))));
		assertThat(new EventTimePolicy(Duration.ofMinutes(10), Optional.empty(), EventTimePolicy.EARLIEST,
				OutOfRangeAction.CLAMP)
			.resolve(event(beforeTheFloor), RECEIVED)).isEqualTo(new TimeResolution.Resolved(EventTimePolicy.EARLIEST));
	}

}
