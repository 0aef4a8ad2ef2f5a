package org.eventstream.writer.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eventstream.model.EventFixture;
import org.eventstream.writer.WriterFixtures;
import org.eventstream.writer.application.port.in.ConsumedEvent;
import org.eventstream.writer.application.port.in.EventBatch;
import org.eventstream.writer.application.port.in.PoisonRecord;
import org.eventstream.writer.application.port.in.SourcePosition;
import org.eventstream.writer.application.port.in.StoreResult;
import org.eventstream.writer.application.port.out.DeadLetterPort;
import org.eventstream.writer.application.port.out.DeadLetterUnavailableException;
import org.eventstream.writer.application.port.out.FindStoredEventIdsPort;
import org.eventstream.writer.application.port.out.InsertEventsPort;
import org.eventstream.writer.application.port.out.RegisterUsersPort;
import org.eventstream.writer.application.port.out.UserDeletionsPort.Deletions;
import org.eventstream.writer.application.port.out.WritesHeldException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventstream.writer.WriterFixtures.consumed;

class StoreEventsServiceTest {

	/**
	 * An in-memory store: what was inserted is what is found. It also notes which users
	 * were registered and whether each insert's users were registered before it.
	 */
	static final class InMemoryStore implements FindStoredEventIdsPort, InsertEventsPort, RegisterUsersPort {

		final List<ConsumedEvent> rows = new ArrayList<>();

		final List<String> tokens = new ArrayList<>();

		final List<String> registered = new ArrayList<>();

		final List<String> insertedBeforeTheirUsers = new ArrayList<>();

		@Override
		public void register(Collection<String> userKeys) {
			registered.addAll(userKeys);
		}

		@Override
		public Set<String> findStored(Collection<String> ids) {
			Set<String> found = new HashSet<>();
			rows.stream().map(ConsumedEvent::id).filter(ids::contains).forEach(found::add);
			return found;
		}

		@Override
		public void insert(List<ConsumedEvent> events, String deduplicationToken) {
			events.stream()
				.filter(event -> !registered.contains(event.userKey()))
				.forEach(event -> insertedBeforeTheirUsers.add(event.id()));
			rows.addAll(events);
			tokens.add(deduplicationToken);
		}

	}

	static final class ParkingLot implements DeadLetterPort {

		final List<PoisonRecord> parked = new ArrayList<>();

		boolean down;

		@Override
		public void deadLetter(List<PoisonRecord> records) {
			if (down) {
				throw new DeadLetterUnavailableException("down", null);
			}
			parked.addAll(records);
		}

	}

	private final InMemoryStore store = new InMemoryStore();

	private final ParkingLot parkingLot = new ParkingLot();

	private static final Duration WINDOW = Duration.ofDays(30);

	private Deletions deletions = Deletions.NONE;

	private final StoreEventsService service = new StoreEventsService(store, store, store, parkingLot, () -> deletions,
			WINDOW);

	@Test
	void storesEveryNewEvent() {
		StoreResult result = service.store(batch(consumed("a", 0, 0), consumed("b", 0, 1)));

		assertThat(result).isEqualTo(new StoreResult(2, 0, 0, 0));
		assertThat(store.rows).extracting(ConsumedEvent::id).containsExactly("a", "b");
	}

	@Test
	void withDeduplicationOffEveryRecordIsStoredAgainAndWithoutAToken() {
		StoreEventsService careless = new StoreEventsService(store, store, store, parkingLot, () -> deletions, WINDOW,
				false);
		careless.store(batch(consumed("a", 0, 0), consumed("a", 0, 1)));
		StoreResult replay = careless.store(batch(consumed("a", 0, 0)));

		assertThat(replay).isEqualTo(new StoreResult(1, 0, 0, 0));
		assertThat(store.rows).extracting(ConsumedEvent::id).containsExactly("a", "a", "a");
		assertThat(store.tokens).containsOnlyNulls();
	}

	@Test
	void theFirstRecordOfAnIdInTheLogWinsWithinABatch() {
		StoreResult result = service.store(batch(consumed("a", 0, 4), consumed("a", 0, 9)));

		assertThat(result).isEqualTo(new StoreResult(1, 1, 0, 0));
		assertThat(store.rows).singleElement().extracting(event -> event.position().offset()).isEqualTo(4L);
	}

	@Test
	void aReplayedBatchIsCountedOnce() {
		EventBatch batch = batch(consumed("a", 0, 0), consumed("b", 0, 1));
		service.store(batch);

		StoreResult replay = service.store(batch);

		assertThat(replay).isEqualTo(new StoreResult(0, 2, 0, 0));
		assertThat(store.rows).hasSize(2);
		assertThat(store.tokens).hasSize(1);
	}

