package org.eventstream.model.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.eventstream.model.EventFixture;
import org.eventstream.model.event.ChannelType;
import org.eventstream.model.event.EpochTimestamp.EpochUnit;
import org.eventstream.model.event.Event;
import org.eventstream.model.event.Geo;
import org.eventstream.model.event.Param;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eventstream.model.EventFixture.list;
import static org.eventstream.model.EventFixture.map;
import static org.eventstream.model.EventFixture.numberParam;
import static org.eventstream.model.EventFixture.stringParam;

class EventReaderTest {

	private final EventReader reader = new EventReader(EventLimits.DEFAULTS);

	@Test
	void readsEveryFieldOfTheSeedExample() {
		Event event = valid(EventFixture.seedExample().with("id", "evt-1").with("sent_at", "2024-01-15T10:30:05Z"));

		assertThat(event.clientId()).contains("evt-1");
		assertThat(event.name()).isEqualTo("page_view");
		assertThat(event.channelType()).isEqualTo(ChannelType.WEB);
		assertThat(event.timestamp().orElseThrow().unit()).isEqualTo(EpochUnit.SECONDS);
		assertThat(event.timestamp().orElseThrow().value()).isEqualTo(1234567890L);
		assertThat(event.previousTimestamp().orElseThrow().value()).isEqualTo(1234567880L);
		assertThat(event.date()).contains(Instant.parse("2024-01-15T10:30:00Z"));
		assertThat(event.userId()).contains("user-123");
		assertThat(event.userPseudoId()).contains("pseudo-456");
		assertThat(event.eventParams()).containsExactly(Param.of("page_title", "Home Page"),
				Param.of("scroll_depth", 75.5), Param.of("is_logged_in", true));
		assertThat(event.userParams()).containsExactly(Param.of("subscription", "premium"));
		var device = event.device().orElseThrow();
		assertThat(List.of(device.category(), device.mobileBrandName(), device.mobileModelName(),
				device.operatingSystem(), device.operatingSystemVersion(), device.language(), device.browserName(),
				device.browserVersion(), device.hostname()))
			.allSatisfy(field -> assertThat(field).isPresent());
		assertThat(device.mobileModelName()).contains("iPhone 14");
		assertThat(event.appInfo().orElseThrow().version()).contains("2.1.0");
		var item = event.items().get(0);
		assertThat(item.id()).contains("SKU-001");
		assertThat(item.priceInUsd()).contains(29.99);
		assertThat(item.quantity()).contains(2L);
		assertThat(item.revenueInUsd()).contains(59.98);
		assertThat(event.sentAt()).contains(Instant.parse("2024-01-15T10:30:05Z"));
	}

	@Test
	void acceptsEveryChannelType() {
		for (ChannelType channel : ChannelType.values()) {
			assertThat(valid(EventFixture.pageView().with("channel_type", channel.wireName())).channelType())
				.isEqualTo(channel);
		}
	}

	@Test
	void rejectsEventWithoutNameOrChannel() {
		assertThat(violations(EventFixture.pageView().without("name").without("channel_type")))
			.containsExactly(new Violation("/name", "is required"), new Violation("/channel_type",
					"is required; allowed values: web, mobile, desktop, tv, console, other"));
	}

	@Test
	void namesTheAllowedChannelsForAnUnknownOne() {
		assertThat(violations(EventFixture.pageView().with("channel_type", "Web"))).containsExactly(
				new Violation("/channel_type", "must be one of: web, mobile, desktop, tv, console, other"));
	}

	@Test
	void reportsEveryProblemOfAnEventAtOnceWithPointers() {
		var event = EventFixture.pageView()
			.with("name", "")
			.with("timestamp", "yesterday")
			.with("user_id", 42)
			.withEventParams(stringParam("a", "x"), stringParam("b", "y"), map("key", "c", "number_value", "75"))
			.with("device", map("category", true))
			.with("items", list(map("price_in_usd", 1.0)));

		assertThat(violations(event)).extracting(Violation::pointer)
			.containsExactlyInAnyOrder("/name", "/timestamp", "/user_id", "/event_params/2/number_value",
					"/device/category", "/items/0/id");
		assertThat(violations(event)).contains(new Violation("/event_params/2/number_value", "must be a number"));
	}

	@Test
	void rejectsDuplicateParamKeyWithinOneList() {
		assertThat(violations(EventFixture.pageView().withEventParams(stringParam("a", "x"), numberParam("a", 1))))
			.containsExactly(new Violation("/event_params/1/key", "duplicate key 'a' in event_params"));
	}

