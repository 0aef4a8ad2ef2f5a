package org.eventstream.model.identity;

import java.util.Optional;
import java.util.UUID;

import org.eventstream.model.EventFixture;
import org.eventstream.model.event.EventId;
import org.eventstream.model.event.EventId.IdSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eventstream.model.EventFixture.numberParam;
import static org.eventstream.model.TestEvents.event;

class EventIdentifierTest {

	private static final UUID RANDOM = UUID.fromString("00000000-0000-4000-8000-000000000001");

	private final EventIdentifier identifier = new EventIdentifier(() -> RANDOM);

	private final Optional<IdempotencyKey> noKey = Optional.empty();

	@Test
	void theClientIdWinsOverEveryOtherRule() {
		var fixture = EventFixture.seedExample().with("id", "client-1");

		assertThat(identifier.identify(event(fixture), IdempotencyKey.parse("key-1"), 3))
			.isEqualTo(new EventId("client-1", IdSource.CLIENT));
	}

	@Test
	void derivesIdsFromTheIdempotencyKeyAndPosition() {
		var event = event(EventFixture.pageView());
		var key = IdempotencyKey.parse("4f1d7c2e-request-1");

		EventId first = identifier.identify(event, key, 0);
		assertThat(first.source()).isEqualTo(IdSource.IDEMPOTENCY_KEY);
		assertThat(identifier.identify(event, key, 0)).isEqualTo(first);
		assertThat(identifier.identify(event, key, 1)).isNotEqualTo(first);
		assertThat(identifier.identify(event, IdempotencyKey.parse("4f1d7c2e-request-2"), 0)).isNotEqualTo(first);
	}

	@Test
	void derivedIdsAreTheSameOnEveryMachineAndVersion() {
		// Pinned values: if these change, every resend after an upgrade would be counted
		// twice.
		assertThat(identifier.identify(event(EventFixture.pageView()), IdempotencyKey.parse("k"), 0).value())
			.isEqualTo(NameBasedUuid.v5(EventIdentifier.NAMESPACE, "idempotency-key\nk\n0").toString())
			.isEqualTo("8224b746-c3a2-505d-943c-33871de5690c");
		assertThat(identifier.identify(event(EventFixture.seedExample()), noKey, 0).value())
			.isEqualTo("8d484b33-2228-5487-ac77-01b8abe47726");
	}

	@Test
	void anIdenticalResendOfATimedEventGetsTheSameId() {
		var original = EventFixture.seedExample().with("sent_at", "2024-01-15T10:30:05Z");
		var resend = EventFixture.seedExample().with("sent_at", "2024-01-15T10:45:00Z");

		EventId id = identifier.identify(event(original), noKey, 0);
		assertThat(id.source()).isEqualTo(IdSource.CONTENT);
		assertThat(identifier.identify(event(resend), noKey, 7)).isEqualTo(id);
	}

	@Test
	void anyChangeOfContentChangesTheContentId() {
		EventId id = identifier.identify(event(EventFixture.seedExample()), noKey, 0);

		assertThat(identifier.identify(event(EventFixture.seedExample().with("user_id", "user-124")), noKey, 0))
			.isNotEqualTo(id);
		assertThat(identifier.identify(event(EventFixture.seedExample().with("timestamp", 1234567891L)), noKey, 0))
			.isNotEqualTo(id);
		assertThat(identifier.identify(
				event(EventFixture.seedExample().withEventParams(numberParam("scroll_depth", 75.50000001))), noKey, 0))
			.isNotEqualTo(id);
		assertThat(identifier
			.identify(event(EventFixture.seedExample().with("geo", EventFixture.map("country", "Germany"))), noKey, 0))
			.isNotEqualTo(id);
	}

	@Test
	void aGeoWithoutAnyFieldIsNoGeoAndKeepsTheIdEventsHadBeforeGeo() {
		assertThat(identifier.identify(event(EventFixture.seedExample().with("geo", EventFixture.map())), noKey, 0)
			.value()).isEqualTo("8d484b33-2228-5487-ac77-01b8abe47726");
		var city = event(EventFixture.seedExample().with("geo", EventFixture.map("city", "Berlin")));
		var region = event(EventFixture.seedExample().with("geo", EventFixture.map("region", "Berlin")));
		assertThat(identifier.identify(city, noKey, 0)).isNotEqualTo(identifier.identify(region, noKey, 0));
	}

	@Test
	void lengthPrefixesKeepNeighbouringFieldsApart() {
		var a = EventFixture.pageView().with("timestamp", 1234567890L).with("user_id", "ab").without("user_pseudo_id");
		var b = EventFixture.pageView().with("timestamp", 1234567890L).with("user_id", "a").with("user_pseudo_id", "b");

		assertThat(identifier.identify(event(a), noKey, 0)).isNotEqualTo(identifier.identify(event(b), noKey, 0));
	}

	@Test
	void anEventWithoutTimeOrKeyGetsARandomId() {
		assertThat(identifier.identify(event(EventFixture.pageView()), noKey, 0))
			.isEqualTo(new EventId(RANDOM.toString(), IdSource.RANDOM));
	}

	@Test
	void refusesMalformedIdempotencyKeys() {
		assertThat(IdempotencyKey.parse("")).isEmpty();
		assertThat(IdempotencyKey.parse("has space")).isEmpty();
		assertThat(IdempotencyKey.parse("k".repeat(IdempotencyKey.MAX_LENGTH + 1))).isEmpty();
		assertThat(IdempotencyKey.parse("k".repeat(IdempotencyKey.MAX_LENGTH))).isPresent();
	}

	@Test
	void derivesStandardVersion5Uuids() {
		// RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
		UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
		assertThat(NameBasedUuid.v5(dns, "www.example.com"))
			.isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
	}

}
