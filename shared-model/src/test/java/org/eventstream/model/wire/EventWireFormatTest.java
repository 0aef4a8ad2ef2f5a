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

	private static final AcceptedEvent SEED_EXAMPLE = new AcceptedEvent(
			new EventId("8d3b0c4e-1f2a-5b6c-9d8e-7f6a5b4c3d2e", IdSource.CONTENT),
			event(EventFixture.seedExample().with("sent_at", "2024-01-15T10:30:05.5Z")),
			Instant.parse("2024-01-15T10:30:01.123456Z"), Instant.parse("2024-01-15T10:29:56.623456Z"));

	@Test
	void everyFieldSurvivesTheRoundTrip() {
		assertThat(wire.decode(wire.encode(SEED_EXAMPLE))).isEqualTo(new WireDecoding.Decoded(SEED_EXAMPLE));
		assertThat(wire.encode(SEED_EXAMPLE)[0]).isEqualTo((byte) EventRecord.VERSION);
	}

	@Test
	void theGeoObjectSurvivesTheRoundTripInTheColumnsAfterTheItems() {
		var located = new AcceptedEvent(SEED_EXAMPLE.id(),
				event(EventFixture.seedExample()
					.with("geo", EventFixture.map("continent", "Europe", "country", "Germany", "city", "Berlin"))),
				SEED_EXAMPLE.receivedAt(), SEED_EXAMPLE.eventTime());

		assertThat(wire.decode(wire.encode(located))).isEqualTo(new WireDecoding.Decoded(located));
		assertThat(wire.decode(wire.encodeJson(located))).isEqualTo(new WireDecoding.Decoded(located));
		assertThat(EventRecord.COLUMNS.subList(EventRecord.COLUMNS.size() - 5, EventRecord.COLUMNS.size()))
			.containsExactly("items", "geo_continent", "geo_country", "geo_region", "geo_city");
	}

	/**
	 * {@code wire/seed-example-v2.bin} is {@link #SEED_EXAMPLE} as the tier wrote it
	 * before {@code geo} (commit 7b78f78): such records may still be in the topic after
	 * an upgrade.
	 */
	@Test
	void stillReadsVersion2AndUpgradesItToTheRowWritersStore() throws Exception {
		byte[] version2;
		try (var in = getClass().getResourceAsStream("/wire/seed-example-v2.bin")) {
			version2 = in.readAllBytes();
		}
		assertThat(version2[0]).isEqualTo((byte) EventRecord.VERSION_WITHOUT_GEO);

		assertThat(wire.decode(version2)).isEqualTo(new WireDecoding.Decoded(SEED_EXAMPLE));
		var scanned = (EventRecord.Scanned) wire.scan(version2);
		assertThat(scanned.record()).isEqualTo(wire.encode(SEED_EXAMPLE));
		assertThat(scanned.id()).isEqualTo(SEED_EXAMPLE.id().value());
	}

	@Test
	void stillReadsTheJsonVersionWrittenBefore() {
		assertThat(wire.decode(wire.encodeJson(SEED_EXAMPLE))).isEqualTo(new WireDecoding.Decoded(SEED_EXAMPLE));
		assertThat(wire.scan(wire.encodeJson(SEED_EXAMPLE))).usingRecursiveComparison()
			.isEqualTo(wire.scan(wire.encode(SEED_EXAMPLE)));
	}

	@Test
	void aJsonRecordWhoseTimeTheTableCannotHoldScansToUndecodable() {
		var year2400 = new AcceptedEvent(new EventId("e3", IdSource.RANDOM), event(EventFixture.pageView()),
				Instant.parse("2400-01-01T00:00:00Z"), Instant.parse("2400-01-01T00:00:00Z"));

		assertThat(wire.scan(wire.encodeJson(year2400))).isInstanceOfSatisfying(WireDecoding.Undecodable.class,
				undecodable -> assertThat(undecodable.reason()).contains("DateTime64"));
	}

	@Test
	void aScanReadsTheIdUserKeyAndTimeWithoutBuildingTheEvent() {
		var scanned = (EventRecord.Scanned) wire.scan(wire.encode(SEED_EXAMPLE));

		assertThat(scanned.id()).isEqualTo(SEED_EXAMPLE.id().value());
		assertThat(scanned.userKey()).isEqualTo(SEED_EXAMPLE.event().userKey().orElseThrow());
		assertThat(scanned.eventTime()).isEqualTo(SEED_EXAMPLE.eventTime());
		var anonymous = new AcceptedEvent(new EventId("e2", IdSource.RANDOM),
				event(EventFixture.pageView().without("user_id").with("user_pseudo_id", "device-9")), Instant.EPOCH,
				Instant.EPOCH);
		assertThat(((EventRecord.Scanned) wire.scan(wire.encode(anonymous))).userKey()).isEqualTo("device-9");
	}

	@Test
	void everyTruncationAndTrailingByteIsUndecodableNotAnError() {
		byte[] whole = wire.encode(SEED_EXAMPLE);
		for (int length = 0; length < whole.length; length++) {
			byte[] prefix = java.util.Arrays.copyOf(whole, length);
			assertThat(wire.scan(prefix)).as("the first %d bytes", length).isInstanceOf(WireDecoding.Undecodable.class);
			assertThat(wire.decode(prefix)).as("the first %d bytes", length)
				.isInstanceOf(WireDecoding.Undecodable.class);
		}
		byte[] longer = java.util.Arrays.copyOf(whole, whole.length + 1);
		assertThat(wire.scan(longer)).isInstanceOf(WireDecoding.Undecodable.class);
	}

	@Test
	void corruptedBytesScanToAnEventOrToUndecodableNeverToAnException() {
		byte[] whole = wire.encode(SEED_EXAMPLE);
		java.util.Random random = new java.util.Random(7);
		int undecodable = 0;
		for (int run = 0; run < 20_000; run++) {
			byte[] corrupted = whole.clone();
			corrupted[1 + random.nextInt(whole.length - 1)] = (byte) random.nextInt(256);
			if (wire.scan(corrupted) instanceof WireDecoding.Undecodable) {
				undecodable++;
			}
			wire.decode(corrupted);
		}
		assertThat(undecodable).isPositive();
	}

	@Test
	void restoresTheClientIdOfAnEventThatBroughtItsOwn() {
		var accepted = new AcceptedEvent(new EventId("client-7", IdSource.CLIENT),
				event(EventFixture.pageView().with("id", "client-7")), Instant.EPOCH, Instant.EPOCH);

		assertThat(wire.decode(wire.encode(accepted))).isEqualTo(new WireDecoding.Decoded(accepted));
	}

	@Test
	void version1WasTheApiSchemaPlusTheEnvelope() {
		var accepted = new AcceptedEvent(new EventId("e1", IdSource.RANDOM), event(EventFixture.pageView()),
				Instant.parse("2024-01-15T10:30:00Z"), Instant.parse("2024-01-15T10:30:00Z"));

		assertThat(new String(wire.encodeJson(accepted), StandardCharsets.UTF_8)).isEqualTo(
				"{\"v\":1,\"id\":\"e1\",\"id_source\":\"random\",\"received_at\":\"2024-01-15T10:30:00.000000Z\","
						+ "\"event_time\":\"2024-01-15T10:30:00.000000Z\",\"name\":\"page_view\",\"channel_type\":\"web\","
						+ "\"user_id\":\"user-123\"}");
	}

	@Test
	void refusesUnknownVersionsAndGarbage() {
		assertThat(wire.decode("{\"v\":2,\"id\":\"e1\"}".getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(WireDecoding.Undecodable.class);
		assertThat(wire.decode(new byte[] { 4, 1, 2 }))
			.isEqualTo(new WireDecoding.Undecodable("unknown wire format version 4 (this reader knows 1, 2 and 3)"));
		assertThat(wire.scan(new byte[0])).isInstanceOf(WireDecoding.Undecodable.class);
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