	/** Long lists are checked through a set, short ones by comparison: both find it. */
	@Test
	void rejectsDuplicateParamKeysInLongListsAsInShortOnes() {
		List<Object> params = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			params.add(numberParam("k" + i, i));
		}
		params.add(stringParam("k3", "again"));
		params.add(stringParam("k11", "again"));
		assertThat(violations(EventFixture.pageView().with("event_params", params))).containsExactly(
				new Violation("/event_params/12/key", "duplicate key 'k3' in event_params"),
				new Violation("/event_params/13/key", "duplicate key 'k11' in event_params"));
	}

	@Test
	void allowsTheSameKeyInEventAndUserParams() {
		Event event = valid(EventFixture.pageView()
			.withEventParams(stringParam("plan", "x"))
			.with("user_params", list(stringParam("plan", "y"))));

		assertThat(event.userParams()).containsExactly(Param.of("plan", "y"));
	}

	@Test
	void requiresExactlyOneValuePerParam() {
		assertThat(violations(EventFixture.pageView()
			.withEventParams(map("key", "none"), map("key", "two", "string_value", "a", "boolean_value", true))))
			.extracting(Violation::pointer)
			.containsExactly("/event_params/0", "/event_params/1/boolean_value");
	}

	@Test
	void keepsAnEmptyStringValueButTreatsAnEmptyUserIdAsAbsent() {
		Event event = valid(EventFixture.pageView().with("user_id", "").withEventParams(stringParam("q", "")));

		assertThat(event.userId()).isEmpty();
		assertThat(event.eventParams()).containsExactly(Param.of("q", ""));
	}

	@Test
	void readsNullAsAbsent() {
		Event event = valid(EventFixture.pageView().with("device", null).with("timestamp", null));

		assertThat(event.device()).isEmpty();
		assertThat(event.timestamp()).isEmpty();
	}

	@Test
	void readsTheGa4GeoObjectAndTreatsAnEmptyOneAsAbsent() {
		Event event = valid(EventFixture.pageView()
			.with("geo", map("continent", "Europe", "country", "Germany", "region", "Berlin", "city", "Berlin")));

		assertThat(event.geo()).contains(
				new Geo(Optional.of("Europe"), Optional.of("Germany"), Optional.of("Berlin"), Optional.of("Berlin")));
		assertThat(valid(EventFixture.pageView().with("geo", map("country", "", "city", null))).geo()).isEmpty();
		assertThat(violations(
				EventFixture.pageView().with("geo", map("country", 49, "metro", "x", "city", "x".repeat(600)))))
			.extracting(Violation::pointer)
			.containsExactlyInAnyOrder("/geo/country", "/geo/metro", "/geo/city");
		assertThat(violations(EventFixture.pageView().with("geo", "Germany"))).extracting(Violation::pointer)
			.containsExactly("/geo");
	}

	@Test
	void rejectsUnknownFieldsAtEveryLevelAndEscapesTheirPointers() {
		assertThat(violations(EventFixture.pageView()
			.with("user-id", "u1")
			.with("a/b", 1)
			.with("device", map("os", "iOS"))
			.withEventParams(map("key", "k", "int_value", 1)))).extracting(Violation::pointer)
			.contains("/user-id", "/a~1b", "/device/os", "/event_params/0/int_value");
	}

	@Test
	void decidesTheTimestampUnitByMagnitude() {
		assertThat(timestampUnit(99_999_999_999L)).isEqualTo(EpochUnit.SECONDS);
		assertThat(timestampUnit(100_000_000_000L)).isEqualTo(EpochUnit.MILLISECONDS);
		assertThat(timestampUnit(1_705_314_600_000L)).isEqualTo(EpochUnit.MILLISECONDS);
		assertThat(timestampUnit(1_705_314_600_000_000L)).isEqualTo(EpochUnit.MICROSECONDS);
		assertThat(valid(EventFixture.pageView().with("timestamp", 1_705_314_600_123_456L)).clientTime())
			.contains(Instant.parse("2024-01-15T10:30:00.123456Z"));
	}

	@Test
	void rejectsTimestampsOutsideEveryRangeAndWithFractions() {
		assertThat(violations(EventFixture.pageView().with("timestamp", -1))).extracting(Violation::pointer)
			.containsExactly("/timestamp");
		assertThat(violations(EventFixture.pageView().with("timestamp", 100_000_000_000_000_000L)))
			.extracting(Violation::pointer)
			.containsExactly("/timestamp");
		assertThat(violations(EventFixture.pageView().with("previous_timestamp", 1.5))).containsExactly(
				new Violation("/previous_timestamp", "must be an integer, without a fraction or exponent"));
		assertThat(violations(EventFixture.pageView().with("timestamp", new BigInteger("99999999999999999999"))))
			.extracting(Violation::message)
			.containsExactly("is out of range (must fit a signed 64-bit integer)");
	}

	@Test
	void requiresRfc3339DatesWithAnOffset() {
		assertThat(valid(EventFixture.pageView().with("date", "2024-01-15T12:30:00+02:00")).date())
			.contains(Instant.parse("2024-01-15T10:30:00Z"));
		assertThat(violations(EventFixture.pageView().with("date", "2024-01-15 10:30:00")))
			.extracting(Violation::pointer)
			.containsExactly("/date");
	}

	@Test
	void readsSentAtAsEpochOrRfc3339() {
		assertThat(valid(EventFixture.pageView().with("sent_at", 1_705_314_600_000L)).sentAt())
			.contains(Instant.parse("2024-01-15T10:30:00Z"));
		assertThat(valid(EventFixture.pageView().with("sent_at", "2024-01-15T10:30:00Z")).sentAt())
			.contains(Instant.parse("2024-01-15T10:30:00Z"));
	}

	@Test
	void rejectsNumbersThatAreNotFinite() {
		assertThat(violations(
				EventFixture.pageView().withEventParams(map("key", "k", "number_value", new BigDecimal("1e400")))))
			.extracting(Violation::pointer)
			.containsExactly("/event_params/0/number_value");
	}

	@Test
	void enforcesEveryLimit() {
		var limits = EventLimits.DEFAULTS;
		assertThat(violations(EventFixture.pageView().with("name", "n".repeat(limits.maxNameLength() + 1))))
			.containsExactly(new Violation("/name", "must be at most 100 characters (was 101)"));
		assertThat(valid(EventFixture.pageView().with("name", "n".repeat(limits.maxNameLength()))).name()).hasSize(100);
		assertThat(violations(EventFixture.pageView().withUser("u".repeat(limits.maxUserIdLength() + 1))))
			.extracting(Violation::pointer)
			.containsExactly("/user_id");
		assertThat(violations(EventFixture.pageView().with("event_params", params(limits.maxParams() + 1))))
			.containsExactly(new Violation("/event_params", "must have at most 100 entries (had 101)"));
		assertThat(valid(EventFixture.pageView().with("event_params", params(limits.maxParams()))).eventParams())
			.hasSize(100);
		assertThat(violations(
				EventFixture.pageView().withEventParams(stringParam("k".repeat(limits.maxParamKeyLength() + 1), "v"))))
			.extracting(Violation::pointer)
			.containsExactly("/event_params/0/key");
		assertThat(violations(EventFixture.pageView()
			.withEventParams(stringParam("k", "v".repeat(limits.maxStringValueLength() + 1)))))
			.extracting(Violation::pointer)
			.containsExactly("/event_params/0/string_value");
		assertThat(violations(
				EventFixture.pageView().with("device", map("hostname", "h".repeat(limits.maxFieldLength() + 1)))))
			.extracting(Violation::pointer)
			.containsExactly("/device/hostname");
		assertThat(violations(
				EventFixture.pageView().with("items", Collections.nCopies(limits.maxItems() + 1, map("id", "sku")))))
			.extracting(Violation::pointer)
			.containsExactly("/items");
	}

	@Test
	void enforcesTheNameAndKeyPattern() {
		assertThat(violations(EventFixture.pageView().with("name", "1st visit"))).containsExactly(
				new Violation("/name", "must start with a letter and contain only letters, digits and underscores"));
		assertThat(violations(EventFixture.pageView().withEventParams(stringParam("page-title", "x"))))
			.extracting(Violation::pointer)
			.containsExactly("/event_params/0/key");
	}

	@Test
	void validatesTheClientId() {
		assertThat(valid(EventFixture.pageView().with("id", "550e8400-e29b-41d4-a716-446655440000")).clientId())
			.contains("550e8400-e29b-41d4-a716-446655440000");
		assertThat(violations(EventFixture.pageView().with("id", "has space"))).extracting(Violation::pointer)
			.containsExactly("/id");
		assertThat(violations(EventFixture.pageView().with("id", "x".repeat(65)))).extracting(Violation::pointer)
			.containsExactly("/id");
	}

	@Test
	void rejectsAnEventThatIsNotAnObject() {
		assertThat(reader.read(List.of(1, 2)))
			.isEqualTo(new ValidationResult.Invalid(List.of(new Violation("", "must be a JSON object"))));
		assertThat(reader.read(null)).isInstanceOf(ValidationResult.Invalid.class);
	}

	@Test
	void takesTheUserIdAsTheUserAndThePseudoIdOtherwise() {
		assertThat(valid(EventFixture.pageView().with("user_pseudo_id", "p1")).userKey()).contains("user-123");
		assertThat(valid(EventFixture.pageView().without("user_id").with("user_pseudo_id", "p1")).userKey())
			.contains("p1");
		assertThat(valid(EventFixture.pageView().with("user_id", "").with("user_pseudo_id", "p1")).userKey())
			.contains("p1");
		assertThat(valid(EventFixture.pageView().without("user_id")).userKey()).isEmpty();
	}

	private static List<Object> params(int count) {
		List<Object> params = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			params.add(stringParam("k" + i, "v"));
		}
		return params;
	}

	private EpochUnit timestampUnit(long value) {
		return valid(EventFixture.pageView().with("timestamp", value)).timestamp().orElseThrow().unit();
	}

	private Event valid(EventFixture fixture) {
		ValidationResult result = reader.read(fixture.json());
		assertThat(result).isInstanceOf(ValidationResult.Valid.class);
		return ((ValidationResult.Valid) result).event();
	}

	private List<Violation> violations(EventFixture fixture) {
		ValidationResult result = reader.read(fixture.json());
		assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
		return ((ValidationResult.Invalid) result).violations();
	}

}
