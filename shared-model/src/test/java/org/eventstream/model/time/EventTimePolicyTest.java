package org.eventstream.model.time;

import java.time.Duration;
import java.time.Instant;

import org.eventstream.model.EventFixture;
import org.eventstream.model.time.EventTimePolicy.OutOfRangeAction;
import org.eventstream.model.time.EventTimePolicy.TimeResolution;
import org.eventstream.model.validation.Violation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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
		var past = EventFixture.pageView().with("timestamp", RECEIVED.minus(Duration.ofDays(30)).getEpochSecond());

		assertThat(policy.resolve(event(future), RECEIVED)).isInstanceOf(TimeResolution.Resolved.class);
		assertThat(policy.resolve(event(past), RECEIVED)).isInstanceOf(TimeResolution.Resolved.class);
	}

	@Test
	void rejectsAnEventTooFarInThePastNamingTheDate() {
		var fixture = EventFixture.pageView().with("date", "2023-01-01T00:00:00Z");

		assertThat(policy.resolve(event(fixture), RECEIVED)).isInstanceOfSatisfying(TimeResolution.OutOfRange.class,
				outOfRange -> assertThat(outOfRange.violation()).extracting(Violation::pointer).isEqualTo("/date"));
	}

	@Test
	void clampsOutOfRangeTimesWhenConfiguredTo() {
		var clamping = new EventTimePolicy(Duration.ofMinutes(10), Duration.ofDays(30), OutOfRangeAction.CLAMP);
		var future = EventFixture.pageView().with("timestamp", RECEIVED.plus(Duration.ofDays(1)).getEpochSecond());
		var past = EventFixture.pageView().with("date", "2023-01-01T00:00:00Z");

		assertThat(clamping.resolve(event(future), RECEIVED))
			.isEqualTo(new TimeResolution.Resolved(RECEIVED.plus(Duration.ofMinutes(10))));
		assertThat(clamping.resolve(event(past), RECEIVED))
			.isEqualTo(new TimeResolution.Resolved(RECEIVED.minus(Duration.ofDays(30))));
	}

}