	@Test
	void aResentIdDaysLaterIsNotStoredAgain() {
		service.store(batch(consumed("a", 0, 0)));

		StoreResult later = service.store(batch(consumed("a", 0, 5_000_000), consumed("c", 0, 5_000_001)));

		assertThat(later).isEqualTo(new StoreResult(1, 1, 0, 0));
		assertThat(store.rows).extracting(ConsumedEvent::id).containsExactly("a", "c");
	}

	@Test
	void parksPoisonAndStoresItsNeighbours() {
		PoisonRecord poison = new PoisonRecord(new SourcePosition(0, 1), null, "garbage".getBytes(), "not JSON");

		StoreResult result = service
			.store(new EventBatch(List.of(consumed("a", 0, 0), consumed("c", 0, 2)), List.of(poison)));

		assertThat(result).isEqualTo(new StoreResult(2, 0, 1, 0));
		assertThat(parkingLot.parked).containsExactly(poison);
	}

	@Test
	void storesNothingWhenPoisonCannotBeParked() {
		parkingLot.down = true;
		PoisonRecord poison = new PoisonRecord(new SourcePosition(0, 1), null, new byte[0], "empty");

		assertThatThrownBy(() -> service.store(new EventBatch(List.of(consumed("a", 0, 0)), List.of(poison))))
			.isInstanceOf(DeadLetterUnavailableException.class);
		assertThat(store.rows).isEmpty();
	}

	@Test
	void registersTheUsersOfNewEventsOnceEachBeforeStoringThem() {
		service.store(batch(consumed("a", EventFixture.pageView().withUser("u1"), 0, 0),
				consumed("b", EventFixture.pageView().withUser("u1"), 0, 1),
				consumed("c", EventFixture.pageView().without("user_id").with("user_pseudo_id", "p2"), 0, 2),
				consumed("d", EventFixture.pageView().without("user_id"), 0, 3)));

		service.store(batch(consumed("a", EventFixture.pageView().withUser("u1"), 0, 0),
				consumed("e", EventFixture.pageView().withUser("u3"), 0, 4)));

		assertThat(store.registered).containsExactly("u1", "p2", "u3");
		assertThat(store.insertedBeforeTheirUsers).containsExactly("d");
	}

	@Test
	void withDeduplicationOffUsersAreStillRegistered() {
		new StoreEventsService(store, store, store, parkingLot, () -> deletions, WINDOW, false)
			.store(batch(consumed("a", EventFixture.pageView().withUser("u1"), 0, 0)));

		assertThat(store.registered).containsExactly("u1");
		assertThat(store.insertedBeforeTheirUsers).isEmpty();
	}

	@Test
	void eventsOfADeletedUserAreNotStoredByUserIdOrPseudoIdUntilTheWindowEnds() {
		Instant deletedAt = WriterFixtures.RECEIVED.plus(Duration.ofDays(1));
		deletions = new Deletions(Map.of("gone", deletedAt), Optional.empty());

		StoreResult result = service.store(batch(consumed("by-id", EventFixture.pageView().withUser("gone"), 0, 0),
				consumed("by-pseudo", EventFixture.pageView().withUser("u1").with("user_pseudo_id", "gone"), 0, 1),
				consumed("someone-else", EventFixture.pageView().withUser("u2"), 0, 2), consumed("after-the-window",
						EventFixture.pageView().withUser("gone"), deletedAt.plus(WINDOW).plusSeconds(1), 0, 3)));

		assertThat(result).isEqualTo(new StoreResult(2, 0, 0, 2));
		assertThat(store.rows).extracting(ConsumedEvent::id).containsExactly("someone-else", "after-the-window");
		assertThat(store.registered).doesNotContain("u1");
	}

	@Test
	void whileADeletionRebuildsNothingIsStoredAndTheBatchIsRetried() {
		deletions = new Deletions(Map.of("gone", WriterFixtures.RECEIVED), Optional.of("d-1"));

		assertThatThrownBy(() -> service.store(batch(consumed("a", 0, 0)))).isInstanceOf(WritesHeldException.class)
			.hasMessageContaining("d-1");
		assertThat(store.rows).isEmpty();

		deletions = new Deletions(Map.of("gone", WriterFixtures.RECEIVED), Optional.empty());
		assertThat(service.store(batch(consumed("a", 0, 0)))).isEqualTo(new StoreResult(1, 0, 0, 0));
	}

	@Test
	void theDeduplicationTokenDependsOnExactlyWhatIsInserted() {
		List<ConsumedEvent> events = List.of(consumed("a", 0, 0), consumed("b", 0, 1));

		assertThat(StoreEventsService.deduplicationToken(events))
			.isEqualTo(StoreEventsService.deduplicationToken(List.copyOf(events)))
			.isNotEqualTo(StoreEventsService.deduplicationToken(events.subList(0, 1)))
			.isNotEqualTo(StoreEventsService.deduplicationToken(List.of(consumed("a", 0, 0), consumed("b", 1, 1))));
	}

	private static EventBatch batch(ConsumedEvent... events) {
		return new EventBatch(List.of(events), List.of());
	}

}
