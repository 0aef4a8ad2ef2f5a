package org.eventstream.model.wire;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.eventstream.model.EventFixture;
import org.eventstream.model.event.AcceptedEvent;
import org.eventstream.model.event.EventId;
import org.eventstream.model.event.EventId.IdSource;
import org.eventstream.model.wire.EventWireFormat.WireDecoding;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eventstream.model.TestEvents.event;

class EventWireFormatTest {

	private final EventWireFormat wire = new EventWireFormat();

	@Test
	void everyFieldSurvivesTheRoundTrip() {
		var accepted = new AcceptedEvent(new EventId("8d3b0c4e-1f2a-5b6c-9d8e-7f6a5b4c3d2e", IdSource.CONTENT),
				event(EventFixture.seedExample().with("sent_at", "2024-01-15T10:30:05.5Z")),
				Instant.parse("2024-01-15T10:30:01.123456Z"), Instant.parse("2024-01-15T10:29:56.623456Z"));

		assertThat(wire.decode(wire.encode(accepted))).isEqualTo(new WireDecoding.Decoded(accepted));
	}

	@Test
	void restoresTheClientIdOfAnEventThatBroughtItsOwn() {
		var accepted = new AcceptedEvent(new EventId("client-7", IdSource.CLIENT),
				event(EventFixture.pageView().with("id", "client-7")), Instant.EPOCH, Instant.EPOCH);

		assertThat(wire.decode(wire.encode(accepted))).isEqualTo(new WireDecoding.Decoded(accepted));
	}

	@Test
	void writesTheApiSchemaPlusTheEnvelope() {
		var accepted = new AcceptedEvent(new EventId("e1", IdSource.RANDOM), event(EventFixture.pageView()),
				Instant.parse("2024-01-15T10:30:00Z"), Instant.parse("2024-01-15T10:30:00Z"));

		assertThat(new String(wire.encode(accepted), StandardCharsets.UTF_8)).isEqualTo(
				"{\"v\":1,\"id\":\"e1\",\"id_source\":\"random\",\"received_at\":\"2024-01-15T10:30:00.000000Z\","
						+ "\"event_time\":\"2024-01-15T10:30:00.000000Z\",\"name\":\"page_view\",\"channel_type\":\"web\","
						+ "\"user_id\":\"user-123\"}");
	}

	@Test
	void refusesUnknownVersionsAndGarbage() {
		assertThat(wire.decode("{\"v\":2,\"id\":\"e1\"}".getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(WireDecoding.Undecodable.class);
		assertThat(wire.decode("not json".getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(WireDecoding.Undecodable.class);
		assertThat(wire.decode(null)).isInstanceOf(WireDecoding.Undecodable.class);
		assertThat(wire.decode("null".getBytes(StandardCharsets.UTF_8))).isInstanceOf(WireDecoding.Undecodable.class);
	}

	@Test
	void refusesAnEnvelopeWithAnInvalidEvent() {
		String value = "{\"v\":1,\"id\":\"e1\",\"id_source\":\"random\",\"received_at\":\"2024-01-15T10:30:00Z\","
				+ "\"event_time\":\"2024-01-15T10:30:00Z\",\"name\":\"page_view\",\"channel_type\":\"radio\"}";

		assertThat(wire.decode(value.getBytes(StandardCharsets.UTF_8))).isInstanceOfSatisfying(
				WireDecoding.Undecodable.class,
				undecodable -> assertThat(undecodable.reason()).contains("/channel_type"));
	}

}
